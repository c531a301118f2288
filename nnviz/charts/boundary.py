"""Decision boundaries over a 2-D input plane, for two classes or many.

    from nnviz.core.plane import plane_around, evaluate
    from nnviz.charts.boundary import points_frame, boundary_chart

    plane = plane_around(X)                        # X: (n, 2)
    proba = evaluate(plane, predict_proba)         # (cells,) for binary, (cells, k) multi-class
    pts = points_frame(X, y, class_names, split)   # split: "train" / "validation" per row
    chart = boundary_chart(plane, proba, pts, class_names)   # an Altair chart, or
    spec = boundary_spec(plane, proba, pts, class_names)     # a dict, fast on every rerun:
    st.vega_lite_chart(spec, width="stretch")                # (on_select works with both)

- Binary (`proba` 1-D, the probability of the second class): a heatmap from the first class's
  colour through white at `threshold` to the second class's colour, and the boundary line where
  the probability crosses the threshold.
- Multi-class (`proba` (cells, k)): each cell shaded by its argmax class; with
  `confidence=True` the shade's opacity grows with the winning probability. The boundary line
  follows the edges between regions.
- Points on top, coloured and shaped by their true class (the shape is a second cue for anyone
  who cannot tell the colours apart), solid for training rows and open (a pale fill inside
  the class colour) for validation rows. Points the model gets wrong (pass `predicted` to
  points_frame) get a dark ring.
- `select_points="name"` adds a click selection on the points (field "row", the row index of
  X), for `st.altair_chart(..., on_select="rerun")` or `st.vega_lite_chart(...)`.

Pure functions: data in, Altair chart out; no streamlit, no torch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import altair as alt
import numpy as np
import pandas as pd

from nnviz.charts.palette import class_colors, class_shapes
from nnviz.charts.template import FIT_WIDTH, fill
from nnviz.core.plane import Plane, edge_segments

# The binary heatmap's ends: light versions of the first two class colours.
BINARY_FILL = ("#8cc0dc", "#ffffff", "#f4d48c")
# Blend colours in RGB: Vega's default (HCL) leaves white at full chroma, so values just off
# the middle turn saturated pale yellow or cyan and "unsure" no longer looks white.
BLEND = "rgb"
# Validation points are drawn open: a pale fill (this opacity of the class colour) in a ring of
# the class colour.
SPLIT_FILL_OPACITY = {"train": 1.0, "validation": 0.2}


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


# Axes follow the data (the grid's cells reach the plane's edges): no explicit domain, so one
# built spec serves every dataset and only the data changes between reruns.
_X_SCALE = alt.Scale(nice=False, zero=False, padding=0)
_Y_SCALE = alt.Scale(nice=False, zero=False, padding=0)


@dataclass(frozen=True)
class _Look:
    """Everything about a boundary chart except its data: the template's cache key."""

    binary: bool
    names: tuple[str, ...]
    threshold: float
    confidence: bool
    axis_titles: tuple[str, str]
    select_points: str | None
    height: int
    title: str
    with_points: bool
    with_line: bool
    with_correct: bool


def _cell_axes(look: _Look):
    return (alt.X("x:Q", title=look.axis_titles[0], scale=_X_SCALE),
            alt.Y("y:Q", title=look.axis_titles[1], scale=_Y_SCALE))


def _background(look: _Look, cells) -> alt.Chart:
    x, y = _cell_axes(look)
    where = [alt.Tooltip("cx:Q", title=look.axis_titles[0], format=".2f"),
             alt.Tooltip("cy:Q", title=look.axis_titles[1], format=".2f")]
    if look.binary:
        label = f"P({look.names[1]})"
        # color (not fill) keeps this scale apart from the points' class fill scale.
        return alt.Chart(cells).mark_rect(opacity=0.9).encode(
            x=x, x2="x_end:Q", y=y, y2="y_end:Q",
            color=alt.Color("p:Q", title=label,
                            scale=alt.Scale(domain=[0, look.threshold, 1],
                                            range=list(BINARY_FILL), interpolate=BLEND),
                            legend=alt.Legend(format=".1f", gradientLength=120)),
            tooltip=[*where, alt.Tooltip("p:Q", title=label, format=".3f")],
        )
    k = len(look.names)
    opacity = (alt.Opacity("confidence:Q", legend=None,
                           scale=alt.Scale(domain=[1.0 / k, 1.0], range=[0.05, 0.45]))
               if look.confidence else alt.value(0.35))
    return alt.Chart(cells).mark_rect().encode(
        x=x, x2="x_end:Q", y=y, y2="y_end:Q",
        color=alt.Color("predicted:N", title="predicted class",
                        scale=alt.Scale(domain=list(look.names),
                                        range=class_colors(k))),
        opacity=opacity,
        tooltip=[*where, alt.Tooltip("predicted:N", title="predicted class"),
                 alt.Tooltip("confidence:Q", format=".3f")],
    )


