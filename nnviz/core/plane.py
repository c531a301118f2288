"""A grid over a 2-D input plane, and a model's answer at every grid cell.

Used to draw decision boundaries (binary: one probability per cell; multi-class: one
probability per class per cell) and "what a feature / neuron sees" pictures.

    plane = plane_around(X)                      # X: (n, 2) points; padded bounding box
    values = evaluate(plane, predict)            # predict: (m, 2) array -> (m,) or (m, k)
    cells = plane.cells()                        # DataFrame x, y, x_end, y_end (one row a cell)

Cells are ordered row by row: x varies fastest, then y, so `values.reshape(plane.shape)` gives an
image with rows along y. This module is numpy only (no torch, no streamlit): `predict` can be a
torch model wrapped by the caller, a scikit-learn estimator's predict_proba, or any function.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Plane:
    """Cell centres along each axis. `xs` and `ys` are increasing and evenly spaced."""

    xs: np.ndarray
    ys: np.ndarray

    @property
    def shape(self) -> tuple[int, int]:
        """(rows, columns) = (len(ys), len(xs)), the image shape of reshaped values."""
        return (len(self.ys), len(self.xs))

    @property
    def size(self) -> int:
        return len(self.xs) * len(self.ys)

    @property
    def step(self) -> tuple[float, float]:
        """Width and height of one cell."""
        return (_spacing(self.xs), _spacing(self.ys))

    @property
    def x_range(self) -> tuple[float, float]:
        """The outer edges of the grid along x (first cell's left edge, last cell's right)."""
        half = self.step[0] / 2
        return (float(self.xs[0] - half), float(self.xs[-1] + half))

    @property
    def y_range(self) -> tuple[float, float]:
        half = self.step[1] / 2
        return (float(self.ys[0] - half), float(self.ys[-1] + half))

    def points(self) -> np.ndarray:
        """Every cell centre as an (size, 2) float array, x varying fastest."""
        gx, gy = np.meshgrid(self.xs, self.ys)
        return np.column_stack([gx.ravel(), gy.ravel()]).astype(float)

    def cells(self) -> pd.DataFrame:
        """One row per cell: centre x, y and the rectangle x..x_end, y..y_end it covers.

        The rectangle columns are what an Altair `mark_rect` needs (x, x2, y, y2).
        """
        centres = self.points()
        dx, dy = self.step
        return pd.DataFrame({
            "cx": centres[:, 0],
            "cy": centres[:, 1],
            "x": centres[:, 0] - dx / 2,
            "x_end": centres[:, 0] + dx / 2,
            "y": centres[:, 1] - dy / 2,
            "y_end": centres[:, 1] + dy / 2,
        })


def _spacing(axis: np.ndarray) -> float:
    return float(axis[1] - axis[0]) if len(axis) > 1 else 1.0


def grid_plane(x_range: tuple[float, float], y_range: tuple[float, float],
               resolution: int = 50) -> Plane:
    """`resolution` cells along each axis whose outer edges span the two ranges exactly."""
    n = int(resolution)
    if n < 2:
        raise ValueError("A plane needs at least 2 cells along each axis.")
    return Plane(_centres(x_range, n), _centres(y_range, n))


def _centres(bounds: tuple[float, float], n: int) -> np.ndarray:
    lo, hi = float(bounds[0]), float(bounds[1])
    if not (np.isfinite(lo) and np.isfinite(hi)) or hi <= lo:
        raise ValueError(f"A plane axis needs finite bounds with low < high, got {bounds}.")
    width = (hi - lo) / n
    return lo + width * (np.arange(n) + 0.5)


def plane_around(X: np.ndarray, resolution: int = 50, margin: float = 0.1) -> Plane:
    """A square-celled grid covering the points' bounding box, padded by `margin` of its size.

    A flat axis (every point has the same value) is widened to one unit so the grid exists.
    """
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] != 2 or len(X) == 0:
        raise ValueError("plane_around needs an (n, 2) array with at least one point.")
    if not np.isfinite(X).all():
        raise ValueError("plane_around needs finite coordinates.")
    bounds = []
    for column in X.T:
        lo, hi = float(column.min()), float(column.max())
        span = hi - lo if hi > lo else 1.0
        centre = (hi + lo) / 2
        half = span * (0.5 + margin)
        bounds.append((centre - half, centre + half))
    return grid_plane(bounds[0], bounds[1], resolution)


def evaluate(plane: Plane, predict: Callable[[np.ndarray], np.ndarray],
             batch_size: int = 4096) -> np.ndarray:
    """`predict` at every cell centre, in `plane.points()` order.

    `predict` takes an (m, 2) float array and returns (m,) or (m, k) values; the result is
    (size,) or (size, k). Evaluated in batches so a big grid never builds one huge tensor.
    """
    points = plane.points()
    parts = []
    for start in range(0, len(points), int(batch_size)):
        out = np.asarray(predict(points[start:start + int(batch_size)]), dtype=float)
        if out.shape[0] != min(int(batch_size), len(points) - start):
            raise ValueError("predict returned a different number of rows than it was given.")
        parts.append(out)
    values = np.concatenate(parts, axis=0)
    if values.ndim == 2 and values.shape[1] == 1:
        values = values[:, 0]
    return values


def as_image(plane: Plane, values: np.ndarray) -> np.ndarray:
    """Values in cell order as an image: (rows, columns) or (rows, columns, k)."""
    values = np.asarray(values)
    return values.reshape(plane.shape + values.shape[1:])


def edge_segments(plane: Plane, labels: np.ndarray) -> pd.DataFrame:
    """The cell edges that separate two different labels: the boundary as line segments.

    `labels` holds one label per cell in plane order (e.g. `proba >= 0.5`, or the argmax class).
    Returns columns x, y, x_end, y_end (one row per unit edge), ready for a `mark_rule`.
    """
    image = as_image(plane, np.asarray(labels))
    if image.ndim != 2:
        raise ValueError("edge_segments needs one label per cell.")
    dx, dy = plane.step
    rows, cols = np.nonzero(image[:, 1:] != image[:, :-1])  # left/right neighbours differ
    vertical = pd.DataFrame({
        "x": plane.xs[cols] + dx / 2, "y": plane.ys[rows] - dy / 2,
        "x_end": plane.xs[cols] + dx / 2, "y_end": plane.ys[rows] + dy / 2,
    })
    rows, cols = np.nonzero(image[1:, :] != image[:-1, :])  # lower/upper neighbours differ
    horizontal = pd.DataFrame({
        "x": plane.xs[cols] - dx / 2, "y": plane.ys[rows] + dy / 2,
        "x_end": plane.xs[cols] + dx / 2, "y_end": plane.ys[rows] + dy / 2,
    })
    return pd.concat([vertical, horizontal], ignore_index=True).astype(float)
