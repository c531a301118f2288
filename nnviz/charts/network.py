"""A network drawn from its weights: nodes in layers, edges coloured by sign, width by size."""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from nnviz.charts.template import fill
from nnviz.core.formatting import number, short

# Blue and a dark vermillion (Okabe-Ito hues), each readable as label text on white (5:1 or
# more); negative weights are also dashed, so the sign never rests on colour alone.
POSITIVE = "#0072B2"
NEGATIVE = "#B34700"
NEGATIVE_DASH = [7, 4]

# Sizes in pixels at scale 1. A node's value is written inside its circle, its name above it
# and its caption (e.g. "ReLU") inside, under the value: below the node it would crowd the
# name of the node underneath.
NODE_AREA = 3200
NODE_RADIUS = math.sqrt(NODE_AREA / math.pi)  # about 32
VALUE_FONT, NAME_FONT, CAPTION_FONT, LABEL_FONT = 16, 13, 11, 14
NAME_DY, CAPTION_DY = -44, 19
# How wide a character of the sans-serif font is, as a share of the font size, at most about:
# digits and number signs are narrower than letters.
DIGIT_EM, CHAR_EM = 0.5, 0.62
NUMBER_CHARS = frozenset("0123456789,.-+")
ROOM = 0.85  # the share of a node's width its text may fill, clear of the outline
EDGE_MARGIN = 6  # pixels between the outermost circles and the chart's left and right edges
LABEL_AT = 1 / 3  # how far along its edge a weight's label sits


def text_width(text: str, font_size: float) -> float:
    """About how many pixels wide `text` is drawn at `font_size`."""
    return font_size * sum(DIGIT_EM if c in NUMBER_CHARS else CHAR_EM for c in text)


def value_font(text: str) -> float:
    """The font size at which a node's value fits its circle: VALUE_FONT, smaller if long."""
    return min(VALUE_FONT, ROOM * 2 * NODE_RADIUS / text_width(text or " ", 1.0))


def layout(layers: list[list[str]]) -> dict[str, tuple[float, float]]:
    """Each node's (x, y): layers left to right, nodes spread evenly and centred vertically."""
    tallest = max(len(layer) for layer in layers)
    positions = {}
    for x, layer in enumerate(layers):
        offset = (tallest - len(layer)) / 2
        for i, name in enumerate(layer):
            positions[name] = (float(x), -(offset + i))
    return positions


def _show(value: float | str | None) -> str:
    """A node's value, short enough to sit inside its circle (the exact one is in the text)."""
    if value is None:
        return ""
    return value if isinstance(value, str) else short(value)


def edge_widths(weights: dict[tuple[str, str], float]) -> dict[tuple[str, str], float]:
    """Stroke width 1..9 on a log scale: the talk's weights span 0.2 to 100,000."""
    sizes = {edge: math.log10(1 + abs(w)) if math.isfinite(w) else 30.0
             for edge, w in weights.items()}
    biggest = max(sizes.values(), default=0.0) or 1.0
    return {edge: 1.0 + 8.0 * size / biggest for edge, size in sizes.items()}


