"""The binary lesson's feature keys, presets, short runs and training signature."""

import numpy as np

from nnviz.core.models import NetSpec
from nnviz.core.spec import TrainConfig
from nnviz.data.features import FEATURE_NAMES
from nnviz.lessons.binary.problem import generated_problem, split_problem
from nnviz.lessons.binary.settings import (
    OVERFIT_SETUP,
    SHORT_RUN_EPOCHS,
    Setup,
    feature_key,
    feature_switches,
    short_run,
    straight_line_setup,
)


def test_feature_keys_are_the_url_parameters():
    assert feature_key("x1") == "bin_f_x1" and feature_key("x1²") == "bin_f_x1sq"
    switches = feature_switches(("x1·x2",))
    assert list(switches) == [feature_key(n) for n in FEATURE_NAMES]
    assert [n for n in FEATURE_NAMES if switches[feature_key(n)]] == ["x1·x2"]
    assert OVERFIT_SETUP["bin_f_x1"] and OVERFIT_SETUP["bin_f_x2"]
    assert not OVERFIT_SETUP["bin_f_x1sq"]


def test_straight_line_setup_resets_what_the_result_depends_on():
    defaults = {"bin_n": 300, "bin_seed": 0, "bin_x1_scale": 1, "bin_norm": "standardize",
                "bin_opt": "adam", "bin_lr": 0.01, "bin_epochs": 150, "bin_batch": 32,
                "bin_val": 0.3, "bin_l2": 0.0, "bin_dropout": 0.0, "bin_shape": "moons"}
    setup = straight_line_setup("circles", defaults)
    assert setup["bin_shape"] == "circles" and setup["bin_layers"] == 0
    assert setup["bin_noise"] == 0.1 and setup["bin_lr"] == 0.01 and setup["bin_x1_scale"] == 1
    assert {n for n in FEATURE_NAMES if setup[feature_key(n)]} == {"x1²", "x2²"}


def test_a_short_run_is_the_same_run_cut_short():
    config = TrainConfig("momentum", 0.1, 300, 16, weight_decay=0.01, seed=7)
    short = short_run(config)
    assert short.epochs == SHORT_RUN_EPOCHS
    assert (short.optimizer, short.lr, short.batch_size, short.weight_decay, short.seed) == (
        "momentum", 0.1, 16, 0.01, 7)
    assert short_run(TrainConfig(epochs=10)).epochs == 10  # never longer than the run


def test_the_signature_changes_with_the_data_and_the_training():
    def setup(noise=0.2, epochs=100):
        problem = generated_problem("moons", 100, noise, 0, ["x1", "x2"])
        split = split_problem(problem, 0.3, "standardize", 0)
        return Setup(problem, NetSpec(2, (4,), "relu", "binary"), TrainConfig(epochs=epochs),
                     split, 0.3, "standardize")

    assert setup().signature == setup().signature
    assert setup(noise=0.3).signature != setup().signature
    assert setup(epochs=50).signature != setup().signature
    assert isinstance(hash(setup().signature), int)
    assert np.isfinite(setup().signature[3])
