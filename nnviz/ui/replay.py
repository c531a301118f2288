"""Replay a training run in the browser: one canvas component that gets the run's frames and
plays them itself, with no trip to the server per frame.

    from nnviz.ui.replay import Frames, replay

    frames = Frames.probability(epochs, values, x_range=(-3, 3), y_range=(-3, 3), points=pts)
    replay("bin_replay", frames, history, total_epochs=100, metric_name="accuracy",
           percent=True, complete=not still_training)

Three kinds of picture (see `Frames`):
- "probability" (two classes): P(class 1) on a grid, as a blue-white-orange map, with the
  points on top (a shape per class; solid = training, open = validation);
- "classes" (several classes): each cell in its class's colour, paler where the model is
  unsure, points on top;
- "scatter" (regression): predicted against actual per point, moving towards y = x.

Beside the picture, the loss and metric curves grow up to the frame's epoch, with
"Epoch 37 of 100" above. Play / pause, a scrubbing slider and a speed choice, all keyboard
operable. While `complete` is False, playing at the last frame waits for more frames (the page
calls `replay` again with more frames, same key) instead of stopping.

The payload is one `bytes` object (see `encode`): a small JSON header and the raw
little-endian arrays, so 300 frames of a 50 x 50 grid cost 750 kB, not megabytes of JSON.
This module imports streamlit, numpy and pandas, never torch.
"""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
import streamlit as st

from nnviz.charts.palette import CLASS_COLORS  # the pages' class colours

Kind = Literal["probability", "classes", "scatter"]
KINDS = ("probability", "classes", "scatter")

PARTS = ("train", "val")
HISTORY_COLUMNS = ("epoch", "train_loss", "val_loss", "train_metric", "val_metric")

MAGIC = b"NNVR"
VERSION = 1
ALIGN = 8  # every array starts on a multiple of 8 bytes in the body

_ASSETS = Path(__file__).with_name("replay_assets")
_component = st.components.v2.component(
    "nnviz.replay",
    html='<div class="nnviz-replay" data-frame="0" data-fps="0"></div>',
    css=(_ASSETS / "replay.css").read_text(encoding="utf-8"),
    js=(_ASSETS / "replay.js").read_text(encoding="utf-8"),
    isolate_styles=True,
)


def _uint8(name: str, a: Any, ndim: int) -> np.ndarray:
    arr = np.asarray(a)
    if arr.dtype != np.uint8:
        raise ValueError(f"{name} must be a uint8 array, not {arr.dtype}.")
    if arr.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimensions, not {arr.ndim} "
                         f"(shape {arr.shape}).")
    return np.ascontiguousarray(arr)


def _floats(name: str, a: Any, ndim: int) -> np.ndarray:
    arr = np.asarray(a)
    if not (np.issubdtype(arr.dtype, np.floating) or np.issubdtype(arr.dtype, np.integer)):
        raise ValueError(f"{name} must hold numbers, not {arr.dtype}.")
    if arr.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimensions, not {arr.ndim} "
                         f"(shape {arr.shape}).")
    return np.ascontiguousarray(arr, dtype="<f4")


def _range(name: str, r: Any) -> tuple[float, float]:
    try:
        lo, hi = (float(v) for v in r)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be two numbers (low, high).") from None
    if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
        raise ValueError(f"{name} must be two finite numbers with low < high, not {r}.")
    return lo, hi


@dataclass(frozen=True, eq=False)
class Points:
    """Dots drawn over a 2-D picture: x, y (float32), label (class index) and part
    (0 = training, 1 = validation), all of length n."""

    xy: np.ndarray      # (n, 2) float32
    label: np.ndarray   # (n,) uint8
    part: np.ndarray    # (n,) uint8

    @classmethod
    def from_frame(cls, df: pd.DataFrame | None) -> Points:
        """From a DataFrame with columns x, y, label (0..K-1) and part ("train" / "val")."""
        if df is None:
            return cls(np.zeros((0, 2), "<f4"), np.zeros(0, np.uint8), np.zeros(0, np.uint8))
        if not isinstance(df, pd.DataFrame):
            raise ValueError("points must be a DataFrame with columns x, y, label, part.")
        missing = [c for c in ("x", "y", "label", "part") if c not in df.columns]
        if missing:
            raise ValueError(f"points is missing the column(s) {', '.join(missing)}.")
        xy = np.column_stack([_floats("points.x", df["x"], 1), _floats("points.y", df["y"], 1)])
        labels = np.asarray(df["label"])
        if len(labels) and (not np.issubdtype(labels.dtype, np.integer)
                            or labels.min() < 0 or labels.max() > 255):
            raise ValueError("points.label must hold whole numbers from 0 to 255.")
        parts = df["part"].astype(str).to_numpy()
        bad = sorted(set(parts) - set(PARTS))
        if bad:
            raise ValueError(f"points.part must be 'train' or 'val', not {bad[0]!r}.")
        return cls(np.ascontiguousarray(xy, "<f4"), labels.astype(np.uint8),
                   (parts == "val").astype(np.uint8))

    def __len__(self) -> int:
        return len(self.label)


