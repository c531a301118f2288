"""The shared network controls: one statement of each range bounds the widgets and the URL."""

from nnviz.ui.network_controls import (
    BATCH_LADDER,
    LEARNING_RATE_LADDER,
    ControlKeys,
    NetworkControls,
    batches_between,
    rates_between,
)

CONTROLS = NetworkControls(
    ControlKeys.for_prefix("x", activation="x_act"), layers=(0, 4), nodes=(1, 64),
    epochs=(10, 1000, 10), rates=rates_between(0.0003, 1.0), batches=batches_between(8, 128),
    defaults={"layers": 2, "nodes": 8, "lr": 0.01, "epochs": 150, "batch": 32})


def test_ranges_are_stretches_of_one_ladder():
    assert rates_between(0.0003, 1.0) == (0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
    assert batches_between(8, 128) == (8, 16, 32, 64, 128)
    assert set(rates_between(0, 99)) == set(LEARNING_RATE_LADDER)
    assert set(batches_between(0, 10**6)) == set(BATCH_LADDER)


def test_url_values_are_bounded_by_the_widgets_ranges():
    params = CONTROLS.params()
    assert set(params) == {"x_layers", "x_nodes", "x_act", "x_optimizer", "x_lr", "x_epochs",
                           "x_batch"}
    assert params["x_layers"].parse("9") == 4 and params["x_nodes"].parse("0") == 1
    assert params["x_epochs"].parse("5000") == 1000
    assert params["x_lr"].parse("3.0") == 0.01  # not offered here: back to the default
    assert params["x_batch"].parse("64") == 64
    assert params["x_act"].default == "relu" and params["x_optimizer"].default == "adam"
