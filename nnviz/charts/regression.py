"""Pictures for the regression lesson: predictions against the truth, residuals, topology
curves and the before/after ranges of a normalization.

Each public function returns a Vega-Lite spec (a dict for st.vega_lite_chart). The Altair chart
behind it reads named data sources and is built once per shape (nnviz.charts.template), so the
live training view can redraw the scatter several times a second cheaply.
Pure functions: frames in, specs out.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from nnviz.charts.palette import CLASS_COLORS
from nnviz.charts.template import FIT_WIDTH, fill

PARTS = ["training", "validation"]
# Grey and blue differ in lightness as well as hue; the shape is a second cue.
PART_COLORS = alt.Scale(domain=PARTS, range=["#94a3b8", "#0072B2"])
PART_SHAPES = alt.Scale(domain=PARTS, range=["circle", "triangle-up"])


def number_format(unit: str) -> str:
    """d3 format for the target's units: dollars get a sign and thousands separators."""
    return "$,.0f" if unit == "$" else ",.4~g"


def _target_title(name: str, unit: str) -> str:
    return f"{name} ({unit})" if unit and unit != "$" else name


def _part_color() -> alt.Color:
    return alt.Color("part:N", scale=PART_COLORS, title=None, legend=alt.Legend(orient="bottom"))


def _part_shape() -> alt.Shape:
    """The same legend as _part_color (same field and title): Vega-Lite merges the two."""
    return alt.Shape("part:N", scale=PART_SHAPES, title=None, legend=alt.Legend(orient="bottom"))


# ---- predicted vs actual ---------------------------------------------------------------------

def ideal_line(frame: pd.DataFrame) -> pd.DataFrame:
    """The two ends of predicted = actual, spanning every value in the frame."""
    low = float(min(frame["actual"].min(), frame["predicted"].min()))
    high = float(max(frame["actual"].max(), frame["predicted"].max()))
    return pd.DataFrame({"actual": [low, high], "predicted": [low, high]})


def predicted_vs_actual(frame: pd.DataFrame, target: str = "target", unit: str = "",
                        height: int = 360) -> dict:
    """Every row as a dot (actual across, predicted up) and the line a perfect network sits on."""
    key = ("regression-pva", target, unit, height)
    return fill(key, lambda: predicted_vs_actual_chart(target, unit, height),
                points=frame, ideal=ideal_line(frame))


def predicted_vs_actual_chart(target: str, unit: str, height: int) -> alt.LayerChart:
    fmt = number_format(unit)
    title = _target_title(target, unit)
    dots = alt.Chart(alt.Data(name="points")).mark_point(filled=True, size=36,
                                                         opacity=0.6).encode(
        x=alt.X("actual:Q", title=f"actual {title}", axis=alt.Axis(format=fmt),
                scale=alt.Scale(zero=False)),
        y=alt.Y("predicted:Q", title=f"predicted {title}", axis=alt.Axis(format=fmt),
                scale=alt.Scale(zero=False)),
        color=_part_color(), shape=_part_shape(),
        tooltip=["part:N", alt.Tooltip("actual:Q", format=fmt),
                 alt.Tooltip("predicted:Q", format=fmt), alt.Tooltip("residual:Q", format=fmt)],
    )
    line = alt.Chart(alt.Data(name="ideal")).mark_line(
        color="#16a34a", strokeDash=[6, 4]).encode(x="actual:Q", y="predicted:Q")
    return alt.layer(dots, line).properties(
        height=height, autosize=FIT_WIDTH,
        title=alt.TitleParams("Predicted vs actual", subtitle="on the dashed line = exactly right"),
        description=f"Scatter plot of each row's predicted {title} (up) against its actual "
                    f"{title} (across): training rows as grey circles, validation rows as "
                    "blue triangles, and a dashed line where prediction equals the truth.")


# ---- residuals -------------------------------------------------------------------------------

def residual_scatter(frame: pd.DataFrame, unit: str = "", height: int = 300) -> dict:
    """Residual (actual - predicted) against the prediction: a patternless band around 0 is good;
    a curve or a funnel means the network misses something systematic."""
    return fill(("regression-residuals", unit, height),
                lambda: residual_scatter_chart(unit, height), points=frame)


def residual_scatter_chart(unit: str, height: int) -> alt.LayerChart:
    fmt = number_format(unit)
    dots = alt.Chart(alt.Data(name="points")).mark_point(filled=True, size=30,
                                                         opacity=0.6).encode(
        x=alt.X("predicted:Q", title="prediction", axis=alt.Axis(format=fmt),
                scale=alt.Scale(zero=False)),
        y=alt.Y("residual:Q", title="actual − predicted", axis=alt.Axis(format=fmt)),
        color=_part_color(), shape=_part_shape(),
        tooltip=["part:N", alt.Tooltip("predicted:Q", format=fmt),
                 alt.Tooltip("residual:Q", format=fmt)],
    )
    zero = alt.Chart(alt.Data(values=[{"residual": 0.0}])).mark_rule(
        color="#16a34a", strokeDash=[6, 4]).encode(y="residual:Q")
    return alt.layer(dots, zero).properties(
        height=height, title="Residuals", autosize=FIT_WIDTH,
        description="Scatter plot of each row's error (actual minus predicted, up) against its "
                    "prediction (across): training rows as grey circles, validation rows as "
                    "blue triangles, and a dashed line at zero error.")


