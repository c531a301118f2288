"""Decision boundaries over a 2-D input plane, for two classes or many.

    from nnviz.plane import plane_around, evaluate
    from nnviz.charts.boundary import points_frame, boundary_chart

    plane = plane_around(X)                        # X: (n, 2)
    proba = evaluate(plane, predict_proba)         # (cells,) for binary, (cells, k) multi-class
    pts = points_frame(X, y, class_names, split)   # split: "train" / "validation" per row
    chart = boundary_chart(plane, proba, pts, class_names)

- Binary (`proba` 1-D, the probability of the second class): a heatmap from the first class's
  colour through white at `threshold` to the second class's colour, and the boundary line where
  the probability crosses the threshold.
- Multi-class (`proba` (cells, k)): each cell shaded by its argmax class; with
  `confidence=True` the shade's opacity grows with the winning probability. The boundary line
  follows the edges between regions.
- Points on top, coloured by their true class, shaped by split (circle = train,
  triangle = validation). Points the model gets wrong (pass `predicted` to points_frame) get a
  dark ring.
- `select_points="name"` adds a click selection on the points (field "row", the row index of
  X), for `st.altair_chart(..., on_select="rerun")`.

Pure functions: data in, Altair chart out; no streamlit, no torch.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd

from nnviz.plane import Plane, edge_segments

# Class colours, strong enough for points; the regions use them with low opacity.
CLASS_COLORS = ("#2563eb", "#f97316", "#16a34a", "#dc2626", "#9333ea",
                "#0891b2", "#ca8a04", "#db2777", "#4b5563", "#65a30d")
# The binary heatmap's ends: light versions of the first two class colours.
BINARY_FILL = ("#93c5fd", "#ffffff", "#fdba74")
SPLIT_SHAPES = {"train": "circle", "validation": "triangle-up"}


def class_colors(n: int) -> list[str]:
    """One colour per class, cycling through the palette for more than ten classes."""
    return [CLASS_COLORS[i % len(CLASS_COLORS)] for i in range(int(n))]


def default_names(n: int) -> list[str]:
    return [f"class {i}" for i in range(int(n))]


def points_frame(X: np.ndarray, y: np.ndarray, class_names: Sequence[str] | None = None,
                 split: Sequence[str] | None = None,
                 predicted: np.ndarray | None = None) -> pd.DataFrame:
    """The points to draw: columns row, x1, x2, label (class name), split, and correct.

    `y` and `predicted` hold integer class indices; `class_names[i]` names class i.
    `correct` is True everywhere when `predicted` is not given.
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y).astype(int).ravel()
    if X.ndim != 2 or X.shape[1] != 2 or len(X) != len(y):
        raise ValueError("points_frame needs X of shape (n, 2) and n labels.")
    n_classes = int(y.max()) + 1 if len(y) else 2
    names = list(class_names) if class_names is not None else default_names(max(2, n_classes))
    frame = pd.DataFrame({
        "row": np.arange(len(y)),
        "x1": X[:, 0],
        "x2": X[:, 1],
        "label": [names[i] for i in y],
        "split": list(split) if split is not None else ["train"] * len(y),
    })
    if predicted is not None:
        frame["correct"] = np.asarray(predicted).astype(int).ravel() == y
    else:
        frame["correct"] = True
    return frame


def _axes(plane: Plane, axis_titles: Sequence[str]):
    x = alt.X("x:Q", title=axis_titles[0],
              scale=alt.Scale(domain=list(plane.x_range), nice=False, zero=False))
    y = alt.Y("y:Q", title=axis_titles[1],
              scale=alt.Scale(domain=list(plane.y_range), nice=False, zero=False))
    return x, y


def _boundary_layer(plane: Plane, labels: np.ndarray, axis_titles) -> alt.Chart | None:
    segments = edge_segments(plane, labels)
    if segments.empty:
        return None
    x, y = _axes(plane, axis_titles)
    return alt.Chart(segments).mark_rule(color="#0f172a", strokeWidth=2).encode(
        x=x, y=y, x2="x_end:Q", y2="y_end:Q")


def _points_layer(points: pd.DataFrame, names: list[str], colors: list[str],
                  plane: Plane, axis_titles, select_points: str | None) -> alt.Chart:
    # Labels the caller did not name still get a colour of their own (never a blank fill).
    extra = [label for label in dict.fromkeys(points["label"]) if label not in names]
    names = list(names) + extra
    colors = class_colors(len(names)) if extra else colors
    x_scale = alt.Scale(domain=list(plane.x_range), nice=False, zero=False)
    y_scale = alt.Scale(domain=list(plane.y_range), nice=False, zero=False)
    tooltip = [alt.Tooltip("row:Q", title="row"), alt.Tooltip("label:N", title="class"),
               alt.Tooltip("split:N"), alt.Tooltip("x1:Q", format=".3f"),
               alt.Tooltip("x2:Q", format=".3f")]
    if "correct" in points:
        tooltip.append(alt.Tooltip("correct:N", title="predicted right"))
    splits = [s for s in SPLIT_SHAPES if s in set(points["split"])] or list(SPLIT_SHAPES)
    layer = alt.Chart(points).mark_point(filled=True, size=55, clip=True).encode(
        x=alt.X("x1:Q", title=axis_titles[0], scale=x_scale),
        y=alt.Y("x2:Q", title=axis_titles[1], scale=y_scale),
        # fill, not color: color would also set the stroke that marks wrong predictions.
        fill=alt.Fill("label:N", title="true class",
                      scale=alt.Scale(domain=names, range=colors)),
        shape=alt.Shape("split:N", title="split",
                        scale=alt.Scale(domain=splits,
                                        range=[SPLIT_SHAPES[s] for s in splits])),
        stroke=alt.condition("datum.correct", alt.value("#ffffff"), alt.value("#0f172a")),
        strokeWidth=alt.condition("datum.correct", alt.value(0.6), alt.value(2.2)),
        tooltip=tooltip,
    )
    if select_points:
        selection = alt.selection_point(name=select_points, fields=["row"], on="click")
        layer = layer.add_params(selection).encode(
            size=alt.condition(selection, alt.value(55), alt.value(30)))
    return layer


