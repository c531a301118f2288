"""Typing a new example: whole-number columns step by one, and the inputs that lie outside
anything training saw are named (a network guesses poorly far from its data)."""

from __future__ import annotations

import numpy as np
import pandas as pd


def whole_numbers(column: pd.Series) -> bool:
    """Every value is a whole number (rooms, a floor): its box then steps by one."""
    return bool(np.all(np.mod(column, 1) == 0))


def outside_training(names: list[str], values, x_train) -> list[str]:
    """The names of the inputs whose value lies outside the training rows' range."""
    low, high = np.min(x_train, axis=0), np.max(x_train, axis=0)
    return [name for name, value, lo, hi in zip(names, values, low, high, strict=True)
            if not lo <= value <= hi]