def residual_histogram(frame: pd.DataFrame, unit: str = "", height: int = 300) -> dict:
    """How the validation errors are spread: a narrow hump centred on 0 is what we want."""
    data = frame[frame["part"] == "validation"] if "validation" in set(frame["part"]) else frame
    return fill(("regression-histogram", unit, height),
                lambda: residual_histogram_chart(unit, height), points=data)


def residual_histogram_chart(unit: str, height: int) -> alt.Chart:
    return alt.Chart(alt.Data(name="points")).mark_bar(color="#2563eb", opacity=0.8).encode(
        x=alt.X("residual:Q", bin=alt.Bin(maxbins=30), title="actual − predicted",
                axis=alt.Axis(format=number_format(unit))),
        y=alt.Y("count():Q", title="rows"),
    ).properties(height=height, title="Validation errors, binned", autosize=FIT_WIDTH,
                 description="Histogram of the validation rows' errors (actual minus "
                             "predicted): how many rows fall in each range of error.")


# ---- topologies -----------------------------------------------------------------------------

def topology_curves(curves: pd.DataFrame, unit: str = "", height: int = 320) -> dict:
    """Validation error per epoch, one line per layout, on a log scale so late gaps show."""
    data = curves[curves["val_mae"] > 0]  # a log scale cannot show 0 (or a blown-up NaN)
    return fill(("regression-topologies", unit, height),
                lambda: topology_curves_chart(unit, height), curves=data)


def topology_curves_chart(unit: str, height: int) -> alt.Chart:
    fmt = number_format(unit)
    return alt.Chart(alt.Data(name="curves")).mark_line(
        point=alt.OverlayMarkDef(size=12)).encode(
        x=alt.X("epoch:Q", title="epoch"),
        y=alt.Y("val_mae:Q", title="validation MAE (log scale)",
                scale=alt.Scale(type="log"), axis=alt.Axis(format=fmt)),
        color=alt.Color("topology:N", title="layout", sort=None,
                        scale=alt.Scale(range=list(CLASS_COLORS)),
                        legend=alt.Legend(orient="right")),
        # A dash per layout too (same field and title: one legend shows both).
        strokeDash=alt.StrokeDash("topology:N", title="layout", sort=None,
                                  legend=alt.Legend(orient="right")),
        tooltip=["topology:N", "epoch:Q", alt.Tooltip("val_mae:Q", format=fmt)],
    ).properties(height=height, title="Same data, same split: which layout generalizes?",
                 autosize=FIT_WIDTH,
                 description="Line chart of the validation mean absolute error per epoch, "
                             "on a log scale, one line (colour and dash) per network layout.")


# ---- normalization --------------------------------------------------------------------------

MOST_RANGES = 24  # inputs drawn in the range chart; a 60-column file made it 1,300 px tall


def range_chart(ranges: pd.DataFrame, height_per_column: int = 22,
                most: int = MOST_RANGES) -> dict:
    """Each input's span (min to max bar, tick at the mean) before and after normalization.

    `ranges` is the long frame of tabular.range_comparison. The two panels keep their own
    x scales: before, columns live on wildly different scales; after, on a shared one.
    Only the first `most` inputs are drawn (the page lists all of them in a table).
    """
    ranges = ranges[ranges["column"].isin(list(dict.fromkeys(ranges["column"]))[:most])]
    n_columns = max(1, int(ranges["column"].nunique()))
    return fill(("regression-ranges", n_columns, height_per_column),
                lambda: range_chart_chart(height_per_column * n_columns), ranges=ranges)


def range_chart_chart(height: int) -> alt.FacetChart:
    base = alt.Chart().encode(y=alt.Y("column:N", title=None, sort=None))
    bars = base.mark_bar(height=12, color="#93c5fd").encode(
        x=alt.X("min:Q", title="value"), x2="max:Q",
        tooltip=["column:N", alt.Tooltip("min:Q", format=",.4~g"),
                 alt.Tooltip("mean:Q", format=",.4~g"), alt.Tooltip("max:Q", format=",.4~g")],
    )
    ticks = base.mark_tick(color="#1e3a8a", thickness=2, size=14).encode(x="mean:Q")
    # The panels one above the other: side by side they are wider than a phone (or a window
    # zoomed to 200 %), and a chart cannot rewrap itself to the width it is given.
    return alt.layer(bars, ticks, data=alt.Data(name="ranges")).properties(
        height=height, width=240,
    ).facet(
        row=alt.Row("stage:N", title=None, sort=["before", "after"],
                    header=alt.Header(labelFontSize=14)),
    ).resolve_scale(x="independent").properties(
        description="Two panels, before normalization above and after it below: for each input "
                    "column a bar from its smallest to its largest value, with a tick at its "
                    "mean.")
