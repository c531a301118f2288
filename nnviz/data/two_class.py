"""Generated two-class data on a plane: moons, circles, XOR, a spiral, two Gaussian blobs.

Every generator takes a size, a noise level and a seed, and the same three always give the same
points. Moons, circles and blobs are scikit-learn's own generators (so their shapes are the ones
people know); XOR and the spiral are built here with numpy.

    data = make_two_class("moons", n=300, noise=0.2, seed=0)
    data.X  # (n, 2) floats      data.y  # (n,) ints 0/1     data.class_names
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.datasets import make_blobs, make_circles, make_moons

SHAPES = ("moons", "circles", "xor", "spiral", "blobs")
SHAPE_TITLES = {
    "moons": "Two moons",
    "circles": "Circle inside a ring",
    "xor": "XOR (four corners)",
    "spiral": "Two spirals",
    "blobs": "Two Gaussian blobs",
}
# Why each shape is in the lesson: what a straight line can and cannot do with it.
SHAPE_NOTES = {
    "moons": "Two interlocking half circles: no straight line separates them.",
    "circles": "One class surrounds the other: a circle, not a line, is the boundary.",
    "xor": "Opposite corners share a class: the sign of x1·x2 decides.",
    "spiral": "Two arms wound around each other: the hardest shape here.",
    "blobs": "Two clouds: a straight line is enough.",
}
BLOB_CENTRES = ((-1.0, -1.0), (1.0, 1.0))
MIN_POINTS = 10
MAX_POINTS = 5000
MAX_NOISE = 2.0


@dataclass(frozen=True)
class TwoClassData:
    X: np.ndarray
    y: np.ndarray
    shape: str
    class_names: tuple[str, str] = ("class 0", "class 1")


def _check(shape: str, n: int, noise: float) -> None:
    if shape not in SHAPES:
        raise ValueError(f"Unknown shape {shape!r}: choose one of {', '.join(SHAPES)}.")
    if not MIN_POINTS <= int(n) <= MAX_POINTS:
        raise ValueError(f"Use between {MIN_POINTS} and {MAX_POINTS} points.")
    if not (np.isfinite(noise) and 0.0 <= float(noise) <= MAX_NOISE):
        raise ValueError(f"Noise must be between 0 and {MAX_NOISE}.")


def blob_spread(noise: float) -> float:
    """The blobs' standard deviation: the noise slider on top of a tight base cloud."""
    return 0.3 + 1.5 * float(noise)


def xor_points(n: int, noise: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Uniform in the square [-1, 1]², label 1 where x1·x2 > 0, then Gaussian jitter.

    The label is decided before the jitter, so noise pushes points across the axes.
    """
    rng = np.random.default_rng(seed)
    clean = rng.uniform(-1.0, 1.0, size=(n, 2))
    y = (clean[:, 0] * clean[:, 1] > 0).astype(int)
    return clean + rng.normal(scale=noise, size=(n, 2)), y


def spiral_points(n: int, noise: float, seed: int, turns: float = 1.75) -> tuple[np.ndarray,
                                                                                 np.ndarray]:
    """Two arms r = t, angle = 2π·turns·t (t in [0.05, 1]); class 1 is class 0 turned by π."""
    rng = np.random.default_rng(seed)
    y = np.arange(n) % 2
    t = rng.uniform(0.05, 1.0, size=n)
    angle = 2 * np.pi * turns * t + np.pi * y
    clean = np.column_stack([t * np.cos(angle), t * np.sin(angle)])
    return clean + rng.normal(scale=noise * 0.5, size=(n, 2)), y


def make_two_class(shape: str, n: int = 300, noise: float = 0.2, seed: int = 0) -> TwoClassData:
    """`n` points of the named shape with `noise`, repeatable by `seed` (see module docstring)."""
    _check(shape, n, noise)
    n, noise, seed = int(n), float(noise), int(seed)
    if shape == "moons":
        X, y = make_moons(n_samples=n, noise=noise, random_state=seed)
    elif shape == "circles":
        X, y = make_circles(n_samples=n, noise=noise, factor=0.5, random_state=seed)
    elif shape == "blobs":
        X, y = make_blobs(n_samples=n, centers=np.array(BLOB_CENTRES),
                          cluster_std=blob_spread(noise), random_state=seed)
    elif shape == "xor":
        X, y = xor_points(n, noise, seed)
    else:
        X, y = spiral_points(n, noise, seed)
    return TwoClassData(np.asarray(X, dtype=float), np.asarray(y, dtype=int), shape)