def _line(look: _Look, segments) -> alt.Chart:
    x, y = _cell_axes(look)
    # The line only traces the regions' edges, which the regions already say (and hundreds of
    # segments would each be read out): hidden from screen readers.
    return alt.Chart(segments).mark_rule(color="#0f172a", strokeWidth=2, aria=False).encode(
        x=x, y=y, x2="x_end:Q", y2="y_end:Q")


def _dots(look: _Look, points) -> alt.Chart:
    tooltip = [alt.Tooltip("row:Q", title="row"), alt.Tooltip("label:N", title="class"),
               alt.Tooltip("split:N"), alt.Tooltip("x1:Q", format=".3f"),
               alt.Tooltip("x2:Q", format=".3f")]
    if look.with_correct:
        tooltip.append(alt.Tooltip("correct:N", title="predicted right"))
    splits = list(SPLIT_FILL_OPACITY)
    names = list(look.names)
    colors = alt.Scale(domain=names, range=class_colors(len(names)))
    # Fill, shape and stroke share one field, domain and title, so Vega-Lite draws one legend
    # with both cues (a `legend=None` on any of them, or a layer-independent fill scale, split
    # it and drops the shapes). Vega-Lite draws no legend for fillOpacity: the title says it.
    title = ["true class", "solid: training", "open: validation"]  # lines, none cut off
    # fill and stroke, not color: a wrong prediction's stroke is a dark ring instead.
    layer = alt.Chart(points).mark_point(filled=True, size=60, clip=True).encode(
        x=alt.X("x1:Q", title=look.axis_titles[0], scale=_X_SCALE),
        y=alt.Y("x2:Q", title=look.axis_titles[1], scale=_Y_SCALE),
        fill=alt.Fill("label:N", title=title, scale=colors),
        shape=alt.Shape("label:N", title=title,
                        scale=alt.Scale(domain=names, range=class_shapes(len(names)))),
        fillOpacity=alt.FillOpacity(
            "split:O", legend=None,
            scale=alt.Scale(domain=splits, range=[SPLIT_FILL_OPACITY[s] for s in splits])),
        stroke=alt.condition("datum.correct", alt.Stroke("label:N", title=title, scale=colors),
                             alt.value("#0f172a")),
        strokeWidth=alt.condition("datum.correct", alt.value(1.5), alt.value(2.5)),
        tooltip=tooltip,
    )
    if look.select_points:
        selection = alt.selection_point(name=look.select_points, fields=["row"], on="click")
        layer = layer.add_params(selection).encode(
            size=alt.condition(selection, alt.value(70), alt.value(35)))
    return layer


def _build(look: _Look, cells, segments, points) -> alt.LayerChart:
    layers = [_background(look, cells)]
    if look.with_line:
        layers.append(_line(look, segments))
    if look.with_points:
        layers.append(_dots(look, points))
    chart = alt.layer(*layers).resolve_scale(color="independent")
    return chart.properties(height=look.height, title=look.title, autosize=FIT_WIDTH,
                            description=_description(look))


def _description(look: _Look) -> str:
    """What the chart shows, in words: its text alternative."""
    across, up = look.axis_titles
    if look.binary:
        what = (f"Map of the plane ({across} across, {up} up) shaded by the network's chance "
                f"of {look.names[1]}: towards {look.names[0]} (blue) below the threshold, "
                f"white at it, towards {look.names[1]} (orange) above it")
    else:
        what = (f"Map of the plane ({across} across, {up} up) divided into the regions where "
                f"the network answers each class ({', '.join(look.names)}), paler where it is "
                "less sure")
    if look.with_line:
        what += ", with a dark line along the boundary between answers"
    if look.with_points:
        what += (". The examples are drawn on top, one shape and colour per true class, "
                 "solid for training and open for validation")
        if look.with_correct:
            what += "; those the network gets wrong have a dark ring"
    return what + "."


