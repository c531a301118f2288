"""A small torch network built from a plain spec, with the talk's three recipes.

regression: linear output, mean squared error
binary:     sigmoid output, binary cross-entropy, accuracy
multiclass: softmax output, categorical cross-entropy, accuracy

The network itself ends in a plain Linear layer that produces *logits*; the sigmoid / softmax
is applied by the loss (BCEWithLogits, CrossEntropy) and by the task's `probabilities`. Folding
the output activation into the loss is what keeps the loss finite when a prediction is very sure.

Each task's torch behaviour (targets, probabilities, predictions, metric, loss slope) is one
`Task` object (`task_of(spec)`); spec.py keeps the task's name and its torch-free Recipe.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
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
    """nn.Linear with its reset_parameters() recipe, but drawing from `generator`. The layer is
    built with its own default draw inside fork_rng, so the global random state is left as it
    was; torch.nn.utils.skip_init would avoid that draw but imports sympy (~30 MB in every
    training worker) through the meta device."""
    with torch.random.fork_rng(devices=[]):
        layer = nn.Linear(n_in, n_out)
    with torch.no_grad():
        nn.init.kaiming_uniform_(layer.weight, a=math.sqrt(5), generator=generator)
        bound = 1 / math.sqrt(n_in)
        nn.init.uniform_(layer.bias, -bound, bound, generator=generator)
    return layer


def loss_module(spec: NetSpec) -> nn.Module:
    """The torch loss that matches the recipe, fed logits (mean over the batch)."""
    return getattr(nn, spec.recipe.torch_loss)()


class Task:
    """One task's torch side: its targets as a tensor, the network's answers, its score, and the
    slope of its loss. One instance per task in TASK_OBJECTS, looked up once with `task_of`, so
    nothing downstream asks which task it is. This base holds what regression and binary
    share: one output column and float targets.
    """

    # The loss slope is (output - target) * slope_factor / batch: 2 for squared error.
    slope_factor = 1.0

    def targets(self, y) -> torch.Tensor:
        """Targets in the shape the loss wants: (n, 1) floats."""
        return torch.as_tensor(y, dtype=torch.float32).reshape(-1, 1)

    def slope_targets(self, targets: torch.Tensor, n_outputs: int) -> torch.Tensor:
        """Targets as floats shaped like the output, so the loss slope is output - target."""
        return targets

    def probabilities(self, logits: torch.Tensor) -> torch.Tensor:
        """The output activation the talk draws (none for regression)."""
        return logits

    def predict(self, logits: torch.Tensor) -> torch.Tensor:
        """The answer: the number itself for regression, the class for classifiers."""
        return logits

    def metric(self, logits: torch.Tensor, target: torch.Tensor) -> float:
        """Accuracy for classifiers: the share of predicted classes that are right."""
        return float((self.predict(logits) == target).float().mean())

    def loss_slope(self, out: torch.Tensor, target: torch.Tensor, into: torch.Tensor) -> None:
        """d(loss)/d(output) times the batch size (over slope_factor), written into `into`."""
        torch.sub(out, target, out=into)


class Regression(Task):
    """Linear output and mean squared error; scored by mean absolute error."""

    slope_factor = 2.0

    def metric(self, logits: torch.Tensor, target: torch.Tensor) -> float:
        """Mean absolute error, in the target's (scaled) units."""
        return float((logits - target).abs().mean())


class Binary(Task):
    """Sigmoid output and binary cross-entropy: class 1 where the logit is above 0."""

    def probabilities(self, logits: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(logits)

    def predict(self, logits: torch.Tensor) -> torch.Tensor:
        return (logits > 0).long()

    def loss_slope(self, out: torch.Tensor, target: torch.Tensor, into: torch.Tensor) -> None:
        torch.sigmoid(out, out=into).sub_(target)


class Multiclass(Task):
    """Softmax output and categorical cross-entropy over class indices (n,); the slope wants
    them one-hot."""

    def targets(self, y) -> torch.Tensor:
        return torch.as_tensor(y, dtype=torch.long).reshape(-1)

    def slope_targets(self, targets: torch.Tensor, n_outputs: int) -> torch.Tensor:
        return F.one_hot(targets, n_outputs).float()

    def probabilities(self, logits: torch.Tensor) -> torch.Tensor:
        return torch.softmax(logits, dim=1)

    def predict(self, logits: torch.Tensor) -> torch.Tensor:
        return logits.argmax(dim=1)

    def loss_slope(self, out: torch.Tensor, target: torch.Tensor, into: torch.Tensor) -> None:
        torch.softmax(out, 1, out=into).sub_(target)


TASK_OBJECTS: dict[str, Task] = {
    "regression": Regression(), "binary": Binary(), "multiclass": Multiclass(),
}


def task_of(spec: NetSpec) -> Task:
    """The torch side of spec.task (a string, so it can live in URLs and pickled jobs)."""
    return TASK_OBJECTS[spec.task]
