"""The softmax interactive's pictures: scores next to the probabilities they become."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd

from nnviz import softmax as sm
from nnviz.charts.boundary import class_colors


def class_scale(classes: Sequence[str]) -> alt.Scale:
    """One colour per class, the same as in the decision-region chart."""
    return alt.Scale(domain=[str(c) for c in classes], range=class_colors(len(classes)))


def softmax_frame(logits: Sequence[float], classes: Sequence[str]) -> pd.DataFrame:
    probs = sm.softmax(logits)
    return pd.DataFrame({
        "class": [str(c) for c in classes],
        "score": np.asarray(logits, dtype=np.float64),
        "exp(score - max)": np.exp(np.asarray(logits, dtype=np.float64) - np.max(logits)),
        "probability": probs,
    })


def scores_and_probabilities(logits: Sequence[float], classes: Sequence[str],
                             height: int = 220) -> alt.HConcatChart:
    """Two bar charts side by side: the raw scores, then their softmax probabilities."""
    df = softmax_frame(logits, classes)
    color = alt.Color("class:N", scale=class_scale(classes), legend=None)
    order = [str(c) for c in classes]
    base = alt.Chart(df).encode(
        y=alt.Y("class:N", sort=order, title=None), color=color,
        tooltip=["class", alt.Tooltip("score:Q", format=".2f"),
                 alt.Tooltip("probability:Q", format=".1%")],
    )
    scores = base.mark_bar().encode(x=alt.X("score:Q", title="score (logit)"))
    score_text = base.mark_text(align="left", dx=4, color="#0f172a").encode(
        x=alt.X("score:Q"), text=alt.Text("score:Q", format=".1f"))
    probs = base.mark_bar().encode(
        x=alt.X("probability:Q", title="probability", scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%")))
    prob_text = base.mark_text(align="left", dx=4, color="#0f172a").encode(
        x="probability:Q", text=alt.Text("probability:Q", format=".1%"))
    return alt.hconcat(
        alt.layer(scores, score_text).properties(height=height, title="Scores the network gives"),
        alt.layer(probs, prob_text).properties(height=height, title="After softmax"),
    )


def share_bar(logits: Sequence[float], classes: Sequence[str], height: int = 70) -> alt.Chart:
    """One bar from 0 to 100%, cut into each class's share: the shares always fill it exactly."""
    df = softmax_frame(logits, classes)
    df["order"] = np.arange(len(df))
    return alt.Chart(df).mark_bar(stroke="white").encode(
        x=alt.X("probability:Q", stack="zero", title="the whole share (100%)",
                scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%")),
        color=alt.Color("class:N", scale=class_scale(classes),
                        legend=alt.Legend(orient="bottom", title=None)),
        order=alt.Order("order:Q"),
        tooltip=["class", alt.Tooltip("probability:Q", format=".1%")],
    ).properties(height=height)


def sweep_frame(logits: Sequence[float], classes: Sequence[str], which: int,
                lo: float = -10.0, hi: float = 10.0, n: int = 121) -> pd.DataFrame:
    values = np.linspace(lo, hi, n)
    probs = sm.sweep(logits, which, values)
    return pd.DataFrame({
        "score": np.repeat(values, len(classes)),
        "class": np.tile([str(c) for c in classes], n),
        "probability": probs.ravel(),
    })


def sweep_chart(logits: Sequence[float], classes: Sequence[str], which: int,
                lo: float = -10.0, hi: float = 10.0, height: int = 240) -> alt.LayerChart:
    """Every class's probability as one class's score slides from lo to hi, the others fixed."""
    df = sweep_frame(logits, classes, which, lo, hi)
    lines = alt.Chart(df).mark_line(strokeWidth=3).encode(
        x=alt.X("score:Q", title=f"score of {classes[which]}"),
        y=alt.Y("probability:Q", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%")),
        color=alt.Color("class:N", scale=class_scale(classes),
                        legend=alt.Legend(orient="bottom", title=None)),
        tooltip=["class", alt.Tooltip("score:Q", format=".1f"),
                 alt.Tooltip("probability:Q", format=".1%")],
    )
    now = alt.Chart(pd.DataFrame({"score": [float(logits[which])]})).mark_rule(
        strokeDash=[4, 4], color="#334155").encode(x="score:Q")
    title = f"Raise the score of {classes[which]}: its share grows, the others shrink"
    return alt.layer(lines, now).properties(height=height, title=title)
