"""How sure a classifier is, example by example.

Input: the class probabilities a model gives each example (rows summing to 1), the true class
codes and the class names. Output: one table row per example (actual, predicted, how sure), the
most and least confident predictions, and the examples behind one cell of the confusion matrix.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from nnviz.core.prep import part_labels

CONFIDENCE = "confidence"  # probability of the predicted class
P_ACTUAL = "p(actual)"  # probability given to the true class


def prob_column(name: str) -> str:
    return f"p({name})"


def check_probabilities(proba, n_classes: int) -> np.ndarray:
    p = np.asarray(proba, dtype=np.float64)
    if p.ndim != 2 or p.shape[1] != n_classes:
        raise ValueError(f"expected one column per class ({n_classes}), got shape {p.shape}")
    if not np.isfinite(p).all() or (p < 0).any():
        raise ValueError("probabilities must be finite and not negative")
    if p.size and not np.allclose(p.sum(axis=1), 1.0, atol=1e-4):
        raise ValueError("each example's probabilities must add up to 1")
    return p


def probability_table(proba, y_true: Sequence[int], classes: Sequence[str],
                      row_ids: Sequence | None = None) -> pd.DataFrame:
    """One row per example: its row id, actual and predicted class, confidence, every p(class).

    The prediction is the class with the highest probability (the first one on a tie, as argmax).
    """
    p = check_probabilities(proba, len(classes))
    y = np.asarray(y_true, dtype=np.int64)
    if y.shape != (p.shape[0],):
        raise ValueError("need one true class per example")
    names = np.asarray(classes, dtype=object)
    pred = p.argmax(axis=1)
    table = pd.DataFrame({
        "row": np.arange(len(y)) if row_ids is None else np.asarray(row_ids),
        "actual": names[y].astype(str),
        "predicted": names[pred].astype(str),
        "actual code": y,
        "predicted code": pred,
        CONFIDENCE: p[np.arange(len(y)), pred],
        P_ACTUAL: p[np.arange(len(y)), y],
        "correct": pred == y,
    })
    for i, c in enumerate(classes):
        table[prob_column(str(c))] = p[:, i]
    return table


def most_confident(table: pd.DataFrame, k: int = 5) -> pd.DataFrame:
    """The k predictions the model is surest of (ties keep the table's order)."""
    return table.sort_values(CONFIDENCE, ascending=False, kind="stable").head(k)


def least_confident(table: pd.DataFrame, k: int = 5) -> pd.DataFrame:
    """The k predictions the model is least sure of: the examples it hesitates over."""
    return table.sort_values(CONFIDENCE, ascending=True, kind="stable").head(k)


def confidently_wrong(table: pd.DataFrame, k: int = 5) -> pd.DataFrame:
    """Wrong predictions, surest first: where the model is most misled."""
    wrong = table[~table["correct"]]
    return wrong.sort_values(CONFIDENCE, ascending=False, kind="stable").head(k)


def confusion_counts(table: pd.DataFrame, n_classes: int) -> np.ndarray:
    """counts[a, p] = how many examples of actual class a were predicted as class p."""
    counts = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(counts, (table["actual code"].to_numpy(), table["predicted code"].to_numpy()), 1)
    return counts


def cell_examples(table: pd.DataFrame, actual: str, predicted: str) -> pd.DataFrame:
    """The examples in one confusion-matrix cell, least confident first."""
    hits = table[(table["actual"] == str(actual)) & (table["predicted"] == str(predicted))]
    return hits.sort_values(CONFIDENCE, ascending=True, kind="stable")


def summary(table: pd.DataFrame) -> dict[str, float]:
    """Accuracy and the average confidence on right and on wrong predictions (NaN if none)."""
    right = table.loc[table["correct"], CONFIDENCE]
    wrong = table.loc[~table["correct"], CONFIDENCE]
    return {
        "accuracy": float(table["correct"].mean()) if len(table) else float("nan"),
        "confidence when right": float(right.mean()) if len(right) else float("nan"),
        "confidence when wrong": float(wrong.mean()) if len(wrong) else float("nan"),
    }


def busiest_mistake(counts) -> tuple[int, int]:
    """(actual, predicted) of the off-diagonal cell with the most examples; (0, 0) if none."""
    off = np.array(counts, dtype=np.int64, copy=True)
    np.fill_diagonal(off, 0)
    if off.size == 0 or off.max() == 0:
        return (0, 0)
    a, p = np.unravel_index(int(off.argmax()), off.shape)
    return (int(a), int(p))


def chance_accuracy(codes) -> float:
    """The accuracy of always answering the most common class: what "learned nothing" scores."""
    codes = np.asarray(codes, dtype=np.int64)
    if codes.size == 0:
        return float("nan")
    return float(np.bincount(codes).max() / codes.size)


def learned_little(accuracy: float, codes, margin: float = 0.05) -> bool:
    """True when the accuracy is no more than `margin` above the always-the-same-answer level."""
    return bool(accuracy <= chance_accuracy(codes) + margin)


def judged_table(proba, codes: Sequence[int], classes: Sequence[str], val_rows) -> pd.DataFrame:
    """The probability table of every dataset row, with the part of the split it belongs to."""
    table = probability_table(proba, codes, classes)
    table.insert(1, "split", part_labels(len(table), val_rows, train="training"))
    return table


def least_sure_row(table: pd.DataFrame) -> int:
    """The row the model is least sure of: the most telling example to look at first."""
    return int(least_confident(table, 1)["row"].iat[0])


def share_text(value: float) -> str:
    """A share as a percentage; a dash when there is none (e.g. no wrong prediction)."""
    return "–" if value != value else f"{value:.1%}"
