"""Loss surfaces to walk down: a few classic shapes and the house-price network's real one.

A surface is a loss over two weights, with its slope (the gradient) written out by hand. The
formulas use only + - * and powers, so the same code runs on numpy arrays (a whole grid at once)
and on torch tensors (the tests check the hand-written slopes against torch.autograd).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from nnviz.lessons import house


@dataclass(frozen=True)
class Surface:
    key: str
    name: str
    notice: str  # what to look for on this surface, in a sentence or two
    height: Callable  # (x, y) -> loss, elementwise
    slope: Callable  # (x, y) -> (d loss / dx, d loss / dy), elementwise
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    start: tuple[float, float]
    lowest: tuple[float, float]  # where the global minimum is
    # A learning rate that makes a good first impression, for each optimizer.
    learning_rates: dict[str, float] = field(default_factory=dict)
    x_label: str = "weight 1"
    y_label: str = "weight 2"
    # For bowl-shaped (quadratic) surfaces: plain gradient descent blows up above this rate.
    stable_lr: float | None = None

    def loss(self, w) -> float:
        return float(self.height(float(w[0]), float(w[1])))

    def gradient(self, w) -> np.ndarray:
        gx, gy = self.slope(float(w[0]), float(w[1]))
        return np.array([gx, gy], dtype=float)

    @property
    def lowest_loss(self) -> float:
        return self.loss(self.lowest)

    def contains(self, w) -> bool:
        return (self.x_range[0] <= w[0] <= self.x_range[1]
                and self.y_range[0] <= w[1] <= self.y_range[1])


@dataclass(frozen=True)
class Grid:
    xs: np.ndarray  # (nx,)
    ys: np.ndarray  # (ny,)
    loss: np.ndarray  # (ny, nx): loss[j, i] is the loss at (xs[i], ys[j])


def grid(surface: Surface, nx: int = 60, ny: int = 60) -> Grid:
    """The loss at every point of an nx by ny grid over the surface's box, in one numpy call."""
    xs = np.linspace(*surface.x_range, nx)
    ys = np.linspace(*surface.y_range, ny)
    gx, gy = np.meshgrid(xs, ys)
    return Grid(xs, ys, np.asarray(surface.height(gx, gy), dtype=float))


def grid_by_loop(surface: Surface, nx: int = 60, ny: int = 60) -> Grid:
    """The same grid one point at a time: the slow peer the benchmark compares against."""
    xs = np.linspace(*surface.x_range, nx)
    ys = np.linspace(*surface.y_range, ny)
    loss = np.empty((ny, nx))
    for j, y in enumerate(ys):
        for i, x in enumerate(xs):
            loss[j, i] = surface.height(float(x), float(y))
    return Grid(xs, ys, loss)


# ---- classic shapes --------------------------------------------------------------------------

def _bowl() -> Surface:
    return Surface(
        key="bowl", name="Round bowl",
        notice="Every direction is equally steep, so the slope points straight at the bottom "
               "and the walk heads there without detours.",
        height=lambda x, y: x**2 + y**2,
        slope=lambda x, y: (2 * x, 2 * y),
        x_range=(-3.0, 3.0), y_range=(-3.0, 3.0), start=(-2.5, 2.0), lowest=(0.0, 0.0),
        learning_rates={"sgd": 0.1, "momentum": 0.05, "adam": 0.2}, stable_lr=1.0,
    )


def _ravine() -> Surface:
    return Surface(
        key="ravine", name="Long ravine",
        notice="Steep walls, an almost flat floor. A learning rate small enough for the walls "
               "crawls along the floor; a bigger one bounces from wall to wall.",
        height=lambda x, y: 0.1 * x**2 + 4 * y**2,
        slope=lambda x, y: (0.2 * x, 8 * y),
        x_range=(-5.0, 5.0), y_range=(-2.0, 2.0), start=(-4.5, 1.5), lowest=(0.0, 0.0),
        learning_rates={"sgd": 0.1, "momentum": 0.05, "adam": 0.2}, stable_lr=0.25,
    )


def _saddle() -> Surface:
    # Downhill along x, uphill then downhill along y: the middle is a flat mountain pass.
    return Surface(
        key="saddle", name="Saddle",
        notice="At the pass in the middle the ground is flat in every direction, so the walk "
               "slows to a crawl there before it finds a way down on one side.",
        height=lambda x, y: x**2 - y**2 + 0.25 * y**4,
        slope=lambda x, y: (2 * x, -2 * y + y**3),
        x_range=(-2.0, 2.0), y_range=(-2.5, 2.5), start=(-1.8, 0.02),
        lowest=(0.0, float(np.sqrt(2.0))),
        learning_rates={"sgd": 0.1, "momentum": 0.05, "adam": 0.1},
    )


