"""Hidden-neuron outputs against forward hooks on the same torch model."""

import numpy as np
import torch

from nnviz.core.models import NetSpec, build_model
from nnviz.lessons.binary.neurons import hidden_outputs, neuron_table


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
    model = build_model(spec).eval()
    x = np.random.default_rng(0).normal(size=(40, 2))
    ours = hidden_outputs(model, x)
    reference = _hooked(model, x)
    assert [o.shape for o in ours] == [(40, 5), (40, 3)]
    for a, b in zip(ours, reference, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-6)


def test_first_layer_by_hand():
    model = build_model(NetSpec(n_inputs=2, hidden=(4,), activation="relu", task="binary"))
    x = np.array([[0.5, -1.0], [2.0, 3.0]])
    w = model[0].weight.detach().numpy()
    b = model[0].bias.detach().numpy()
    np.testing.assert_allclose(hidden_outputs(model, x)[0], np.maximum(x @ w.T + b, 0),
                               rtol=1e-5, atol=1e-6)


def test_neuron_table_names_and_cap():
    model = build_model(NetSpec(n_inputs=3, hidden=(6, 2), task="binary")).eval()
    x = np.ones((7, 3))
    values, names = neuron_table(model, x, max_per_layer=4)
    assert values.shape == (7, 6)
    assert names[0].startswith("layer 1 · node 1") and names[4].startswith("layer 2 · node 1")
    assert names[5].startswith("layer 2 · node 2")
    full = hidden_outputs(model, x)
    np.testing.assert_allclose(values[:, :4], full[0][:, :4])
    np.testing.assert_allclose(values[:, 4:], full[1])


def test_a_node_that_never_fires_is_named_so():
    """A ReLU node whose bias is pushed far below zero outputs 0 for every input: its blank
    picture is labelled, the others are not."""
    spec = NetSpec(n_inputs=2, hidden=(3,), activation="relu", task="binary")
    model = build_model(spec).eval()
    with torch.no_grad():
        model[0].bias[1] = -100.0
    x = np.random.default_rng(1).normal(size=(50, 2))
    reference = _hooked(model, x)[0]
    values, names = neuron_table(model, x)
    dead = [not reference[:, j].any() for j in range(3)]
    assert dead[1] and not dead[0] and not dead[2]
    assert [n.endswith("(always 0)") for n in names] == dead
    np.testing.assert_allclose(values, reference, rtol=1e-6)
