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
from dataclasses import dataclass

import torch
from torch import nn

TASKS = ("regression", "binary", "multiclass")
ACTIVATIONS = ("relu", "tanh", "sigmoid")


@dataclass(frozen=True)
class Recipe:
    """What the talk's Keras code says for a task, in words a page or the code generator uses."""

    output_activation: str  # 'linear' | 'sigmoid' | 'softmax'
    loss_name: str  # plain words
    keras_loss: str
    torch_loss: str  # class name in torch.nn
    metric_name: str  # what the history's metric columns hold


RECIPES: dict[str, Recipe] = {
    "regression": Recipe("linear", "mean squared error", "mean_squared_error", "MSELoss",
                         "mean absolute error"),
    "binary": Recipe("sigmoid", "binary cross-entropy", "binary_crossentropy",
                     "BCEWithLogitsLoss", "accuracy"),
    "multiclass": Recipe("softmax", "categorical cross-entropy", "categorical_crossentropy",
                         "CrossEntropyLoss", "accuracy"),
}

_ACTIVATION_LAYERS = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}


@dataclass(frozen=True)
class NetSpec:
    """Everything that decides a network's shape. Frozen, so it can key caches and signatures."""

    n_inputs: int
    hidden: tuple[int, ...] = (20, 20)
    activation: str = "relu"
    task: str = "binary"
    n_classes: int = 2
    dropout: float = 0.0

    def __post_init__(self):
        # Accept a list for hidden but store a tuple so the spec stays hashable.
        object.__setattr__(self, "hidden", tuple(int(h) for h in self.hidden))
        problems = spec_problems(self)
        if problems:
            raise ValueError(" ".join(problems))

    @property
    def recipe(self) -> Recipe:
        return RECIPES[self.task]

    @property
    def n_outputs(self) -> int:
        return self.n_classes if self.task == "multiclass" else 1

    @property
    def layer_sizes(self) -> tuple[int, ...]:
        """Nodes per layer, input to output: (2, 20, 20, 1) for the reference job."""
        return (self.n_inputs, *self.hidden, self.n_outputs)

    @property
    def n_parameters(self) -> int:
        sizes = self.layer_sizes
        return sum((a + 1) * b for a, b in zip(sizes[:-1], sizes[1:], strict=False))


def spec_problems(spec: NetSpec) -> list[str]:
    """Plain-words reasons a spec cannot be built (empty when it is fine)."""
    problems = []
    if spec.task not in TASKS:
        problems.append(f"Unknown task {spec.task!r}: use one of {', '.join(TASKS)}.")
    if spec.activation not in ACTIVATIONS:
        problems.append(
            f"Unknown activation {spec.activation!r}: use one of {', '.join(ACTIVATIONS)}."
        )
    if int(spec.n_inputs) < 1:
        problems.append("The network needs at least one input.")
    if any(h < 1 for h in spec.hidden):
        problems.append("Every hidden layer needs at least one node.")
    if spec.task == "multiclass" and int(spec.n_classes) < 2:
        problems.append("A multi-class network needs at least two classes.")
    if not 0.0 <= float(spec.dropout) < 1.0:
        problems.append("Dropout must be at least 0 and below 1.")
    return problems


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
        layers.append(_ACTIVATION_LAYERS[spec.activation]())
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
