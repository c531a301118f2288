"""The training engine against the textbook PyTorch loop, scikit-learn, and itself."""

import math

import numpy as np
import pandas as pd
import pytest
import torch
from sklearn.datasets import make_blobs, make_moons, make_regression
from sklearn.metrics import accuracy_score, log_loss, mean_squared_error
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from nnviz.charts.training import (
    architecture_frames,
    architecture_spec,
    curves_frame,
    curves_spec,
)
from nnviz.core import engine
from nnviz.core.engine import (
    DIVERGED_MESSAGE,
    TrainConfig,
    Trainer,
    steps_per_epoch,
)
from nnviz.core.models import NetSpec

MOONS = make_moons(150, noise=0.2, random_state=0)
MOONS_VAL = make_moons(60, noise=0.2, random_state=1)
BLOBS = make_blobs(130, centers=3, n_features=4, random_state=2)
REG_X, REG_Y = make_regression(120, n_features=3, noise=5.0, random_state=3)
REG_Y = REG_Y / 50.0  # a scale where plain SGD behaves


def textbook_history(spec: NetSpec, cfg: TrainConfig, x, y, x_val, y_val):
    """The loop from the PyTorch tutorials: DataLoader, autograd, torch.optim, loss.backward().

    Evaluated like the engine: after each epoch, the mean loss over the whole training and
    validation sets in eval mode.
    """
    torch.manual_seed(cfg.seed)
    act = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}[spec.activation]
    sizes = spec.layer_sizes
    layers = []
    for a, b in zip(sizes[:-2], sizes[1:-1], strict=True):
        layers += [nn.Linear(a, b), act()]
        if spec.dropout:
            layers.append(nn.Dropout(spec.dropout))
    layers.append(nn.Linear(sizes[-2], sizes[-1]))
    model = nn.Sequential(*layers)

    def as_target(values):
        if spec.task == "multiclass":
            return torch.tensor(values, dtype=torch.long)
        return torch.tensor(values, dtype=torch.float32).reshape(-1, 1)

    xt, yt = torch.tensor(x, dtype=torch.float32), as_target(y)
    xv, yv = torch.tensor(x_val, dtype=torch.float32), as_target(y_val)
    loader = DataLoader(TensorDataset(xt, yt), batch_size=cfg.batch_size, shuffle=True,
                        generator=torch.Generator().manual_seed(cfg.seed))
    loss_fn = {"regression": nn.MSELoss, "binary": nn.BCEWithLogitsLoss,
               "multiclass": nn.CrossEntropyLoss}[spec.task]()
    if cfg.optimizer == "adam":
        opt = torch.optim.Adam(model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    else:
        momentum = cfg.momentum if cfg.optimizer == "momentum" else 0.0
        opt = torch.optim.SGD(model.parameters(), lr=cfg.lr, momentum=momentum,
                              weight_decay=cfg.weight_decay)
    rows = []
    for _ in range(cfg.epochs):
        model.train()
        for xb, yb in loader:
            opt.zero_grad()
            loss_fn(model(xb), yb).backward()
            opt.step()
        model.eval()
        with torch.no_grad():
            rows.append((loss_fn(model(xt), yt).item(), loss_fn(model(xv), yv).item()))
    return np.array(rows), model


CASES = {
    "binary relu adam": (NetSpec(2, (20, 20), "relu", "binary"),
                         TrainConfig("adam", 0.01, 6, 32, seed=1), MOONS, MOONS_VAL),
    "binary tanh momentum l2": (NetSpec(2, (8,), "tanh", "binary"),
                                TrainConfig("momentum", 0.05, 6, 16, weight_decay=0.01, seed=2),
                                MOONS, MOONS_VAL),
    "multiclass sigmoid adam": (NetSpec(4, (10, 6), "sigmoid", "multiclass", n_classes=3),
                                TrainConfig("adam", 0.02, 5, 25, seed=3),
                                BLOBS, (BLOBS[0][:40], BLOBS[1][:40])),
    "regression relu sgd": (NetSpec(3, (16,), "relu", "regression"),
                            TrainConfig("sgd", 0.01, 6, 10, seed=4),
                            (REG_X, REG_Y), (REG_X[:30], REG_Y[:30])),
    "regression adam l2 one batch": (NetSpec(3, (5, 5, 5), "tanh", "regression"),
                                     TrainConfig("adam", 0.05, 8, 500, weight_decay=0.1, seed=5),
                                     (REG_X, REG_Y), (REG_X[:30], REG_Y[:30])),
    "binary dropout adam": (NetSpec(2, (24, 12), "relu", "binary", dropout=0.3),
                            TrainConfig("adam", 0.01, 5, 20, seed=6), MOONS, MOONS_VAL),
}


@pytest.mark.parametrize("fused", [True, False], ids=["fused", "plain-ops"])
@pytest.mark.parametrize("case", list(CASES))
def test_engine_agrees_with_the_textbook_loop(case, fused, monkeypatch):
    spec, cfg, (x, y), (xv, yv) = CASES[case]
    monkeypatch.setattr(engine, "_FUSED_OK", fused)
    trainer = Trainer(spec, cfg, x, y, xv, yv)
    trainer.run()
    expected, model = textbook_history(spec, cfg, x, y, xv, yv)
    got = trainer.history[["train_loss", "val_loss"]].to_numpy()
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=2e-4, atol=1e-6)
    for p, q in zip(trainer.model.parameters(), model.parameters(), strict=True):
        np.testing.assert_allclose(p.detach().numpy(), q.detach().numpy(), rtol=1e-3, atol=1e-5)


