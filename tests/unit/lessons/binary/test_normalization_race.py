"""The normalization race: same seed and split per run, and the lesson's claim on real data."""

import numpy as np
import pandas as pd
import pytest

from nnviz.core.engine import TrainConfig, Trainer
from nnviz.core.models import NetSpec
from nnviz.core.prep import NORMALIZATION_LABELS, prepare
from nnviz.data.features import breast_cancer
from nnviz.lessons.binary.normalization_race import race, race_table, summarize


def test_summary_of_a_built_history():
    history = pd.DataFrame({
        "normalization": ["none"] * 4 + ["standardize"] * 4,
        "epoch": [1, 2, 3, 4] * 2,
        "train_loss": [1.0, 1.2, 0.9, 1.1, 1.0, 0.8, 0.6, 0.5],
        "val_loss": [1.0] * 8,
        "val_metric": [0.5, 0.6, 0.7, 0.8, 0.6, 0.91, 0.95, 0.96],
    })
    s = summarize(history, {"none": True}, kinds=("none", "standardize")).set_index(
        "normalization")
    assert s.loc["none", "loss_rises"] == 2 and s.loc["standardize", "loss_rises"] == 0
    assert np.isnan(s.loc["none", "epochs_to_target"])
    assert s.loc["standardize", "epochs_to_target"] == 2
    assert s.loc["standardize", "best_val_accuracy"] == 0.96
    assert s.loc["none", "diverged"] and not s.loc["standardize", "diverged"]


@pytest.fixture(scope="module")
def cancer_race():
    data = breast_cancer()
    spec = NetSpec(30, (20, 20), "relu", "binary")
    config = TrainConfig("momentum", 0.01, 30, 32, seed=0)
    return data, spec, config, race(data.X, data.y, spec, config, val_fraction=0.3)


def test_each_run_is_the_engine_on_that_normalization(cancer_race):
    data, spec, config, result = cancer_race
    prepared = prepare(data.X, data.y, 0.3, "minmax", seed=0, classify=True).split
    alone = Trainer(spec, config, prepared.x_train, prepared.y_train, prepared.x_val,
                    prepared.y_val)
    alone.run()
    mine = result.history[result.history["normalization"] == "minmax"]
    np.testing.assert_allclose(mine["val_loss"], alone.history["val_loss"])
    assert set(result.history["normalization"]) == {"none", "standardize", "minmax"}


def test_raw_breast_cancer_inputs_train_worse_and_bumpier(cancer_race):
    """The lesson's claim: features on scales from 0.001 to 4000 hurt plain SGD."""
    s = cancer_race[3].summary.set_index("normalization")
    assert s.loc["standardize", "best_val_accuracy"] > s.loc["none", "best_val_accuracy"] + 0.15
    assert s.loc["none", "loss_rises"] > s.loc["standardize", "loss_rises"]
    assert s.loc["standardize", "epochs_to_target"] < 30
    assert np.isnan(s.loc["none", "epochs_to_target"])


def test_race_chart_has_both_panels(cancer_race):
    from nnviz.charts.normalization import race_chart

    spec = race_chart(cancer_race[3].history).to_dict()
    assert len(spec["hconcat"]) == 2
    assert spec["hconcat"][1]["encoding"]["y"]["field"] == "val_metric"


def test_36_of_40_right_reaches_90_percent():
    """Accuracy comes from the engine as a float32 fraction: 36/40 is 0.89999998 there, just
    under 0.9. With the validation set's size the summary counts right answers instead."""
    history = pd.DataFrame({
        "normalization": ["standardize"] * 3, "epoch": [1, 2, 3],
        "train_loss": [0.9, 0.7, 0.6], "val_loss": [0.9, 0.7, 0.6],
        "val_metric": [float(np.float32(n / 40)) for n in (30, 35, 36)],
    })
    assert history["val_metric"].iat[-1] < 0.9  # the float32 fraction really is short
    s = summarize(history, kinds=("standardize",), n_val=40).iloc[0]
    assert s["epochs_to_target"] == 3
    assert s["best_val_accuracy"] == 0.9


def test_race_accuracies_are_whole_counts_of_the_validation_set(cancer_race):
    data, spec, config, result = cancer_race
    n_val = len(prepare(data.X, data.y, 0.3, "none", seed=0, classify=True).split.y_val)
    best = result.summary["best_val_accuracy"].to_numpy()
    np.testing.assert_array_equal(best, np.rint(best * n_val) / n_val)


def test_race_table_names_formats_and_keeps_the_columns_worth_comparing():
    summary = pd.DataFrame({
        "normalization": ["none", "standardize"], "epochs": [40, 40],
        "final_train_loss": [0.5, 0.2], "final_val_loss": [0.6, 0.3],
        "best_val_accuracy": [0.875, np.nan], "epochs_to_target": [np.nan, 12.0],
        "loss_rises": [9, 1], "diverged": [False, True]})
    table = race_table(summary)
    assert list(table.columns) == ["normalization", "best_val_accuracy", "epochs_to_target",
                                   "loss_rises", "diverged"]
    assert list(table["normalization"]) == [NORMALIZATION_LABELS["none"],
                                            NORMALIZATION_LABELS["standardize"]]
    assert list(table["best_val_accuracy"]) == ["87.5%", "undefined"]
    assert list(table["epochs_to_target"]) == ["never", "12"]
    assert list(table["loss_rises"]) == [9, 1] and list(table["diverged"]) == [False, True]
