"""The network diagram's data: positions, sign colours, widths that grow with the weight."""

import pytest

from nnviz import house
from nnviz.charts.network import diagram_frames, edge_widths, network_spec
from nnviz.money import SHORT_CHARS, short


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
