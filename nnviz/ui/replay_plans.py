"""What each kind of lesson replays: where the worker records the network's answers, and how
the recorded answers (nnviz.jobs.work.ChunkResult's frames) become the replay's picture."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from nnviz.charts.palette import class_colors
from nnviz.core.plane import Plane
from nnviz.ui.replay import Frames

# Replayed maps use a coarse grid that the browser smooths, so a run's frames stay small.
REPLAY_RESOLUTION = 32


@dataclass(frozen=True, eq=False)
class ReplayPlan:
    """`probe`: the rows of inputs the worker records the network's answers at;
    `picture(epochs, recorded)` turns what it recorded into the replay's Frames;
    `history(trainer_history)` the curves it draws beside (e.g. converted to the target's
    units)."""

    probe: np.ndarray
    picture: Callable[[np.ndarray, np.ndarray], Frames]
    history: Callable[[pd.DataFrame], pd.DataFrame] = lambda history: history
    height: int = 360


def dots(xy: np.ndarray, labels: np.ndarray, is_val: np.ndarray) -> pd.DataFrame:
    """The examples drawn over a map: solid for training rows, open for validation."""
    return pd.DataFrame({"x": xy[:, 0], "y": xy[:, 1], "label": np.asarray(labels).astype(int),
                         "part": np.where(is_val, "val", "train")})


def boundary_plan(plane: Plane, inputs_at: Callable[[np.ndarray], np.ndarray],
                  points: pd.DataFrame) -> ReplayPlan:
    """Two classes: the chance of the second class over the plane. `inputs_at(coordinates)`
    gives the network's inputs at points of the plane (features, normalization)."""

    def picture(epochs: np.ndarray, recorded: np.ndarray) -> Frames:
        return Frames.probability(epochs, recorded.reshape(len(epochs), *plane.shape),
                                  x_range=plane.x_range, y_range=plane.y_range, points=points,
                                  colors=tuple(class_colors(2)))  # as the page's pictures

    return ReplayPlan(inputs_at(plane.points()), picture)


def regions_plan(plane: Plane, inputs_at: Callable[[np.ndarray], np.ndarray],
                 points: pd.DataFrame, n_classes: int) -> ReplayPlan:
    """Several classes: each cell in the colour of the class the network answers there, paler
    where it is less sure (its chance for that class)."""

    def picture(epochs: np.ndarray, recorded: np.ndarray) -> Frames:
        shares = recorded.reshape(len(epochs), *plane.shape, n_classes)
        return Frames.classes(epochs, shares.argmax(axis=-1).astype(np.uint8),
                              shares.max(axis=-1), x_range=plane.x_range,
                              y_range=plane.y_range, points=points, n_classes=n_classes,
                              colors=tuple(class_colors(n_classes)))

    return ReplayPlan(inputs_at(plane.points()), picture)


def scatter_plan(rows: np.ndarray, actual: np.ndarray,
                 to_units: Callable[[np.ndarray], np.ndarray],
                 history: Callable[[pd.DataFrame], pd.DataFrame]) -> ReplayPlan:
    """Regression: the network's prediction for each of `rows` against its actual value, in
    the target's units (`to_units` undoes the target's scaling; `history` converts the curves
    the same way)."""

    def picture(epochs: np.ndarray, recorded: np.ndarray) -> Frames:
        return Frames.scatter(epochs, actual, to_units(recorded))

    return ReplayPlan(rows, picture, history)