_TILT = 0.25  # tips the two valleys so one is deeper than the other


def _two_valleys() -> Surface:
    # (x^2 - 1)^2 has two equal valleys at x = -1 and x = +1; the tilt makes the left one deeper.
    # The deeper valley's floor solves 4x^3 - 4x + tilt = 0; take its leftmost real root.
    roots = np.roots([4.0, 0.0, -4.0, _TILT])
    deepest = float(min(r.real for r in roots if abs(r.imag) < 1e-12))
    return Surface(
        key="two_valleys", name="Two valleys",
        notice="The right valley is a trap: it is a low point, just not the lowest. A walk "
               "that starts on the right settles there unless momentum carries it over the ridge.",
        height=lambda x, y: (x**2 - 1) ** 2 + _TILT * x + y**2,
        slope=lambda x, y: (4 * x * (x**2 - 1) + _TILT, 2 * y),
        x_range=(-2.0, 2.0), y_range=(-2.0, 2.0), start=(1.9, 1.6), lowest=(deepest, 0.0),
        learning_rates={"sgd": 0.05, "momentum": 0.02, "adam": 0.1},
    )


def _banana() -> Surface:
    # Rosenbrock's function: a curved, flat-bottomed valley, a classic test for optimizers.
    return Surface(
        key="banana", name="Banana valley",
        notice="Finding the curved valley is quick; following its flat, bending floor to the "
               "lowest point at (1, 1) is the slow part.",
        height=lambda x, y: (1 - x) ** 2 + 100 * (y - x**2) ** 2,
        slope=lambda x, y: (-2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2)),
        x_range=(-2.0, 2.0), y_range=(-1.0, 3.0), start=(-1.5, 2.5), lowest=(1.0, 1.0),
        learning_rates={"sgd": 0.001, "momentum": 0.0005, "adam": 0.05},
    )


CLASSIC = {s.key: s for s in (_bowl(), _ravine(), _saddle(), _two_valleys(), _banana())}


# ---- the house-price network's loss ---------------------------------------------------------

# Prices and weights are in thousands of dollars so the numbers on screen stay short.
THOUSAND = 1000.0
EXTRA_HOUSES = 27
HOUSE_SEED = 7


@dataclass(frozen=True)
class LeastSquares:
    """Mean squared error of price ~ inputs @ w (no bias), written as w'Aw - 2b'w + c.

    That expansion makes the loss of a whole grid of weights two multiplications, and its
    curvature (the Hessian, 2A) exact.
    """

    inputs: np.ndarray  # (n, 2)
    target: np.ndarray  # (n,)

    @cached_property
    def a(self) -> np.ndarray:
        return self.inputs.T @ self.inputs / len(self.target)

    @cached_property
    def b(self) -> np.ndarray:
        return self.inputs.T @ self.target / len(self.target)

    @cached_property
    def c(self) -> float:
        return float(self.target @ self.target / len(self.target))

    def height(self, x, y):
        a, b = self.a, self.b
        return (a[0, 0] * x**2 + 2 * a[0, 1] * x * y + a[1, 1] * y**2
                - 2 * (b[0] * x + b[1] * y) + self.c)

    def slope(self, x, y):
        a, b = self.a, self.b
        return (2 * (a[0, 0] * x + a[0, 1] * y - b[0]), 2 * (a[0, 1] * x + a[1, 1] * y - b[1]))

    def best(self) -> np.ndarray:
        return np.linalg.solve(self.a, self.b)

    def curvatures(self) -> np.ndarray:
        """How steeply the loss bends along its flattest and steepest directions."""
        return np.linalg.eigvalsh(2 * self.a)

    def largest_stable_learning_rate(self) -> float:
        """Plain gradient descent on a bowl like this blows up above 2 / steepest curvature."""
        return float(2.0 / self.curvatures()[-1])


