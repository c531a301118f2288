"""The network diagram's data: positions, sign colours, widths that grow with the weight."""

from nnviz import house
from nnviz.charts.network import diagram_frames, edge_widths, network_spec


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
