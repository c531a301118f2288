"""The softmax interactive's pictures: scores next to the probabilities they become.

Each picture comes two ways: `*_chart` (an Altair chart) and `*_spec` (a Vega-Lite dict built
once per look and refilled with data on later calls, see nnviz.charts.template), which is what
the page draws on every slider move.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd

from nnviz.charts.palette import class_colors, ink
from nnviz.charts.template import fill
from nnviz.lessons.multiclass import softmax

# The shares' labels are chosen to fit inside their segments on a bar this many pixels wide
# (about a phone's width): on any wider bar they fit with room to spare.
NARROWEST_BAR = 360
SHARE_FONT = 13
LABEL_CHAR_PX = 8.5  # one character of the bold label, generously
LABEL_PAD = 4  # pixels kept clear at each end of a segment


def share_label(name: str, share: float, bar_px: float = NARROWEST_BAR) -> str:
    """The longest of "setosa 66%" and "66%" that fits inside the share's segment, else ""."""
    room = share * bar_px - 2 * LABEL_PAD
    for text in (f"{name} {share:.0%}", f"{share:.0%}"):
        if len(text) * LABEL_CHAR_PX <= room:
            return text
    return ""


def class_scale(classes: Sequence[str]) -> alt.Scale:
    """One colour per class, the same as in the decision-region chart."""
    return alt.Scale(domain=[str(c) for c in classes], range=class_colors(len(classes)))


def softmax_frame(logits: Sequence[float], classes: Sequence[str]) -> pd.DataFrame:
    """Each class's score, e^(score - max), probability, and where its share starts and ends."""
    z = np.asarray(logits, dtype=np.float64)
    p = softmax.softmax(z)
    end = np.cumsum(p)
    return pd.DataFrame({
        "class": [str(c) for c in classes],
        "score": z,
        "exp(score - max)": np.exp(z - np.max(z)),
        "probability": p,
        "start": end - p,
        "end": end,
        "label": [share_label(str(c), q) for c, q in zip(classes, p, strict=True)],
        # The label's colour inside its segment: dark on light class colours, white on dark.
        "ink": [ink(color) for color in class_colors(len(p))],
    })


TABLE_COLUMNS = ["class", "score", "exp(score - max)", "probability"]


def _bars(source, classes: tuple[str, ...], width: int) -> alt.VConcatChart:
    color = alt.Color("class:N", scale=class_scale(classes), legend=None)
    height = max(120, 44 * len(classes))
    base = alt.Chart(source).encode(
        y=alt.Y("class:N", sort=list(classes), title=None), color=color,
        tooltip=["class:N", alt.Tooltip("score:Q", format=".2f"),
                 alt.Tooltip("probability:Q", format=".1%")],
    )
    scores = base.mark_bar().encode(
        x=alt.X("score:Q", title="score (logit)", scale=alt.Scale(domain=[-10, 10])))
    score_text = base.mark_text(align="left", dx=4, color="#0f172a").encode(
        x=alt.X("score:Q"), text=alt.Text("score:Q", format=".1f"))
    probs = base.mark_bar().encode(
        x=alt.X("probability:Q", title="probability", scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%")))
    prob_text = base.mark_text(align="left", dx=4, color="#0f172a").encode(
        x="probability:Q", text=alt.Text("probability:Q", format=".1%"))
    size = {"width": width, "height": height}
    # One above the other: side by side the pair is wider than a phone (or a window zoomed
    # to 200 %), and a chart cannot rewrap itself to the width it is given.
    return alt.vconcat(
        alt.layer(scores, score_text).properties(title="Scores the network gives", **size),
        alt.layer(probs, prob_text).properties(title="After softmax", **size),
    ).properties(description=f"Two bar charts one above the other, one bar per class "
                             f"({', '.join(classes)}): the scores the network gives on top, "
                             "each written beside its bar, and the probabilities softmax "
                             "turns them into below.")


def scores_and_probabilities_spec(logits: Sequence[float], classes: Sequence[str],
                                  width: int = 230) -> dict:
    names = tuple(map(str, classes))
    return fill(("softmax_bars", names, width),
                lambda: _bars(alt.Data(name="scores"), names, width),
                scores=softmax_frame(logits, classes))


def _share(source, classes: tuple[str, ...], height: int) -> alt.LayerChart:
    base = alt.Chart(source).encode(
        tooltip=["class:N", alt.Tooltip("probability:Q", format=".1%")])
    bar = base.mark_bar(stroke="white").encode(
        x=alt.X("start:Q", title=None, scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%")),
        x2="end:Q",
        color=alt.Color("class:N", scale=class_scale(classes), legend=None),
    )
    text = base.transform_calculate(mid="(datum.start + datum.end) / 2").mark_text(
        fontWeight="bold", fontSize=SHARE_FONT).encode(
        x="mid:Q", text="label:N", color=alt.Color("ink:N", scale=None))
    return alt.layer(bar, text).properties(
        height=height,
        description="One bar from 0 to 100 % split into a segment per class "
                    f"({', '.join(classes)}), each as long as its probability, labelled with "
                    "its class and share where it fits.")


def share_bar_spec(logits: Sequence[float], classes: Sequence[str], height: int = 90) -> dict:
    names = tuple(map(str, classes))
    return fill(("softmax_share", names, height),
                lambda: _share(alt.Data(name="share"), names, height),
                share=softmax_frame(logits, classes))


def sweep_frame(logits: Sequence[float], classes: Sequence[str], which: int,
                lo: float = -10.0, hi: float = 10.0, n: int = 121) -> pd.DataFrame:
    values = np.linspace(lo, hi, n)
    probs = softmax.sweep(logits, which, values)
    return pd.DataFrame({
        "score": np.repeat(values, len(classes)),
        "class": np.tile([str(c) for c in classes], n),
        "probability": probs.ravel(),
    })


def _sweep(lines_source, now_source, classes: tuple[str, ...], which: int,
           height: int) -> alt.LayerChart:
    legend = alt.Legend(orient="right", title=None)
    lines = alt.Chart(lines_source).mark_line(strokeWidth=3).encode(
        x=alt.X("score:Q", title=f"score of {classes[which]}"),
        y=alt.Y("probability:Q", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%")),
        color=alt.Color("class:N", scale=class_scale(classes), legend=legend),
        strokeDash=alt.StrokeDash("class:N", sort=list(classes), legend=legend),
        tooltip=["class:N", alt.Tooltip("score:Q", format=".1f"),
                 alt.Tooltip("probability:Q", format=".1%")],
    )
    now = alt.Chart(now_source).mark_rule(strokeDash=[4, 4], color="#334155").encode(x="score:Q")
    title = f"Raise the score of {classes[which]}: its share grows, the others shrink"
    description = (f"Line chart of each class's probability (a colour and a dash per class) "
                   f"as the score of {classes[which]} runs from low to high, with a dashed "
                   "vertical line at its current score.")
    return alt.layer(lines, now).properties(height=height, title=title,
                                            description=description)


def sweep_spec(logits: Sequence[float], classes: Sequence[str], which: int,
               lo: float = -10.0, hi: float = 10.0, height: int = 340) -> dict:
    names = tuple(map(str, classes))
    return fill(("softmax_sweep", names, which, height),
                lambda: _sweep(alt.Data(name="sweep"), alt.Data(name="now"), names, which,
                               height),
                sweep=sweep_frame(logits, classes, which, lo, hi),
                now=pd.DataFrame({"score": [float(logits[which])]}))
