"""The binary lesson's settings: the keys of its input-feature switches, the presets that set up
a situation worth looking at in one click, and what one training run depends on. No streamlit.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from nnviz.core.prep import RowSplit
from nnviz.core.spec import NetSpec, TrainConfig
from nnviz.data.features import FEATURE_KEYS, FEATURE_NAMES
from nnviz.lessons.binary.problem import BinaryProblem

DEFAULT_FEATURES = ("x1", "x2")
# The normalization race and the comparison of k are short sprints: about a second on two cores.
SHORT_RUN_EPOCHS = 40


def feature_key(name: str) -> str:
    """The widget (and URL) key of one input feature's switch, e.g. "bin_f_x1sq"."""
    return f"bin_f_{FEATURE_KEYS[name]}"


def feature_switches(on: Collection[str]) -> dict[str, bool]:
    """Every input feature's switch: on for the features in `on`, off for the rest."""
    return {feature_key(name): name in on for name in FEATURE_NAMES}


# 40 noisy training points and two layers of 32, learning slowly enough that the validation
# loss first falls for some epochs before it turns: the textbook U. The seed is part of it.
OVERFIT_SETUP = {
    "bin_data": "generated", "bin_shape": "moons", "bin_n": 80, "bin_noise": 0.3,
    "bin_seed": 0, "bin_layers": 2, "bin_nodes": 32, "bin_epochs": 300, "bin_l2": 0.0,
    "bin_dropout": 0.0, "bin_lr": 0.003, "bin_opt": "adam", "bin_batch": 16, "bin_val": 0.5,
    "bin_norm": "standardize", "bin_act": "relu", "bin_x1_scale": 1,
    **feature_switches(DEFAULT_FEATURES),
}
REMEDIES = {  # name: (settings it changes, button label, what it does)
    "more_data": ({"bin_n": 600}, "More data", "600 points instead of a few dozen."),
    "smaller": ({"bin_layers": 1, "bin_nodes": 4}, "Smaller network",
                "One hidden layer of 4 nodes: too small to memorise every point."),
    "l2": ({"bin_l2": 0.03}, "L2 weight decay",
           "Weight decay 0.03: every step pulls the weights a little toward zero."),
    "dropout": ({"bin_dropout": 0.3}, "Dropout",
                "Dropout 0.3: each step trains with a random 30% of hidden nodes switched off."),
}

# "The right inputs make a straight line enough": one click per shape sets up a network with
# no hidden layer that sees only the inputs that shape needs.
STRAIGHT_LINE_SETUPS = {  # shape: (button, the inputs that make it separable by a line)
    "circles": ("Circles", ("x1²", "x2²")),
    "xor": ("XOR", ("x1·x2",)),
}
# Everything else the straight line's result depends on goes back to the page's defaults, so
# the promise holds after a preset (the overfitting one's slow rate) or a stretched x1.
_LINE_RESETS = ("bin_n", "bin_seed", "bin_x1_scale", "bin_norm", "bin_opt", "bin_lr",
                "bin_epochs", "bin_batch", "bin_val", "bin_l2", "bin_dropout")


def straight_line_setup(shape: str, defaults: Mapping[str, Any]) -> dict:
    """The settings of a straight line that separates `shape`, given the page's `defaults`."""
    return {**{key: defaults[key] for key in _LINE_RESETS},
            "bin_shape": shape, "bin_noise": 0.1, "bin_layers": 0,
            **feature_switches(STRAIGHT_LINE_SETUPS[shape][1])}


def short_run(config: TrainConfig) -> TrainConfig:
    """`config`, cut to a short sprint (never longer than the run it is cut from)."""
    return dataclasses.replace(config, epochs=min(SHORT_RUN_EPOCHS, config.epochs))


@dataclass(frozen=True, eq=False)
class Setup:
    """Everything one training run depends on: the data, the network, how it trains."""

    problem: BinaryProblem
    spec: NetSpec
    config: TrainConfig
    split: RowSplit
    val_fraction: float
    normalization: str

    @property
    def signature(self) -> tuple:
        """Equal for two setups exactly when they train the same network on the same data."""
        problem = self.problem
        return (problem.title, problem.input_names, int(problem.X.shape[0]),
                float(problem.X.sum()), self.spec, self.config, self.val_fraction,
                self.normalization)
