"""The hello lesson's diagnostics: underfitting and 'learned nothing' verdicts on constructed
histories; remedies tried for real, with margins checked on several seeds."""

import math

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import make_moons
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.svm import SVC

from nnviz.core.engine import TrainConfig, Trainer
from nnviz.core.models import NetSpec
from nnviz.core.prep import split
from nnviz.data.two_class import make_two_class
from nnviz.lessons.hello import (
    FixTrial,
    bigger_hidden,
    fix_settings,
    fixes_table,
    judge_fit,
    reachable_accuracy,
    try_fixes,
)
from nnviz.lessons.multiclass.confidence import chance_accuracy


def _history(train_metric):
    return pd.DataFrame({"epoch": range(1, len(train_metric) + 1),
                         "train_loss": np.linspace(1, 0.5, len(train_metric)),
                         "train_metric": train_metric})


def test_judge_fit_compares_training_accuracy_with_what_is_reachable():
    assert judge_fit(_history([0.6, 0.8]), 0.95).kind == "underfits"
    verdict = judge_fit(_history([0.6, 0.93]), 0.95)
    assert verdict.kind == "fits" and verdict.target == pytest.approx(0.90)
    assert judge_fit(_history([0.75]), 0.78).kind == "fits"  # noisy points: 75 % is the cap
    assert judge_fit(_history([]), 0.95).kind == "untrained"
    assert judge_fit(_history([0.89]), math.nan).kind == "underfits"  # unknown cap: 95 %


def test_no_better_than_the_commonest_answer_is_stuck_not_underfitting():
    assert chance_accuracy([0, 1, 1, 1]) == 0.75 and chance_accuracy([0, 1]) == 0.5
    assert judge_fit(_history([0.51]), 0.95, chance=0.5).kind == "stuck"
    assert judge_fit(_history([0.6]), 0.95, chance=0.5).kind == "underfits"
    assert judge_fit(_history([0.51]), 0.95).kind == "underfits"  # chance unknown
    assert judge_fit(_history([0.76]), 0.78, chance=0.75).kind == "fits"  # the cap wins


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_learning_rate_far_too_big_gets_stuck_and_a_smaller_one_fixes_it(seed):
    """The hello lesson's example of a network that learned nothing, on several seeds: sigmoid
    nodes and Adam at 3.0 saturate at once and answer the same everywhere, far from the edge
    of "stuck"; a rate ten times smaller clears the target with room to spare."""
    data = make_two_class("moons", 300, 0.2, seed)  # the lesson's points and split
    s = split(data.X, data.y, 0.2, seed, classify=True)
    lrs = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
    wild = Trainer(NetSpec(2, (16, 16), activation="sigmoid"),
                   TrainConfig("adam", 3.0, 100, 32, seed=seed), s.x_train, s.y_train,
                   s.x_val, s.y_val)
    wild.run()
    assert not wild.diverged  # the loss stays finite: nothing for the engine to stop
    answers = wild.predict_proba(s.x_train)
    assert np.ptp(answers) < 1e-3  # one answer for every point: the nodes are saturated
    chance = chance_accuracy(s.y_train)
    verdict = judge_fit(wild.history, reachable_accuracy(s.x_train, s.y_train), chance=chance)
    assert verdict.kind == "stuck" and verdict.train_accuracy <= chance + 0.005
    fixes = {t.name: t for t in try_fixes(wild, verdict, max_epochs=400, lr_options=lrs)}
    assert "bigger learning rate" not in fixes  # 3.0 is above max_lr already
    smaller = fixes["smaller learning rate"]
    assert smaller.config.lr == 0.3 and smaller.train_accuracy >= verdict.target + 0.02
    assert smaller.helps and not fixes["more epochs"].helps
    assert fixes["more epochs"].train_accuracy <= chance + 0.005  # saturated nodes stay so
    assert "all together" not in fixes  # one remedy was enough