@dataclass(frozen=True, eq=False)
class Frames:
    """A run's pictures, one per frame. Build one with `Frames.probability`,
    `Frames.classes` or `Frames.scatter`; the constructor checks shapes and dtypes and raises
    ValueError with a plain message.

    Fields:
    - kind: "probability", "classes" or "scatter";
    - epochs: int (n_frames,), the epoch each frame shows, increasing (every k-th is fine);
    - values: uint8 (n_frames, H, W): round(255 * P(class 1)) for "probability", the class
      index for "classes"; row 0 is the lowest y, column 0 the lowest x;
    - confidence: uint8 (n_frames, H, W), "classes" only: 255 = sure, 0 = not at all;
    - x_range, y_range: the plane the grid covers (cell centres span it edge to edge);
    - points: `Points` drawn over the grid;
    - colors: one CSS hex colour per class (Okabe-Ito by default);
    - actual: float32 (n_points,), predicted: float32 (n_frames, n_points), "scatter" only.
    """

    kind: Kind
    epochs: np.ndarray
    values: np.ndarray | None = None
    confidence: np.ndarray | None = None
    x_range: tuple[float, float] | None = None
    y_range: tuple[float, float] | None = None
    points: Points | None = None
    colors: tuple[str, ...] = CLASS_COLORS
    actual: np.ndarray | None = None
    predicted: np.ndarray | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {self.kind!r}.")
        epochs = np.asarray(self.epochs)
        if epochs.ndim != 1 or (len(epochs) and not np.issubdtype(epochs.dtype, np.integer)):
            raise ValueError("epochs must be a 1-D array of whole numbers.")
        if len(epochs) > 1 and np.any(np.diff(epochs) <= 0):
            raise ValueError("epochs must increase from frame to frame.")
        if len(epochs) and epochs.min() < 0:
            raise ValueError("epochs must not be negative.")
        set_ = object.__setattr__
        set_(self, "epochs", np.ascontiguousarray(epochs, "<i4"))
        n = len(epochs)
        colors = tuple(str(c) for c in self.colors)
        if not colors or any(not (c.startswith("#") and len(c) == 7) for c in colors):
            raise ValueError("colors must be CSS hex colours like '#0072B2'.")
        set_(self, "colors", colors)
        if self.kind == "scatter":
            self._check_scatter(n)
        else:
            self._check_grid(n)

    def _check_grid(self, n: int) -> None:
        set_ = object.__setattr__
        if self.values is None:
            raise ValueError(f"a {self.kind!r} replay needs values (n_frames, H, W).")
        values = _uint8("values", self.values, 3)
        if values.shape[0] != n:
            raise ValueError(f"values has {values.shape[0]} frames but epochs has {n}.")
        if values.shape[1] < 2 or values.shape[2] < 2:
            raise ValueError(f"the grid must be at least 2 x 2, not {values.shape[1:]}.")
        set_(self, "values", values)
        if self.x_range is None or self.y_range is None:
            raise ValueError(f"a {self.kind!r} replay needs x_range and y_range.")
        set_(self, "x_range", _range("x_range", self.x_range))
        set_(self, "y_range", _range("y_range", self.y_range))
        points = self.points if isinstance(self.points, Points) else Points.from_frame(
            self.points)
        set_(self, "points", points)
        n_classes = 2 if self.kind == "probability" else len(self.colors)
        if len(points) and int(points.label.max()) >= n_classes:
            raise ValueError(f"points.label goes up to {int(points.label.max())}, but there "
                             f"are only {n_classes} classes.")
        if self.kind == "probability":
            if len(self.colors) < 2:
                raise ValueError("a 'probability' replay needs two colours.")
            if self.confidence is not None:
                raise ValueError("confidence is for 'classes' replays only.")
            return
        if self.confidence is None:
            raise ValueError("a 'classes' replay needs confidence (n_frames, H, W).")
        confidence = _uint8("confidence", self.confidence, 3)
        if confidence.shape != values.shape:
            raise ValueError(f"confidence has shape {confidence.shape} but values has "
                             f"{values.shape}.")
        set_(self, "confidence", confidence)
        if values.size and int(values.max()) >= len(self.colors):
            raise ValueError(f"values holds class {int(values.max())}, but only "
                             f"{len(self.colors)} colours are given.")

    def _check_scatter(self, n: int) -> None:
        set_ = object.__setattr__
        if self.actual is None or self.predicted is None:
            raise ValueError("a 'scatter' replay needs actual (n_points,) and predicted "
                             "(n_frames, n_points).")
        actual = _floats("actual", self.actual, 1)
        predicted = _floats("predicted", self.predicted, 2)
        if predicted.shape[0] != n:
            raise ValueError(f"predicted has {predicted.shape[0]} frames but epochs has {n}.")
        if predicted.shape[1] != len(actual):
            raise ValueError(f"predicted has {predicted.shape[1]} points per frame but actual "
                             f"has {len(actual)}.")
        if len(actual) == 0:
            raise ValueError("a 'scatter' replay needs at least one point.")
        if not np.all(np.isfinite(actual)):
            raise ValueError("actual must hold finite numbers.")
        set_(self, "actual", actual)
        set_(self, "predicted", predicted)

    @property
    def n_frames(self) -> int:
        return len(self.epochs)

    @classmethod
    def probability(cls, epochs: Any, values: Any, *, x_range: tuple[float, float],
                    y_range: tuple[float, float], points: pd.DataFrame | None = None,
                    colors: tuple[str, ...] = CLASS_COLORS[:2]) -> Frames:
        """Two classes: `values` uint8 (n_frames, H, W) = round(255 * P(class 1)); `points`
        a DataFrame with columns x, y, label (0 / 1), part ("train" / "val")."""
        return cls("probability", epochs, values=values, x_range=x_range, y_range=y_range,
                   points=points, colors=colors)

    @classmethod
    def classes(cls, epochs: Any, values: Any, confidence: Any, *,
                x_range: tuple[float, float], y_range: tuple[float, float],
                points: pd.DataFrame | None = None, n_classes: int | None = None,
                colors: tuple[str, ...] | None = None) -> Frames:
        """Several classes: `values` uint8 class index and `confidence` uint8 (255 = sure),
        both (n_frames, H, W). Colours: the first `n_classes` Okabe-Ito ones unless given."""
        if colors is None:
            k = n_classes if n_classes is not None else len(CLASS_COLORS)
            if not 1 <= k <= len(CLASS_COLORS):
                raise ValueError(f"pass colors for more than {len(CLASS_COLORS)} classes.")
            colors = CLASS_COLORS[:k]
        return cls("classes", epochs, values=values, confidence=confidence, x_range=x_range,
                   y_range=y_range, points=points, colors=colors)

    @classmethod
    def scatter(cls, epochs: Any, actual: Any, predicted: Any) -> Frames:
        """Regression: `actual` (n_points,), `predicted` (n_frames, n_points)."""
        return cls("scatter", epochs, actual=actual, predicted=predicted)


