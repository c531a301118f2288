"""Turning class names into what a network can learn from: integer codes, then one-hot rows.

A network outputs numbers, one per class. Its target for a row is the one-hot row: 1 in the
column of the true class, 0 elsewhere. The integer code is the column number. Codes follow
the sorted class names, the same rule as scikit-learn's LabelEncoder, so results can be
compared one to one.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd


def classes_of(names: Sequence) -> tuple[str, ...]:
    """The distinct class names, sorted: position i is the class with code i."""
    return tuple(str(c) for c in np.unique(np.asarray(names).astype(str)))


def encode(names: Sequence, classes: Sequence[str]) -> np.ndarray:
    """Each name's integer code (its position in `classes`)."""
    lookup = {str(c): i for i, c in enumerate(classes)}
    unknown = sorted({str(n) for n in names} - lookup.keys())
    if unknown:
        raise ValueError(f"labels not among the classes: {', '.join(unknown[:5])}")
    return np.array([lookup[str(n)] for n in names], dtype=np.int64)


def decode(codes: Sequence[int], classes: Sequence[str]) -> np.ndarray:
    """The class name for each integer code."""
    codes = np.asarray(codes, dtype=np.int64)
    if codes.size and (codes.min() < 0 or codes.max() >= len(classes)):
        raise ValueError(f"codes must lie between 0 and {len(classes) - 1}")
    return np.asarray(classes, dtype=object)[codes].astype(str)


def one_hot(codes: Sequence[int], n_classes: int) -> np.ndarray:
    """A row per code with a single 1, in that code's column."""
    codes = np.asarray(codes, dtype=np.int64)
    if codes.size and (codes.min() < 0 or codes.max() >= n_classes):
        raise ValueError(f"codes must lie between 0 and {n_classes - 1}")
    out = np.zeros((codes.size, n_classes), dtype=np.float64)
    out[np.arange(codes.size), codes] = 1.0
    return out


def encoding_table(names: Sequence, classes: Sequence[str],
                   row_ids: Sequence | None = None) -> pd.DataFrame:
    """Name, code and one-hot columns side by side for the given rows, as the lesson shows them."""
    codes = encode(names, classes)
    hot = one_hot(codes, len(classes)).astype(int)
    table = pd.DataFrame({"class name": [str(n) for n in names], "code": codes})
    for i, c in enumerate(classes):
        table[f"is {c}"] = hot[:, i]
    if row_ids is not None:
        table.insert(0, "row", list(row_ids))
    return table


def one_row_per_class(names: Sequence, classes: Sequence[str]) -> np.ndarray:
    """The index of the first row of each class: a compact sample showing every code once."""
    names = np.asarray(names).astype(str)
    firsts = []
    for c in classes:
        hits = np.flatnonzero(names == str(c))
        if hits.size:
            firsts.append(int(hits[0]))
    return np.array(firsts, dtype=np.int64)


def rows_to_show(names: Sequence, classes: Sequence[str], extra: int = 4,
                 seed: int = 0) -> np.ndarray:
    """Sorted row numbers: the first row of every class, plus `extra` seeded random rows."""
    names = np.asarray(names).astype(str)
    rng = np.random.default_rng(int(seed))
    more = rng.choice(len(names), size=min(int(extra), len(names)), replace=False)
    return np.unique(np.concatenate([one_row_per_class(names, classes), more]))
