"""The walk downhill: repeat "feel the slope, take a step" and record every step.

new weight = weight + update, where the update is -learning rate x slope for plain gradient
descent (momentum and Adam shape it differently, see nnviz.lessons.descent.optimizers).
A walk that blows up is
stopped and marked, so a page can explain it instead of drawing numbers off to infinity.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from nnviz.lessons.descent.optimizers import Optimizer, State
from nnviz.lessons.descent.surfaces import Surface

# A walk has blown up once its loss is this many times further above the lowest loss than
# where it started, or once it leaves the surface's box widened by ESCAPE widths on each side.
BLOWUP = 1e6
ESCAPE = 1.0


@dataclass(frozen=True)
class StepNumbers:
    """One step of a walk, written out: everything the rule needs and what it produced."""

    number: int  # 1 for the first step
    before: np.ndarray
    loss_before: float
    slope: np.ndarray
    lr: float
    update: np.ndarray
    after: np.ndarray
    loss_after: float


@dataclass(frozen=True)
class Walk:
    points: np.ndarray  # (k + 1, d): the start, then the weights after each step
    losses: np.ndarray  # (k + 1,)
    slopes: np.ndarray  # (k + 1, d): the slope felt at each point
    optimizer: Optimizer
    requested: int  # how many steps were asked for
    diverged: bool  # stopped early because the loss blew up

    @property
    def steps_taken(self) -> int:
        return len(self.points) - 1

    @property
    def updates(self) -> np.ndarray:
        return np.diff(self.points, axis=0)

    def step(self, i: int) -> StepNumbers:
        """Step i + 1: from points[i] to points[i + 1]."""
        if not 0 <= i < self.steps_taken:
            raise IndexError(f"this walk has steps 0 to {self.steps_taken - 1}, not {i}")
        return StepNumbers(
            number=i + 1,
            before=self.points[i],
            loss_before=float(self.losses[i]),
            slope=self.slopes[i],
            lr=self.optimizer.lr,
            update=self.points[i + 1] - self.points[i],
            after=self.points[i + 1],
            loss_after=float(self.losses[i + 1]),
        )


def walk(
    loss: Callable[[np.ndarray], float],
    gradient: Callable[[np.ndarray], np.ndarray],
    start,
    optimizer: Optimizer,
    steps: int,
    box: tuple[np.ndarray, np.ndarray] | None = None,
    lowest: float = 0.0,
) -> Walk:
    """Take up to `steps` steps from `start`; stop early if the walk blows up.

    Blowing up means: a weight or the loss stops being a finite number, the weights leave
    `box`, or the loss climbs BLOWUP times further above `lowest` than it started.
    """
    if steps < 0:
        raise ValueError("the number of steps cannot be negative")
    w = np.atleast_1d(np.asarray(start, dtype=float)).copy()
    points, losses, slopes = [w], [loss(w)], [gradient(w)]
    limit = lowest + BLOWUP * max(losses[0] - lowest, 1e-12)
    lo, hi = (None, None) if box is None else box
    state = State()
    diverged = False
    with np.errstate(all="ignore"):
        for _ in range(steps):
            w = w + optimizer.update(slopes[-1], state)
            if not np.isfinite(w).all():
                diverged = True
                break
            value = loss(w)
            slope = gradient(w) if math.isfinite(value) else np.full_like(w, np.nan)
            points.append(w)
            losses.append(value)
            slopes.append(slope)
            outside = lo is not None and bool((w < lo).any() or (w > hi).any())
            if outside or not math.isfinite(value) or value > limit or not np.isfinite(slope).all():
                diverged = True
                break
    return Walk(np.array(points), np.array(losses, dtype=float), np.array(slopes),
                optimizer, steps, diverged)


def escape_box(x_range, y_range=None) -> tuple[np.ndarray, np.ndarray]:
    """The plotted box widened by ESCAPE of its width on every side: leaving it means blown up."""
    ranges = [x_range] if y_range is None else [x_range, y_range]
    lo = np.array([r[0] - ESCAPE * (r[1] - r[0]) for r in ranges])
    hi = np.array([r[1] + ESCAPE * (r[1] - r[0]) for r in ranges])
    return lo, hi


def walk_on(surface: Surface, optimizer: Optimizer, steps: int, start=None) -> Walk:
    start = surface.start if start is None else start
    return walk(surface.loss, surface.gradient, start, optimizer, steps,
                box=escape_box(surface.x_range, surface.y_range), lowest=surface.lowest_loss)


def race(surface: Surface, optimizers: list[Optimizer], steps: int, start=None) -> list[Walk]:
    """Several walkers, same surface, same start, same number of steps."""
    return [walk_on(surface, opt, steps, start) for opt in optimizers]


# ---- one weight at a time ---------------------------------------------------------------------

@dataclass(frozen=True)
class Slice:
    """The loss along one weight of a surface, the other weight held fixed."""

    surface: Surface
    axis: int  # 0: the x weight moves, 1: the y weight moves
    held: float

    def _xy(self, w):
        return (w, self.held) if self.axis == 0 else (self.held, w)

    @property
    def range(self) -> tuple[float, float]:
        return self.surface.x_range if self.axis == 0 else self.surface.y_range

    @property
    def label(self) -> str:
        return self.surface.x_label if self.axis == 0 else self.surface.y_label

    def heights(self, ws) -> np.ndarray:
        return np.asarray(self.surface.height(*self._xy(np.asarray(ws, dtype=float))), float)

    def loss(self, w) -> float:
        return float(self.heights(float(np.ravel(w)[0])))

    def gradient(self, w) -> np.ndarray:
        return np.array([self.surface.slope(*self._xy(float(np.ravel(w)[0])))[self.axis]])

    def curvature(self, w: float) -> float:
        """How fast the slope changes at w (the second derivative), from nearby slopes."""
        h = 1e-4 * max(1.0, self.range[1] - self.range[0])
        return float((self.gradient(w + h)[0] - self.gradient(w - h)[0]) / (2 * h))

    def stable_lr(self) -> float | None:
        """Above this, plain gradient descent overshoots further every step (on a parabola,
        whose curvature is the same everywhere; None when the curve is not one)."""
        lo, hi = self.range
        bends = [self.curvature(lo + f * (hi - lo)) for f in (0.1, 0.5, 0.9)]
        if max(bends) <= 0 or max(bends) - min(bends) > 1e-6 * max(bends):
            return None
        return 2.0 / bends[1]

    def best(self) -> float:
        """Where this slice is lowest (it is a parabola for the house surfaces)."""
        ws = np.linspace(*self.range, 2001)
        return float(ws[np.argmin(self.heights(ws))])

    def lowest_loss(self) -> float:
        """The slice's lowest loss within its range."""
        return float(np.min(self.heights(np.linspace(*self.range, 2001))))