def _history_columns(history: pd.DataFrame | None) -> dict[str, np.ndarray]:
    if history is None:
        history = pd.DataFrame({c: [] for c in HISTORY_COLUMNS})
    if not isinstance(history, pd.DataFrame):
        raise ValueError("history must be a DataFrame.")
    missing = [c for c in HISTORY_COLUMNS if c not in history.columns]
    if missing:
        raise ValueError(f"history is missing the column(s) {', '.join(missing)}.")
    out = {}
    for c in HISTORY_COLUMNS:
        col = pd.to_numeric(history[c], errors="coerce").to_numpy(dtype="<f4", na_value=np.nan)
        out[c] = np.ascontiguousarray(col)
    if len(out["epoch"]) and not np.all(np.isfinite(out["epoch"])):
        raise ValueError("history.epoch must hold numbers on every row.")
    return out


def _scatter_range(frames: Frames) -> tuple[float, float]:
    """One range for both axes, from the actual values and the predictions (the predictions
    clipped: one wild early frame must not squash the rest)."""
    actual = frames.actual
    lo, hi = float(actual.min()), float(actual.max())
    pred = frames.predicted[np.isfinite(frames.predicted)]
    if pred.size:
        p_lo, p_hi = np.percentile(pred, [1, 99])
        lo, hi = min(lo, float(p_lo)), max(hi, float(p_hi))
    if hi - lo < 1e-9:
        lo, hi = lo - 1, hi + 1
    pad = 0.05 * (hi - lo)
    return lo - pad, hi + pad


