"""Input features: engineered ones for 2-D points, and picking features of a real dataset.

Engineered features (the playground's idea): from a point (x1, x2) make extra inputs such as
x1², x1·x2 or sin(x1). With the right ones, a network with no hidden layer at all (a straight
boundary in feature space) can separate circles or XOR.

    names = ["x1", "x2", "x1²"]
    Z = feature_matrix(X, names)            # (n, 3)

Feature selection on scikit-learn's breast-cancer data (569 tumours, 30 measurements):

    data = breast_cancer()
    scores = score_features(data.X, data.y, "anova")   # DataFrame, best first
    keep = top_k(data.X, data.y, k=5, scorer="anova")  # column indices, SelectKBest's choice
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
from sklearn.datasets import load_breast_cancer
from sklearn.feature_selection import SelectKBest, f_classif, mutual_info_classif

# Name -> function of the (n, 2) points. Order is the order the page shows them.
ENGINEERED: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "x1": lambda X: X[:, 0],
    "x2": lambda X: X[:, 1],
    "x1²": lambda X: X[:, 0] ** 2,
    "x2²": lambda X: X[:, 1] ** 2,
    "x1·x2": lambda X: X[:, 0] * X[:, 1],
    "sin(x1)": lambda X: np.sin(X[:, 0]),
    "sin(x2)": lambda X: np.sin(X[:, 1]),
}
FEATURE_NAMES = tuple(ENGINEERED)
# ASCII names for code and URLs ("x1²" does not survive every query string or identifier).
FEATURE_KEYS = {"x1": "x1", "x2": "x2", "x1²": "x1sq", "x2²": "x2sq", "x1·x2": "x1x2",
                "sin(x1)": "sinx1", "sin(x2)": "sinx2"}
# The same features as numpy expressions of a 2-column array X, for generated code.
FEATURE_CODE = {"x1": "X[:, 0]", "x2": "X[:, 1]", "x1²": "X[:, 0] ** 2", "x2²": "X[:, 1] ** 2",
                "x1·x2": "X[:, 0] * X[:, 1]", "sin(x1)": "np.sin(X[:, 0])",
                "sin(x2)": "np.sin(X[:, 1])"}


def feature_matrix(X: np.ndarray, names: Sequence[str]) -> np.ndarray:
    """The chosen engineered features of 2-D points as columns, in the order given."""
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError("Engineered features need points with two coordinates (x1, x2).")
    if not names:
        raise ValueError("Switch on at least one input feature.")
    unknown = [n for n in names if n not in ENGINEERED]
    if unknown:
        raise ValueError(f"Unknown feature(s): {', '.join(unknown)}.")
    return np.column_stack([ENGINEERED[n](X) for n in names])


def feature_code(names: Sequence[str]) -> str:
    """A numpy expression building the feature matrix from X, for 'show the code'."""
    return "np.column_stack([" + ", ".join(FEATURE_CODE[n] for n in names) + "])"


# --- A real dataset for feature selection ---------------------------------------------------

SCORERS = ("anova", "mutual_info")
SCORER_LABELS = {
    "anova": "ANOVA F-score (how far apart the class means are)",
    "mutual_info": "Mutual information (any kind of dependence)",
}


@dataclass(frozen=True)
class TabularData:
    X: np.ndarray
    y: np.ndarray
    feature_names: tuple[str, ...]
    class_names: tuple[str, ...]
    title: str


@lru_cache(maxsize=1)
def _cancer() -> TabularData:
    bunch = load_breast_cancer()
    # scikit-learn codes malignant 0 and benign 1. We flip it so that the class the network's
    # sigmoid scores (class 1, the "positive" one) is malignant: then recall reads as "the
    # share of cancers found", which is the question a doctor asks.
    return TabularData(np.asarray(bunch.data, dtype=float),
                       1 - np.asarray(bunch.target, dtype=int),
                       tuple(str(n) for n in bunch.feature_names),
                       (str(bunch.target_names[1]), str(bunch.target_names[0])),
                       "Breast cancer (Wisconsin): 569 tumours, 30 measurements")


def breast_cancer() -> TabularData:
    """scikit-learn's breast-cancer data, malignant = 1 (copies, so callers may modify them)."""
    data = _cancer()
    return TabularData(data.X.copy(), data.y.copy(), data.feature_names, data.class_names,
                       data.title)


def _score_function(scorer: str, seed: int):
    if scorer == "anova":
        return f_classif
    if scorer == "mutual_info":
        return lambda X, y: mutual_info_classif(X, y, random_state=seed)
    raise ValueError(f"Unknown scorer {scorer!r}: use one of {', '.join(SCORERS)}.")


def score_features(X: np.ndarray, y: np.ndarray, scorer: str = "anova",
                   feature_names: Sequence[str] | None = None, seed: int = 0) -> pd.DataFrame:
    """Each feature's score by `scorer`, best first: columns feature, column, score, rank."""
    X = np.asarray(X, dtype=float)
    result = _score_function(scorer, seed)(X, np.asarray(y))
    scores = result[0] if isinstance(result, tuple) else result
    scores = np.nan_to_num(np.asarray(scores, dtype=float), nan=0.0)
    names = list(feature_names) if feature_names is not None else [
        f"x{i + 1}" for i in range(X.shape[1])]
    order = np.argsort(-scores, kind="stable")
    return pd.DataFrame({
        "feature": [names[i] for i in order],
        "column": order,
        "score": scores[order],
        "rank": np.arange(1, len(order) + 1),
    })


def top_k(X: np.ndarray, y: np.ndarray, k: int, scorer: str = "anova",
          seed: int = 0) -> np.ndarray:
    """Column indices SelectKBest keeps with this scorer, in the data's column order."""
    X = np.asarray(X, dtype=float)
    if not 1 <= int(k) <= X.shape[1]:
        raise ValueError(f"Keep between 1 and {X.shape[1]} features.")
    selector = SelectKBest(_score_function(scorer, seed), k=int(k)).fit(X, np.asarray(y))
    return np.flatnonzero(selector.get_support())


def feature_scores(X: np.ndarray, y: np.ndarray, scorer: str = "anova",
                   seed: int = 0) -> np.ndarray:
    """The scorer's raw score per column, in column order (NaN scores count as 0)."""
    result = _score_function(scorer, seed)(np.asarray(X, dtype=float), np.asarray(y))
    scores = result[0] if isinstance(result, tuple) else result
    return np.nan_to_num(np.asarray(scores, dtype=float), nan=0.0)


def top_k_of(scores: np.ndarray, k: int) -> np.ndarray:
    """The k best columns by precomputed scores, chosen exactly as SelectKBest chooses them
    (so several k can share one scoring pass); in column order."""
    scores = np.asarray(scores, dtype=float)
    if not 1 <= int(k) <= len(scores):
        raise ValueError(f"Keep between 1 and {len(scores)} features.")
    return np.sort(np.argsort(scores, kind="mergesort")[-int(k):])
