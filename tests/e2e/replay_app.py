"""A test-only page: the replay component with synthetic frames, no torch and no training.

Query parameters: kind = probability | classes | scatter (default probability), frames (how
many, default 300), grid (cells per side, default 50), points (scatter points, default 300),
live=1 to mark the run as still training (a "More frames" button then appends 30 frames).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from nnviz.ui.replay import Frames, replay

params = st.query_params
kind = params.get("kind", "probability")
n_total = int(params.get("frames", 300))
grid = int(params.get("grid", 50))
n_points = int(params.get("points", 300))
live = params.get("live", "0") == "1"

st.title("Replay test page")

if live:
    shown = st.session_state.setdefault("shown", min(60, n_total))
    if st.button("More frames"):
        st.session_state["shown"] = shown = min(n_total, shown + 30)
else:
    shown = n_total

epochs = np.arange(1, n_total + 1)[:shown]
t = np.linspace(0.02, 1.0, n_total)[:shown]  # how far training has got, per frame
rng = np.random.default_rng(0)
history = pd.DataFrame({
    "epoch": epochs,
    "train_loss": 0.7 * np.exp(-4 * t) + 0.05,
    "val_loss": 0.72 * np.exp(-3.6 * t) + 0.08,
    "train_metric": 1 - 0.5 * np.exp(-5 * t),
    "val_metric": 1 - 0.52 * np.exp(-4.5 * t),
})

if kind == "scatter":
    actual = rng.normal(200, 60, n_points).astype(np.float32)
    noise = rng.normal(0, 60, n_points).astype(np.float32)
    start = float(actual.mean())
    predicted = (start + (actual - start) * t[:, None] + noise * (1 - t[:, None]))
    frames = Frames.scatter(epochs, actual, predicted.astype(np.float32))
    metric, percent = "MAE", False
    history["train_metric"] = 60 * np.exp(-3 * t)
    history["val_metric"] = 65 * np.exp(-2.8 * t)
else:
    axis = np.linspace(-3, 3, grid)
    gx, gy = np.meshgrid(axis, axis)  # row 0 = lowest y
    xy = rng.uniform(-3, 3, (200, 2))
    if kind == "classes":
        centres = np.array([[-1.5, -1.0], [1.5, -1.0], [0.0, 1.6]])
        d = -((gx[None, None] - centres[None, :, 0, None, None]) ** 2
              + (gy[None, None] - centres[None, :, 1, None, None]) ** 2)
        sharp = (0.2 + 3 * t)[:, None, None, None]
        scores = np.exp(sharp * d)
        proba = scores / scores.sum(axis=1, keepdims=True)
        values = proba.argmax(axis=1).astype(np.uint8)
        confidence = np.round(255 * (proba.max(axis=1) - 1 / 3) * 1.5).clip(0, 255)
        labels = (-((xy[:, None, :] - centres[None]) ** 2).sum(-1)).argmax(1)
        points = pd.DataFrame({"x": xy[:, 0], "y": xy[:, 1], "label": labels,
                               "part": np.where(np.arange(200) % 5 == 0, "val", "train")})
        frames = Frames.classes(epochs, values, confidence.astype(np.uint8),
                                x_range=(-3, 3), y_range=(-3, 3), points=points, n_classes=3)
    else:
        angle = (1 - t) * 1.2
        sharp = 0.3 + 4 * t
        z = sharp[:, None, None] * (np.cos(angle)[:, None, None] * gx
                                   + np.sin(angle)[:, None, None] * gy)
        values = np.round(255 / (1 + np.exp(-z))).astype(np.uint8)
        points = pd.DataFrame({"x": xy[:, 0], "y": xy[:, 1], "label": (xy[:, 0] > 0).astype(int),
                               "part": np.where(np.arange(200) % 5 == 0, "val", "train")})
        frames = Frames.probability(epochs, values, x_range=(-3, 3), y_range=(-3, 3),
                                    points=points)
    metric, percent = "accuracy", True

replay("replay_test", frames, history, total_epochs=n_total, metric_name=metric,
       percent=percent, complete=not live or shown >= n_total)
st.caption(f"{shown} of {n_total} frames sent")