def test_a_remedy_helps_exactly_when_it_reaches_the_target_without_blowing_up():
    """try_fixes' verdict per trial follows from the trial's own numbers."""
    x, y = make_moons(200, noise=0.2, random_state=0)
    line = Trainer(NetSpec(2, ()), TrainConfig("adam", 0.03, 20, 32), x[:160], y[:160],
                   x[160:], y[160:])
    line.run()
    verdict = judge_fit(line.history, 0.97)
    for trial in try_fixes(line, verdict, max_epochs=80):
        assert trial.helps == (trial.train_accuracy >= verdict.target)
        assert 0.0 <= trial.train_accuracy <= 1.0 and 0.0 <= trial.val_accuracy <= 1.0


def test_reachable_accuracy_is_cross_validated_svc():
    x, y = make_moons(200, noise=0.3, random_state=0)
    cv = StratifiedKFold(5, shuffle=True, random_state=0)
    expected = cross_val_score(SVC(C=10.0, gamma="scale"), x, y, cv=cv).mean()
    assert reachable_accuracy(x, y, seed=0) == pytest.approx(expected)
    noisy = make_moons(200, noise=1.0, random_state=0)
    assert reachable_accuracy(*noisy) < reachable_accuracy(x, y) - 0.1
    assert math.isnan(reachable_accuracy(np.zeros((3, 2)), np.array([0, 0, 1])))


def test_bigger_hidden():
    assert bigger_hidden(()) == (16, 16)
    assert bigger_hidden((3,)) == (8, 8)
    assert bigger_hidden((16, 40)) == (32, 64)


def test_a_straight_line_underfits_the_moons_and_only_a_bigger_network_fixes_it():
    x, y = make_moons(300, noise=0.15, random_state=1)
    reach = reachable_accuracy(x[:240], y[:240])
    line = Trainer(NetSpec(2, ()), TrainConfig("adam", 0.03, 60, 32), x[:240], y[:240],
                   x[240:], y[240:])
    line.run()
    verdict = judge_fit(line.history, reach)
    assert verdict.kind == "underfits" and reach > 0.95
    fixes = {t.name: t for t in try_fixes(line, verdict, max_epochs=240)}
    assert fixes["bigger network"].helps and fixes["bigger network"].spec.hidden == (16, 16)
    assert not fixes["more epochs"].helps  # no amount of training bends a straight line
    assert fixes["more epochs"].config.epochs == 240
    assert fixes["bigger learning rate"].config.lr == pytest.approx(0.09)
    assert fixes["smaller learning rate"].config.lr == pytest.approx(0.003)
    options = try_fixes(line, verdict, max_epochs=240, lr_options=(0.03, 0.05, 0.1, 0.3))
    assert {t.name: t for t in options}["bigger learning rate"].config.lr == 0.1
    assert "smaller learning rate" not in {t.name for t in options}  # none is a tenth of 0.03


def _trial(name, hidden, epochs, lr, helps):
    return FixTrial(name, f"{name} change", NetSpec(2, hidden, "relu", "binary"),
                    TrainConfig("adam", lr, epochs, 32, seed=0), 0.8125, 0.75, helps)


def test_the_fixes_table_has_one_row_per_remedy_and_says_which_is_enough():
    table = fixes_table([_trial("more epochs", (), 400, 0.01, False),
                         _trial("bigger network", (16, 16), 100, 0.01, True)])
    assert table.remedy.tolist() == ["more epochs", "bigger network"]
    assert table["enough?"].tolist() == ["no", "yes"]
    assert table["training accuracy"].tolist() == ["81.2%"] * 2
    assert table["validation accuracy"].tolist() == ["75.0%"] * 2


def test_a_fix_becomes_the_control_values_that_repeat_it():
    bigger = _trial("bigger network", (8, 8, 8), 100, 0.3, True)
    assert fix_settings(bigger, 16) == {"epochs": 100, "lr": 0.3, "layers": 3, "nodes": 8}
    none = _trial("more epochs", (), 400, 0.01, True)
    assert fix_settings(none, 16) == {"epochs": 400, "lr": 0.01, "layers": 0, "nodes": 16}
