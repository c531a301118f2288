"""ReLU drawn as a line, with the hidden nodes' current sums marked on it."""

import altair as alt
import numpy as np
import pandas as pd

from nnviz.charts.template import fill


def relu_frames(points: list[tuple[str, float]], reach: float = 5.0):
    """The curve over a range wide enough to show every point, and the points themselves."""
    span = max([reach] + [abs(v) * 1.15 for _, v in points if np.isfinite(v)])
    x = np.linspace(-span, span, 201)
    curve = pd.DataFrame({"sum": x, "output": np.maximum(x, 0.0)})
    marks = pd.DataFrame({
        "node": [name for name, _ in points],
        "sum": [float(v) for _, v in points],
        "output": [max(float(v), 0.0) for _, v in points],
    })
    return curve, marks


def relu_spec(points: list[tuple[str, float]], height: int = 220) -> dict:
    """Vega-Lite spec of the ReLU picture; cheap to rebuild on every rerun."""
    curve, marks = relu_frames(points)
    return fill(("relu", height), lambda: relu_chart(height), curve=curve, marks=marks)


def relu_chart(height: int = 220) -> alt.LayerChart:
    """ReLU's line (named data "curve") with the nodes' sums on it (named data "marks")."""
    curve, marks = alt.Data(name="curve"), alt.Data(name="marks")
    line = alt.Chart(curve).mark_line(color="#334155").encode(
        x=alt.X("sum:Q", title="weighted sum going in"),
        y=alt.Y("output:Q", title="ReLU output"),
    )
    dots = alt.Chart(marks).mark_point(size=160, filled=True).encode(
        x="sum:Q", y="output:Q",
        color=alt.Color("node:N", legend=alt.Legend(orient="top-left", title=None)),
        tooltip=["node:N", alt.Tooltip("sum:Q", format=",.4g"),
                 alt.Tooltip("output:Q", format=",.4g")],
    )
    return alt.layer(line, dots).properties(height=height)
