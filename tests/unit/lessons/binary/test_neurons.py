"""Hidden-neuron outputs of a page's network against forward hooks on the torch model it was
trained as."""

import numpy as np
import torch

from nnviz.core.engine import Trainer
from nnviz.core.spec import NetSpec, TrainConfig
from nnviz.core.trained import TrainedNet
from nnviz.lessons.binary.neurons import neuron_table


def _trainer(spec: NetSpec) -> Trainer:
    x = np.zeros((4, spec.n_inputs))
    return Trainer(spec, TrainConfig(), x, np.array([0, 1, 0, 1]))


def _view(trainer: Trainer) -> TrainedNet:
    """The page's view of the trainer's weights as they are now (its model's weights are
    views of the flat tensor a checkpoint copies, so changes by hand show)."""
    net = TrainedNet(trainer.spec, trainer.config, *trainer.data())
    net.take(trainer.checkpoint())
    return net


def _untrained(spec: NetSpec) -> tuple[torch.nn.Sequential, TrainedNet]:
    """A fresh engine model, and the page's view of the same weights."""
    trainer = _trainer(spec)
    return trainer.model, _view(trainer)


def _hooked(model, x):
    seen = []
    handles = [m.register_forward_hook(lambda _m, _i, out: seen.append(out.detach().clone()))
               for m in model if isinstance(m, torch.nn.ReLU | torch.nn.Tanh | torch.nn.Sigmoid)]
    with torch.no_grad():
        model(torch.as_tensor(x, dtype=torch.float32))
    for h in handles:
        h.remove()
    return [s.numpy() for s in seen]


def test_hidden_outputs_match_forward_hooks():
    spec = NetSpec(n_inputs=2, hidden=(5, 3), activation="tanh", task="binary", dropout=0.3)
    model, net = _untrained(spec)
    x = np.random.default_rng(0).normal(size=(40, 2))
    ours = net.hidden_outputs(x)
    reference = _hooked(model, x)
    assert [o.shape for o in ours] == [(40, 5), (40, 3)]
    for a, b in zip(ours, reference, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_first_layer_by_hand():
    model, net = _untrained(NetSpec(n_inputs=2, hidden=(4,), activation="relu", task="binary"))
    x = np.array([[0.5, -1.0], [2.0, 3.0]])
    w = model[0].weight.detach().numpy()
    b = model[0].bias.detach().numpy()
    np.testing.assert_allclose(net.hidden_outputs(x)[0], np.maximum(x @ w.T + b, 0),
                               rtol=1e-5, atol=1e-6)


def test_neuron_table_names_and_cap():
    _, net = _untrained(NetSpec(n_inputs=3, hidden=(6, 2), task="binary"))
    x = np.ones((7, 3))
    values, names = neuron_table(net, x, max_per_layer=4)
    assert values.shape == (7, 6)
    assert names[0].startswith("layer 1 · node 1") and names[4].startswith("layer 2 · node 1")
    assert names[5].startswith("layer 2 · node 2")
    full = net.hidden_outputs(x)
    np.testing.assert_allclose(values[:, :4], full[0][:, :4])
    np.testing.assert_allclose(values[:, 4:], full[1])


def test_a_node_that_never_fires_is_named_so():
    """A ReLU node whose bias is pushed far below zero outputs 0 for every input: its blank
    picture is labelled, the others are not."""
    spec = NetSpec(n_inputs=2, hidden=(3,), activation="relu", task="binary")
    trainer = _trainer(spec)
    with torch.no_grad():
        trainer.model[0].bias[1] = -100.0
    x = np.random.default_rng(1).normal(size=(50, 2))
    reference = _hooked(trainer.model, x)[0]
    values, names = neuron_table(_view(trainer), x)
    dead = [not reference[:, j].any() for j in range(3)]
    assert dead[1] and not dead[0] and not dead[2]
    assert [n.endswith("(always 0)") for n in names] == dead
    np.testing.assert_allclose(values, reference, rtol=1e-5, atol=1e-6)