def diagram_frames(
    layers: list[list[str]],
    weights: dict[tuple[str, str], float],
    values: dict[str, float | str] | None = None,
    captions: dict[str, str] | None = None,
    label_weights: bool = True,
    scale: float = 1.0,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The data behind the picture: one row per edge, one row per node (with the font size
    that fits its value in its circle, at `scale`)."""
    pos = layout(layers)
    widths = edge_widths(weights)
    edge_rows = []
    for (src, dst), w in weights.items():
        (x1, y1), (x2, y2) = pos[src], pos[dst]
        edge_rows.append({
            "from": src, "to": dst, "weight": w, "label": number(w) if label_weights else "",
            "x": x1, "y": y1, "x2": x2, "y2": y2,
            # Labels sit on their edge a third of the way along: labels of edges into one node
            # don't collide, and each is plainly on its own line.
            "lx": x1 + (x2 - x1) * LABEL_AT, "ly": y1 + (y2 - y1) * LABEL_AT,
            "sign": "positive" if w >= 0 else "negative", "width": widths[(src, dst)],
        })
    values = values or {}
    captions = captions or {}
    node_rows = [{
        "node": name, "x": x, "y": y,
        "value": _show(values.get(name)),
        "value_size": value_font(_show(values.get(name))) * scale,
        "caption": captions.get(name, ""),
    } for name, (x, y) in pos.items()]
    return pd.DataFrame(edge_rows), pd.DataFrame(node_rows)


def network_spec(
    layers: list[list[str]],
    weights: dict[tuple[str, str], float],
    values: dict[str, float | str] | None = None,
    captions: dict[str, str] | None = None,
    height: int = 320,
    label_weights: bool = True,
    scale: float = 1.0,
) -> dict:
    """The diagram as a Vega-Lite spec, fast enough to rebuild on every slider move.

    `scale` enlarges everything drawn (nodes, text, height) together, e.g. for a projector."""
    edges, nodes = diagram_frames(layers, weights, values, captions, label_weights, scale)
    tallest = max(len(layer) for layer in layers)
    key = ("network", len(layers), tallest, height, scale)
    spec = fill(key, lambda: network_diagram(len(layers), tallest, height, scale), edges=edges,
                nodes=nodes)
    spec["description"] += in_words(edges, nodes)
    return spec


def in_words(edges: pd.DataFrame, nodes: pd.DataFrame) -> str:
    """The diagram's numbers as sentences: its text alternative."""
    weights = "; ".join(f"{a} to {b}: {number(w)}"
                        for a, b, w in zip(edges["from"], edges["to"], edges["weight"],
                                           strict=True))
    values = "; ".join(f"{name} {value}" for name, value in zip(nodes["node"], nodes["value"],
                                                                strict=True) if value)
    return f" Weights: {weights}." + (f" Values: {values}." if values else "")


def network_diagram(n_layers: int, tallest: int, height: int = 320,
                    scale: float = 1.0) -> alt.LayerChart:
    """The chart, reading its data from the named sources "edges" and "nodes"."""
    edges, nodes = alt.Data(name="edges"), alt.Data(name="nodes")
    k = scale
    # Padding in pixels, not in layers: the outermost circles fit however narrow the chart.
    x_scale = alt.Scale(domain=[0, n_layers - 1], padding=(NODE_RADIUS + EDGE_MARGIN) * k,
                        nice=False, zero=False)
    y_scale = alt.Scale(domain=[-tallest + 0.4, 0.6])
    x = alt.X("x:Q", scale=x_scale, axis=None)
    y = alt.Y("y:Q", scale=y_scale, axis=None)
    color = alt.Color(
        "sign:N",
        scale=alt.Scale(domain=["positive", "negative"], range=[POSITIVE, NEGATIVE]),
        legend=alt.Legend(title="weight", orient="bottom"),
    )
    dash = alt.StrokeDash("sign:N", legend=None,
                          scale=alt.Scale(domain=["positive", "negative"],
                                          range=[[1, 0], NEGATIVE_DASH]))
    lines = alt.Chart(edges).mark_rule(opacity=0.75).encode(
        x=x, y=y, x2="x2:Q", y2="y2:Q", color=color, strokeDash=dash,
        strokeWidth=alt.StrokeWidth("width:Q", scale=None),
        tooltip=["from:N", "to:N", alt.Tooltip("weight:Q", format=",")],
    )
    # A white halo under each label hides the line it sits on.
    labels = alt.Chart(edges).mark_text(
        fontSize=LABEL_FONT * k, fontWeight="bold", stroke="white", strokeWidth=4,
        strokeOpacity=0.9,
    ).encode(x=alt.X("lx:Q", scale=x_scale, axis=None), y=alt.Y("ly:Q", scale=y_scale, axis=None),
             text="label:N")
    labels_fill = labels.mark_text(fontSize=LABEL_FONT * k, fontWeight="bold").encode(
        color=color)
    circles = alt.Chart(nodes).mark_circle(size=NODE_AREA * k * k, color="#f8fafc",
                                           stroke="#334155", strokeWidth=2,
                                           opacity=1).encode(x=x, y=y)
    names = alt.Chart(nodes).mark_text(fontSize=NAME_FONT * k, dy=NAME_DY * k,
                                       fontWeight="bold").encode(x=x, y=y, text="node:N")
    node_values = alt.Chart(nodes).mark_text(color="#0f172a").encode(
        x=x, y=y, text="value:N", size=alt.Size("value_size:Q", scale=None))
    node_captions = alt.Chart(nodes).mark_text(fontSize=CAPTION_FONT * k, dy=CAPTION_DY * k,
                                               color="#64748b").encode(x=x, y=y, text="caption:N")
    description = (f"Diagram of a network with {n_layers} layers: circles for its nodes, "
                   "inputs on the left and the output on the right, each showing its value; "
                   "lines for its weights, solid blue when positive and dashed orange when "
                   "negative, thicker for bigger weights, each labelled with its value.")
    return (alt.layer(lines, labels, labels_fill, circles, names, node_values, node_captions)
            .properties(height=height * k, description=description)
            .configure_view(stroke=None)
            .configure_legend(labelFontSize=11 * k, titleFontSize=11 * k))
