"""The house-price math against the talk's own numbers and against torch.autograd."""

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest
import torch

from nnviz.core.formatting import dollars, number
from nnviz.lessons import house

# The talk's table, copied from its slides: (predicted, loss) per row.
TALK_ONE_LAYER = [(200_000, 12_000), (300_000, 2_000), (400_000, 188_000)]
TALK_HIDDEN = [(200_000, 12_000), (300_000, 2_000), (600_000, 12_000)]
TALK_HIDDEN_NODES = [(0, 2), (0, 3), (4, 4)]


def test_one_layer_defaults_reproduce_the_talks_table():
    table = house.loss_table(house.LinearNet(), house.TALK_ROWS)
    assert list(zip(table["Predicted Price"], table["Loss"], strict=True)) == TALK_ONE_LAYER
    assert list(table.columns) == ["Rooms", "Age", "Price", "Predicted Price", "Loss"]


def test_hidden_layer_defaults_reproduce_the_talks_table_and_hidden_values():
    net = house.HiddenNet()
    rooms, age, _ = house.as_arrays(house.TALK_ROWS)
    assert [tuple(h) for h in net.hidden(rooms, age)] == TALK_HIDDEN_NODES
    table = house.loss_table(net, house.TALK_ROWS)
    assert list(zip(table["Predicted Price"], table["Loss"], strict=True)) == TALK_HIDDEN


def test_the_talks_question_house():
    assert house.LinearNet().predict(5, 10) == 300_000
    assert house.HiddenNet().predict(5, 10) == 300_000


def test_moving_a_weight_moves_each_prediction_by_input_times_change():
    base = house.loss_table(house.LinearNet(), house.TALK_ROWS)
    moved = house.loss_table(house.LinearNet(w_age=-19_000), house.TALK_ROWS)
    delta = moved["Predicted Price"] - base["Predicted Price"]
    assert list(delta) == [10 * 1_000, 5 * 1_000, 0]


def test_loss_summary_matches_sklearn():
    from sklearn.metrics import mean_absolute_error, mean_squared_error

    table = house.loss_table(house.LinearNet(), house.TALK_ROWS)
    s = house.summarize_loss(table["Predicted Price"], table["Price"])
    assert s.total_abs == 202_000
    truth, guess = table["Price"], table["Predicted Price"]
    assert s.mean_abs == pytest.approx(mean_absolute_error(truth, guess))
    assert s.mse == pytest.approx(mean_squared_error(truth, guess))


def _torch_gradient(net, rows, loss):
    names = [f.name for f in dataclasses.fields(net)]
    params = {n: torch.tensor(float(getattr(net, n)), dtype=torch.float64, requires_grad=True)
              for n in names}
    rooms, age, price = (torch.tensor(a, dtype=torch.float64) for a in house.as_arrays(rows))
    if isinstance(net, house.LinearNet):
        pred = rooms * params["w_rooms"] + age * params["w_age"]
    else:
        h1 = torch.relu(rooms * params["rooms_h1"] + age * params["age_h1"])
        h2 = torch.relu(rooms * params["rooms_h2"] + age * params["age_h2"])
        pred = h1 * params["h1_price"] + h2 * params["h2_price"]
    err = pred - price
    value = err.abs().mean() if loss == "mae" else (err**2).mean()
    value.backward()
    return {n: p.grad.item() for n, p in params.items()}


NETS = [
    house.LinearNet(),
    house.LinearNet(w_rooms=130_000.5, w_age=3_000),
    house.HiddenNet(),
    house.HiddenNet(rooms_h1=3, age_h1=-0.5, rooms_h2=-2, age_h2=0.7, h1_price=-1e4, h2_price=2e4),
]
ROWS = list(house.TALK_ROWS) + [house.HouseRow(6, 30, 450_000), house.HouseRow(2, 1, 150_000)]


@pytest.mark.parametrize("net", NETS)
@pytest.mark.parametrize("loss", ["mae", "mse"])
def test_gradients_match_torch_autograd(net, loss):
    ours = net.gradient(ROWS, loss=loss)
    ref = _torch_gradient(net, ROWS, loss)
    assert ours.keys() == ref.keys()
    for name in ours:
        assert ours[name] == pytest.approx(ref[name], rel=1e-9, abs=1e-9), name


def test_gradient_points_downhill_at_the_talks_weights():
    net = house.LinearNet()
    grad = net.gradient(house.TALK_ROWS)
    # All three houses are under-priced: raising either weight lowers the mean loss.
    assert grad["w_rooms"] < 0 and grad["w_age"] < 0
    better = house.LinearNet(w_rooms=net.w_rooms + 10, w_age=net.w_age + 10)
    before = house.loss_table(net, house.TALK_ROWS)["Loss"].mean()
    after = house.loss_table(better, house.TALK_ROWS)["Loss"].mean()
    assert after == pytest.approx(before + 10 * (grad["w_rooms"] + grad["w_age"]))


