"""The network and training controls of every training page: one widget, one set of choices.

    CONTROLS = NetworkControls(
        ControlKeys.for_prefix("bin", activation="bin_act", optimizer="bin_opt"),
        layers=(0, 4), nodes=(1, 64), epochs=(10, 1000, 10),
        rates=rates_between(0.0003, 1.0), batches=batches_between(8, 128),
        defaults=dict(layers=2, nodes=8, lr=0.01, epochs=150, batch=32))
    params = Params(..., **CONTROLS.params())    # the same ranges bound the URL's values
    hidden, activation = shape_controls(CONTROLS)
    config = training_controls(CONTROLS).config(seed)

Each page keeps its own widget keys (they are its URL parameters, so old links still open the
same state) and its own ranges, taken from one ladder of learning rates and batch sizes; the
ranges are stated once and bound both the widgets and the values a link may set.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from nnviz.core.formatting import number
from nnviz.core.spec import ACTIVATIONS, OPTIMIZER_LABELS, OPTIMIZERS, TrainConfig
from nnviz.ui.urlstate import Param

# Every page's learning rates and batch sizes are a stretch of these.
LEARNING_RATE_LADDER = (0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
BATCH_LADDER = (1, 2, 4, 8, 16, 32, 64, 128, 256, 512)


def rates_between(low: float, high: float) -> tuple[float, ...]:
    return tuple(r for r in LEARNING_RATE_LADDER if low <= r <= high)


def batches_between(low: int, high: int) -> tuple[int, ...]:
    return tuple(b for b in BATCH_LADDER if low <= b <= high)


@dataclass(frozen=True)
class ControlKeys:
    """The session-state (and URL) keys of one page's controls."""

    layers: str
    nodes: str
    activation: str
    optimizer: str
    lr: str
    epochs: str
    batch: str

    @classmethod
    def for_prefix(cls, prefix: str, **overrides: str) -> ControlKeys:
        names = {name: f"{prefix}_{name}" for name in cls.__dataclass_fields__}
        return cls(**{**names, **overrides})


@dataclass(frozen=True)
class NetworkControls:
    """One page's network and training controls: their keys, ranges and default values."""

    keys: ControlKeys
    layers: tuple[int, int]
    nodes: tuple[int, int]
    epochs: tuple[int, int, int]  # lowest, highest, step
    rates: tuple[float, ...]
    batches: tuple[int, ...]
    defaults: dict  # layers, nodes, lr, epochs, batch; activation and optimizer optional
    optimizers: tuple[str, ...] = OPTIMIZERS  # in the order the page lists them

    def default(self, name: str):
        fallback = {"activation": "relu", "optimizer": "adam"}
        return self.defaults.get(name, fallback.get(name))

    def params(self) -> dict[str, Param]:
        """The URL parameters of these controls, bounded by the same ranges as the widgets."""
        k = self.keys
        return {
            k.layers: Param(self.default("layers"), lo=self.layers[0], hi=self.layers[1]),
            k.nodes: Param(self.default("nodes"), lo=self.nodes[0], hi=self.nodes[1]),
            k.activation: Param(self.default("activation"), choices=ACTIVATIONS),
            k.optimizer: Param(self.default("optimizer"), choices=self.optimizers),
            k.lr: Param(self.default("lr"), choices=self.rates),
            k.epochs: Param(self.default("epochs"), lo=self.epochs[0], hi=self.epochs[1]),
            k.batch: Param(self.default("batch"), choices=self.batches),
        }


def hidden_layers(keys: ControlKeys) -> tuple[int, ...]:
    """(nodes,) * layers, from the controls' current values."""
    return (int(st.session_state[keys.nodes]),) * int(st.session_state[keys.layers])


def shape_controls(controls: NetworkControls, cells=None, layers_help: str | None = None,
                   activation_as_radio: bool = False,
                   persist_state: str | None = None) -> tuple[tuple[int, ...], str]:
    """Hidden layers, nodes per layer and activation, drawn into three `cells` (columns, or
    the page itself). Returns the hidden layer sizes and the activation. `persist_state`
    ("page"): the values survive runs in which the page stops before drawing them."""
    keys = controls.keys
    c1, c2, c3 = cells or st.columns(3)
    c1.slider("Hidden layers", *controls.layers, key=keys.layers, help=layers_help,
              persist_state=persist_state)
    c2.slider("Nodes per hidden layer", *controls.nodes, key=keys.nodes,
              disabled=int(st.session_state[keys.layers]) == 0, persist_state=persist_state)
    activation_help = "What each hidden node does to its weighted sum. ReLU: negative becomes 0."
    if activation_as_radio:
        c3.radio("Activation", ACTIVATIONS, key=keys.activation, horizontal=True,
                 help=activation_help, persist_state=persist_state)
    else:
        c3.selectbox("Activation", ACTIVATIONS, key=keys.activation, help=activation_help,
                     persist_state=persist_state)
    return hidden_layers(keys), st.session_state[keys.activation]


@dataclass(frozen=True)
class TrainingChoice:
    optimizer: str
    lr: float
    epochs: int
    batch_size: int

    def config(self, seed: int, **extra) -> TrainConfig:
        return TrainConfig(self.optimizer, self.lr, self.epochs, self.batch_size, seed=seed,
                           **extra)


def training_controls(controls: NetworkControls, cells=None,
                      persist_state: str | None = None) -> TrainingChoice:
    """Optimizer, learning rate, epochs and batch size, drawn into four `cells`."""
    keys = controls.keys
    c1, c2, c3, c4 = cells or st.columns(4)
    c1.selectbox("Optimizer", controls.optimizers, key=keys.optimizer,
                 format_func=OPTIMIZER_LABELS.get, persist_state=persist_state)
    c2.select_slider("Learning rate", controls.rates, key=keys.lr, format_func=number,
                     persist_state=persist_state)
    low, high, step = controls.epochs
    c3.slider("Epochs", low, high, step=step, key=keys.epochs, persist_state=persist_state,
              help="One epoch = the network has seen every training example once.")
    c4.select_slider("Batch size", controls.batches, key=keys.batch, persist_state=persist_state,
                     help="Examples per step: the weights change once per batch.")
    return TrainingChoice(st.session_state[keys.optimizer], float(st.session_state[keys.lr]),
                          int(st.session_state[keys.epochs]), int(st.session_state[keys.batch]))
