"""What the descent page says about a walk: the numbers of a step, written out, and how the
walk went (a walk that blew up is a lesson about the learning rate)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnviz.core.formatting import count, number
from nnviz.lessons.descent import StepNumbers, Walk, verdict


@dataclass(frozen=True)
class Message:
    kind: str  # how the page shows it: "error", "success", "warning" or "info"
    text: str
    icon: str


def step_line(label: str, values) -> str:
    """`**label:** value`, or `**label:** (a, b)` for two weights."""
    values = np.atleast_1d(values)
    shown = ", ".join(number(float(v)) for v in values)
    return f"**{label}:** ({shown})" if len(values) > 1 else f"**{label}:** {shown}"


def update_latex(step: StepNumbers) -> str:
    """One weight's update = -learning rate x slope, with the step's numbers, as LaTeX."""
    formula = (rf"{number(float(step.update[0]))} = -{step.lr:g} \times "
               rf"({number(float(step.slope[0]))})")
    return formula.replace(",", "{,}")  # a bare comma in LaTeX gets a space after it


def walk_message(w: Walk, lowest: float, stable_lr: float | None) -> Message:
    """How the walk went; `stable_lr` is where plain gradient descent starts to blow up."""
    v = verdict(w, lowest)
    if v.outcome == "blew_up":
        return _blew_up(w, stable_lr)
    if v.outcome == "arrived":
        return Message("success", f"Reached the bottom at step **{v.at_step}** (99.9% of the "
                                  "way down).", ":material/flag:")
    if v.outcome == "stuck":
        return Message(
            "warning",
            f"The walk stopped moving {number(float(w.losses[-1] - lowest))} above the lowest "
            "point. The ground is flat where it stands, so the slope says nothing more, but this "
            "is not the lowest place: a local valley or a pass.",
            ":material/block:",
        )
    start_gap = w.losses[0] - lowest
    done = 1 - (w.losses[-1] - lowest) / start_gap if start_gap > 0 else 1.0
    return Message("info", f"After {count(w.steps_taken, 'step')} the walk is {done:.1%} of the "
                           "way down and still going: give it more steps or a bigger learning "
                           "rate.", ":material/directions_walk:")


def _blew_up(w: Walk, stable_lr: float | None) -> Message:
    hint = " Try a smaller learning rate."
    if stable_lr and w.optimizer.kind == "sgd":
        hint = (f" On this surface plain gradient descent stays stable below a learning "
                f"rate of **{stable_lr:.3g}**.")
    why = ("Adam moves each weight by about the learning rate on every step, however gentle "
           "the slope, so its strides are far too long for this map"
           if w.optimizer.kind == "adam" else
           "each step overshoots and lands somewhere steeper, so the next step is longer still")
    return Message(
        "error",
        f"**The walk blew up after {count(w.steps_taken, 'step')}, so we stopped it.** The "
        f"learning rate ({w.optimizer.lr:g}) is too big: {why}. The chart is cut off at its "
        f"edges.{hint}",
        ":material/warning:",
    )
