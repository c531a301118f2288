"""The confusion matrix as an N x N heatmap: true class down the side, prediction across.

    from nnviz.charts.confusion import confusion_chart
    chart = confusion_chart(matrix, class_names, select="cm_cell")  # Altair chart, or
    spec = confusion_spec(matrix, class_names, select="cm_cell")    # dict, cheap per rerun

`matrix[i, j]` counts the examples of true class i predicted as class j (the layout of
`sklearn.metrics.confusion_matrix`). Each cell shows its count; its shade is the share of that
true class's examples (the row share), so a perfect model is a dark diagonal whatever the class
sizes. With `select="name"`, a click selects a cell (fields "actual" and "predicted", the class
names) for `st.altair_chart(..., on_select="rerun")` (or st.vega_lite_chart), so a page can
list the cell's examples.

Pure functions: data in, Altair chart out; no streamlit, no torch.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd

from nnviz.charts.template import fill


def confusion_frame(matrix: np.ndarray, class_names: Sequence[str] | None = None) -> pd.DataFrame:
    """One row per cell: actual, predicted, count, row_share (0..1), correct (on the diagonal)."""
    matrix = np.asarray(matrix)
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
        raise ValueError("A confusion matrix must be square.")
    k = matrix.shape[0]
    names = list(class_names) if class_names is not None else [f"class {i}" for i in range(k)]
    if len(names) != k:
        raise ValueError("Need one class name per row of the confusion matrix.")
    totals = matrix.sum(axis=1, keepdims=True)
    shares = np.divide(matrix, totals, out=np.zeros(matrix.shape, dtype=float),
                       where=totals > 0)
    rows = [{"actual": names[i], "predicted": names[j], "count": int(matrix[i, j]),
             "row_share": float(shares[i, j]), "correct": i == j}
            for i in range(k) for j in range(k)]
    return pd.DataFrame(rows)


def _build(names: tuple[str, ...], select: str | None, title: str, size: int,
           frame) -> alt.LayerChart:
    k = len(names)
    x = alt.X("predicted:N", title="predicted class", sort=list(names),
              axis=alt.Axis(labelAngle=0 if k <= 4 else -45, orient="top"))
    y = alt.Y("actual:N", title="true class", sort=list(names))
    tooltip = [alt.Tooltip("actual:N", title="true class"),
               alt.Tooltip("predicted:N", title="predicted"),
               alt.Tooltip("count:Q"),
               alt.Tooltip("row_share:Q", title="share of the true class", format=".0%")]
    base = alt.Chart(frame)
    cells = base.mark_rect(stroke="#ffffff", strokeWidth=1).encode(
        x=x, y=y,
        fill=alt.Fill("row_share:Q", title="share of true class",
                      scale=alt.Scale(domain=[0, 1], scheme="blues"),
                      # Below, not beside: a narrow column must not squeeze the cells.
                      legend=alt.Legend(format=".0%", gradientLength=100, orient="bottom",
                                        direction="horizontal")),
        tooltip=tooltip,
    )
    if select:
        selection = alt.selection_point(name=select, fields=["actual", "predicted"],
                                        on="click")
        cells = cells.add_params(selection).encode(
            opacity=alt.condition(selection, alt.value(1.0), alt.value(0.45)))
    text = base.mark_text(fontSize=max(11, min(20, size // 3)), fontWeight="bold").encode(
        x=x, y=y, text=alt.Text("count:Q"),
        color=alt.condition("datum.row_share > 0.55", alt.value("#ffffff"),
                            alt.value("#0f172a")),
        tooltip=tooltip,
    )
    # Step sizing: each cell gets `size` pixels whatever the legend and titles take (a fixed
    # total height would be shared with them and can squeeze the cells to nothing).
    description = (f"Confusion matrix of {k} classes ({', '.join(names)}): true class down "
                   "the side, predicted class across the top, each cell showing how many "
                   "examples it holds and shaded by its share of the true class, so right "
                   "answers form the diagonal.")
    return alt.layer(cells, text).properties(width=alt.Step(size), height=alt.Step(size),
                                            title=title, description=description)


def _look(frame: pd.DataFrame, select, title, cell_size):
    names = tuple(dict.fromkeys(frame["actual"]))
    size = int(cell_size or max(28, min(90, 360 // len(names))))
    return names, select, title or "", size


def confusion_chart(matrix: np.ndarray, class_names: Sequence[str] | None = None,
                    select: str | None = None, title: str | None = None,
                    cell_size: int | None = None) -> alt.LayerChart:
    """Heatmap of the matrix with the count written in each cell (see module docstring)."""
    frame = confusion_frame(matrix, class_names)
    return _build(*_look(frame, select, title, cell_size), frame)


def confusion_spec(matrix: np.ndarray, class_names: Sequence[str] | None = None,
                   select: str | None = None, title: str | None = None,
                   cell_size: int | None = None) -> dict:
    """The same chart as a Vega-Lite dict for `st.vega_lite_chart`, built once per look and
    refilled with data (named dataset "cells") on later calls: cheap on every rerun."""
    frame = confusion_frame(matrix, class_names)
    look = _look(frame, select, title, cell_size)
    return fill(("confusion", look), lambda: _build(*look, alt.Data(name="cells")),
                cells=frame)
