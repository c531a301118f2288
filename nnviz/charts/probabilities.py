"""Class probabilities of one example, and how confidence spreads over right and wrong answers.

`*_chart` functions return Altair charts; `*_spec` functions return the same picture as a
Vega-Lite dict built once per look and refilled with data (nnviz.charts.template), for reruns.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd

from nnviz.charts.template import fill

# Okabe-Ito bluish green and vermillion, not green and red (the pair red-green colour
# blindness confuses); each role's label also carries a mark, a cue without colour.
ROLE_COLORS = {
    "predicted, and right": "#009E73",
    "predicted, but wrong": "#D55E00",
    "the actual class": "#0072B2",
    "other class": "#94a3b8",
}
ROLE_MARKS = {"predicted, and right": " ✓", "predicted, but wrong": " ✗",
              "the actual class": " (actual)", "other class": ""}
# Right and wrong answers in the confidence histogram; wrong bars also get a dark outline.
RIGHT_WRONG = {"right": "#0072B2", "wrong": "#D55E00"}


def role(i: int, actual: int, predicted: int) -> str:
    if i == predicted:
        return "predicted, and right" if i == actual else "predicted, but wrong"
    return "the actual class" if i == actual else "other class"


def probability_frame(probs: Sequence[float], classes: Sequence[str], actual: int,
                      ) -> pd.DataFrame:
    p = np.asarray(probs, dtype=np.float64)
    predicted = int(p.argmax())
    roles = [role(i, actual, predicted) for i in range(len(p))]
    return pd.DataFrame({
        "class": [str(c) for c in classes],
        "probability": p,
        "role": roles,
        "text": [f"{q:.1%}{ROLE_MARKS[r]}" for q, r in zip(p, roles, strict=True)],
    })


def _bars(source, classes: tuple[str, ...], title: str, height: int) -> alt.LayerChart:
    base = alt.Chart(source).encode(
        y=alt.Y("class:N", sort=list(classes), title=None),
        tooltip=["class:N", alt.Tooltip("probability:Q", format=".2%"), "role:N"],
    )
    bars = base.mark_bar().encode(
        x=alt.X("probability:Q", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%")),
        color=alt.Color("role:N", scale=alt.Scale(domain=list(ROLE_COLORS),
                                                  range=list(ROLE_COLORS.values())),
                        legend=alt.Legend(orient="top", title=None)),
    )
    text = base.mark_text(align="left", dx=4, color="#0f172a").encode(
        x="probability:Q", text="text:N")
    description = (f"Bar chart of the network's probability for each of {len(classes)} "
                   "classes; the predicted class is marked ✓ if right (green) or ✗ if wrong "
                   "(vermillion), and the actual class is marked (actual).")
    return alt.layer(bars, text).properties(height=height, title=title,
                                            description=description)


def _height(classes, height):
    # Streamlit fits the whole chart (axes and legend too) into the height: leave room.
    return height or 130 + 36 * len(classes)


def probability_bars(probs: Sequence[float], classes: Sequence[str], actual: int,
                     title: str = "", height: int | None = None) -> alt.LayerChart:
    """One bar per class; the prediction (highest bar) and the true class stand out."""
    names = tuple(map(str, classes))
    return _bars(probability_frame(probs, classes, actual), names, title,
                 _height(names, height))


def probability_bars_spec(probs: Sequence[float], classes: Sequence[str], actual: int,
                          title: str = "", height: int | None = None) -> dict:
    names = tuple(map(str, classes))
    h = _height(names, height)
    return fill(("probability_bars", names, title, h),
                lambda: _bars(alt.Data(name="probs"), names, title, h),
                probs=probability_frame(probs, classes, actual))


def histogram_frame(table: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "confidence": table["confidence"].to_numpy(dtype=np.float64),
        "prediction": np.where(table["correct"].to_numpy(dtype=bool), "right", "wrong"),
    })


def _histogram(source, height: int) -> alt.Chart:
    return alt.Chart(source).mark_bar(opacity=0.85).encode(
        x=alt.X("confidence:Q", bin=alt.Bin(extent=[0, 1], step=0.05),
                title="confidence (probability of the predicted class)",
                axis=alt.Axis(format="%")),
        # Square-root heights: a trained network puts hundreds of right answers in the top
        # bin, and on a linear axis the few wrong ones (the interesting part) vanish. Wrong
        # answers sit at the bottom of each bar, where a square-root height is still true to
        # their count (stacked on top, sqrt(400 + 3) - sqrt(400) would shrink them again).
        y=alt.Y("count():Q", title="examples (√ scale)", stack=True,
                scale=alt.Scale(type="sqrt")),
        color=alt.Color("prediction:N",
                        scale=alt.Scale(domain=list(RIGHT_WRONG),
                                        range=list(RIGHT_WRONG.values())),
                        legend=alt.Legend(orient="bottom", title=None)),
        stroke=alt.condition("datum.prediction == 'wrong'", alt.value("#0f172a"),
                             alt.value(None)),
        order=alt.Order("prediction:N", sort="descending"),
        tooltip=["prediction:N", alt.Tooltip("count():Q", title="examples")],
    ).properties(height=height,
                 description="Histogram of how sure the network was (the probability of the "
                             "class it predicted, 0 to 100 %), counting right answers (blue) "
                             "and wrong ones (vermillion, outlined, at the bottom of each bar) "
                             "separately, on a square-root scale.")


def confidence_histogram(table: pd.DataFrame, height: int = 280) -> alt.Chart:
    """How sure the model was, counted separately for right and wrong predictions."""
    return _histogram(histogram_frame(table), height)


def confidence_histogram_spec(table: pd.DataFrame, height: int = 280) -> dict:
    return fill(("confidence_histogram", height),
                lambda: _histogram(alt.Data(name="conf"), height), conf=histogram_frame(table))


def with_marked_point(spec: dict, x: float, y: float, axis_titles: tuple[str, str]) -> dict:
    """A layered 2-D chart spec with one more layer: a ring around the point (x, y).

    Used on the decision-region chart to show where the inspected example sits.
    """
    ring = {
        "data": {"name": "marked"},
        "mark": {"type": "point", "shape": "circle", "size": 420, "filled": False,
                 "strokeWidth": 3, "color": "#0f172a", "clip": True},
        "encoding": {
            "x": {"field": "x1", "type": "quantitative", "title": axis_titles[0]},
            "y": {"field": "x2", "type": "quantitative", "title": axis_titles[1]},
        },
    }
    if "layer" not in spec:
        raise ValueError("expected a layered chart spec")
    out = dict(spec)
    out["layer"] = [*spec["layer"], ring]
    out["datasets"] = {**spec.get("datasets", {}),
                       "marked": pd.DataFrame({"x1": [float(x)], "x2": [float(y)]})}
    return out