def _prepare(plane: Plane, proba: np.ndarray, points: pd.DataFrame | None,
             class_names: Sequence[str] | None, threshold: float, confidence: bool,
             axis_titles: Sequence[str], select_points: str | None, height: int,
             title: str | None):
    """The chart's look and its three data frames (cells, boundary segments, points)."""
    proba = np.asarray(proba, dtype=float)
    if proba.ndim == 2 and proba.shape[1] in (1, 2):
        proba = proba[:, -1]  # (cells, 2): column 1 is the positive class
    if proba.shape[0] != plane.size:
        raise ValueError("proba needs one row per plane cell.")
    binary = proba.ndim == 1
    k = 2 if binary else proba.shape[1]
    names = list(class_names) if class_names is not None else default_names(k)
    if len(names) != k:
        raise ValueError(f"Need {k} class names, got {len(names)}.")
    if points is not None and len(points):
        # Labels the caller did not name still get a colour of their own (never a blank fill).
        names += [label for label in dict.fromkeys(points["label"]) if label not in names]
    cells = plane.cells()
    t = float(np.clip(threshold, 1e-6, 1 - 1e-6))
    if binary:
        cells["p"] = proba
        labels = proba >= t
    else:
        labels = proba.argmax(axis=1)
        cells["predicted"] = [names[i] for i in labels]
        cells["confidence"] = proba.max(axis=1)
    segments = edge_segments(plane, labels)
    with_points = points is not None and len(points) > 0
    look = _Look(binary, tuple(names), round(t, 6), bool(confidence),
                 (str(axis_titles[0]), str(axis_titles[1])), select_points, int(height),
                 title or "", with_points, not segments.empty,
                 with_points and "correct" in points)
    return look, cells, segments, (points if with_points else pd.DataFrame())


def boundary_spec(plane: Plane, proba: np.ndarray, points: pd.DataFrame | None = None,
                  class_names: Sequence[str] | None = None, threshold: float = 0.5,
                  confidence: bool = True, axis_titles: Sequence[str] = ("x1", "x2"),
                  select_points: str | None = None, height: int = 380,
                  title: str | None = None) -> dict:
    """The boundary chart as a Vega-Lite dict for `st.vega_lite_chart(spec, ...)`.

    Same arguments and picture as `boundary_chart`, but the chart is built once per look and
    each call only swaps its data (named datasets "cells", "segments", "points"): cheap enough
    to redraw on every tick of live training.
    """
    look, cells, segments, pts = _prepare(plane, proba, points, class_names, threshold,
                                          confidence, axis_titles, select_points, height, title)
    # The threshold and the title change often (a slider, the epoch count): they are written
    # into the filled spec, so they do not make a new template each time.
    shape = replace(look, threshold=0.5, title="")
    spec = fill(("boundary", shape),
                lambda: _build(shape, alt.Data(name="cells"), alt.Data(name="segments"),
                               alt.Data(name="points")),
                cells=cells, segments=segments, points=pts)
    spec["title"] = look.title
    if look.binary:
        spec["layer"][0]["encoding"]["color"]["scale"]["domain"] = [0, look.threshold, 1]
    return spec


def boundary_chart(plane: Plane, proba: np.ndarray, points: pd.DataFrame | None = None,
                   class_names: Sequence[str] | None = None, threshold: float = 0.5,
                   confidence: bool = True, axis_titles: Sequence[str] = ("x1", "x2"),
                   select_points: str | None = None, height: int = 380,
                   title: str | None = None) -> alt.LayerChart:
    """The boundary as an Altair chart (for `st.altair_chart`); see the module docstring.

    `proba` 1-D (or (cells, 1) / (cells, 2)): binary heatmap of P(class_names[1]).
    `proba` (cells, k), k > 2: regions of the most likely class.
    """
    look, cells, segments, pts = _prepare(plane, proba, points, class_names, threshold,
                                          confidence, axis_titles, select_points, height, title)
    return _build(look, cells, segments, pts)
