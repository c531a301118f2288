"""nnviz.ui.replay: the Frames checks, the payload's round trip, and the component on a page
(AppTest sees a v2 component as an element of type "bidi_component")."""

from __future__ import annotations

import json
import struct
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from nnviz.charts.palette import CLASS_COLORS
from nnviz.ui.replay import ALIGN, Frames, decode, encode

ROOT = Path(__file__).resolve().parents[3]


def history(n: int = 5) -> pd.DataFrame:
    return pd.DataFrame({
        "epoch": np.arange(1, n + 1),
        "train_loss": np.linspace(1, 0.1, n),
        "val_loss": [np.nan] + list(np.linspace(1.1, 0.2, n - 1)),
        "train_metric": np.linspace(0.5, 0.9, n),
        "val_metric": np.linspace(0.45, 0.85, n),
    })


def points(n: int = 6, k: int = 2) -> pd.DataFrame:
    rng = np.random.default_rng(1)
    return pd.DataFrame({"x": rng.normal(size=n), "y": rng.normal(size=n),
                         "label": np.arange(n) % k,
                         "part": ["train", "val"] * (n // 2)})


def probability(n: int = 4, h: int = 3, w: int = 5) -> Frames:
    values = np.arange(n * h * w, dtype=np.int64).reshape(n, h, w).astype(np.uint8)
    return Frames.probability(np.arange(1, n + 1) * 2, values, x_range=(-1, 1),
                              y_range=(-2, 2), points=points())


def classes(n: int = 3) -> Frames:
    values = (np.arange(n * 4 * 4).reshape(n, 4, 4) % 3).astype(np.uint8)
    conf = np.full((n, 4, 4), 200, np.uint8)
    return Frames.classes(np.arange(n), values, conf, x_range=(0, 1), y_range=(0, 1),
                          points=points(8, 3), n_classes=3)


def scatter(n: int = 3, m: int = 7) -> Frames:
    actual = np.linspace(0, 10, m)
    predicted = actual[None] * np.linspace(0, 1, n)[:, None]
    return Frames.scatter(np.arange(n), actual, predicted)


def payload(frames: Frames, **kw) -> bytes:
    args = {"total_epochs": 10, "metric_name": "accuracy", "percent": True, "complete": True}
    return encode(frames, history(), **{**args, **kw})


# ---- encoding ----------------------------------------------------------------------------------

def js_style_decode(blob: bytes) -> tuple[dict, dict]:
    """Byte by byte as replay.js reads it, independent of nnviz.ui.replay.decode."""
    assert blob[:4] == b"NNVR"
    head_len = struct.unpack_from("<I", blob, 4)[0]
    header = json.loads(blob[8:8 + head_len])
    body_start = 8 + head_len
    sizes = {"u1": (1, "<u1"), "i4": (4, "<i4"), "f4": (4, "<f4")}
    out = {}
    for name, (kind, offset, shape) in header["arrays"].items():
        size, dtype = sizes[kind]
        count = int(np.prod(shape)) if shape else 1
        start = body_start + offset
        out[name] = np.frombuffer(blob[start:start + count * size], dtype).reshape(shape)
    return header, out


@pytest.mark.parametrize("make", [probability, classes, scatter])
def test_round_trip(make):
    frames = make()
    blob = payload(frames)
    for header, arrays in (decode(blob), js_style_decode(blob)):
        assert header["kind"] == frames.kind
        assert header["n_frames"] == frames.n_frames
        assert header["total_epochs"] == 10 and header["percent"] is True
        np.testing.assert_array_equal(arrays["epochs"], frames.epochs)
        if frames.kind == "scatter":
            np.testing.assert_array_equal(arrays["actual"], frames.actual.astype(np.float32))
            np.testing.assert_array_equal(arrays["predicted"],
                                          frames.predicted.astype(np.float32))
            lo, hi = header["range"]
            assert lo < frames.actual.min() and hi > frames.actual.max()
        else:
            np.testing.assert_array_equal(arrays["values"], frames.values)
            assert header["grid"] == list(frames.values.shape[1:])
            np.testing.assert_array_equal(arrays["points_xy"], frames.points.xy)
            np.testing.assert_array_equal(arrays["points_label"], frames.points.label)
            np.testing.assert_array_equal(arrays["points_part"], [0, 1] * (len(frames.points) // 2))
            assert header["x_range"] == list(frames.x_range)
        if frames.kind == "classes":
            np.testing.assert_array_equal(arrays["confidence"], frames.confidence)
            assert header["colors"] == list(CLASS_COLORS[:3])
        hist = history()
        for c in hist.columns:
            np.testing.assert_array_equal(arrays[f"history_{c}"], hist[c].to_numpy("<f4"))
        assert np.isnan(arrays["history_val_loss"][0])


def test_arrays_are_aligned_and_compact():
    frames = probability(n=30, h=50, w=50)
    blob = payload(frames)
    head_len = struct.unpack_from("<I", blob, 4)[0]
    assert (8 + head_len) % ALIGN == 0
    header = json.loads(blob[8:8 + head_len])
    assert all(offset % ALIGN == 0 for _, offset, _ in header["arrays"].values())
    # Raw bytes, not JSON numbers: about one byte per grid cell.
    assert len(blob) < 30 * 50 * 50 + 4000


def test_points_and_parts_are_decoded():
    header, arrays = decode(payload(probability()))
    pts = points()
    np.testing.assert_allclose(arrays["points_xy"][:, 0], pts["x"], rtol=1e-6)
    np.testing.assert_allclose(arrays["points_xy"][:, 1], pts["y"], rtol=1e-6)


def test_empty_run_is_allowed_while_training():
    frames = Frames.probability(np.zeros(0, int), np.zeros((0, 4, 4), np.uint8),
                                x_range=(0, 1), y_range=(0, 1))
    header, arrays = decode(encode(frames, None, total_epochs=5, metric_name="accuracy",
                                   percent=True, complete=False))
    assert header["n_frames"] == 0 and header["complete"] is False
    assert arrays["values"].shape == (0, 4, 4)


# ---- validation --------------------------------------------------------------------------------

def grid(n=3, h=4, w=4, dtype=np.uint8):
    return np.zeros((n, h, w), dtype)


@pytest.mark.parametrize("make, message", [
    (lambda: Frames.probability(np.arange(3), grid(dtype=np.float32), x_range=(0, 1),
                                y_range=(0, 1)), "uint8"),
    (lambda: Frames.probability(np.arange(3), np.zeros((3, 16), np.uint8), x_range=(0, 1),
                                y_range=(0, 1)), "3 dimensions"),
    (lambda: Frames.probability(np.arange(4), grid(), x_range=(0, 1), y_range=(0, 1)),
     "values has 3 frames but epochs has 4"),
    (lambda: Frames.probability(np.array([1, 3, 2]), grid(), x_range=(0, 1), y_range=(0, 1)),
     "increase"),
    (lambda: Frames.probability(np.array([0.0, 1, 2]), grid(), x_range=(0, 1), y_range=(0, 1)),
     "whole numbers"),
    (lambda: Frames.probability(np.arange(3), grid(), x_range=(1, 0), y_range=(0, 1)),
     "low < high"),
    (lambda: Frames.probability(np.arange(3), grid(), x_range="ab", y_range=(0, 1)),
     "two numbers"),
    (lambda: Frames.probability(np.arange(3), grid(h=1), x_range=(0, 1), y_range=(0, 1)),
     "at least 2 x 2"),
    (lambda: Frames.probability(np.arange(3), grid(), x_range=(0, 1), y_range=(0, 1),
                                points=points(6, 3)), "only 2 classes"),
    (lambda: Frames.probability(np.arange(3), grid(), x_range=(0, 1), y_range=(0, 1),
                                points=points().drop(columns="part")), "part"),
    (lambda: Frames.probability(np.arange(3), grid(), x_range=(0, 1), y_range=(0, 1),
                                points=points().assign(part="test")), "'train' or 'val'"),
    (lambda: Frames.classes(np.arange(3), grid(), grid(h=5), x_range=(0, 1), y_range=(0, 1),
                            n_classes=3), "confidence has shape"),
    (lambda: Frames.classes(np.arange(3), grid() + 3, grid(), x_range=(0, 1), y_range=(0, 1),
                            n_classes=3), "only 3 colours"),
    (lambda: Frames("classes", np.arange(3), values=grid(), x_range=(0, 1), y_range=(0, 1)),
     "needs confidence"),
    (lambda: Frames.scatter(np.arange(3), np.arange(5.0), np.zeros((3, 4))),
     "4 points per frame but actual has 5"),
    (lambda: Frames.scatter(np.arange(2), np.arange(4.0), np.zeros((3, 4))),
     "predicted has 3 frames but epochs has 2"),
    (lambda: Frames.scatter(np.arange(3), np.array(["a", "b"]), np.zeros((3, 2))),
     "must hold numbers"),
    (lambda: Frames.scatter(np.arange(3), np.array([1.0, np.nan]), np.zeros((3, 2))),
     "finite"),
    (lambda: Frames("lines", np.arange(3)), "kind must be one of"),
])
def test_bad_frames_raise_plain_errors(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_bad_history_and_settings():
    frames = scatter()
    with pytest.raises(ValueError, match="missing the column"):
        encode(frames, history().drop(columns="val_metric"), total_epochs=3,
               metric_name="MAE", percent=False, complete=True)
    with pytest.raises(ValueError, match="total_epochs"):
        encode(frames, history(), total_epochs=0, metric_name="MAE", percent=False,
               complete=True)
    with pytest.raises(ValueError, match="Frames"):
        encode({"kind": "scatter"}, history(), total_epochs=3, metric_name="MAE",
               percent=False, complete=True)


def test_no_torch():
    assert "torch" not in {m.split(".")[0] for m in sys.modules if m.startswith("nnviz.ui.r")}
    import subprocess
    code = "import sys, nnviz.ui.replay; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == "False"


# ---- on a page ---------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["probability", "classes", "scatter"])
def test_component_on_the_test_page(kind):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "tests/e2e/replay_app.py"), default_timeout=60)
    at.query_params["kind"] = kind
    at.query_params["frames"] = "40"
    at.run()
    assert not at.exception
    (element,) = at.get("bidi_component")
    assert element.key == "replay_test"
    assert element.proto.component_name == "nnviz.replay"
    header, arrays = decode(element.proto.bytes)
    assert header["kind"] == kind
    assert header["n_frames"] == 40 and len(arrays["epochs"]) == 40
    assert header["complete"] is True
    assert len(arrays["history_epoch"]) == 40


def test_streaming_keeps_the_key_and_grows():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "tests/e2e/replay_app.py"), default_timeout=60)
    at.query_params["live"] = "1"
    at.query_params["frames"] = "100"
    at.run()
    first = at.get("bidi_component")[0]
    header, _ = decode(first.proto.bytes)
    assert (header["n_frames"], header["complete"]) == (60, False)
    at.button[0].click().run()
    again = at.get("bidi_component")[0]
    header, _ = decode(again.proto.bytes)
    assert (header["n_frames"], header["complete"]) == (90, False)
    assert again.proto.id == first.proto.id  # same element: the browser keeps its player
