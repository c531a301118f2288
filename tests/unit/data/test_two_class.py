"""Generated two-class data against scikit-learn's generators and the shapes' definitions."""

import numpy as np
import pytest
from sklearn.datasets import make_blobs, make_circles, make_moons

from nnviz.data.two_class import SHAPES, blob_spread, make_two_class


def test_moons_are_sklearns_moons():
    data = make_two_class("moons", n=123, noise=0.3, seed=7)
    X, y = make_moons(n_samples=123, noise=0.3, random_state=7)
    np.testing.assert_array_equal(data.X, X)
    np.testing.assert_array_equal(data.y, y)


def test_circles_are_sklearns_circles():
    data = make_two_class("circles", n=200, noise=0.05, seed=3)
    X, y = make_circles(n_samples=200, noise=0.05, factor=0.5, random_state=3)
    np.testing.assert_array_equal(data.X, X)
    np.testing.assert_array_equal(data.y, y)


def test_blobs_are_sklearns_blobs_with_the_noise_as_spread():
    data = make_two_class("blobs", n=150, noise=0.4, seed=11)
    X, y = make_blobs(n_samples=150, centers=[[-1, -1], [1, 1]], cluster_std=0.3 + 1.5 * 0.4,
                      random_state=11)
    np.testing.assert_array_equal(data.X, X)
    np.testing.assert_array_equal(data.y, y)
    assert blob_spread(0.4) == pytest.approx(0.9)


def test_xor_without_noise_is_the_sign_of_the_product():
    data = make_two_class("xor", n=400, noise=0.0, seed=1)
    assert np.abs(data.X).max() <= 1.0
    np.testing.assert_array_equal(data.y, (data.X[:, 0] * data.X[:, 1] > 0).astype(int))
    # All four quadrants are used.
    quadrants = {(a, b) for a, b in np.sign(data.X).astype(int)}
    assert quadrants == {(1, 1), (1, -1), (-1, 1), (-1, -1)}


def test_xor_noise_moves_points_but_keeps_labels():
    clean = make_two_class("xor", n=300, noise=0.0, seed=2)
    noisy = make_two_class("xor", n=300, noise=0.3, seed=2)
    np.testing.assert_array_equal(clean.y, noisy.y)
    moved = np.linalg.norm(noisy.X - clean.X, axis=1)
    assert moved.mean() == pytest.approx(0.3 * np.sqrt(np.pi / 2), rel=0.15)  # Rayleigh mean


def test_spiral_without_noise_lies_on_its_two_arms():
    data = make_two_class("spiral", n=300, noise=0.0, seed=4)
    r = np.hypot(data.X[:, 0], data.X[:, 1])
    angle = np.arctan2(data.X[:, 1], data.X[:, 0])
    # On arm k: angle = 2π·1.75·r + π·k (mod 2π).
    expected = 2 * np.pi * 1.75 * r + np.pi * data.y
    gap = np.angle(np.exp(1j * (angle - expected)))
    np.testing.assert_allclose(gap, 0.0, atol=1e-9)
    assert set(np.unique(data.y)) == {0, 1}
    assert abs(data.y.mean() - 0.5) < 0.01


@pytest.mark.parametrize("shape", SHAPES)
def test_every_shape_is_seeded_balanced_and_sized(shape):
    a = make_two_class(shape, n=201, noise=0.2, seed=5)
    b = make_two_class(shape, n=201, noise=0.2, seed=5)
    c = make_two_class(shape, n=201, noise=0.2, seed=6)
    np.testing.assert_array_equal(a.X, b.X)
    assert not np.array_equal(a.X, c.X)
    assert a.X.shape == (201, 2) and a.y.shape == (201,)
    assert set(np.unique(a.y)) == {0, 1}
    assert 0.35 < a.y.mean() < 0.65
    assert np.isfinite(a.X).all()


@pytest.mark.parametrize("kwargs", [
    {"shape": "triangle"}, {"shape": "moons", "n": 3}, {"shape": "moons", "n": 10**6},
    {"shape": "moons", "noise": -0.1}, {"shape": "moons", "noise": float("nan")},
])
def test_bad_settings_are_refused_in_words(kwargs):
    with pytest.raises(ValueError):
        make_two_class(**kwargs)
