"""Training curves: loss and metric per epoch, training against validation.

    spec = curves_spec(trainer.history, "train_loss", "val_loss", "loss", total_epochs=200)
    st.vega_lite_chart(spec, width="stretch")

The x axis spans every planned epoch from the start, so the line visibly grows to the right as
training runs instead of the axis rescaling under it. Specs are built once per shape
(nnviz.charts.template) because a live page redraws them several times a second.
Pure functions: data in, chart out; no streamlit, no torch.
"""

from __future__ import annotations

from functools import lru_cache

import altair as alt
import numpy as np
import pandas as pd

from nnviz.charts.template import FIT_WIDTH, fill

# Okabe-Ito blue and orange (told apart with any colour vision, as in the replay), and a
# dash for validation as a second cue that needs no colour at all.
TRAIN_COLOR = "#0072B2"
VAL_COLOR = "#E69F00"
CURVES = ("training", "validation")
CURVE_DASHES = ([1, 0], [6, 3])


def curves_frame(history: pd.DataFrame, train_column: str, val_column: str) -> pd.DataFrame:
    """Long format for the chart: epoch, curve ('training' / 'validation'), value.

    Rows with no value (no validation set, or a value that is not finite) are left out."""
    columns = [(curve, column) for curve, column
               in zip(CURVES, (train_column, val_column), strict=True) if column in history]
    epochs = history["epoch"].to_numpy(dtype=int) if columns else np.zeros(0, int)
    values = (np.concatenate([history[column].to_numpy(dtype=float) for _, column in columns])
              if columns else np.zeros(0))
    frame = pd.DataFrame({
        "epoch": np.tile(epochs, len(columns)),
        "curve": pd.array(np.repeat([curve for curve, _ in columns], len(epochs)), dtype=str),
        "value": values,
    })
    return frame[np.isfinite(values)].reset_index(drop=True)


def marks_frame(marks: list[tuple[int, str]] | None) -> pd.DataFrame:
    """Vertical markers (epoch, label), e.g. where validation loss turned up."""
    rows = [{"epoch": int(epoch), "label": str(label)} for epoch, label in (marks or [])]
    return pd.DataFrame(rows, columns=["epoch", "label"])


def curves_spec(history: pd.DataFrame, train_column: str, val_column: str, title: str,
                total_epochs: int, percent: bool = False, log_scale: bool = False,
                marks: list[tuple[int, str]] | None = None, height: int = 240) -> dict:
    """Two lines over the epochs as a Vega-Lite dict; `percent` draws 0..100 % (accuracy)."""
    key = ("training-curves", title, int(total_epochs), percent, log_scale, height)
    curves = curves_frame(history, train_column, val_column)
    spec = fill(
        key,
        lambda: curves_chart(title, int(total_epochs), percent, log_scale, height),
        curves=curves,
        marks=marks_frame(marks),
    )
    spec["description"] += latest(curves, percent)
    return spec


def latest(curves: pd.DataFrame, percent: bool = False) -> str:
    """The curves' last values in words, for the chart's text alternative."""
    if curves.empty:
        return " No epoch trained yet."
    fmt = "{:.1%}" if percent else "{:,.4g}"
    epoch = int(curves["epoch"].max())
    last = curves[curves["epoch"] == epoch]
    values = ", ".join(f"{curve} {fmt.format(value)}"
                       for curve, value in zip(last["curve"], last["value"], strict=True))
    return f" At epoch {epoch}: {values}."


def curves_chart(title: str, total_epochs: int, percent: bool = False, log_scale: bool = False,
                 height: int = 240) -> alt.LayerChart:
    """The chart, reading the named data sources "curves" and "marks"."""
    x = alt.X("epoch:Q", title="epoch",
              scale=alt.Scale(domain=[0, max(total_epochs, 1)], nice=False),
              axis=alt.Axis(tickMinStep=1, format="d"))
    if percent:
        y_scale = alt.Scale(domain=[0, 1])
        y = alt.Y("value:Q", title=title, scale=y_scale, axis=alt.Axis(format="%"))
        tooltip_format = ".1%"
    else:
        y_scale = alt.Scale(type="log") if log_scale else alt.Scale(zero=True)
        y = alt.Y("value:Q", title=title, scale=y_scale)
        tooltip_format = ",.4g"
    color = alt.Color(
        "curve:N", title=None,
        scale=alt.Scale(domain=list(CURVES), range=[TRAIN_COLOR, VAL_COLOR]),
        legend=alt.Legend(orient="top"),
    )
    dash = alt.StrokeDash("curve:N", title=None, legend=alt.Legend(orient="top"),
                          scale=alt.Scale(domain=list(CURVES), range=list(CURVE_DASHES)))
    lines = alt.Chart(alt.Data(name="curves")).mark_line(strokeWidth=2.5).encode(
        x=x, y=y, color=color, strokeDash=dash,
        tooltip=[alt.Tooltip("curve:N"), alt.Tooltip("epoch:Q"),
                 alt.Tooltip("value:Q", title=title, format=tooltip_format)],
    )
    # aria=False: the label beside each rule says what it marks, and with no marks an empty
    # rule group would be an unnamed graphic to a screen reader (axe: svg-img-alt).
    rules = alt.Chart(alt.Data(name="marks")).mark_rule(
        color="#64748b", strokeDash=[4, 4], aria=False).encode(x="epoch:Q")
    labels = alt.Chart(alt.Data(name="marks")).mark_text(
        align="left", dx=4, dy=6, color="#334155", baseline="top", fontSize=12).encode(
        x="epoch:Q", y=alt.value(0), text="label:N")
    what = "percent" if percent else "log scale" if log_scale else "value"
    description = (f"Line chart of {title} per epoch, training (solid blue line) against "
                   f"validation (dashed orange line), over {total_epochs} planned epochs "
                   f"({what} on the vertical axis).")
    return alt.layer(lines, rules, labels).properties(height=height, title=title,
                                                      autosize=FIT_WIDTH,
                                                      description=description)


