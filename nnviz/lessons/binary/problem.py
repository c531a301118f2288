"""The binary lesson's data, put together from its controls: what the network gets as inputs.

Two kinds of problem:
- generated points on a plane (nnviz.data.two_class) turned into the chosen engineered
  features (nnviz.data.features), so the boundary can be drawn over the plane;
- the breast-cancer table with a chosen subset of its 30 measurements.

    problem = generated_problem("circles", n=300, noise=0.1, seed=0, features=["x1²", "x2²"])
    problem.X          # (n, features) the network's inputs (before normalization)
    problem.points     # (n, 2) where each example sits on the plane (None for tables)
    problem.inputs_at(plane.points())   # the same features anywhere on the plane

No torch, no streamlit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from nnviz.core.prep import RowSplit, split_rows
from nnviz.data.features import breast_cancer, feature_matrix
from nnviz.data.two_class import make_two_class


@dataclass(frozen=True)
class BinaryProblem:
    X: np.ndarray
    y: np.ndarray
    input_names: tuple[str, ...]
    class_names: tuple[str, str]
    title: str
    points: np.ndarray | None = None  # plane coordinates, for generated data only
    x1_scale: float = 1.0

    @property
    def planar(self) -> bool:
        return self.points is not None

    @property
    def n_inputs(self) -> int:
        return self.X.shape[1]

    def inputs_at(self, coordinates: np.ndarray) -> np.ndarray:
        """The network's inputs (before normalization) at plane coordinates (m, 2)."""
        if not self.planar:
            raise ValueError("Only generated 2-D data lives on a plane.")
        return feature_matrix(coordinates, list(self.input_names))


def generated_problem(shape: str, n: int, noise: float, seed: int, features: Sequence[str],
                      x1_scale: float = 1.0) -> BinaryProblem:
    """Generated points; x1 is multiplied by `x1_scale` first (as if measured in other units),
    then the chosen features are computed from the (scaled) coordinates."""
    if not (np.isfinite(x1_scale) and x1_scale > 0):
        raise ValueError("The x1 scale must be a positive number.")
    data = make_two_class(shape, n=n, noise=noise, seed=seed)
    points = data.X * np.array([float(x1_scale), 1.0])
    names = tuple(features)
    return BinaryProblem(feature_matrix(points, names), data.y, names, data.class_names,
                         shape, points, float(x1_scale))


def cancer_problem(columns: Sequence[int]) -> BinaryProblem:
    """The breast-cancer table restricted to `columns` (indices into its 30 measurements)."""
    data = breast_cancer()
    columns = [int(c) for c in columns]
    if not columns:
        raise ValueError("Choose at least one measurement for the network to look at.")
    if min(columns) < 0 or max(columns) >= data.X.shape[1]:
        raise ValueError(f"Measurements are numbered 0 to {data.X.shape[1] - 1}.")
    return BinaryProblem(data.X[:, columns], data.y,
                         tuple(data.feature_names[c] for c in columns), data.class_names,
                         "breast cancer")


def split_problem(problem: BinaryProblem, val_fraction: float, normalization: str,
                  seed: int) -> RowSplit:
    """The problem's rows split and normalized (nnviz.core.prep.split_rows)."""
    return split_rows(problem.X, problem.y, val_fraction, normalization, seed)


def network_inputs(problem: BinaryProblem, split: RowSplit,
                   coordinates: np.ndarray) -> np.ndarray:
    """Points of the plane -> the normalized inputs the network takes there."""
    return split.normalizer.transform(problem.inputs_at(coordinates))
