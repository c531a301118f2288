"""The ReLU panels: one per hidden node, each scaled to show where its own sum falls."""

from nnviz.charts.relu import REACH, relu_frame, relu_spec
from nnviz.lessons import house


def test_each_node_gets_its_own_panel_with_its_sum_on_relu():
    net = house.HiddenNet()
    row = house.TALK_ROWS[1]  # 4 rooms, 5 years: sums 4 - 500 = -496 and 4 - 1 = 3
    sums = net.hidden_sums(row.rooms, row.age)[0]
    frame = relu_frame(list(zip(house.HIDDEN_NODES, sums, strict=True)))
    marks = frame[frame.kind == "mark"].set_index("node")
    assert marks.loc["Hidden 1", "sum"] == -496 and marks.loc["Hidden 1", "output"] == 0
    assert marks.loc["Hidden 2", "sum"] == 3 and marks.loc["Hidden 2", "output"] == 3
    labels = dict(frame[frame.kind == "label"][["node", "text"]].values)
    assert labels == {"Hidden 1": "ReLU(-496) = 0", "Hidden 2": "ReLU(3) = 3"}
    for node, value in (("Hidden 1", -496), ("Hidden 2", 3)):
        curve = frame[(frame.node == node) & (frame.kind == "curve")]
        assert (curve.output == curve["sum"].clip(lower=0)).all()
        # Wide enough to show the sum, but no wider: 3 must not vanish into the bend at 0.
        assert curve["sum"].min() < value < curve["sum"].max()
        assert curve["sum"].max() == max(REACH, 1.3 * abs(value))


def test_spec_is_faceted_by_node_with_independent_ranges():
    spec = relu_spec([("Hidden 1", 4.0), ("Hidden 2", 4.0)])
    assert spec["facet"]["column"]["field"] == "node"
    assert spec["resolve"]["scale"] == {"x": "independent", "y": "independent"}
    assert set(spec["datasets"]) == {"relu"}
