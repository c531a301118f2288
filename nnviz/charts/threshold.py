"""Pictures for choosing a threshold: where the predicted probabilities fall for each true
class, and how accuracy, precision and recall move as the threshold slides."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd

from nnviz.charts.palette import class_colors
from nnviz.charts.template import fill

# Okabe-Ito colours (and black), with a dash per score as a cue that needs no colour.
SCORE_COLORS = {"accuracy": "#000000", "precision": "#CC79A7", "recall": "#009E73"}
SCORE_DASHES = {"accuracy": [1, 0], "precision": [6, 3], "recall": [2, 2]}


def probability_bins(y_true, proba, class_names: Sequence[str], bins: int = 20) -> pd.DataFrame:
    """Counts of examples per probability bin and true class: bin_start, bin_end, label, count."""
    y = np.asarray(y_true).astype(int).ravel()
    p = np.clip(np.asarray(proba, dtype=float).ravel(), 0.0, 1.0)
    edges = np.linspace(0.0, 1.0, int(bins) + 1)
    rows = []
    for cls, name in enumerate(class_names):
        counts, _ = np.histogram(p[y == cls], bins=edges)
        rows += [{"bin_start": edges[i], "bin_end": edges[i + 1], "label": name,
                  "count": int(c)} for i, c in enumerate(counts)]
    return pd.DataFrame(rows)


def _histogram(names: tuple[str, ...], x_title: str, height: int) -> alt.LayerChart:
    bars = alt.Chart(alt.Data(name="bins")).mark_bar(opacity=0.85).encode(
        x=alt.X("bin_start:Q", bin="binned", title=x_title, scale=alt.Scale(domain=[0, 1])),
        x2="bin_end:Q",
        y=alt.Y("count:Q", title="examples", stack=True),
        color=alt.Color("label:N", title="true class",
                        scale=alt.Scale(domain=list(names), range=class_colors(len(names))),
                        legend=alt.Legend(orient="top")),
        # The second class's bars are outlined: told apart without their colours (empty bins
        # get none, or a line would run along the axis).
        stroke=alt.condition((alt.datum.label == names[-1]) & (alt.datum.count > 0),
                             alt.value("#0f172a"), alt.value(None)),
        tooltip=[alt.Tooltip("label:N", title="true class"),
                 alt.Tooltip("bin_start:Q", title="from", format=".2f"),
                 alt.Tooltip("bin_end:Q", title="to", format=".2f"), "count:Q"],
    )
    description = (f"Stacked histogram of the {x_title}, counting each true class "
                   f"({', '.join(names)}; the last one outlined) separately, with a dashed "
                   "vertical line at the threshold.")
    return alt.layer(bars, _threshold_rule()).properties(height=height, description=description)


def _threshold_rule() -> alt.Chart:
    return alt.Chart(alt.Data(name="threshold")).mark_rule(
        color="#0f172a", strokeWidth=2, strokeDash=[6, 3]).encode(x="threshold:Q")


def probability_histogram_spec(y_true, proba, class_names: Sequence[str], threshold: float,
                               positive_name: str | None = None, height: int = 260) -> dict:
    """Stacked bars of predicted P(positive) per true class, with the threshold as a line.

    A Vega-Lite dict (named datasets "bins" and "threshold"), built once per look."""
    names = tuple(class_names)
    title = f"predicted probability of {positive_name or names[1]}"
    return fill(("probability-histogram", names, title, int(height)),
                lambda: _histogram(names, title, int(height)),
                bins=probability_bins(y_true, proba, names),
                threshold=pd.DataFrame({"threshold": [float(threshold)]}))


def _sweep(height: int) -> alt.LayerChart:
    names = list(SCORE_COLORS)
    lines = alt.Chart(alt.Data(name="scores")).mark_line(strokeWidth=2.5).encode(
        x=alt.X("threshold:Q", title="threshold", scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("value:Q", title=None, scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%")),
        color=alt.Color("score:N", title=None,
                        scale=alt.Scale(domain=names, range=[SCORE_COLORS[n] for n in names]),
                        legend=alt.Legend(orient="top")),
        strokeDash=alt.StrokeDash("score:N", title=None,
                                  scale=alt.Scale(domain=names,
                                                  range=[SCORE_DASHES[n] for n in names]),
                                  legend=alt.Legend(orient="top")),
        tooltip=["score:N", alt.Tooltip("threshold:Q", format=".2f"),
                 alt.Tooltip("value:Q", format=".1%")],
    )
    description = ("Line chart of accuracy (solid), precision (dashed) and recall (dotted) "
                   "for every threshold from 0 to 1, with a dashed vertical line at the "
                   "current threshold.")
    return alt.layer(lines, _threshold_rule()).properties(height=height, description=description)


def sweep_spec(table: pd.DataFrame, threshold: float, height: int = 260) -> dict:
    """Accuracy, precision and recall against the threshold
    (nnviz.lessons.binary.threshold.sweep's frame),
    with the current threshold as a line. Vega-Lite dict, datasets "scores" and "threshold"."""
    long = table.melt("threshold", var_name="score", value_name="value").dropna()
    return fill(("threshold-sweep", int(height)), lambda: _sweep(int(height)),
                scores=long.reset_index(drop=True),
                threshold=pd.DataFrame({"threshold": [float(threshold)]}))
