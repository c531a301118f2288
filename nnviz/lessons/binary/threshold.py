"""From a probability to a decision: the threshold, the confusion matrix and its scores.

A binary network outputs P(positive class) through its sigmoid. Calling an example positive
when that probability is at least the threshold turns probabilities into decisions; moving the
threshold trades precision against recall.

    s = scores_at(y_true, proba, threshold=0.5)
    s.matrix            # [[TN, FP], [FN, TP]]: sklearn.metrics.confusion_matrix's layout
    s.accuracy, s.precision, s.recall

Precision is undefined (NaN) when nothing is called positive; recall is undefined when there
are no positive examples. Pages show "undefined" then, rather than a misleading 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from nnviz.core.formatting import count


@dataclass(frozen=True)
class ThresholdScores:
    threshold: float
    tn: int
    fp: int
    fn: int
    tp: int

    @property
    def n(self) -> int:
        return self.tn + self.fp + self.fn + self.tp

    @property
    def matrix(self) -> np.ndarray:
        """Rows: true class 0, 1. Columns: predicted class 0, 1."""
        return np.array([[self.tn, self.fp], [self.fn, self.tp]])

    @property
    def accuracy(self) -> float:
        return (self.tp + self.tn) / self.n if self.n else float("nan")

    @property
    def precision(self) -> float:
        """Of the examples called positive, the share that are positive."""
        called = self.tp + self.fp
        return self.tp / called if called else float("nan")

    @property
    def recall(self) -> float:
        """Of the positive examples, the share called positive."""
        positives = self.tp + self.fn
        return self.tp / positives if positives else float("nan")


def _check(y_true, proba) -> tuple[np.ndarray, np.ndarray]:
    y = np.asarray(y_true).astype(int).ravel()
    p = np.asarray(proba, dtype=float).ravel()
    if len(y) != len(p):
        raise ValueError(f"{len(y)} labels but {len(p)} probabilities.")
    if not np.isin(y, (0, 1)).all():
        raise ValueError("Labels must be 0 or 1.")
    if not np.isfinite(p).all():
        raise ValueError("Probabilities must be finite numbers.")
    return y, p


def decide(proba, threshold: float) -> np.ndarray:
    """1 where the probability is at least the threshold, else 0."""
    return (np.asarray(proba, dtype=float) >= float(threshold)).astype(int)


def scores_at(y_true, proba, threshold: float = 0.5) -> ThresholdScores:
    """The confusion counts (and through them the scores) at one threshold."""
    y, p = _check(y_true, proba)
    called = decide(p, threshold)
    return ThresholdScores(
        threshold=float(threshold),
        tn=int(np.sum((y == 0) & (called == 0))),
        fp=int(np.sum((y == 0) & (called == 1))),
        fn=int(np.sum((y == 1) & (called == 0))),
        tp=int(np.sum((y == 1) & (called == 1))),
    )


def sweep(y_true, proba, thresholds=None) -> pd.DataFrame:
    """Accuracy, precision and recall at each threshold (default 0, 0.01, ..., 1).

    Counted for all thresholds at once: an example is called positive at threshold t when
    its probability is >= t, so sorted probabilities and a binary search give every count.
    """
    y, p = _check(y_true, proba)
    t = np.linspace(0, 1, 101) if thresholds is None else np.asarray(thresholds, dtype=float)
    positives, negatives = np.sort(p[y == 1]), np.sort(p[y == 0])
    tp = len(positives) - np.searchsorted(positives, t, side="left")
    fp = len(negatives) - np.searchsorted(negatives, t, side="left")
    tn = len(negatives) - fp
    called = tp + fp
    nan = np.full(len(t), np.nan)
    return pd.DataFrame({
        "threshold": t,
        "accuracy": (tp + tn) / len(y) if len(y) else nan,
        "precision": np.divide(tp, called, out=nan.copy(), where=called > 0),
        "recall": tp / len(positives) if len(positives) else nan,
    })


def outcome_caption(scores: ThresholdScores, names: tuple[str, str]) -> str:
    """The confusion matrix in words: '3 malignant found, 1 missed; 1 false alarm, ...'."""
    return (f"{scores.tp:,} {names[1]} found, {scores.fn:,} missed; "
            f"{count(scores.fp, 'false alarm')}, {scores.tn:,} {names[0]} cleared.")


def describe(value: float) -> str:
    """A score as a percentage, or 'undefined' for NaN."""
    return "undefined" if not np.isfinite(value) else f"{value:.1%}"
