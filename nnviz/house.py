"""The talk's house-price example: its rows, its two networks, their forward passes and losses.

Everything is plain numpy so a lesson can recompute it on every slider move in microseconds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class HouseRow:
    rooms: float
    age: float
    price: float


# The three houses the talk fills its table with, and the question it opens with.
TALK_ROWS: tuple[HouseRow, ...] = (
    HouseRow(4, 10, 212_000),
    HouseRow(4, 5, 302_000),
    HouseRow(4, 0, 588_000),
)
QUESTION = HouseRow(5, 10, math.nan)


def as_arrays(rows: tuple[HouseRow, ...] | list[HouseRow]) -> tuple[np.ndarray, ...]:
    rooms = np.array([r.rooms for r in rows], dtype=float)
    age = np.array([r.age for r in rows], dtype=float)
    price = np.array([r.price for r in rows], dtype=float)
    return rooms, age, price


@dataclass(frozen=True)
class LinearNet:
    """Rooms and Age straight into Price: price = rooms * w_rooms + age * w_age (no bias)."""

    w_rooms: float = 100_000.0
    w_age: float = -20_000.0

    hidden_size = 0

    def predict(self, rooms, age):
        return np.asarray(rooms, float) * self.w_rooms + np.asarray(age, float) * self.w_age

    def gradient(self, rows, loss: str = "mae") -> dict[str, float]:
        rooms, age, price = as_arrays(rows)
        d_pred = _loss_slope(self.predict(rooms, age) - price, loss)
        return {"w_rooms": float(d_pred @ rooms), "w_age": float(d_pred @ age)}


@dataclass(frozen=True)
class HiddenNet:
    """Two hidden ReLU nodes between the inputs and Price, with the talk's six weights.

    The talk's hidden nodes hold (0, 2), (0, 3), (4, 4) for its three rows. That pins the
    diagram's labels to edges: node 1 = ReLU(1·rooms - 100·age), node 2 = ReLU(1·rooms - 0.2·age),
    and Price = 50,000·node 1 + 100,000·node 2.
    """

    rooms_h1: float = 1.0
    age_h1: float = -100.0
    rooms_h2: float = 1.0
    age_h2: float = -0.2
    h1_price: float = 50_000.0
    h2_price: float = 100_000.0

    hidden_size = 2

    def hidden_sums(self, rooms, age) -> np.ndarray:
        """Weighted sums of the hidden nodes before ReLU, shape (n, 2)."""
        x = np.column_stack([np.atleast_1d(np.asarray(rooms, float)),
                             np.atleast_1d(np.asarray(age, float))])
        w = np.array([[self.rooms_h1, self.rooms_h2], [self.age_h1, self.age_h2]])
        return x @ w

    def hidden(self, rooms, age) -> np.ndarray:
        return relu(self.hidden_sums(rooms, age))

    def predict(self, rooms, age):
        out = self.hidden(rooms, age) @ np.array([self.h1_price, self.h2_price])
        return out if np.ndim(rooms) else float(out[0])

    def gradient(self, rows, loss: str = "mae") -> dict[str, float]:
        rooms, age, price = as_arrays(rows)
        sums = self.hidden_sums(rooms, age)
        h = relu(sums)
        d_pred = _loss_slope(self.predict(rooms, age) - price, loss)
        # ReLU passes the slope through where the node was active (sum > 0), blocks it elsewhere.
        d_sum1 = d_pred * self.h1_price * (sums[:, 0] > 0)
        d_sum2 = d_pred * self.h2_price * (sums[:, 1] > 0)
        return {
            "rooms_h1": float(d_sum1 @ rooms),
            "age_h1": float(d_sum1 @ age),
            "rooms_h2": float(d_sum2 @ rooms),
            "age_h2": float(d_sum2 @ age),
            "h1_price": float(d_pred @ h[:, 0]),
            "h2_price": float(d_pred @ h[:, 1]),
        }


Net = LinearNet | HiddenNet


def weight_names(net: Net) -> list[str]:
    return [f.name for f in fields(net)]


def with_weight(net: Net, name: str, value: float) -> Net:
    return replace(net, **{name: float(value)})


def relu(x):
    return np.maximum(x, 0.0)


def _loss_slope(error: np.ndarray, loss: str) -> np.ndarray:
    """d(mean loss)/d(prediction) for each row."""
    n = len(error)
    if loss == "mae":
        return np.sign(error) / n
    if loss == "mse":
        return 2.0 * error / n
    raise ValueError(f"unknown loss {loss!r}: use 'mae' or 'mse'")


@dataclass(frozen=True)
class LossSummary:
    total_abs: float
    mean_abs: float
    mse: float


def summarize_loss(predicted, price) -> LossSummary:
    error = np.asarray(predicted, float) - np.asarray(price, float)
    if error.size == 0:
        return LossSummary(0.0, 0.0, 0.0)
    with np.errstate(over="ignore"):
        return LossSummary(
            float(np.abs(error).sum()), float(np.abs(error).mean()), float((error**2).mean())
        )


def loss_table(net: Net, rows) -> pd.DataFrame:
    """The talk's table: Rooms | Age | Price | Predicted Price | Loss (absolute error)."""
    rooms, age, price = as_arrays(rows)
    predicted = np.asarray(net.predict(rooms, age), float) if len(rows) else np.array([])
    return pd.DataFrame(
        {
            "Rooms": rooms,
            "Age": age,
            "Price": price,
            "Predicted Price": predicted,
            "Loss": np.abs(predicted - price),
        }
    )


def weighted_sum_text(values, weights, fmt) -> str:
    """'4 × 100,000 + 10 × -20,000' written out with the actual numbers."""
    return " + ".join(f"{fmt(v)} × {fmt(w)}" for v, w in zip(values, weights, strict=True))


# ---- step-through ----------------------------------------------------------------------------

PHASES_LINEAR = ("inputs", "sum", "prediction", "loss")
PHASES_HIDDEN = ("inputs", "hidden", "sum", "prediction", "loss")


@dataclass(frozen=True)
class Step:
    """Where a walk through the table stands. row=-1 is the empty table before the first step."""

    row: int
    phase: str

    def filled(self, n_rows: int, phases: tuple[str, ...]) -> tuple[int, int]:
        """How many rows show a prediction, and how many a loss, at this step."""
        if self.row < 0:
            return 0, 0
        index = phases.index(self.phase)
        predictions = self.row + (index >= phases.index("prediction"))
        losses = self.row + (index >= phases.index("loss"))
        return min(predictions, n_rows), min(losses, n_rows)


def phases_for(net: Net) -> tuple[str, ...]:
    return PHASES_HIDDEN if net.hidden_size else PHASES_LINEAR


def walkthrough(n_rows: int, phases: tuple[str, ...]) -> list[Step]:
    """Every step of the talk's walk: the empty table, then each phase of each row in turn."""
    return [Step(-1, "start")] + [Step(r, p) for r in range(n_rows) for p in phases]
