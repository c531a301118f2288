"""ReLU drawn as a line, with the hidden nodes' current sums marked on it."""

import altair as alt
import numpy as np
import pandas as pd


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


def relu_with_points(points: list[tuple[str, float]], height: int = 220) -> alt.LayerChart:
    curve, marks = relu_frames(points)
    line = alt.Chart(curve).mark_line(color="#334155").encode(
        x=alt.X("sum:Q", title="weighted sum going in"),
        y=alt.Y("output:Q", title="ReLU output"),
    )
    dots = alt.Chart(marks).mark_point(size=160, filled=True).encode(
        x="sum:Q", y="output:Q", color=alt.Color("node:N", legend=alt.Legend(orient="bottom")),
        tooltip=["node", alt.Tooltip("sum:Q", format=",.4g"),
                 alt.Tooltip("output:Q", format=",.4g")],
    )
    return alt.layer(line, dots).properties(height=height, title="ReLU: negatives become 0")
