"""Small pictures over the input plane (one per feature or per hidden neuron), and the bar
chart of feature scores used for feature selection.

    pictures = plane_pictures(plane, values, names)   # values: (cells, k), one column a picture

Each picture is scaled by its own largest absolute value, so its colours run from blue
(most negative) through white (zero) to orange (most positive) whatever its units; the raw
value is in the tooltip. Pure functions: data in, Altair chart out.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd

from nnviz.charts.boundary import BLEND
from nnviz.charts.template import fill
from nnviz.core.plane import Plane
from nnviz.data.features import feature_matrix

# Okabe-Ito blue and orange either side of white: a diverging scale readable with any common
# colour vision (the two ends also differ in lightness).
PICTURE_RANGE = ("#0072B2", "#ffffff", "#E69F00")


def pictures_frame(plane: Plane, values: np.ndarray, names: Sequence[str]) -> pd.DataFrame:
    """Long format: one row per (picture, cell) with the raw value and the scaled one (-1..1)."""
    values = np.asarray(values, dtype=float)
    if values.ndim == 1:
        values = values[:, None]
    if values.shape != (plane.size, len(names)):
        raise ValueError("values need one column per name and one row per plane cell.")
    cells = plane.cells()
    scale = np.abs(values).max(axis=0)
    scaled = np.divide(values, scale, out=np.zeros_like(values), where=scale > 0)
    k = len(names)
    # Column-major ravel: all of picture 0's cells, then picture 1's... (one pass, no concat).
    return pd.DataFrame({
        "x": np.tile(cells["x"].to_numpy(), k),
        "x_end": np.tile(cells["x_end"].to_numpy(), k),
        "y": np.tile(cells["y"].to_numpy(), k),
        "y_end": np.tile(cells["y_end"].to_numpy(), k),
        "picture": np.repeat(np.asarray(list(names), dtype=object), plane.size),
        "order": np.repeat(np.arange(k), plane.size),
        "value": values.ravel(order="F"),
        "scaled": scaled.ravel(order="F"),
    })


def _pictures(size: int, columns: int, title: str, frame):
    base = alt.Chart(frame).mark_rect().encode(
        x=alt.X("x:Q", scale=alt.Scale(nice=False, zero=False, padding=0), axis=None),
        x2="x_end:Q",
        y=alt.Y("y:Q", scale=alt.Scale(nice=False, zero=False, padding=0), axis=None),
        y2="y_end:Q",
        color=alt.Color("scaled:Q", legend=None,
                        scale=alt.Scale(domain=[-1, 0, 1], range=list(PICTURE_RANGE),
                                        interpolate=BLEND)),
        tooltip=[alt.Tooltip("picture:N"), alt.Tooltip("value:Q", format=".3f")],
        # A thin frame on each picture: one that is white all over (a feature or node that
        # is 0 everywhere) still shows as a picture.
    ).properties(width=size, height=size, view=alt.ViewBackground(stroke="#cbd5e1"))
    chart = base.facet(
        # Sorted by the data's own order, not by a list of names in the spec: a name that
        # changes mid-training ("(always 0)") then refills the chart instead of rebuilding it.
        facet=alt.Facet("picture:N", sort=alt.EncodingSortField("order", op="min"), title=None,
                        header=alt.Header(labelFontSize=12, labelFontWeight="bold")),
        columns=columns,
        spacing=8,
    )
    description = ("Small square pictures over the input plane, one per "
                   f"{title or 'feature or node'}, each shaded from blue (its most negative "
                   "value) through white (zero) to orange (its most positive value).")
    return chart.properties(title=title, description=description)


def plane_pictures(plane: Plane, values: np.ndarray, names: Sequence[str], size: int = 90,
                   columns: int | None = None, title: str | None = None) -> alt.FacetChart:
    """One small heatmap per column of `values`, in the order of `names`."""
    frame = pictures_frame(plane, values, names)
    return _pictures(int(size), int(columns or len(names)), title or "", frame)


def plane_pictures_spec(plane: Plane, values: np.ndarray, names: Sequence[str],
                        size: int = 90, columns: int | None = None,
                        title: str | None = None) -> dict:
    """plane_pictures as a Vega-Lite dict, built once per look (named dataset "pictures")."""
    frame = pictures_frame(plane, values, names)
    look = (int(size), int(columns or len(names)), title or "")
    return fill(("pictures", look), lambda: _pictures(*look, alt.Data(name="pictures")),
                pictures=frame)


def feature_pictures(plane: Plane, names: Sequence[str], size: int = 90,
                     active: Sequence[str] | None = None) -> alt.FacetChart:
    """Each engineered feature drawn over the plane; names not in `active` are marked "off"."""
    values = feature_matrix(plane.points(), list(names))
    on = set(names if active is None else active)
    labels = [name if name in on else f"{name} (off)" for name in names]
    return plane_pictures(plane, values, labels, size=size)


def _scores_chart(names: tuple[str, ...], height: int, frame) -> alt.Chart:
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X("score:Q", title="score (higher = more telling)"),
        # Every name readable: a row per bar high enough for its label, and no cut-off names.
        y=alt.Y("feature:N", sort=list(names), title=None,
                axis=alt.Axis(labelOverlap=False, labelLimit=240)),
        color=alt.Color("kept:N", title=None,
                        scale=alt.Scale(domain=["kept", "left out"],
                                        range=["#0072B2", "#cbd5e1"]),
                        legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("feature:N"), alt.Tooltip("rank:Q"),
                 alt.Tooltip("score:Q", format=".3g"), alt.Tooltip("kept:N")],
    ).properties(height=height,
                 description=f"Bar chart of how telling each of {len(names)} measurements is, "
                             "best on top; the kept ones dark blue, those left out pale grey.")


def _scores_frame(scores: pd.DataFrame, selected: Sequence[int]) -> pd.DataFrame:
    frame = scores.copy()
    chosen = set(int(c) for c in selected)
    frame["kept"] = ["kept" if int(c) in chosen else "left out" for c in frame["column"]]
    return frame


def feature_scores_chart(scores: pd.DataFrame, selected: Sequence[int],
                         height: int | None = None) -> alt.Chart:
    """Horizontal bars of each feature's score, best on top; selected columns highlighted.

    `scores` is nnviz.data.features.score_features' frame; `selected` holds column indices.
    """
    frame = _scores_frame(scores, selected)
    return _scores_chart(tuple(frame["feature"]), height or 14 * len(frame) + 20, frame)


def feature_scores_spec(scores: pd.DataFrame, selected: Sequence[int],
                        height: int | None = None) -> dict:
    """feature_scores_chart as a Vega-Lite dict (named dataset "scores"), built once per look."""
    frame = _scores_frame(scores, selected)
    look = (tuple(frame["feature"]), int(height or 14 * len(frame) + 20))
    return fill(("feature-scores", look), lambda: _scores_chart(*look, alt.Data(name="scores")),
                scores=frame)


def accuracy_by_k_chart(table: pd.DataFrame, current_k: int | None = None,
                        height: int = 240) -> alt.LayerChart:
    """Validation accuracy against the number of kept features
    (nnviz.lessons.binary.feature_sweep's table),
    with the k chosen on the page ringed."""
    long = table.melt(["k", "features"], ["best_val_accuracy", "final_val_accuracy"],
                      var_name="which", value_name="accuracy")
    long["which"] = long["which"].map({"best_val_accuracy": "best epoch",
                                       "final_val_accuracy": "last epoch"})
    x = alt.X("k:Q", title="measurements kept (k)", scale=alt.Scale(type="log", base=2),
              axis=alt.Axis(values=sorted(table["k"].tolist()), format="d"))
    y = alt.Y("accuracy:Q", title="validation accuracy", axis=alt.Axis(format="%"),
              scale=alt.Scale(zero=False))
    which = ["best epoch", "last epoch"]
    lines = alt.Chart(long).mark_line(point=True).encode(
        x=x, y=y,
        color=alt.Color("which:N", title=None, legend=alt.Legend(orient="bottom"),
                        scale=alt.Scale(domain=which, range=["#0072B2", "#94a3b8"])),
        strokeDash=alt.StrokeDash("which:N", title=None, legend=alt.Legend(orient="bottom"),
                                  scale=alt.Scale(domain=which, range=[[1, 0], [6, 3]])),
        tooltip=["k:Q", "which:N", alt.Tooltip("accuracy:Q", format=".1%"), "features:N"],
    )
    chosen = long[(long["k"] == current_k) & (long["which"] == "best epoch")]
    ring = alt.Chart(chosen).mark_point(size=260, color="#0f172a", strokeWidth=2).encode(
        x=x, y=y)
    description = ("Line chart of validation accuracy against the number of measurements "
                   "kept, at the best epoch (solid blue) and the last epoch (dashed grey)"
                   + (f", with k = {current_k} ringed." if current_k is not None else "."))
    return alt.layer(lines, ring).properties(height=height, description=description)