def encode(frames: Frames, history: pd.DataFrame | None, *, total_epochs: int,
           metric_name: str, percent: bool, complete: bool, height: int = 360) -> bytes:
    """The component's payload: b"NNVR", a uint32 (little-endian) header length, the JSON
    header, padding to a multiple of 8, then the arrays one after another (each starting on a
    multiple of 8). header["arrays"][name] = [dtype, byte offset in the body, shape]; dtypes
    are "u1", "i4" or "f4", little-endian. `decode` reads it back the way the browser does."""
    if not isinstance(frames, Frames):
        raise ValueError("frames must be a Frames (see Frames.probability / classes / scatter).")
    if int(total_epochs) < 1:
        raise ValueError("total_epochs must be at least 1.")
    if int(height) < 120:
        raise ValueError("height must be at least 120 pixels.")
    hist = _history_columns(history)
    arrays: dict[str, np.ndarray] = {"epochs": frames.epochs}
    header: dict[str, Any] = {
        "version": VERSION, "kind": frames.kind, "n_frames": frames.n_frames,
        "total_epochs": int(total_epochs), "metric_name": str(metric_name),
        "percent": bool(percent), "complete": bool(complete), "height": int(height),
        "colors": list(frames.colors),
    }
    if frames.kind == "scatter":
        arrays["actual"] = frames.actual
        arrays["predicted"] = frames.predicted
        header["range"] = list(_scatter_range(frames))
    else:
        arrays["values"] = frames.values
        if frames.confidence is not None:
            arrays["confidence"] = frames.confidence
        header["x_range"] = list(frames.x_range)
        header["y_range"] = list(frames.y_range)
        header["grid"] = [int(frames.values.shape[1]), int(frames.values.shape[2])]  # H, W
        arrays["points_xy"] = frames.points.xy
        arrays["points_label"] = frames.points.label
        arrays["points_part"] = frames.points.part
    for c in HISTORY_COLUMNS:
        arrays[f"history_{c}"] = hist[c]

    body = bytearray()
    header["arrays"] = {}
    for name, arr in arrays.items():
        kind = {np.dtype(np.uint8): "u1", np.dtype("<i4"): "i4", np.dtype("<f4"): "f4"}[
            arr.dtype]
        body.extend(b"\0" * (-len(body) % ALIGN))
        header["arrays"][name] = [kind, len(body), list(arr.shape)]
        body.extend(arr.tobytes())
    head = json.dumps(header, separators=(",", ":")).encode()
    head += b" " * (-(len(MAGIC) + 4 + len(head)) % ALIGN)
    return MAGIC + struct.pack("<I", len(head)) + head + bytes(body)


def decode(payload: bytes) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """Read a payload back into (header, arrays), step by step as replay.js does: check the
    magic, read the header length, parse the JSON, then view each array at its offset."""
    if payload[:4] != MAGIC:
        raise ValueError("not a replay payload.")
    (n,) = struct.unpack("<I", payload[4:8])
    header = json.loads(payload[8:8 + n].decode())
    body = memoryview(payload)[8 + n:]
    out = {}
    for name, (kind, offset, shape) in header["arrays"].items():
        dtype = np.dtype({"u1": "u1", "i4": "<i4", "f4": "<f4"}[kind])
        count = int(np.prod(shape)) if shape else 1
        out[name] = np.frombuffer(body, dtype, count, offset).reshape(shape)
    return header, out


def replay(key: str, frames: Frames, history: pd.DataFrame | None, *, total_epochs: int,
           metric_name: str, percent: bool, complete: bool, height: int = 360) -> None:
    """Mount the replay for `frames` under `key` (stable per page: calling again with more
    frames and the same key keeps the viewer's position and carries on playing).

    `history` has columns epoch, train_loss, val_loss, train_metric, val_metric (val may be
    NaN); the curves grow up to the current frame's epoch. `metric_name` labels the second
    curve ("accuracy", "MAE"...); `percent=True` shows it as 0-100 %. `complete=False` means
    the run is still training: at the last frame the replay waits for more. `height` is the
    height of the picture in CSS pixels (the controls come below).
    """
    payload = encode(frames, history, total_epochs=total_epochs, metric_name=metric_name,
                     percent=percent, complete=complete, height=height)
    _component(key=key, data=payload, width="stretch", height="content")