def test_reported_numbers_match_scikit_learn_metrics():
    spec, cfg, (x, y), (xv, yv) = CASES["multiclass sigmoid adam"]
    trainer = Trainer(spec, cfg, x, y, xv, yv)
    trainer.run()
    last = trainer.history.iloc[-1]
    proba = trainer.predict_proba(x).astype(float)
    proba /= proba.sum(axis=1, keepdims=True)
    assert last.train_loss == pytest.approx(log_loss(y, proba, labels=range(3)), rel=1e-4)
    assert last.train_metric == pytest.approx(accuracy_score(y, trainer.predict(x)))
    assert last.val_metric == pytest.approx(accuracy_score(yv, trainer.predict(xv)))

    spec, cfg, (x, y), (xv, yv) = CASES["regression relu sgd"]
    trainer = Trainer(spec, cfg, x, y, xv, yv)
    trainer.run()
    last = trainer.history.iloc[-1]
    assert last.val_loss == pytest.approx(mean_squared_error(yv, trainer.predict(xv)), rel=1e-4)
    assert trainer.metric_name == "mean absolute error"
    assert last.val_metric == pytest.approx(np.abs(yv - trainer.predict(xv)).mean(), rel=1e-4)


def _trained(case="binary dropout adam", **changes):
    spec, cfg, (x, y), (xv, yv) = CASES[case]
    cfg = TrainConfig(**{**cfg.__dict__, **changes})
    trainer = Trainer(spec, cfg, x, y, xv, yv)
    trainer.run()
    return trainer


def _params(trainer):
    return torch.cat([p.detach().reshape(-1) for p in trainer.model.parameters()])


def test_same_settings_repeat_exactly_and_a_new_seed_changes_things():
    a, b = _trained(), _trained()
    pd.testing.assert_frame_equal(a.history, b.history)
    assert torch.equal(_params(a), _params(b))
    c = _trained(seed=99)
    assert not torch.equal(_params(a), _params(c))


@pytest.mark.parametrize("slicing", ["one step at a time", "one epoch at a time"])
def test_stop_and_resume_equals_an_uninterrupted_run(slicing):
    spec, cfg, (x, y), (xv, yv) = CASES["binary dropout adam"]
    whole = Trainer(spec, cfg, x, y, xv, yv)
    whole.run()
    sliced = Trainer(spec, cfg, x, y, xv, yv)
    calls = 0
    while not sliced.finished:
        if slicing == "one step at a time":
            before = sliced.steps_done
            sliced.run(max_seconds=0)  # always makes one step, then the clock has run out
            assert sliced.steps_done == before + 1
        else:
            assert sliced.run(max_epochs=1) == 1
        calls += 1
    assert calls == (whole.total_steps if slicing == "one step at a time" else cfg.epochs)
    pd.testing.assert_frame_equal(whole.history, sliced.history)
    assert torch.equal(_params(whole), _params(sliced))