def walk_slice(curve: Slice, optimizer: Optimizer, steps: int, start: float) -> Walk:
    return walk(curve.loss, curve.gradient, [start], optimizer, steps,
                box=escape_box(curve.range), lowest=curve.lowest_loss())


def tangent(w0: float, loss0: float, slope: float, half_width: float):
    """The straight line that touches the curve at w0: two end points and its slope."""
    ws = np.array([w0 - half_width, w0 + half_width])
    return ws, loss0 + slope * (ws - w0)


def rates_to_try(stable_lr: float, options) -> tuple[float | None, float | None]:
    """From a list of learning rates: one that zig-zags but still settles (between half the
    stable limit and the limit) and the smallest one that blows up (above the limit)."""
    zigzag = [r for r in options if stable_lr / 2 < r < stable_lr]
    blowup = [r for r in options if r > stable_lr]
    return (max(zigzag) if zigzag else None), (min(blowup) if blowup else None)


# ---- how a walk went -----------------------------------------------------------------------------

ARRIVED = 1e-3  # within 0.1% of the starting height above the bottom counts as arrived


@dataclass(frozen=True)
class Verdict:
    outcome: str  # "blew_up" | "arrived" | "stuck" | "on_the_way"
    at_step: int  # step it blew up or arrived at; otherwise the number of steps taken


def verdict(w: Walk, lowest_loss: float) -> Verdict:
    if w.diverged:
        return Verdict("blew_up", w.steps_taken)
    gap = w.losses - lowest_loss
    close = np.flatnonzero(gap <= ARRIVED * max(gap[0], 1e-12))
    if close.size:
        return Verdict("arrived", int(close[0]))
    slope_now = float(np.linalg.norm(w.slopes[-1]))
    slope_start = float(np.linalg.norm(w.slopes[0]))
    if w.steps_taken and slope_now <= ARRIVED * max(slope_start, 1e-12):
        return Verdict("stuck", w.steps_taken)
    return Verdict("on_the_way", w.steps_taken)


# ---- animation timing ---------------------------------------------------------------------------

MAX_FRAMES = 200  # about 6.7 s at 30 frames per second, however long the walk
FRAMES_PER_STEP = 6  # short walks glide instead of jumping
HOLD_FRAMES = 30  # rest a second at the end before the loop starts over


def frame_times(steps: int, max_frames: int = MAX_FRAMES, per_step: int = FRAMES_PER_STEP,
                hold: int = HOLD_FRAMES) -> np.ndarray:
    """For each animation frame, how far along the walk it is, in (fractional) steps."""
    moving = int(min(max_frames, max(2, steps * per_step + 1)))
    return np.concatenate([np.linspace(0.0, float(steps), moving), np.full(hold, float(steps))])


def position_at(values: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Values between recorded steps, drawn on the straight line between them.

    `t` beyond the last recorded step stays at the last one (a walk that stopped early).
    """
    values = np.asarray(values, dtype=float)
    t = np.clip(np.asarray(t, dtype=float), 0.0, len(values) - 1)
    lo = np.floor(t).astype(int)
    hi = np.minimum(lo + 1, len(values) - 1)
    frac = (t - lo).reshape(-1, *([1] * (values.ndim - 1)))
    return values[lo] * (1 - frac) + values[hi] * frac
