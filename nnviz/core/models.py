"""A small torch network built from a plain spec, with the talk's three recipes.

regression: linear output, mean squared error
binary:     sigmoid output, binary cross-entropy, accuracy
multiclass: softmax output, categorical cross-entropy, accuracy

The network itself ends in a plain Linear layer that produces *logits*; the sigmoid / softmax
is applied by the loss (BCEWithLogits, CrossEntropy) and by `probabilities`. Folding the
output activation into the loss is what keeps the loss finite when a prediction is very sure.
"""

from __future__ import annotations

import math

import torch
from torch import nn

from nnviz.core.spec import (  # noqa: F401
    ACTIVATION_LAYERS,
    ACTIVATIONS,
    RECIPES,
    TASKS,
    NetSpec,
    Recipe,
    spec_problems,
)


def build_model(spec: NetSpec, seed: int = 0,
                generator: torch.Generator | None = None) -> nn.Sequential:
    """Linear -> activation (-> Dropout) for each hidden layer, then a Linear output of logits.

    Weights get torch's default Linear initialisation, drawn from a private generator: the same
    spec and seed give the same network as `torch.manual_seed(seed)` followed by building it,
    without touching the global random state that other visitors' threads share. Pass
    `generator` (instead of `seed`) to keep drawing from it afterwards, as the trainer does for
    dropout, just as a script's dropout continues the global stream after building its model.
    """
    if generator is None:
        generator = torch.Generator().manual_seed(int(seed))
    layers: list[nn.Module] = []
    sizes = spec.layer_sizes
    for n_in, n_out in zip(sizes[:-2], sizes[1:-1], strict=True):
        layers.append(_linear(n_in, n_out, generator))
        layers.append(getattr(nn, ACTIVATION_LAYERS[spec.activation])())
        if spec.dropout > 0:
            layers.append(nn.Dropout(spec.dropout))
    layers.append(_linear(sizes[-2], sizes[-1], generator))
    return nn.Sequential(*layers)


def _linear(n_in: int, n_out: int, generator: torch.Generator) -> nn.Linear:
    """nn.Linear with its reset_parameters() recipe, but drawing from `generator`."""
    layer = torch.nn.utils.skip_init(nn.Linear, n_in, n_out)
    with torch.no_grad():
        nn.init.kaiming_uniform_(layer.weight, a=math.sqrt(5), generator=generator)
        bound = 1 / math.sqrt(n_in)
        nn.init.uniform_(layer.bias, -bound, bound, generator=generator)
    return layer


def loss_module(spec: NetSpec) -> nn.Module:
    """The torch loss that matches the recipe, fed logits (mean over the batch)."""
    return getattr(nn, spec.recipe.torch_loss)()


def targets_tensor(spec: NetSpec, y) -> torch.Tensor:
    """Targets in the shape the loss wants: (n, 1) floats, or (n,) class indices."""
    if spec.task == "multiclass":
        return torch.as_tensor(y, dtype=torch.long).reshape(-1)
    return torch.as_tensor(y, dtype=torch.float32).reshape(-1, 1)


def probabilities(spec: NetSpec, logits: torch.Tensor) -> torch.Tensor:
    """The output activation the talk draws: sigmoid for binary, softmax for multiclass."""
    if spec.task == "binary":
        return torch.sigmoid(logits)
    if spec.task == "multiclass":
        return torch.softmax(logits, dim=1)
    return logits


def metric(spec: NetSpec, logits: torch.Tensor, target: torch.Tensor) -> float:
    """Accuracy for classifiers (a fraction), mean absolute error for regression."""
    if spec.task == "regression":
        return float((logits - target).abs().mean())
    if spec.task == "binary":
        return float(((logits > 0).float() == target).float().mean())
    return float((logits.argmax(dim=1) == target).float().mean())
