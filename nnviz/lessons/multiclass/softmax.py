"""Softmax in numpy: scores (logits) in, probabilities that share 1 between the classes out.

softmax(z)_i = exp(z_i) / sum_j exp(z_j). Taken literally, exp overflows for a score of about
710 and the result becomes inf/inf = NaN. Subtracting the largest score first changes nothing
mathematically (the factor exp(-max) cancels) and keeps every exponent at or below 0.
"""

from __future__ import annotations

import numpy as np


def softmax(logits, axis: int = -1) -> np.ndarray:
    """Probabilities along `axis`; finite for any finite scores, however large."""
    z = np.asarray(logits, dtype=np.float64)
    top = np.max(z, axis=axis, keepdims=True)  # NaN if any score is NaN
    if not np.isfinite(top).all():
        z, top = _infinite_tops(z, top)
    e = np.exp(z - top)
    return e / np.sum(e, axis=axis, keepdims=True)


def _infinite_tops(z: np.ndarray, top: np.ndarray):
    """The rare rows whose largest score is NaN, +inf or -inf (kept off the fast path)."""
    if np.isnan(top).any():
        raise ValueError("scores must be numbers, not NaN")
    # A score of +inf takes the whole share (split evenly if several are +inf).
    inf_top = np.isposinf(top)
    z = np.where(inf_top, np.where(np.isposinf(z), 0.0, -np.inf), z)
    top = np.where(inf_top, 0.0, top)
    # All scores -inf: no class is preferred, so the share is even.
    all_neg_inf = np.isneginf(top)
    z = np.where(all_neg_inf, 0.0, z)
    top = np.where(all_neg_inf, 0.0, top)
    return z, top


def sweep(logits, which: int, values) -> np.ndarray:
    """Probabilities of every class as score `which` takes each of `values`, the rest fixed.

    Returns an array of shape (len(values), n_classes).
    """
    base = np.asarray(logits, dtype=np.float64)
    if not 0 <= which < base.size:
        raise ValueError(f"class index must lie between 0 and {base.size - 1}")
    grid = np.tile(base, (len(values), 1))
    grid[:, which] = np.asarray(values, dtype=np.float64)
    return softmax(grid, axis=1)


def cross_entropy(probabilities, true_class: int) -> float:
    """The loss for one example: -log of the probability given to the true class."""
    p = float(np.asarray(probabilities, dtype=np.float64)[true_class])
    return float(-np.log(max(p, np.finfo(np.float64).tiny)))
