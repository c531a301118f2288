"""Training curves: loss and metric per epoch, training against validation.

    spec = curves_spec(trainer.history, "train_loss", "val_loss", "loss", total_epochs=200)
    st.vega_lite_chart(spec, width="stretch")

The x axis spans every planned epoch from the start, so the line visibly grows to the right as
training runs instead of the axis rescaling under it. Specs are built once per shape
(nnviz.charts.template) because a live page redraws them several times a second.
Pure functions: data in, chart out; no streamlit, no torch.
"""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from nnviz.charts.template import fill

TRAIN_COLOR = "#2563eb"
VAL_COLOR = "#f97316"
CURVES = ("training", "validation")


def curves_frame(history: pd.DataFrame, train_column: str, val_column: str) -> pd.DataFrame:
    """Long format for the chart: epoch, curve ('training' / 'validation'), value.

    Rows with no value (no validation set, or a value that is not finite) are left out."""
    parts = []
    for curve, column in zip(CURVES, (train_column, val_column), strict=True):
        if column in history:
            part = pd.DataFrame({"epoch": history["epoch"].astype(int), "curve": curve,
                                 "value": history[column].astype(float)})
            parts.append(part)
    if not parts:
        return pd.DataFrame({"epoch": pd.Series(dtype=int), "curve": pd.Series(dtype=str),
                             "value": pd.Series(dtype=float)})
    frame = pd.concat(parts, ignore_index=True)
    finite = frame["value"].map(math.isfinite)
    return frame[finite].reset_index(drop=True)


def marks_frame(marks: list[tuple[int, str]] | None) -> pd.DataFrame:
    """Vertical markers (epoch, label), e.g. where validation loss turned up."""
    rows = [{"epoch": int(epoch), "label": str(label)} for epoch, label in (marks or [])]
    return pd.DataFrame(rows, columns=["epoch", "label"])


def curves_spec(history: pd.DataFrame, train_column: str, val_column: str, title: str,
                total_epochs: int, percent: bool = False, log_scale: bool = False,
                marks: list[tuple[int, str]] | None = None, height: int = 240) -> dict:
    """Two lines over the epochs as a Vega-Lite dict; `percent` draws 0..100 % (accuracy)."""
    key = ("training-curves", title, int(total_epochs), percent, log_scale, height)
    return fill(
        key,
        lambda: curves_chart(title, int(total_epochs), percent, log_scale, height),
        curves=curves_frame(history, train_column, val_column),
        marks=marks_frame(marks),
    )


def curves_chart(title: str, total_epochs: int, percent: bool = False, log_scale: bool = False,
                 height: int = 240) -> alt.LayerChart:
    """The chart, reading the named data sources "curves" and "marks"."""
    x = alt.X("epoch:Q", title="epoch",
              scale=alt.Scale(domain=[0, max(total_epochs, 1)], nice=False),
              axis=alt.Axis(tickMinStep=1, format="d"))
    if percent:
        y_scale = alt.Scale(domain=[0, 1])
        y = alt.Y("value:Q", title=title, scale=y_scale, axis=alt.Axis(format="%"))
        tooltip_format = ".1%"
    else:
        y_scale = alt.Scale(type="log") if log_scale else alt.Scale(zero=True)
        y = alt.Y("value:Q", title=title, scale=y_scale)
        tooltip_format = ",.4g"
    color = alt.Color(
        "curve:N", title=None,
        scale=alt.Scale(domain=list(CURVES), range=[TRAIN_COLOR, VAL_COLOR]),
        legend=alt.Legend(orient="top"),
    )
    lines = alt.Chart(alt.Data(name="curves")).mark_line(strokeWidth=2.5).encode(
        x=x, y=y, color=color,
        tooltip=[alt.Tooltip("curve:N"), alt.Tooltip("epoch:Q"),
                 alt.Tooltip("value:Q", title=title, format=tooltip_format)],
    )
    rules = alt.Chart(alt.Data(name="marks")).mark_rule(
        color="#64748b", strokeDash=[4, 4]).encode(x="epoch:Q")
    labels = alt.Chart(alt.Data(name="marks")).mark_text(
        align="left", dx=4, dy=6, color="#334155", baseline="top", fontSize=12).encode(
        x="epoch:Q", y=alt.value(0), text="label:N")
    return alt.layer(lines, rules, labels).properties(height=height, title=title)