def test_a_stopped_trainer_keeps_its_partly_trained_model():
    spec, cfg, (x, y), (xv, yv) = CASES["binary relu adam"]
    trainer = Trainer(spec, cfg, x, y, xv, yv)
    start = _params(trainer).clone()
    trainer.run(max_epochs=2)
    assert trainer.epochs_done == 2 and not trainer.finished
    assert len(trainer.history) == 2 and trainer.history.epoch.tolist() == [1, 2]
    assert not torch.equal(start, _params(trainer))
    assert 0 < trainer.progress < 1
    assert trainer.predict(xv).shape == (len(xv),)
    assert trainer.run() == cfg.epochs - 2
    assert trainer.finished and trainer.run() == 0


def test_steps_epochs_and_progress_add_up():
    spec, cfg, (x, y), (xv, yv) = CASES["binary tanh momentum l2"]  # 150 rows, batch 16
    trainer = Trainer(spec, cfg, x, y, xv, yv)
    assert trainer.steps_per_epoch == math.ceil(150 / 16) == steps_per_epoch(150, 16) == 10
    assert trainer.total_steps == 10 * cfg.epochs
    trainer.run()
    assert trainer.steps_done == trainer.total_steps and trainer.progress == 1.0
    assert trainer.history.step.tolist() == [10 * (e + 1) for e in range(cfg.epochs)]
    assert steps_per_epoch(0, 8) == 0 and steps_per_epoch(5, 100) == 1


def test_divergence_stops_with_a_plain_message_not_an_exception():
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 3000, (200, 2))  # raw square feet and such: not normalized
    y = x @ np.array([150.0, 90.0]) + 50_000
    spec = NetSpec(2, (16,), "tanh", "regression")
    trainer = Trainer(spec, TrainConfig("sgd", 0.5, 50, 32), x, y)
    trainer.run()
    assert trainer.diverged and trainer.finished
    assert trainer.message == DIVERGED_MESSAGE
    assert "learning rate" in trainer.message and "normaliz" in trainer.message
    assert trainer.epochs_done < 50
    assert np.isfinite(trainer.history[["train_loss"]].to_numpy()).all()
    assert trainer.run() == 0

    # A classifier whose weights overflow says the same.
    flips = (y > y.mean()).astype(int)
    trainer = Trainer(NetSpec(2, (16,)), TrainConfig("sgd", 1e30, 5, 32), x, flips)
    trainer.run()
    assert trainer.diverged and trainer.message == DIVERGED_MESSAGE


def test_the_thread_count_is_put_back():
    before = torch.get_num_threads()
    _trained("binary relu adam")
    assert torch.get_num_threads() == before


def test_no_validation_set_gives_nan_validation_columns():
    spec, cfg, (x, y), _ = CASES["binary relu adam"]
    trainer = Trainer(spec, cfg, x, y)
    trainer.run(max_epochs=1)
    assert trainer.n_val == 0
    assert trainer.history.val_loss.isna().all() and trainer.history.train_loss.notna().all()


def test_predictions_probabilities_and_hidden_outputs():
    binary = _trained("binary relu adam")
    x = MOONS_VAL[0]
    proba = binary.predict_proba(x)
    assert proba.shape == (len(x),) and ((proba >= 0) & (proba <= 1)).all()
    np.testing.assert_array_equal(binary.predict(x), (binary.outputs(x) > 0).astype(int))
    np.testing.assert_allclose(proba, 1 / (1 + np.exp(-binary.outputs(x).astype(float))),
                               rtol=1e-5)

    multi = _trained("multiclass sigmoid adam")
    proba = multi.predict_proba(BLOBS[0])
    assert proba.shape == (130, 3)
    np.testing.assert_allclose(proba.sum(axis=1), 1, rtol=1e-5)
    np.testing.assert_array_equal(multi.predict(BLOBS[0]), proba.argmax(axis=1))

    reg = _trained("regression relu sgd")
    assert reg.predict(REG_X).shape == (120,)
    with pytest.raises(ValueError, match="numbers"):
        reg.predict_proba(REG_X)


