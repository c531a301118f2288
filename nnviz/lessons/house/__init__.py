"""The talk's house-price example: its rows, its two networks, their forward passes and losses.

Everything is plain numpy so a lesson can recompute it on every slider move in microseconds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

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


# ---- what the diagram shows -------------------------------------------------------------------

HIDDEN_NODES = ("Hidden 1", "Hidden 2")


def diagram(net: Net) -> tuple[list[list[str]], dict[tuple[str, str], float]]:
    """The network's layers of node names and its weight on each edge."""
    if not net.hidden_size:
        return [["Rooms", "Age"], ["Price"]], {
            ("Rooms", "Price"): net.w_rooms, ("Age", "Price"): net.w_age}
    h1, h2 = HIDDEN_NODES
    return [["Rooms", "Age"], [h1, h2], ["Price"]], {
        ("Rooms", h1): net.rooms_h1, ("Age", h1): net.age_h1,
        ("Rooms", h2): net.rooms_h2, ("Age", h2): net.age_h2,
        (h1, "Price"): net.h1_price, (h2, "Price"): net.h2_price,
    }


def node_values(net: Net, row: HouseRow, phase: str) -> dict[str, float | str]:
    """What sits on each node at this phase of computing a row: numbers, or '?' still to come."""
    phases = phases_for(net)
    if phase not in phases:
        return {}
    reached = phases.index(phase)
    values: dict[str, float | str] = {"Rooms": row.rooms, "Age": row.age, "Price": "?"}
    if net.hidden_size:
        hidden = net.hidden(row.rooms, row.age)[0]
        shown = reached >= phases.index("hidden")
        for name, value in zip(HIDDEN_NODES, hidden, strict=True):
            values[name] = float(value) if shown else "?"
    if reached >= phases.index("prediction"):
        values["Price"] = float(net.predict(row.rooms, row.age))
    return values


def explain_step(net: Net, row: HouseRow, phase: str, fmt) -> list[str]:
    """The arithmetic of one phase of one row, written out with its numbers (markdown lines)."""
    pred = float(net.predict(row.rooms, row.age))
    if phase == "inputs":
        return [f"The house's **{fmt(row.rooms)} rooms** and **{fmt(row.age)} years** go onto "
                "the input nodes."]
    if phase == "hidden":
        lines = []
        for name, total, out, (wr, wa) in zip(
            HIDDEN_NODES, net.hidden_sums(row.rooms, row.age)[0],
            net.hidden(row.rooms, row.age)[0],
            [(net.rooms_h1, net.age_h1), (net.rooms_h2, net.age_h2)], strict=True,
        ):
            written = weighted_sum_text([row.rooms, row.age], [wr, wa], fmt)
            lines.append(f"**{name}** = ReLU({written}) = ReLU({fmt(total)}) = **{fmt(out)}**")
        return lines
    if phase == "sum":
        if net.hidden_size:
            h = net.hidden(row.rooms, row.age)[0]
            written = weighted_sum_text(h, [net.h1_price, net.h2_price], fmt)
        else:
            written = weighted_sum_text([row.rooms, row.age], [net.w_rooms, net.w_age], fmt)
        return [f"**Price** = {written} = **{fmt(pred)}**"]
    if phase == "prediction":
        return [f"The network predicts **{fmt(pred)}**: it goes into the Predicted Price column."]
    if phase == "loss":
        return [f"Loss = |{fmt(row.price)} − {fmt(pred)}| = **{fmt(abs(row.price - pred))}**: "
                "how far the guess is from the real price, whichever side it falls on."]
    return []


COLUMNS = ("Rooms", "Age", "Price")


def _said(names: list[str], one: str, many: str) -> str:
    """'Rooms is empty', 'Age and Price are empty'."""
    if len(names) == 1:
        return f"{names[0]} {one}"
    return f"{', '.join(names[:-1])} and {names[-1]} {many}"


def parse_rows(table: pd.DataFrame) -> tuple[list[HouseRow], list[str]]:
    """Rows a learner typed: the usable ones, and a plain message for each one that is not.

    A fully blank row is silently skipped (the editor's empty last line); a row with a blank or
    non-numeric cell is reported and left out.
    """
    rows, problems = [], []
    for position, (_, record) in enumerate(table.iterrows(), start=1):
        cells = [record.get(c) for c in COLUMNS]
        texts = ["" if c is None or (isinstance(c, float) and math.isnan(c)) else str(c).strip()
                 for c in cells]
        if not any(texts):
            continue
        numbers = pd.to_numeric(pd.Series(texts).str.replace(r"[$,_\s]", "", regex=True),
                                errors="coerce")
        cells = list(zip(COLUMNS, texts, numbers, strict=True))
        empty = [name for name, text, _ in cells if not text]
        wrong = [f"{name} ({text!r})" for name, text, value in cells
                 if text and not math.isfinite(value)]
        if empty or wrong:
            said = ([_said(wrong, "is not a number", "are not numbers")] if wrong else []) + (
                [_said(empty, "is empty", "are empty")] if empty else [])
            problems.append(f"Your row {position}: {'; '.join(said)}. It is left out until "
                            "every cell holds a number.")
            continue
        rows.append(HouseRow(*(float(v) for v in numbers)))
    return rows, problems
