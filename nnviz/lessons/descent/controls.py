"""The numbers behind the descent page's controls: the learning-rate ladder, the betas, the
start sliders' notches and which surface the surface controls name."""

from __future__ import annotations

import numpy as np

# Log-spaced, 1-2-5 like a ruler: from "crawls" through "good" to "blows up" on every surface.
LEARNING_RATES = tuple(float(f"{m}e{e}") for e in range(-4, 2) for m in (1, 2, 5))[:-2]
BETAS = (0.0, 0.5, 0.8, 0.9, 0.95, 0.99)


def nearest_rate(value: float) -> float:
    """The ladder's rung closest to `value`, on the ladder's logarithmic scale."""
    return min(LEARNING_RATES, key=lambda r: abs(np.log(r) - np.log(value)))


def notch(lo: float, hi: float) -> float:
    """A round step (1, 0.1, 0.01...) giving a slider from lo to hi 100 to 1000 notches."""
    return float(10 ** np.floor(np.log10((hi - lo) / 100)))


def snap(value: float, lo: float, hi: float) -> float:
    """`value` moved to the nearest notch of the slider from lo to hi."""
    step = notch(lo, hi)
    return round(lo + round((float(value) - lo) / step) * step, 10)


def surface_key(name: str, normalized: bool) -> str:
    """The surface to walk on: the house prices come raw or normalized; the others as they are."""
    return "house_normalized" if name == "house" and normalized else name
