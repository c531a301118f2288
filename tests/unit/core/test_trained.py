"""The server's numpy view of a network against the engine's torch model it was trained as."""

import warnings

import numpy as np
import pytest
import torch
from sklearn.datasets import make_blobs, make_moons

from nnviz.core.engine import Trainer
from nnviz.core.spec import NetSpec, TrainConfig
from nnviz.core.trained import TrainedNet

X, Y = make_moons(160, noise=0.2, random_state=3)
BLOBS_X, BLOBS_Y = make_blobs(160, centers=3, random_state=4)


def view_of(trainer: Trainer) -> TrainedNet:
    """What a page holds: the same job's rows, and the trainer's latest checkpoint."""
    net = TrainedNet(trainer.spec, trainer.config, *trainer.data())
    net.take(trainer.checkpoint())
    return net


def trained(task: str, activation: str, dropout: float = 0.0, epochs: int = 5) -> Trainer:
    x, y = (BLOBS_X, BLOBS_Y) if task == "multiclass" else (X, Y)
    if task == "regression":
        y = x[:, 0] * 2 - x[:, 1]
    spec = NetSpec(2, (6, 5), activation, task, n_classes=3 if task == "multiclass" else 2,
                   dropout=dropout)
    trainer = Trainer(spec, TrainConfig("adam", 0.01, epochs, 16, seed=2),
                      x[:120], y[:120], x[120:], y[120:])
    trainer.run(max_epochs=epochs)
    return trainer


@pytest.mark.parametrize("task", ["regression", "binary", "multiclass"])
@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid"])
def test_answers_match_the_torch_model(task, activation):
    trainer = trained(task, activation, dropout=0.2)
    net = view_of(trainer)
    grid = np.random.default_rng(0).normal(scale=2, size=(300, 2))
    np.testing.assert_allclose(net.outputs(grid), trainer.outputs(grid), rtol=1e-5, atol=1e-5)
    if task == "regression":
        np.testing.assert_allclose(net.predict(grid), trainer.predict(grid), rtol=1e-5, atol=1e-5)
        return
    np.testing.assert_allclose(net.predict_proba(grid), trainer.predict_proba(grid),
                               rtol=1e-5, atol=1e-6)
    clear = np.abs(trainer.outputs(grid)).reshape(len(grid), -1).min(axis=1) > 1e-4
    np.testing.assert_array_equal(net.predict(grid)[clear], trainer.predict(grid)[clear])


def test_hidden_outputs_are_the_torch_layers_outputs():
    trainer = trained("binary", "tanh", dropout=0.3)
    x = np.random.default_rng(1).normal(size=(40, 2)).astype(np.float32)
    h, expected = torch.from_numpy(x), []
    with torch.inference_mode():
        for layer in trainer.model:  # eval mode: dropout passes values through
            h = layer(h)
            if isinstance(layer, torch.nn.Tanh):
                expected.append(h.numpy().copy())
    ours = view_of(trainer).hidden_outputs(x)
    assert [o.shape for o in ours] == [(40, 6), (40, 5)]
    for a, b in zip(ours, expected, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_progress_and_history_are_the_trainers():
    trainer = trained("binary", "relu", epochs=7)
    net = view_of(trainer)
    assert (net.epochs_done, net.steps_done, net.total_steps) == (
        trainer.epochs_done, trainer.steps_done, trainer.total_steps)
    assert net.progress == trainer.progress and net.finished == trainer.finished
    assert (net.n_train, net.n_val, net.metric_name) == (120, 40, "accuracy")
    assert net.history.equals(trainer.history)


def test_before_any_weights_arrive():
    spec = NetSpec(2, (4,))
    net = TrainedNet(spec, TrainConfig(epochs=3), X[:50], Y[:50])
    assert not net.has_weights and net.epochs_done == 0 and not net.finished
    assert len(net.history) == 0 and net.progress == 0 and net.n_val == 0
    with pytest.raises(RuntimeError, match="not arrived"):
        net.predict(X[:3])


def test_a_checkpoint_of_another_shape_is_refused():
    net = TrainedNet(NetSpec(2, (4,)), TrainConfig(), X[:50], Y[:50])
    with pytest.raises(ValueError, match="another shape"):
        net.take(trained("binary", "relu").checkpoint())


def test_unusable_rows_say_why():
    with pytest.raises(ValueError, match="0 and 1 only"):
        TrainedNet(NetSpec(2), TrainConfig(), X[:10], np.arange(10))


def test_a_blown_up_network_answers_without_warnings():
    trainer = trained("binary", "relu")
    saved = trainer.checkpoint()
    saved.params[:] = saved.params * 1e30  # logits far beyond float32's exp range
    net = TrainedNet(trainer.spec, trainer.config, *trainer.data())
    net.take(saved)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        proba = net.predict_proba(np.random.default_rng(2).normal(size=(50, 2)))
    finite = proba[np.isfinite(proba)]
    assert ((finite >= 0) & (finite <= 1)).all()
