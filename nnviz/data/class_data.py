"""Datasets with more than two classes: three real ones from scikit-learn and generated blobs.

Every dataset arrives the same way (a `ClassData`): a float feature matrix, the class of each row
as its *name* (a string, the way labels look in a spreadsheet), the sorted class names, and for
the handwritten digits the 8x8 pictures. Turning the names into numbers is the lesson's first
step, so it happens in nnviz.core.labels, not here.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn import datasets as skd

DATASETS = ("iris", "wine", "digits", "blobs")
TITLES = {
    "iris": "Iris flowers (3 species, 4 measurements)",
    "wine": "Wines (3 grape cultivars, 13 chemical measurements)",
    "digits": "Handwritten digits (10 classes, 8x8 pictures)",
    "blobs": "Generated blobs (2-D points, you choose how many classes)",
}
BLOB_CLASSES = (2, 8)  # fewest and most classes the blob generator offers
BLOB_SAMPLES = (60, 2000)
BLOB_SPREAD = (0.2, 5.0)

# Wine classes are called class_0..2 in scikit-learn; they are three grape cultivars.
_WINE_NAMES = ("cultivar 1", "cultivar 2", "cultivar 3")


@dataclass(frozen=True)
class ClassData:
    name: str
    X: np.ndarray  # (n, n_features) float64
    y: np.ndarray  # (n,) class names, as strings
    feature_names: tuple[str, ...]
    class_names: tuple[str, ...]  # sorted, the order the integer codes follow
    images: np.ndarray | None = None  # (n, 8, 8) for digits, None otherwise

    @property
    def n_classes(self) -> int:
        return len(self.class_names)

    @property
    def n_features(self) -> int:
        return self.X.shape[1]

    def select(self, features: list[str] | tuple[str, ...]) -> ClassData:
        """The same rows with only the named feature columns, in the order given."""
        missing = [f for f in features if f not in self.feature_names]
        if missing:
            raise ValueError(f"unknown feature(s): {', '.join(missing)}")
        if not features:
            raise ValueError("choose at least one feature")
        if len(set(features)) != len(features):
            raise ValueError("each feature can be used once only")
        cols = [self.feature_names.index(f) for f in features]
        return ClassData(self.name, self.X[:, cols], self.y, tuple(features), self.class_names,
                         self.images)


def _from_bunch(name: str, bunch, names: tuple[str, ...], images=None) -> ClassData:
    y = np.asarray(names, dtype=object)[bunch.target].astype(str)
    return ClassData(name, np.asarray(bunch.data, dtype=np.float64), y,
                     tuple(bunch.feature_names), tuple(sorted(names)), images)


def iris() -> ClassData:
    b = skd.load_iris()
    return _from_bunch("iris", b, tuple(str(n) for n in b.target_names))


def wine() -> ClassData:
    return _from_bunch("wine", skd.load_wine(), _WINE_NAMES)


def digits() -> ClassData:
    b = skd.load_digits()
    # Pixel names say where the pixel sits: "row 3, col 5".
    b.feature_names = [f"pixel r{r} c{c}" for r in range(8) for c in range(8)]
    return _from_bunch("digits", b, tuple(str(d) for d in range(10)),
                       images=np.asarray(b.images, dtype=np.float64))


def blob_names(n_classes: int) -> tuple[str, ...]:
    """Single letters sort the same way as text and as numbers, so codes follow A, B, C..."""
    return tuple(string.ascii_uppercase[:n_classes])


def blobs(n_classes: int = 4, n_samples: int = 400, spread: float = 1.0,
          seed: int = 0) -> ClassData:
    """Round clouds of 2-D points, one per class, centres and points drawn from `seed`."""
    lo, hi = BLOB_CLASSES
    if not lo <= n_classes <= hi:
        raise ValueError(f"blobs need between {lo} and {hi} classes, not {n_classes}")
    if not BLOB_SAMPLES[0] <= n_samples <= BLOB_SAMPLES[1]:
        raise ValueError(f"blobs need between {BLOB_SAMPLES[0]} and {BLOB_SAMPLES[1]} points")
    if not spread > 0:
        raise ValueError("the spread must be positive")
    X, target = skd.make_blobs(n_samples=n_samples, centers=n_classes, n_features=2,
                               cluster_std=spread, center_box=(-8.0, 8.0), random_state=seed)
    names = blob_names(n_classes)
    y = np.asarray(names, dtype=object)[target].astype(str)
    return ClassData("blobs", X.astype(np.float64), y, ("x1", "x2"), names)


def load(name: str, n_classes: int = 4, n_samples: int = 400, spread: float = 1.0,
         seed: int = 0) -> ClassData:
    """One dataset by name; the blob settings are ignored by the real datasets."""
    if name == "iris":
        return iris()
    if name == "wine":
        return wine()
    if name == "digits":
        return digits()
    if name == "blobs":
        return blobs(n_classes, n_samples, spread, seed)
    raise ValueError(f"unknown dataset {name!r}; choose one of {', '.join(DATASETS)}")


def class_counts(data: ClassData) -> dict[str, int]:
    """How many rows each class has, in class order."""
    return {c: int(np.sum(data.y == c)) for c in data.class_names}


def rows_frame(data: ClassData, rows) -> pd.DataFrame:
    """The given rows as a table: row number, class name, then the features."""
    rows = np.asarray(rows, dtype=np.int64)
    frame = pd.DataFrame(data.X[rows], columns=list(data.feature_names))
    frame.insert(0, "class", data.y[rows])
    frame.insert(0, "row", rows)
    return frame


_LOADERS = {"iris": "load_iris", "wine": "load_wine", "digits": "load_digits"}


def data_code(data: ClassData, n_samples: int = 400, spread: float = 1.0,
              seed: int = 0) -> str:
    """Python that rebuilds exactly these inputs X and class codes y with scikit-learn alone.

    The class names go through LabelEncoder on the way, as the lesson's first step does.
    """
    if data.name == "blobs":
        return (
            "from sklearn.datasets import make_blobs\n"
            "from sklearn.preprocessing import LabelEncoder\n\n"
            f"X, blob = make_blobs(n_samples={int(n_samples)}, centers={data.n_classes}, "
            f"n_features=2,\n                     cluster_std={float(spread)!r}, "
            f"center_box=(-8.0, 8.0), random_state={int(seed)})\n"
            f"names = np.array({list(data.class_names)!r})[blob]  # class names, as text\n"
            "# Encode the labels: each name becomes its position in the sorted names.\n"
            "y = LabelEncoder().fit_transform(names)"
        )
    full = load(data.name)
    columns = [full.feature_names.index(f) for f in data.feature_names]
    take = "" if columns == list(range(full.n_features)) else f"[:, {columns}]"
    names = ("data.target_names[data.target]" if data.name != "wine" else
             "np.array(['cultivar 1', 'cultivar 2', 'cultivar 3'])[data.target]")
    if data.name == "digits":
        names = "data.target.astype(str)"
    picked = f"  # {', '.join(data.feature_names)}" if take else ""
    return (
        f"from sklearn.datasets import {_LOADERS[data.name]}\n"
        "from sklearn.preprocessing import LabelEncoder\n\n"
        f"data = {_LOADERS[data.name]}()\n"
        f"X = data.data{take}{picked}\n"
        f"names = {names}  # class names, as text\n"
        "# Encode the labels: each name becomes its position in the sorted names.\n"
        "y = LabelEncoder().fit_transform(names)"
    )


def preview_rows(n_rows: int, k: int = 8, seed: int = 0) -> np.ndarray:
    """k row numbers drawn at random (seeded) from n_rows, sorted: a fair peek at the data."""
    rng = np.random.default_rng(int(seed))
    return np.sort(rng.choice(n_rows, size=min(int(k), n_rows), replace=False))