def test_training_learns_the_moons():
    spec = NetSpec(2, (20, 20), "relu", "binary")
    x, y = make_moons(400, noise=0.15, random_state=7)
    trainer = Trainer(spec, TrainConfig("adam", 0.01, 60, 32), x[:300], y[:300], x[300:], y[300:])
    trainer.run()
    history = trainer.history
    assert history.train_loss.iloc[-1] < 0.5 * history.train_loss.iloc[0]
    assert history.val_metric.iloc[-1] > 0.9


@pytest.mark.parametrize(
    ("spec", "x", "y", "words"),
    [
        (NetSpec(2), np.zeros((5, 3)), np.zeros(5), "expects 2 input"),
        (NetSpec(2), np.zeros((0, 2)), np.zeros(0), "empty"),
        (NetSpec(2), np.zeros((5, 2)), np.zeros(4), "5 input rows but 4"),
        (NetSpec(2), np.array([[0, 1], [np.nan, 2]]), np.zeros(2), "missing"),
        (NetSpec(2), np.zeros((3, 2)), np.array([0, 1, 2]), "0 and 1"),
        (NetSpec(2), np.zeros((2, 2)), np.array(["a", "b"], dtype=object), "numbers"),
        (NetSpec(2, task="multiclass", n_classes=3), np.zeros((2, 2)), np.array([0, 3]), "0 to 2"),
        (NetSpec(2, task="regression"), np.zeros((2, 2)), np.array([1.0, np.inf]), "numbers"),
    ],
)
def test_unusable_data_is_refused_in_plain_words(spec, x, y, words):
    with pytest.raises(ValueError, match=words):
        Trainer(spec, TrainConfig(), x, y)


@pytest.mark.parametrize(
    "changes",
    [{"optimizer": "rmsprop"}, {"lr": 0}, {"lr": float("nan")}, {"epochs": 0},
     {"batch_size": 0}, {"weight_decay": -1}, {"momentum": 1.0}],
)
def test_bad_settings_are_refused_in_plain_words(changes):
    with pytest.raises(ValueError) as err:
        TrainConfig(**changes)
    assert err.value.args[0]


# ---- the pictures of training ----------------------------------------------------------------


def test_curves_frame_is_long_and_drops_missing_values():
    history = pd.DataFrame({"epoch": [1, 2], "train_loss": [0.9, 0.5],
                            "val_loss": [1.0, math.nan]})
    frame = curves_frame(history, "train_loss", "val_loss")
    assert frame.to_dict("records") == [
        {"epoch": 1, "curve": "training", "value": 0.9},
        {"epoch": 2, "curve": "training", "value": 0.5},
        {"epoch": 1, "curve": "validation", "value": 1.0},
    ]
    spec = curves_spec(history, "train_loss", "val_loss", "loss", 50, marks=[(2, "here")])
    assert spec["datasets"]["curves"].equals(frame)
    assert spec["datasets"]["marks"].to_dict("records") == [{"epoch": 2, "label": "here"}]
    # The x axis spans every planned epoch from the start.
    assert '"domain": [0, 50]' in str(spec).replace("'", '"')
    # Its height is the plot's own, not shared with the title, legend and axes (Streamlit's
    # default "fit" left a 240-pixel chart about 70 pixels of lines).
    assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}


def test_architecture_frames_count_nodes_and_edges():
    nodes, edges, captions = architecture_frames((2, 20, 3, 1), "relu", "sigmoid", max_shown=8,
                                                 input_names=("x1", "x2"))
    per_layer = nodes[nodes.kind != "more"].groupby("x").size().tolist()
    assert per_layer == [2, 7, 3, 1]  # 20 shows 7 nodes and a '+13'
    assert nodes[nodes.kind == "more"].dots.tolist() == ["+13"]
    assert len(edges) == 2 * 7 + 7 * 3 + 3 * 1
    assert captions.text.tolist() == ["inputs: 2", "hidden 1: 20 · relu", "hidden 2: 3 · relu",
                                      "output: 1 · sigmoid"]
    assert nodes[nodes.kind == "input"].text.tolist() == ["x1", "x2"]
    names = [layer for layer in architecture_spec((2, 1), "relu", "sigmoid")["layer"]
             if layer["encoding"].get("text", {}).get("field") == "text"]
    assert names[0]["mark"]["align"] == "right"  # beside the input circles, not over them
    assert architecture_spec((2, 1), "relu", "sigmoid")["datasets"]["edges"].shape[0] == 2