def house_rows(extra: int = EXTRA_HOUSES, seed: int = HOUSE_SEED) -> np.ndarray:
    """The talk's three houses followed by `extra` made-up ones, as (rooms, age, price $k) rows.

    All three of the talk's houses have 4 rooms, so on their own the rooms column has no spread
    and cannot be normalized. The made-up houses (seeded, so every visitor sees the same) have
    2 to 6 rooms and 0 to 30 years, priced by a simple rule plus noise.
    """
    rooms, age, price = house.as_arrays(house.TALK_ROWS)
    rng = np.random.default_rng(seed)
    more_rooms = rng.integers(2, 7, extra).astype(float)
    more_age = rng.integers(0, 31, extra).astype(float)
    more_price = 40 + 85 * more_rooms - 4.5 * more_age + rng.normal(0, 25, extra)
    return np.column_stack([
        np.concatenate([rooms, more_rooms]),
        np.concatenate([age, more_age]),
        np.concatenate([price / THOUSAND, np.round(more_price, 1)]),
    ])


def standardize(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Subtract each column's mean and divide by its spread (the training pages' own
    standardization, nnviz.core.prep's); one column may come as a flat array.

    A column with no spread (every value equal) carries no information about the price; it
    becomes all zeros instead of a division by zero, and its weight then changes nothing.
    """
    # Imported here: scikit-learn costs the descent page ~1.7 s to load, and only the normalized
    # house surface needs it.
    from nnviz.core.prep import fit_normalizer

    values = np.asarray(values, dtype=float)
    columns = values.reshape(len(values), -1)
    scaler = fit_normalizer("standardize", columns).scaler
    return (scaler.transform(columns).reshape(values.shape), scaler.mean_,
            np.sqrt(scaler.var_))


def house_problem(rows: np.ndarray, normalized: bool) -> LeastSquares:
    inputs, price = rows[:, :2], rows[:, 2]
    if normalized:
        inputs, _, _ = standardize(inputs)
        price, _, _ = standardize(price)
    return LeastSquares(inputs, price)


def house_surface(normalized: bool = False, rows: np.ndarray | None = None) -> Surface:
    rows = house_rows() if rows is None else rows
    problem = house_problem(rows, normalized)
    best = problem.best()
    if normalized:
        return Surface(
            key="house_normalized", name="House prices, normalized inputs",
            notice="After normalizing, both weights bend the loss about equally: a round bowl. "
                   "One learning rate suits both directions and the walk goes straight down.",
            height=problem.height, slope=problem.slope,
            x_range=(-1.0, 2.0), y_range=(-1.5, 1.5), start=(-0.8, 1.2),
            lowest=(float(best[0]), float(best[1])),
            learning_rates={"sgd": 0.3, "momentum": 0.1, "adam": 0.1},
            x_label="rooms weight (normalized)", y_label="age weight (normalized)",
            stable_lr=problem.largest_stable_learning_rate(),
        )
    return Surface(
        key="house", name="House prices, raw inputs",
        notice="Age runs from 0 to 30 while rooms stay between 2 and 6, so the age weight bends "
               "the loss far more steeply than the rooms weight: a long, narrow ravine.",
        height=problem.height, slope=problem.slope,
        x_range=(-20.0, 200.0), y_range=(-40.0, 30.0), start=(0.0, 20.0),
        lowest=(float(best[0]), float(best[1])),
        learning_rates={"sgd": 0.002, "momentum": 0.001, "adam": 5.0},
        x_label="rooms weight ($k per room)", y_label="age weight ($k per year)",
        stable_lr=problem.largest_stable_learning_rate(),
    )


def talk_surface() -> Surface:
    """The loss of the talk's network on the talk's own three houses (prices in $k)."""
    rooms, age, price = house.as_arrays(house.TALK_ROWS)
    problem = LeastSquares(np.column_stack([rooms, age]), price / THOUSAND)
    best = problem.best()
    return Surface(
        key="talk", name="The talk's three houses",
        notice="The loss of the talk's network on its three houses.",
        height=problem.height, slope=problem.slope,
        x_range=(0.0, 250.0), y_range=(-80.0, 60.0), start=(100.0, -20.0),
        lowest=(float(best[0]), float(best[1])),
        learning_rates={"sgd": 0.005, "momentum": 0.002, "adam": 5.0},
        x_label="rooms weight ($k per room)", y_label="age weight ($k per year)",
        stable_lr=problem.largest_stable_learning_rate(),
    )


SURFACE_KEYS = ("house", "house_normalized", *CLASSIC)


def surface_by_key(key: str) -> Surface:
    if key in CLASSIC:
        return CLASSIC[key]
    if key == "house":
        return house_surface(normalized=False)
    if key == "house_normalized":
        return house_surface(normalized=True)
    raise ValueError(f"unknown surface {key!r}; choose one of {', '.join(SURFACE_KEYS)}")
