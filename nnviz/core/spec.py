"""What a training run is, in plain data: the network's shape, the task's recipe, the settings.

No torch here, so pages and recaps can describe a network (and the code generator can write
one) without paying torch's import. A task is named by a string (it travels in URLs and pickled
jobs); its words are the Recipe here, its torch behaviour the Task objects in nnviz.core.models.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

TASKS = ("regression", "binary", "multiclass")
# Each hidden activation and its layer's class name in torch.nn: the model builder and the code
# generator both take it from here.
ACTIVATION_LAYERS = {"relu": "ReLU", "tanh": "Tanh", "sigmoid": "Sigmoid"}
ACTIVATIONS = tuple(ACTIVATION_LAYERS)


@dataclass(frozen=True)
class Recipe:
    """What the talk's Keras code says for a task, in words a page or the code generator uses."""

    output_activation: str  # 'linear' | 'sigmoid' | 'softmax'
    loss_name: str  # plain words
    keras_loss: str
    torch_loss: str  # class name in torch.nn
    metric_name: str  # what the history's metric columns hold

    @property
    def classifies(self) -> bool:
        """A classifier answers a class (its targets are class codes), not a number."""
        return self.output_activation != "linear"


RECIPES: dict[str, Recipe] = {
    "regression": Recipe("linear", "mean squared error", "mean_squared_error", "MSELoss",
                         "mean absolute error"),
    "binary": Recipe("sigmoid", "binary cross-entropy", "binary_crossentropy",
                     "BCEWithLogitsLoss", "accuracy"),
    "multiclass": Recipe("softmax", "categorical cross-entropy", "categorical_crossentropy",
                         "CrossEntropyLoss", "accuracy"),
}


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


OPTIMIZERS = ("sgd", "momentum", "adam")
OPTIMIZER_LABELS = {"sgd": "SGD", "momentum": "SGD with momentum", "adam": "Adam"}


@dataclass(frozen=True)
class TrainConfig:
    optimizer: str = "adam"  # 'sgd' | 'momentum' | 'adam'
    lr: float = 0.001
    epochs: int = 100
    batch_size: int = 32
    weight_decay: float = 0.0  # L2 penalty, as torch optimizers apply it (all parameters)
    momentum: float = 0.9  # used by 'momentum' only
    seed: int = 0

    def __post_init__(self):
        problems = config_problems(self)
        if problems:
            raise ValueError(" ".join(problems))


def config_problems(config: TrainConfig) -> list[str]:
    problems = []
    if config.optimizer not in OPTIMIZERS:
        problems.append(f"Unknown optimizer {config.optimizer!r}: use one of {OPTIMIZERS}.")
    if not (math.isfinite(config.lr) and config.lr > 0):
        problems.append("The learning rate must be a positive number.")
    if int(config.epochs) < 1:
        problems.append("Train for at least one epoch.")
    if int(config.batch_size) < 1:
        problems.append("The batch size must be at least 1.")
    if not (math.isfinite(config.weight_decay) and config.weight_decay >= 0):
        problems.append("Weight decay must be zero or a positive number.")
    if not 0 <= config.momentum < 1:
        problems.append("Momentum must be at least 0 and below 1.")
    return problems


class RunProgress:
    """How far a run has got, read the same off the engine's Trainer and the server's TrainedNet:
    each sets spec, config, total_steps, and keeps steps_done, epochs_done and diverged."""

    spec: NetSpec
    config: TrainConfig
    total_steps: int
    steps_done: int
    epochs_done: int
    diverged: bool

    @property
    def finished(self) -> bool:
        return self.diverged or self.epochs_done >= self.config.epochs

    @property
    def progress(self) -> float:
        return min(self.steps_done / self.total_steps, 1.0) if self.total_steps else 1.0

    @property
    def metric_name(self) -> str:
        return self.spec.recipe.metric_name


def steps_per_epoch(n_samples: int, batch_size: int) -> int:
    """One step per batch; the last batch of an epoch may be smaller: ceil(samples / batch)."""
    return math.ceil(n_samples / batch_size) if n_samples > 0 else 0