def test_walkthrough_visits_every_phase_of_every_row_in_order():
    steps = house.walkthrough(3, house.PHASES_LINEAR)
    assert len(steps) == 1 + 3 * 4
    assert steps[0].row == -1
    assert [s.phase for s in steps[1:5]] == ["inputs", "sum", "prediction", "loss"]
    assert steps[-1] == house.Step(2, "loss")


def test_table_fills_prediction_before_loss_row_by_row():
    phases = house.PHASES_HIDDEN
    assert house.Step(-1, "start").filled(3, phases) == (0, 0)
    assert house.Step(0, "sum").filled(3, phases) == (0, 0)
    assert house.Step(0, "prediction").filled(3, phases) == (1, 0)
    assert house.Step(0, "loss").filled(3, phases) == (1, 1)
    assert house.Step(2, "hidden").filled(3, phases) == (2, 2)
    assert house.Step(2, "loss").filled(3, phases) == (3, 3)


def test_node_values_reveal_hidden_then_price():
    net, row = house.HiddenNet(), house.TALK_ROWS[2]
    assert house.node_values(net, row, "inputs") == {
        "Rooms": 4, "Age": 0, "Price": "?", "Hidden 1": "?", "Hidden 2": "?"}
    assert house.node_values(net, row, "hidden")["Hidden 1"] == 4
    assert house.node_values(net, row, "sum")["Price"] == "?"
    assert house.node_values(net, row, "prediction")["Price"] == 600_000


def test_explain_step_writes_out_the_talks_sum():
    lines = house.explain_step(house.LinearNet(), house.TALK_ROWS[0], "sum", number)
    assert lines == ["**Price** = 4 × 100,000 + 10 × -20,000 = **200,000**"]
    hidden = house.explain_step(house.HiddenNet(), house.TALK_ROWS[0], "hidden", number)
    assert "ReLU(-996) = **0**" in hidden[0] and "ReLU(2) = **2**" in hidden[1]
    loss = house.explain_step(house.LinearNet(), house.TALK_ROWS[2], "loss", number)[0]
    assert "|588,000 − 400,000| = **188,000**" in loss


def test_diagram_edges_carry_the_weights():
    layers, weights = house.diagram(house.HiddenNet())
    assert layers == [["Rooms", "Age"], ["Hidden 1", "Hidden 2"], ["Price"]]
    assert weights[("Age", "Hidden 1")] == -100 and weights[("Hidden 2", "Price")] == 100_000


def test_parse_rows_keeps_good_rows_and_explains_bad_ones():
    typed = pd.DataFrame({
        "Rooms": ["3", "x", None, "", " 7 "],
        "Age": ["2", "1", "", None, "1e1"],
        "Price": ["$100,000", "5", None, "", "250000"],
    })
    rows, problems = house.parse_rows(typed)
    assert rows == [house.HouseRow(3, 2, 100_000), house.HouseRow(7, 10, 250_000)]
    assert len(problems) == 1 and "row 2" in problems[0] and "Rooms" in problems[0]


def test_parse_rows_rejects_a_blank_cell_and_infinity():
    rows, problems = house.parse_rows(pd.DataFrame(
        {"Rooms": ["4", "inf"], "Age": ["", "1"], "Price": ["1", "2"]}))
    assert rows == [] and len(problems) == 2


def test_parse_rows_says_which_cells_are_empty_and_which_are_not_numbers():
    _, problems = house.parse_rows(pd.DataFrame(
        {"Rooms": ["three", "x"], "Age": [None, "y"], "Price": ["", "2"]}))
    assert problems[0].startswith("Your row 1: Rooms ('three') is not a number; "
                                  "Age and Price are empty.")
    assert problems[1].startswith("Your row 2: Rooms ('x') and Age ('y') are not numbers.")


@pytest.mark.parametrize("value, text", [
    (212_000, "$212,000"), (-12_000, "-$12,000"), (67_333.3333, "$67,333.33"), (0, "$0"),
    (4e21, "$4.000e+21"), (math.inf, "∞"), (math.nan, "—"),
])
def test_dollars(value, text):
    assert dollars(value) == text


@pytest.mark.parametrize("value, text", [
    (100_000, "100,000"), (-0.2, "-0.2"), (-20_000, "-20,000"), (1e16, "1.000e+16"),
    (1234.5678, "1,234.57"),
])
def test_number(value, text):
    assert number(value) == text


def test_extreme_weights_stay_finite_or_format_cleanly():
    net = house.LinearNet(w_rooms=1e15, w_age=-1e15)
    table = house.loss_table(net, house.TALK_ROWS)
    assert np.isfinite(table["Predicted Price"]).all()
    assert all(dollars(v).startswith(("$", "-$")) for v in table["Predicted Price"])


def test_md_escapes_every_dollar():
    from nnviz.core.formatting import md

    assert md("from $1 to $2") == "from \\$1 to \\$2"
