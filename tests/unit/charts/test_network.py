"""The network diagram's data: positions, sign colours, widths that grow with the weight."""

import math

import numpy as np
import pytest

from nnviz.charts.network import diagram_frames, edge_widths, network_spec
from nnviz.core.formatting import SHORT_CHARS, short
from nnviz.lessons import house, recap


def test_edges_and_nodes_follow_the_net():
    layers, weights = house.diagram(house.LinearNet())
    values = house.node_values(house.LinearNet(), house.TALK_ROWS[0], "prediction")
    edges, nodes = diagram_frames(layers, weights, values)
    assert set(edges["sign"]) == {"positive", "negative"}
    assert dict(zip(edges["from"], edges["label"], strict=True)) == {
        "Rooms": "100,000", "Age": "-20,000"}
    assert dict(zip(nodes["node"], nodes["value"], strict=True)) == {
        "Rooms": "4", "Age": "10", "Price": "200,000"}
    # Inputs on the left, output on the right.
    assert nodes.set_index("node").loc["Price", "x"] > nodes.set_index("node").loc["Rooms", "x"]


def test_widths_grow_with_magnitude_and_survive_infinity():
    widths = edge_widths({("a", "c"): 0.2, ("b", "c"): -100_000.0, ("d", "c"): 50.0})
    assert widths[("a", "c")] < widths[("d", "c")] < widths[("b", "c")] == 9.0
    assert edge_widths({("a", "b"): float("inf")})[("a", "b")] == 9.0
    assert edge_widths({("a", "b"): 0.0})[("a", "b")] == 1.0


def test_chart_builds_a_vega_lite_spec():
    layers, weights = house.diagram(house.HiddenNet())
    spec = network_spec(layers, weights)
    assert len(spec["layer"]) == 7
    assert list(spec["datasets"]["edges"]["label"]) == [
        "1", "-100", "1", "-0.2", "50,000", "100,000"]
    assert {layer["data"]["name"] for layer in spec["layer"]} == {"edges", "nodes"}


@pytest.mark.parametrize("value, text", [
    (600_000, "600,000"), (-12_000, "-12,000"), (4, "4"), (-0.2, "-0.2"),
    (4 * 300_000 + 10 * 100_000, "2.2M"), (-6_000_000, "-6M"), (1_234_567, "1.23M"),
    (-123_456, "-123k"), (999_999.5, "1M"), (0.333333, "0.333"), (4e15, "4e+15"),
    (-1.23e16, "-1e+16"), (-123.456, "-123"), (-12.34567, "-12.3"), (-0.0123456, "-0.0123"),
    (0.000123456, "1e-04"), (-0.00123456, "-1e-03"), (-999.9995, "-1,000"),
])
def test_short_numbers_fit_in_a_node(value, text):
    assert short(value) == text
    assert len(short(value)) <= SHORT_CHARS


def test_node_values_stay_short_for_extreme_weights():
    net = house.HiddenNet(h1_price=-300_000, h2_price=-3_000_000, rooms_h1=200, age_h1=200)
    layers, weights = house.diagram(net)
    row = house.HouseRow(1e15, -1e15, 0)
    _, nodes = diagram_frames(layers, weights, house.node_values(net, row, "prediction"))
    assert all(len(v) <= SHORT_CHARS for v in nodes["value"]), list(nodes["value"])


def test_scale_enlarges_every_mark_of_the_diagram_together():
    layers, weights = house.diagram(house.HiddenNet())
    normal, big = network_spec(layers, weights), network_spec(layers, weights, scale=1.4)
    assert big["height"] == pytest.approx(1.4 * normal["height"])
    for plain, scaled in zip(normal["layer"], big["layer"], strict=True):
        for prop in ("fontSize", "size", "dy"):
            if prop in plain["mark"]:
                assert abs(scaled["mark"][prop]) == pytest.approx(
                    abs(plain["mark"][prop]) * (1.4**2 if prop == "size" else 1.4))
    # The values' font sizes travel with the data, one per node.
    np.testing.assert_allclose(big["datasets"]["nodes"]["value_size"],
                               1.4 * normal["datasets"]["nodes"]["value_size"])


# ---- geometry: what the browser draws, in pixels ---------

CHAR_WIDTH = 0.6  # a generous width of one character, as a share of the font size


def layer_by(spec, data, mark, text=None):
    """The first layer drawing `mark` from the named data (and writing field `text`)."""
    return next(layer for layer in spec["layer"]
                if layer["data"]["name"] == data and layer["mark"]["type"] == mark
                and (text is None or layer["encoding"]["text"]["field"] == text))


