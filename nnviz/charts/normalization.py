"""The normalization race drawn: one curve per normalization, loss and validation accuracy."""

from __future__ import annotations

import altair as alt
import pandas as pd

from nnviz.core.prep import NORMALIZATION_LABELS, NORMALIZATIONS

# Okabe-Ito colours and a dash per run: the lines stay apart without colour.
RACE_COLORS = {"none": "#D55E00", "standardize": "#0072B2", "minmax": "#009E73"}
RACE_DASHES = {"none": [2, 2], "standardize": [1, 0], "minmax": [8, 4]}


def race_chart(history: pd.DataFrame, height: int = 220) -> alt.HConcatChart:
    """Training loss (left) and validation accuracy (right) per epoch, one line per run."""
    frame = history.copy()
    frame["run"] = [NORMALIZATION_LABELS.get(k, k) for k in frame["normalization"]]
    kinds = [k for k in NORMALIZATIONS if k in set(frame["normalization"])]
    color = alt.Color("run:N", title="inputs",
                      scale=alt.Scale(domain=[NORMALIZATION_LABELS[k] for k in kinds],
                                      range=[RACE_COLORS[k] for k in kinds]),
                      legend=alt.Legend(orient="bottom"))
    dash = alt.StrokeDash("run:N", title="inputs",
                          scale=alt.Scale(domain=[NORMALIZATION_LABELS[k] for k in kinds],
                                          range=[RACE_DASHES[k] for k in kinds]),
                          legend=alt.Legend(orient="bottom"))
    base = alt.Chart(frame).mark_line(point=alt.OverlayMarkDef(size=12)).encode(
        x=alt.X("epoch:Q", title="epoch"), color=color, strokeDash=dash)
    loss = base.encode(
        y=alt.Y("train_loss:Q", title="training loss", scale=alt.Scale(zero=False)),
        tooltip=["run:N", "epoch:Q", alt.Tooltip("train_loss:Q", format=".4f")],
    ).properties(height=height, title="Training loss")
    accuracy = base.encode(
        y=alt.Y("val_metric:Q", title="validation accuracy",
                axis=alt.Axis(format=".0%"), scale=alt.Scale(domain=[0, 1])),
        tooltip=["run:N", "epoch:Q", alt.Tooltip("val_metric:Q", format=".1%")],
    ).properties(height=height, title="Validation accuracy")
    runs = ", ".join(NORMALIZATION_LABELS[k] for k in kinds)
    description = ("Two line charts side by side, one line per way of preparing the inputs "
                   f"({runs}): training loss per epoch on the left, validation accuracy per "
                   "epoch on the right.")
    return alt.hconcat(loss, accuracy).properties(description=description)