def probability_map(plane: Plane, proba: np.ndarray, points: pd.DataFrame | None = None,
                    class_names: Sequence[str] = ("class 0", "class 1"),
                    threshold: float = 0.5, axis_titles: Sequence[str] = ("x1", "x2"),
                    select_points: str | None = None, height: int = 380,
                    title: str | None = None) -> alt.LayerChart:
    """Binary: the probability of `class_names[1]` over the plane, white at the threshold."""
    proba = np.asarray(proba, dtype=float).ravel()
    if proba.shape[0] != plane.size:
        raise ValueError("proba needs one value per plane cell.")
    names = list(class_names)
    cells = plane.cells()
    cells["p"] = proba
    x, y = _axes(plane, axis_titles)
    t = float(np.clip(threshold, 1e-6, 1 - 1e-6))
    heat = alt.Chart(cells).mark_rect(opacity=0.9).encode(
        x=x, x2="x_end:Q", y=y, y2="y_end:Q",
        # color (not fill) keeps this scale apart from the points' class fill scale.
        color=alt.Color("p:Q", title=f"P({names[1]})",
                        scale=alt.Scale(domain=[0, t, 1], range=list(BINARY_FILL)),
                        legend=alt.Legend(format=".1f", gradientLength=120)),
        tooltip=[alt.Tooltip("cx:Q", title=axis_titles[0], format=".2f"),
                 alt.Tooltip("cy:Q", title=axis_titles[1], format=".2f"),
                 alt.Tooltip("p:Q", title=f"P({names[1]})", format=".3f")],
    )
    layers = [heat]
    line = _boundary_layer(plane, proba >= t, axis_titles)
    if line is not None:
        layers.append(line)
    if points is not None and len(points):
        layers.append(_points_layer(points, names, class_colors(2), plane, axis_titles,
                                    select_points))
    chart = alt.layer(*layers).resolve_scale(color="independent", fill="independent")
    return chart.properties(height=height, title=title or "")


def region_map(plane: Plane, proba: np.ndarray, points: pd.DataFrame | None = None,
               class_names: Sequence[str] | None = None, confidence: bool = True,
               axis_titles: Sequence[str] = ("x1", "x2"), select_points: str | None = None,
               height: int = 380, title: str | None = None) -> alt.LayerChart:
    """Multi-class: each cell shaded by its most likely class (opacity = confidence if asked)."""
    proba = np.asarray(proba, dtype=float)
    if proba.ndim != 2 or proba.shape[0] != plane.size:
        raise ValueError("proba needs shape (plane cells, classes).")
    k = proba.shape[1]
    names = list(class_names) if class_names is not None else default_names(k)
    colors = class_colors(k)
    winner = proba.argmax(axis=1)
    cells = plane.cells()
    cells["predicted"] = [names[i] for i in winner]
    cells["confidence"] = proba.max(axis=1)
    x, y = _axes(plane, axis_titles)
    opacity = (alt.Opacity("confidence:Q", legend=None,
                           scale=alt.Scale(domain=[1.0 / k, 1.0], range=[0.05, 0.45]))
               if confidence else alt.value(0.35))
    regions = alt.Chart(cells).mark_rect().encode(
        x=x, x2="x_end:Q", y=y, y2="y_end:Q",
        color=alt.Color("predicted:N", title="predicted class",
                        scale=alt.Scale(domain=names, range=colors)),
        opacity=opacity,
        tooltip=[alt.Tooltip("cx:Q", title=axis_titles[0], format=".2f"),
                 alt.Tooltip("cy:Q", title=axis_titles[1], format=".2f"),
                 alt.Tooltip("predicted:N", title="predicted class"),
                 alt.Tooltip("confidence:Q", format=".3f")],
    )
    layers = [regions]
    line = _boundary_layer(plane, winner, axis_titles)
    if line is not None:
        layers.append(line)
    if points is not None and len(points):
        layers.append(_points_layer(points, names, colors, plane, axis_titles, select_points))
    chart = alt.layer(*layers).resolve_scale(color="independent", fill="independent")
    return chart.properties(height=height, title=title or "")


def boundary_chart(plane: Plane, proba: np.ndarray, points: pd.DataFrame | None = None,
                   class_names: Sequence[str] | None = None, threshold: float = 0.5,
                   confidence: bool = True, axis_titles: Sequence[str] = ("x1", "x2"),
                   select_points: str | None = None, height: int = 380,
                   title: str | None = None) -> alt.LayerChart:
    """probability_map for 1-D `proba` (or (cells, 1) / (cells, 2)), else region_map.

    (cells, 2) probabilities are drawn as binary with column 1 as the positive class.
    """
    proba = np.asarray(proba, dtype=float)
    if proba.ndim == 2 and proba.shape[1] in (1, 2):
        proba = proba[:, -1]
    if proba.ndim == 1:
        names = list(class_names) if class_names is not None else default_names(2)
        return probability_map(plane, proba, points, names, threshold, axis_titles,
                               select_points, height, title)
    return region_map(plane, proba, points, class_names, confidence, axis_titles,
                      select_points, height, title)
