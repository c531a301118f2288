"""The network spec and the talk's three recipes, checked against torch and scikit-learn."""

import numpy as np
import pytest
import torch
from sklearn.metrics import accuracy_score, log_loss, mean_absolute_error, mean_squared_error
from torch import nn

from nnviz.core.models import (
    TASK_OBJECTS,
    NetSpec,
    build_model,
    loss_module,
    spec_problems,
    task_of,
)
from nnviz.core.spec import TASKS


def _textbook_model(sizes, activation, seed):
    """What a script does: seed the global RNG, then build the layers."""
    torch.manual_seed(seed)
    act = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}[activation]
    layers = []
    for a, b in zip(sizes[:-2], sizes[1:-1], strict=True):
        layers += [nn.Linear(a, b), act()]
    layers.append(nn.Linear(sizes[-2], sizes[-1]))
    return nn.Sequential(*layers)


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid"])
def test_build_model_matches_a_seeded_script(activation):
    spec = NetSpec(3, (7, 5), activation, "multiclass", n_classes=4)
    ours = build_model(spec, seed=11)
    ref = _textbook_model(spec.layer_sizes, activation, 11)
    assert [type(m) for m in ours] == [type(m) for m in ref]
    for p, q in zip(ours.parameters(), ref.parameters(), strict=True):
        assert torch.equal(p, q)


def test_build_model_leaves_global_rng_alone():
    torch.manual_seed(5)
    expected = torch.rand(3)
    torch.manual_seed(5)
    build_model(NetSpec(2, (20, 20)), seed=1)
    assert torch.equal(torch.rand(3), expected)


def test_shapes_parameters_and_dropout_layers():
    spec = NetSpec(2, [20, 20], "relu", "binary", dropout=0.25)
    model = build_model(spec)
    assert spec.hidden == (20, 20) and spec.layer_sizes == (2, 20, 20, 1)
    assert spec.n_parameters == sum(p.numel() for p in model.parameters()) == 501
    drops = [m for m in model if isinstance(m, nn.Dropout)]
    assert len(drops) == 2 and all(d.p == 0.25 for d in drops)
    assert NetSpec(4, (), task="multiclass", n_classes=3).layer_sizes == (4, 3)
    assert NetSpec(4, (6,), task="regression").n_outputs == 1


@pytest.mark.parametrize(
    "kwargs",
    [
        {"task": "ranking"},
        {"activation": "swish"},
        {"n_inputs": 0},
        {"hidden": (4, 0)},
        {"task": "multiclass", "n_classes": 1},
        {"dropout": 1.0},
        {"dropout": -0.1},
    ],
)
def test_bad_specs_are_refused_in_plain_words(kwargs):
    args = {"n_inputs": 2, **kwargs}
    with pytest.raises(ValueError) as err:
        NetSpec(**args)
    assert err.value.args[0]


def test_a_good_spec_has_no_problems():
    assert spec_problems(NetSpec(2)) == []


def _logits(n, k, seed=0):
    return torch.from_numpy(np.random.default_rng(seed).normal(0, 3, (n, k)).astype(np.float32))


def test_binary_recipe_is_sigmoid_and_log_loss():
    spec = NetSpec(2, task="binary")
    task = task_of(spec)
    assert spec.recipe.output_activation == "sigmoid"
    logits = _logits(50, 1)
    y = np.random.default_rng(1).integers(0, 2, 50)
    proba = task.probabilities(logits).numpy().ravel()
    assert np.allclose(proba, 1 / (1 + np.exp(-logits.numpy().ravel().astype(float))), atol=1e-6)
    loss = loss_module(spec)(logits, task.targets(y)).item()
    assert loss == pytest.approx(log_loss(y, proba.astype(float)), rel=1e-5)
    acc = task.metric(logits, task.targets(y))
    assert acc == pytest.approx(accuracy_score(y, proba > 0.5))