def node_radius(spec) -> float:
    circle = layer_by(spec, "nodes", "circle")["mark"]
    return (circle["size"] / math.pi) ** 0.5 + circle["strokeWidth"] / 2


def to_pixels(spec, x, y, width, height):
    """Where data (x, y) lands in a plot of width x height pixels, with the scales' padding."""
    x_scale = spec["layer"][0]["encoding"]["x"]["scale"]
    y_scale = spec["layer"][0]["encoding"]["y"]["scale"]
    (x_lo, x_hi), (y_lo, y_hi) = x_scale["domain"], y_scale["domain"]
    pad = x_scale.get("padding", 0)
    px = pad + (np.asarray(x) - x_lo) / (x_hi - x_lo) * (width - 2 * pad)
    py = (y_hi - np.asarray(y)) / (y_hi - y_lo) * height
    return px, py


def distance_to_segment(p, a, b) -> float:
    p, a, b = (np.asarray(v, dtype=float) for v in (p, a, b))
    t = np.clip(np.dot(p - a, b - a) / np.dot(b - a, b - a), 0, 1)
    return float(np.linalg.norm(p - (a + t * (b - a))))


@pytest.mark.parametrize("scale", [1.0, 0.85])
@pytest.mark.parametrize("task", ["regression", "binary", "multiclass"])
def test_words_in_the_recap_sketches_fit_inside_their_nodes(task, scale):
    layers, weights, activations = recap.sketch(task)
    spec = network_spec(layers, weights, values=activations, label_weights=False, scale=scale)
    mark = layer_by(spec, "nodes", "text", "value")["mark"]
    inside = 2 * (node_radius(spec) - layer_by(spec, "nodes", "circle")["mark"]["strokeWidth"])
    for row in spec["datasets"]["nodes"].to_dict("records"):
        font = row.get("value_size", mark.get("fontSize"))
        assert len(row["value"]) * font * CHAR_WIDTH <= inside, (row["value"], font, inside)


@pytest.mark.parametrize("width", [220, 300, 600])
@pytest.mark.parametrize("task", ["regression", "multiclass"])
def test_the_outermost_nodes_stay_inside_the_chart_however_narrow(task, width):
    layers, weights, activations = recap.sketch(task)
    spec = network_spec(layers, weights, values=activations, label_weights=False, scale=0.85)
    x_lo, x_hi = spec["layer"][0]["encoding"]["x"]["scale"]["domain"]
    nodes = spec["datasets"]["nodes"]
    assert nodes.x.between(x_lo, x_hi).all()
    px, _ = to_pixels(spec, nodes.x, nodes.y, width, 300)
    radius = node_radius(spec)
    assert px.min() >= radius + 2 and px.max() <= width - radius - 2, (px.min(), px.max())


def hidden_diagram():
    layers, weights = house.diagram(house.HiddenNet())
    values = house.node_values(house.HiddenNet(), house.TALK_ROWS[2], "prediction")
    captions = dict.fromkeys(house.HIDDEN_NODES, "ReLU")  # as the house lessons draw it
    return network_spec(layers, weights, values, captions)


def test_relu_captions_sit_inside_their_own_nodes():
    spec = hidden_diagram()
    mark = layer_by(spec, "nodes", "text", "caption")["mark"]
    captioned = [c for c in spec["datasets"]["nodes"]["caption"] if c]
    assert captioned == ["ReLU", "ReLU"]
    # The caption's far corner, measured from its node's centre, is still inside the circle:
    # below the node it crowded the name of the node underneath.
    half_width = len("ReLU") * mark["fontSize"] * CHAR_WIDTH / 2
    far = abs(mark.get("dy", 0)) + mark["fontSize"] / 2
    assert math.hypot(half_width, far) <= node_radius(spec) - 2


def test_weight_labels_sit_on_their_own_edges_and_apart():
    spec = hidden_diagram()
    width, height = 480, 220  # about the plot the lesson's column leaves, legend below
    edges = spec["datasets"]["edges"]
    dx, dy = (layer_by(spec, "edges", "text")["mark"].get(k, 0) for k in ("dx", "dy"))
    lx, ly = to_pixels(spec, edges.lx, edges.ly, width, height)
    x1, y1 = to_pixels(spec, edges.x, edges.y, width, height)
    x2, y2 = to_pixels(spec, edges.x2, edges.y2, width, height)
    labels = np.column_stack([lx + dx, ly + dy])
    for i, at in enumerate(labels):
        assert distance_to_segment(at, (x1[i], y1[i]), (x2[i], y2[i])) <= 1.0, edges.label[i]
    gaps = [np.linalg.norm(a - b) for i, a in enumerate(labels) for b in labels[i + 1:]]
    assert min(gaps) >= 24  # the two "1" labels out of Rooms included
