"""Three ways to turn a slope into a step: plain gradient descent, momentum and Adam.

Each follows the update rule of its torch.optim namesake (SGD, SGD with momentum, Adam) exactly,
so what the page shows is what PyTorch would do; the tests hold them to it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

# The same names as nnviz.core.spec.OPTIMIZERS: plain gradient descent is torch's SGD.
KINDS = {
    "sgd": "Plain gradient descent",
    "momentum": "Momentum",
    "adam": "Adam",
}
OLD_NAMES = {"gd": "sgd"}  # what links made before the renaming call an optimizer


@dataclass
class State:
    """What an optimizer remembers between steps."""

    steps: int = 0
    velocity: np.ndarray | None = None  # momentum: the running sum of past slopes
    mean: np.ndarray | None = None  # Adam: running average of slopes
    square: np.ndarray | None = None  # Adam: running average of squared slopes


@dataclass(frozen=True)
class Optimizer:
    kind: str = "sgd"
    lr: float = 0.1
    beta: float = 0.9  # momentum: share of the last step kept; Adam: beta1
    beta2: float = 0.999  # Adam only
    eps: float = 1e-8  # Adam only: keeps the division safe when the slope is ~0

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown optimizer {self.kind!r}: use one of {', '.join(KINDS)}")
        if not (math.isfinite(self.lr) and self.lr > 0):
            raise ValueError(f"the learning rate must be a positive number, not {self.lr!r}")
        if not 0 <= self.beta < 1 or not 0 <= self.beta2 < 1:
            raise ValueError("beta must be at least 0 and below 1")

    @property
    def label(self) -> str:
        if self.kind == "momentum":
            return f"Momentum (beta {self.beta:g}), lr {self.lr:g}"
        return f"{KINDS[self.kind]}, lr {self.lr:g}"

    def update(self, slope: np.ndarray, state: State) -> np.ndarray:
        """The change to add to the weights for this slope; advances `state` in place."""
        g = np.asarray(slope, dtype=float)
        state.steps += 1
        if self.kind == "sgd":
            return -self.lr * g
        if self.kind == "momentum":
            # torch.optim.SGD: the first step's velocity is the slope itself.
            state.velocity = g.copy() if state.velocity is None else self.beta * state.velocity + g
            return -self.lr * state.velocity
        # Adam, as torch.optim.Adam computes it (bias-corrected running averages).
        if state.mean is None:
            state.mean = np.zeros_like(g)
            state.square = np.zeros_like(g)
        state.mean = self.beta * state.mean + (1 - self.beta) * g
        state.square = self.beta2 * state.square + (1 - self.beta2) * g * g
        t = state.steps
        step_size = self.lr / (1 - self.beta**t)
        denom = np.sqrt(state.square) / math.sqrt(1 - self.beta2**t) + self.eps
        return -step_size * state.mean / denom


def make(kind: str, lr: float, beta: float = 0.9) -> Optimizer:
    return Optimizer(kind=kind, lr=float(lr), beta=float(beta))


def current_name(name: str) -> str:
    """An optimizer's name as KINDS spells it, also when an old link spells it otherwise."""
    return OLD_NAMES.get(name, name)