def test_multiclass_recipe_is_softmax_and_categorical_cross_entropy():
    spec = NetSpec(2, task="multiclass", n_classes=4)
    task = task_of(spec)
    assert spec.recipe.output_activation == "softmax" and spec.n_outputs == 4
    logits = _logits(60, 4)
    y = np.random.default_rng(2).integers(0, 4, 60)
    proba = task.probabilities(logits).numpy().astype(float)
    assert np.allclose(proba.sum(axis=1), 1, atol=1e-6)
    z = logits.numpy().astype(float)
    reference = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    assert np.allclose(proba, reference, atol=1e-6)
    loss = loss_module(spec)(logits, task.targets(y)).item()
    assert loss == pytest.approx(log_loss(y, reference, labels=range(4)), rel=1e-5)
    acc = task.metric(logits, task.targets(y))
    assert acc == pytest.approx(accuracy_score(y, proba.argmax(axis=1)))


def test_regression_recipe_is_linear_and_mean_squared_error():
    spec = NetSpec(2, task="regression")
    task = task_of(spec)
    assert spec.recipe.output_activation == "linear"
    out = _logits(40, 1)
    y = np.random.default_rng(3).normal(size=40)
    assert torch.equal(task.probabilities(out), out)
    loss = loss_module(spec)(out, task.targets(y)).item()
    assert loss == pytest.approx(mean_squared_error(y, out.numpy().ravel()), rel=1e-5)
    mae = task.metric(out, task.targets(y))
    assert mae == pytest.approx(mean_absolute_error(y, out.numpy().ravel()), rel=1e-5)


def test_a_sure_wrong_answer_keeps_a_finite_loss():
    """Logits, not probabilities, go into the loss: a confident mistake costs a lot, not inf."""
    spec = NetSpec(2, task="binary")
    loss = loss_module(spec)(torch.tensor([[200.0]]), torch.tensor([[0.0]])).item()
    assert loss == pytest.approx(200.0)


def test_every_activation_comes_from_one_table_for_models_code_and_engine():
    """The model, the generated code and the engine's in-place kernels cover the same
    activations, and the model and the code use the same torch.nn layer for each."""
    from nnviz.codegen import model_code
    from nnviz.core import engine
    from nnviz.core.models import build_model
    from nnviz.core.spec import ACTIVATION_LAYERS, ACTIVATIONS

    assert set(engine._ACTIVATION_FORWARD) == set(engine._ACTIVATION_BACKWARD) == set(ACTIVATIONS)
    for activation, layer in ACTIVATION_LAYERS.items():
        spec = NetSpec(2, (3,), activation)
        assert type(build_model(spec)[1]).__name__ == layer
        assert f"nn.{layer}()" in model_code(spec)


def test_a_recipe_knows_whether_its_task_classifies():
    assert [NetSpec(2, task=t, n_classes=3).recipe.classifies
            for t in ("regression", "binary", "multiclass")] == [False, True, True]


def test_every_task_has_one_torch_object():
    assert tuple(TASK_OBJECTS) == TASKS
    assert {type(task_of(NetSpec(2, task=t, n_classes=3))).__name__ for t in TASKS} == {
        "Regression", "Binary", "Multiclass"}


@pytest.mark.parametrize("task_name", TASKS)
def test_each_task_loss_slope_is_the_batch_times_the_autograd_gradient(task_name):
    """The engine's hand-written slope (times batch / slope_factor) against torch.autograd on
    the recipe's own loss, for targets shaped as the engine feeds them."""
    spec = NetSpec(2, task=task_name, n_classes=3)
    task = task_of(spec)
    logits = _logits(8, spec.n_outputs, seed=4).requires_grad_()
    rng = np.random.default_rng(5)
    y = rng.normal(size=8) if task_name == "regression" else rng.integers(0, spec.n_classes, 8)
    targets = task.targets(y)
    loss_module(spec)(logits, targets).backward()
    slope = torch.empty_like(logits)
    task.loss_slope(logits.detach(), task.slope_targets(targets, spec.n_outputs), slope)
    torch.testing.assert_close(slope * task.slope_factor / len(y), logits.grad)


def test_classifiers_predict_the_class_their_probabilities_favour():
    logits = _logits(30, 1, seed=6)
    assert torch.equal(task_of(NetSpec(2, task="binary")).predict(logits).squeeze(1),
                       (torch.sigmoid(logits) > 0.5).long().squeeze(1))
    logits = _logits(30, 4, seed=7)
    multi = task_of(NetSpec(2, task="multiclass", n_classes=4))
    assert torch.equal(multi.predict(logits), multi.probabilities(logits).argmax(dim=1))
