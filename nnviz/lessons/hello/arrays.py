"""Numpy basics on the talk's house example: the code the lesson shows and its broadcasting
table, written with the current weights."""

import numpy as np
import pandas as pd

from nnviz.core.formatting import dollars, number
from nnviz.lessons import house


def as_python(value: float) -> str:
    """A number as Python source: 100_000, -0.5 (never a thousands comma)."""
    value = float(value) + 0.0  # no "-0"
    return f"{int(value):_}" if value.is_integer() else repr(value)


def dot_product_code(x: tuple[float, float], w: np.ndarray, prediction: float) -> str:
    """One house (rooms, age) times the weights, with the numbers written out."""
    return (f"x = np.array([{as_python(x[0])}, {as_python(x[1])}])  # rooms, age\n"
            f"w = np.array([{as_python(w[0])}, {as_python(w[1])}])\n"
            f"x.shape, w.shape  # {(2,)}, {(2,)}\n"
            f"x @ w  # {house.weighted_sum_text(x, w, number)}\n"
            f"# -> {as_python(prediction)}")


def matrix_code(X: np.ndarray, predictions: np.ndarray) -> str:
    """All houses at once: the matrix, its shape, and every prediction from one `@`."""
    return (f"X = np.array({[[int(a), int(b)] for a, b in X]})\n"
            f"X.shape  # {X.shape}\n"
            f"X @ w  # shape {predictions.shape}\n"
            f"# -> {[as_python(p) for p in predictions]}".replace("'", ""))


def broadcasting_table(X: np.ndarray, w: np.ndarray, price: np.ndarray,
                       predictions: np.ndarray) -> pd.DataFrame:
    """`X * w` column by column, its row sums, and each house's error."""
    products = X * w + 0.0  # + 0.0 turns -0 into 0
    return pd.DataFrame({
        "rooms × w_rooms": [number(v) for v in products[:, 0]],
        "age × w_age": [number(v) for v in products[:, 1]],
        "(X * w).sum(axis=1)": [dollars(v) for v in products.sum(axis=1)],
        "price": [dollars(v) for v in price],
        "prediction - price": [dollars(v) for v in predictions - price],
    })
