"""Class probabilities of one example, and how confidence spreads over right and wrong answers."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd

ROLE_COLORS = {
    "predicted, and right": "#16a34a",
    "predicted, but wrong": "#dc2626",
    "the actual class": "#2563eb",
    "other class": "#94a3b8",
}


def role(i: int, actual: int, predicted: int) -> str:
    if i == predicted:
        return "predicted, and right" if i == actual else "predicted, but wrong"
    return "the actual class" if i == actual else "other class"


def probability_frame(probs: Sequence[float], classes: Sequence[str], actual: int,
                      ) -> pd.DataFrame:
    p = np.asarray(probs, dtype=np.float64)
    predicted = int(p.argmax())
    return pd.DataFrame({
        "class": [str(c) for c in classes],
        "probability": p,
        "role": [role(i, actual, predicted) for i in range(len(p))],
    })


def probability_bars(probs: Sequence[float], classes: Sequence[str], actual: int,
                     title: str = "", height: int | None = None) -> alt.LayerChart:
    """One bar per class; the prediction (highest bar) and the true class stand out."""
    df = probability_frame(probs, classes, actual)
    order = [str(c) for c in classes]
    base = alt.Chart(df).encode(
        y=alt.Y("class:N", sort=order, title=None),
        tooltip=["class", alt.Tooltip("probability:Q", format=".2%"), "role"],
    )
    bars = base.mark_bar().encode(
        x=alt.X("probability:Q", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%")),
        color=alt.Color("role:N", scale=alt.Scale(domain=list(ROLE_COLORS),
                                                  range=list(ROLE_COLORS.values())),
                        legend=alt.Legend(orient="bottom", title=None)),
    )
    text = base.mark_text(align="left", dx=4, color="#0f172a").encode(
        x="probability:Q", text=alt.Text("probability:Q", format=".1%"))
    h = height or max(120, 26 * len(order))
    return alt.layer(bars, text).properties(height=h, title=title)


def confidence_histogram(table: pd.DataFrame, height: int = 200) -> alt.Chart:
    """How sure the model was, counted separately for right and wrong predictions."""
    df = pd.DataFrame({
        "confidence": table["confidence"].to_numpy(dtype=np.float64),
        "prediction": np.where(table["correct"].to_numpy(), "right", "wrong"),
    })
    return alt.Chart(df).mark_bar(opacity=0.85).encode(
        x=alt.X("confidence:Q", bin=alt.Bin(extent=[0, 1], step=0.05),
                title="confidence (probability of the predicted class)",
                axis=alt.Axis(format="%")),
        y=alt.Y("count():Q", title="examples", stack=True),
        color=alt.Color("prediction:N",
                        scale=alt.Scale(domain=["right", "wrong"], range=["#16a34a", "#dc2626"]),
                        legend=alt.Legend(orient="bottom", title=None)),
        tooltip=["prediction", alt.Tooltip("count():Q", title="examples")],
    ).properties(height=height)
