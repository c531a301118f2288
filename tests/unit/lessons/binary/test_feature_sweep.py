"""Accuracy against the number of kept features: each row is the engine on SelectKBest's
columns, and on breast cancer a few good measurements already do most of the work."""

import numpy as np
import pytest
from sklearn.feature_selection import SelectKBest, f_classif

from nnviz.core.engine import TrainConfig, Trainer
from nnviz.core.models import NetSpec
from nnviz.core.prep import prepare
from nnviz.data.features import breast_cancer
from nnviz.lessons.binary.feature_sweep import accuracy_by_k

CONFIG = TrainConfig("adam", 0.01, 25, 32, seed=0)


@pytest.fixture(scope="module")
def sweep():
    data = breast_cancer()
    return accuracy_by_k(data.X, data.y, (1, 3, 30, 99), "anova", (8,), CONFIG, 0.3,
                         "standardize", feature_names=data.feature_names)


def test_one_row_per_possible_k(sweep):
    assert list(sweep["k"]) == [1, 3, 30]  # 99 is more than there are: skipped


def test_each_row_is_the_engine_on_selectkbest_columns(sweep):
    data = breast_cancer()
    columns = SelectKBest(f_classif, k=3).fit(data.X, data.y).get_support(indices=True)
    split = prepare(data.X[:, columns], data.y, 0.3, "standardize", seed=0,
                    classify=True).split
    trainer = Trainer(NetSpec(3, (8,), "relu", "binary"), CONFIG, split.x_train, split.y_train,
                      split.x_val, split.y_val)
    trainer.run()
    row = sweep[sweep["k"] == 3].iloc[0]
    assert row["final_val_accuracy"] == pytest.approx(trainer.history["val_metric"].iloc[-1])
    assert row["features"].split(", ") == [data.feature_names[c] for c in columns]


def test_a_few_telling_measurements_do_most_of_the_work(sweep):
    acc = dict(zip(sweep["k"], sweep["best_val_accuracy"], strict=True))
    assert acc[3] > 0.88  # three well-chosen measurements
    assert acc[30] - acc[3] < 0.08  # all thirty add little
    assert np.isfinite(sweep["final_val_accuracy"]).all()


def test_chart_rings_the_chosen_k(sweep):
    from nnviz.charts.features import accuracy_by_k_chart

    spec = accuracy_by_k_chart(sweep, current_k=3).to_dict()
    ring = spec["datasets"][spec["layer"][1]["data"]["name"]]
    assert [r["k"] for r in ring] == [3]
    assert ring[0]["accuracy"] == pytest.approx(
        sweep.loc[sweep["k"] == 3, "best_val_accuracy"].iloc[0])