# ---- the network being trained, as a diagram of its layers -----------------------------------

KIND_COLORS = {"input": "#e2e8f0", "hidden": "#bfdbfe", "output": "#fed7aa"}


@lru_cache(maxsize=64)  # the same few layouts on every page run: built once, only read after
def architecture_frames(layer_sizes: tuple[int, ...], activation: str, output_activation: str,
                        max_shown: int = 8,
                        input_names: tuple[str, ...] | None = None
                        ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Nodes, edges and layer captions. A layer wider than `max_shown` shows its first
    max_shown - 1 nodes and a '⋮' standing for the rest (the caption gives the full count)."""
    tallest = min(max(layer_sizes), max_shown)
    names = tuple(input_names or ())
    nodes, captions, shown = [], [], []
    last = len(layer_sizes) - 1
    for x, size in enumerate(layer_sizes):
        kind = "input" if x == 0 else "output" if x == last else "hidden"
        visible = size if size <= max_shown else max_shown - 1
        slots = visible + (size > visible)
        top = (tallest - slots) / 2
        ys = [-(top + i) for i in range(slots)]
        layer_nodes = []
        for i in range(visible):
            text = names[i] if kind == "input" and i < len(names) else ""
            nodes.append({"x": float(x), "y": ys[i], "kind": kind, "text": text, "dots": ""})
            layer_nodes.append((float(x), ys[i]))
        if size > visible:
            nodes.append({"x": float(x), "y": ys[-1], "kind": "more", "text": "",
                          "dots": f"+{size - visible}"})
        shown.append(layer_nodes)
        if kind == "input":
            caption = f"inputs: {size}"
        elif kind == "hidden":
            caption = f"hidden {x}: {size} · {activation}"
        else:
            caption = f"output: {size} · {output_activation}"
        captions.append({"x": float(x), "y": -tallest + 0.15, "text": caption})
    edges = [{"x": a[0], "y": a[1], "x2": b[0], "y2": b[1]}
             for left, right in zip(shown[:-1], shown[1:], strict=True)
             for a in left for b in right]
    return (pd.DataFrame(nodes, columns=["x", "y", "kind", "text", "dots"]),
            pd.DataFrame(edges, columns=["x", "y", "x2", "y2"]),
            pd.DataFrame(captions, columns=["x", "y", "text"]))


def architecture_spec(layer_sizes: tuple[int, ...], activation: str, output_activation: str,
                      max_shown: int = 8, input_names: tuple[str, ...] | None = None,
                      height: int = 300) -> dict:
    """The layers as circles joined by every connection, captioned with size and activation."""
    nodes, edges, captions = architecture_frames(layer_sizes, activation, output_activation,
                                                 max_shown, input_names)
    n_layers = len(layer_sizes)
    tallest = min(max(layer_sizes), max_shown)
    key = ("architecture", n_layers, tallest, height)
    return fill(key, lambda: architecture_chart(n_layers, tallest, height),
                nodes=nodes, edges=edges, captions=captions)


def architecture_chart(n_layers: int, tallest: int, height: int = 300) -> alt.LayerChart:
    x_scale = alt.Scale(domain=[-0.5, n_layers - 0.5])
    y_scale = alt.Scale(domain=[-tallest - 0.2, 0.6])
    x = alt.X("x:Q", scale=x_scale, axis=None)
    y = alt.Y("y:Q", scale=y_scale, axis=None)
    lines = alt.Chart(alt.Data(name="edges")).mark_rule(color="#94a3b8", opacity=0.5).encode(
        x=x, y=y, x2="x2:Q", y2="y2:Q")
    kinds = list(KIND_COLORS)
    circles = alt.Chart(alt.Data(name="nodes")).transform_filter(
        alt.datum.kind != "more").mark_circle(size=700, stroke="#334155", strokeWidth=1.5,
                                              opacity=1).encode(
        x=x, y=y, color=alt.Color("kind:N", legend=None,
                                  scale=alt.Scale(domain=kinds, range=list(KIND_COLORS.values()))))
    # Input names sit left of their circles: inside, a name longer than "x1" hid the circle.
    names = alt.Chart(alt.Data(name="nodes")).mark_text(
        fontSize=12, color="#0f172a", align="right", dx=-17).encode(x=x, y=y, text="text:N")
    more = alt.Chart(alt.Data(name="nodes")).mark_text(
        fontSize=13, color="#475569", fontWeight="bold").encode(x=x, y=y, text="dots:N")
    captions = alt.Chart(alt.Data(name="captions")).mark_text(
        fontSize=13, color="#334155", baseline="top").encode(x=x, y=y, text="text:N")
    description = (f"Diagram of the network: {n_layers} layers of circles (inputs on the "
                   "left, the output on the right), each joined to every circle of the next "
                   "layer, with each layer's size and activation written under it.")
    return alt.layer(lines, circles, names, more, captions).properties(
        height=height, description=description).configure_view(stroke=None)
