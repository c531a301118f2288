"""ReLU drawn as a line, one small panel per hidden node, with the node's current sum on it.

Each panel gets its own range, so a sum of 3 sits clearly right of the bend even when the other
node's sum is -496, and two nodes holding the same value never hide one another.
"""

import altair as alt
import numpy as np
import pandas as pd

from nnviz.charts.template import fill
from nnviz.core.formatting import short

REACH = 5.0  # the narrowest range drawn: -5 .. 5


def relu_frame(points: list[tuple[str, float]], reach: float = REACH) -> pd.DataFrame:
    """For each node: ReLU's line over a range that shows its sum, the sum marked, a label."""
    parts = []
    for name, value in points:
        value = float(value)
        span = max(reach, abs(value) * 1.3) if np.isfinite(value) else reach
        x = np.linspace(-span, span, 101)
        out = max(value, 0.0)
        parts.append(pd.DataFrame({"node": name, "kind": "curve", "sum": x,
                                   "output": np.maximum(x, 0.0), "text": ""}))
        parts.append(pd.DataFrame({"node": [name] * 2, "kind": ["mark", "label"],
                                   "sum": [value, -span], "output": [out, span],
                                   "text": ["", f"ReLU({short(value)}) = {short(out)}"]}))
    return pd.concat(parts, ignore_index=True)


def relu_spec(points: list[tuple[str, float]], width: int = 120, height: int = 140) -> dict:
    """Vega-Lite spec of the ReLU panels; cheap to rebuild on every rerun."""
    return fill(("relu", width, height), lambda: relu_chart(width, height),
                relu=relu_frame(points))


def relu_chart(width: int = 120, height: int = 140) -> alt.FacetChart:
    """One panel per node of the named data "relu": its line, its point, its sum written out."""
    x = alt.X("sum:Q", title="sum in", scale=alt.Scale(nice=False))
    y = alt.Y("output:Q", title="output", scale=alt.Scale(nice=False))

    def only(kind: str) -> alt.Chart:
        return alt.Chart().transform_filter(alt.datum.kind == kind)

    line = only("curve").mark_line(color="#334155").encode(x=x, y=y)
    dot = only("mark").mark_point(size=160, filled=True, color="#dc2626").encode(
        x=x, y=y, tooltip=[alt.Tooltip("sum:Q", format=",.4~g"),
                           alt.Tooltip("output:Q", format=",.4~g")])
    label = only("label").mark_text(align="left", baseline="top", dx=4, fontSize=13,
                                    fontWeight="bold", color="#b91c1c").encode(
        x=x, y=y, text="text:N")
    return (
        alt.layer(line, dot, label, data=alt.Data(name="relu"))
        .properties(width=width, height=height)
        .facet(column=alt.Column("node:N", title=None, header=alt.Header(labelFontSize=13,
                                                                       labelFontWeight="bold")),
               spacing=12)
        .resolve_scale(x="independent", y="independent")
        .properties(description="One small chart per hidden node: the ReLU line (zero for a "
                                "negative sum, the sum itself for a positive one), with the "
                                "node's current sum marked on it and written as "
                                "ReLU(sum) = output.")
    )
