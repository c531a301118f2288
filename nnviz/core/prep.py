"""Getting data ready for a network: a train/validation split and input normalization.

The scaler is fitted on the training part only and then applied to both parts, so nothing
about the validation rows leaks into training. Plain numpy and scikit-learn, no torch.
`fit_normalizer` is the one way nnviz standardizes (scikit-learn's StandardScaler): inputs,
the regression target, and the descent lesson's house rows alike.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import MinMaxScaler, StandardScaler

NORMALIZATIONS = ("none", "standardize", "minmax")
NORMALIZATION_LABELS = {
    "none": "None (raw numbers)",
    "standardize": "Standardize (mean 0, std 1)",
    "minmax": "Min-max (0 to 1)",
}


@dataclass(frozen=True)
class Split:
    x_train: np.ndarray
    x_val: np.ndarray
    y_train: np.ndarray
    y_val: np.ndarray
    stratified: bool = False


def split(x, y, val_fraction: float = 0.2, seed: int = 0, classify: bool = False) -> Split:
    """Seeded train/validation split; classes keep their proportions when `classify` is set.

    Stratifying needs at least two rows of every class and room for each class on both sides;
    when the data is too small for that the split falls back to a plain shuffled one
    (`Split.stratified` says which happened). val_fraction 0 means no validation rows.
    """
    x = np.asarray(x)
    y = np.asarray(y)
    n = len(x)
    if len(y) != n:
        raise ValueError(f"There are {n} input rows but {len(y)} targets.")
    if not 0 <= val_fraction < 1:
        raise ValueError("The validation share must be at least 0 and below 1.")
    if val_fraction == 0:
        return Split(x, x[:0], y, y[:0])
    n_val = int(np.ceil(n * val_fraction))  # scikit-learn's own rounding for a float share
    if n < 2 or n_val >= n:
        raise ValueError(
            f"{n} row(s) cannot be split {1 - val_fraction:.0%} / {val_fraction:.0%}: "
            "both parts need at least one row. Use more data or a different split."
        )
    stratify = y if classify and _can_stratify(y, n_val, n - n_val) else None
    x_train, x_val, y_train, y_val = train_test_split(
        x, y, test_size=val_fraction, random_state=seed, stratify=stratify
    )
    return Split(x_train, x_val, y_train, y_val, stratified=stratify is not None)


def _can_stratify(y: np.ndarray, n_val: int, n_train: int) -> bool:
    _, counts = np.unique(y, return_counts=True)
    return counts.min() >= 2 and n_val >= len(counts) and n_train >= len(counts)


@dataclass(frozen=True)
class Normalizer:
    """A normalization fitted on training inputs; `transform` applies the same numbers anywhere."""

    kind: str
    scaler: StandardScaler | MinMaxScaler | ColumnTransformer | None

    def transform(self, x) -> np.ndarray:
        x = np.asarray(x, dtype=float)
        if self.scaler is None or len(x) == 0:
            return x
        return self.scaler.transform(x)

    def inverse(self, x) -> np.ndarray:
        x = np.asarray(x, dtype=float)
        if self.scaler is None or len(x) == 0:
            return x
        return self.scaler.inverse_transform(x)


def fit_normalizer(kind: str, x_train, columns: int | None = None) -> Normalizer:
    """'none', 'standardize' (StandardScaler) or 'minmax' (MinMaxScaler), fitted on x_train.

    With `columns`, only the first `columns` columns are normalized and the rest pass through
    unchanged (a table's 0/1 columns of one-hot encoded text after its number columns).
    """
    if kind not in NORMALIZATIONS:
        raise ValueError(f"Unknown normalization {kind!r}: use one of {', '.join(NORMALIZATIONS)}.")
    if kind == "none" or columns == 0:
        return Normalizer(kind, None)
    scaler = StandardScaler() if kind == "standardize" else MinMaxScaler()
    if columns is not None:
        scaler = ColumnTransformer([("numbers", scaler, list(range(columns)))],
                                   remainder="passthrough", sparse_threshold=0.0)
    scaler.fit(np.asarray(x_train, dtype=float))
    return Normalizer(kind, scaler)


@dataclass(frozen=True)
class Prepared:
    """A split whose inputs are normalized, and the normalizer that did it."""

    split: Split  # inputs already normalized
    raw: Split  # the same rows before normalization
    normalizer: Normalizer


def prepare(x, y, val_fraction: float = 0.2, normalization: str = "none", seed: int = 0,
            classify: bool = False) -> Prepared:
    """Split, then fit the normalization on the training rows and apply it to both parts."""
    raw = split(x, y, val_fraction, seed, classify)
    normalizer = fit_normalizer(normalization, raw.x_train)
    scaled = Split(
        normalizer.transform(raw.x_train), normalizer.transform(raw.x_val),
        raw.y_train, raw.y_val, raw.stratified,
    )
    return Prepared(scaled, raw, normalizer)


def part_labels(n_rows: int, val_rows, train: str = "train") -> np.ndarray:
    """Each row's part of the split: `train`, or "validation" for the rows kept out."""
    parts = np.full(n_rows, train, dtype=object)
    parts[np.asarray(val_rows, dtype=np.int64)] = "validation"
    return parts


@dataclass(frozen=True)
class RowSplit:
    """A normalized train/validation split that remembers which row each example came from,
    so a lesson can point back at a row, a picture or a dot on the plane."""

    train_rows: np.ndarray
    val_rows: np.ndarray
    normalizer: Normalizer  # fitted on the training rows
    x_train: np.ndarray  # normalized inputs
    x_val: np.ndarray
    y_train: np.ndarray
    y_val: np.ndarray
    stratified: bool = True  # False when the data was too small to keep class shares

    def split_labels(self, n_rows: int) -> np.ndarray:
        return part_labels(n_rows, self.val_rows)


def split_rows(x, y, val_fraction: float = 0.2, normalization: str = "standardize",
               seed: int = 0) -> RowSplit:
    """prepare()'s stratified split and normalization, keeping the row numbers: splitting the
    row numbers (not the inputs) picks the same rows, since the split depends only on the row
    count, the labels and the seed."""
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y)
    parts = split(np.arange(len(x)).reshape(-1, 1), y, val_fraction, seed, classify=True)
    train, val = parts.x_train.ravel(), parts.x_val.ravel()
    normalizer = fit_normalizer(normalization, x[train])
    return RowSplit(train, val, normalizer, normalizer.transform(x[train]),
                    normalizer.transform(x[val]), y[train], y[val], parts.stratified)


def column_ranges(x, names: list[str] | None = None) -> pd.DataFrame:
    """min / max / mean / std of each input column: the before-and-after view of a normalization."""
    x = np.asarray(x, dtype=float)
    if x.ndim == 1:
        x = x.reshape(-1, 1)
    names = names or [f"x{i + 1}" for i in range(x.shape[1])]
    if len(x) == 0:
        nan = np.full(x.shape[1], np.nan)
        return pd.DataFrame({"column": names, "min": nan, "max": nan, "mean": nan, "std": nan})
    return pd.DataFrame({
        "column": names, "min": x.min(axis=0), "max": x.max(axis=0),
        "mean": x.mean(axis=0), "std": x.std(axis=0),
    })
