"""Loss surfaces: heights against direct formulas and the house network, slopes against
torch.autograd and finite differences, minima against scikit-learn."""

import numpy as np
import pytest
import torch
from sklearn.linear_model import LinearRegression
from sklearn.preprocessing import StandardScaler

from nnviz.lessons import house
from nnviz.lessons.descent import surfaces, walk_on
from nnviz.lessons.descent.optimizers import make

torch.set_num_threads(1)
ALL = [surfaces.surface_by_key(k) for k in surfaces.SURFACE_KEYS] + [surfaces.talk_surface()]
IDS = [s.key for s in ALL]


def sample_points(s, n=12, seed=0):
    rng = np.random.default_rng(seed)
    return np.column_stack([rng.uniform(*s.x_range, n), rng.uniform(*s.y_range, n)])


@pytest.mark.parametrize("s", ALL, ids=IDS)
def test_slope_matches_torch_autograd(s):
    for x, y in sample_points(s):
        tx = torch.tensor(x, dtype=torch.float64, requires_grad=True)
        ty = torch.tensor(y, dtype=torch.float64, requires_grad=True)
        s.height(tx, ty).backward()
        expected = np.array([tx.grad.item(), ty.grad.item()])
        np.testing.assert_allclose(s.gradient((x, y)), expected, rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("s", ALL, ids=IDS)
def test_slope_matches_finite_differences(s):
    h = 1e-6
    for x, y in sample_points(s, seed=1):
        fd = np.array([
            (s.loss((x + h, y)) - s.loss((x - h, y))) / (2 * h),
            (s.loss((x, y + h)) - s.loss((x, y - h))) / (2 * h),
        ])
        scale = max(1.0, np.abs(fd).max())
        np.testing.assert_allclose(s.gradient((x, y)), fd, atol=1e-5 * scale)


@pytest.mark.parametrize("s", ALL, ids=IDS)
def test_lowest_point_is_flat_and_lowest_on_the_map(s):
    assert np.linalg.norm(s.gradient(s.lowest)) < 1e-6 * max(1.0, np.abs(s.loss(s.start)))
    g = surfaces.grid(s, 301, 301)
    assert g.loss.min() >= s.lowest_loss - 1e-9
    assert s.contains(s.lowest) and s.contains(s.start)


def test_classic_heights_at_known_points():
    c = surfaces.CLASSIC
    assert c["bowl"].loss((3, -4)) == 25
    assert c["ravine"].loss((10, 1)) == pytest.approx(0.1 * 100 + 4)
    assert c["banana"].loss((1, 1)) == 0 and c["banana"].loss((0, 0)) == 1
    assert c["saddle"].loss((0, 0)) == 0
    # A saddle: uphill along x, downhill along y from the middle.
    assert c["saddle"].loss((0.1, 0)) > 0 > c["saddle"].loss((0, 0.1))
    # Two valleys: the left one is the deeper; the right one is a separate low point.
    left, right = c["two_valleys"].lowest[0], 0.967
    assert left < -1
    assert c["two_valleys"].loss((left, 0)) < c["two_valleys"].loss((right, 0))
    assert abs(c["two_valleys"].gradient((right, 0))[0]) < 0.01


def test_grid_vectorized_equals_point_by_point():
    for s in ALL:
        fast, slow = surfaces.grid(s, 17, 13), surfaces.grid_by_loop(s, 17, 13)
        np.testing.assert_allclose(fast.loss, slow.loss, rtol=1e-12)
        assert fast.loss.shape == (13, 17)
        # loss[j, i] is the height at (xs[i], ys[j])
        assert fast.loss[4, 9] == pytest.approx(s.loss((fast.xs[9], fast.ys[4])))


def test_talk_surface_is_the_talks_network_mse_in_thousands():
    s = surfaces.talk_surface()
    rows = house.TALK_ROWS
    for w_rooms, w_age in [(100, -20), (0, 0), (150.5, 7.25)]:
        net = house.LinearNet(w_rooms * 1000, w_age * 1000)
        rooms, age, price = house.as_arrays(rows)
        mse_dollars = house.summarize_loss(net.predict(rooms, age), price).mse
        assert s.loss((w_rooms, w_age)) == pytest.approx(mse_dollars / 1e6, rel=1e-12)
        grad = net.gradient(rows, loss="mse")  # per dollar of weight, in dollars squared
        np.testing.assert_allclose(
            s.gradient((w_rooms, w_age)), [grad["w_rooms"] / 1000, grad["w_age"] / 1000],
            rtol=1e-10)
    # The talk's weights miss by 12k, 2k and 188k: mean squared error in ($k)^2.
    assert s.loss((100, -20)) == pytest.approx((12**2 + 2**2 + 188**2) / 3)


def test_house_rows_start_with_the_talk_and_are_seeded():
    rows = surfaces.house_rows()
    talk = np.array([[r.rooms, r.age, r.price / 1000] for r in house.TALK_ROWS])
    np.testing.assert_array_equal(rows[:3], talk)
    assert len(rows) == 3 + surfaces.EXTRA_HOUSES
    np.testing.assert_array_equal(rows, surfaces.house_rows())
    assert not np.array_equal(rows, surfaces.house_rows(seed=8))
    assert rows[:, 0].std() > 0 and rows[:, 0].min() >= 2 and rows[:, 0].max() <= 6


def test_standardize_matches_scikit_learn_and_survives_a_constant_column():
    rows = surfaces.house_rows()
    z, mean, spread = surfaces.standardize(rows[:, :2])
    np.testing.assert_allclose(z, StandardScaler().fit_transform(rows[:, :2]), atol=1e-12)
    talk = surfaces.house_rows(extra=0)  # rooms is 4 in every talk row: no spread
    z, _, spread = surfaces.standardize(talk[:, :2])
    assert spread[0] == 0 and np.all(np.isfinite(z)) and np.all(z[:, 0] == 0)


@pytest.mark.parametrize("normalized", [False, True])
def test_house_minimum_matches_scikit_learn(normalized):
    rows = surfaces.house_rows()
    s = surfaces.house_surface(normalized=normalized)
    x, y = rows[:, :2], rows[:, 2]
    if normalized:
        x = StandardScaler().fit_transform(x)
        y = (y - y.mean()) / y.std()
    fit = LinearRegression(fit_intercept=False).fit(x, y)
    np.testing.assert_allclose(s.lowest, fit.coef_, rtol=1e-9)
    residual = np.mean((fit.predict(x) - y) ** 2)
    assert s.lowest_loss == pytest.approx(residual, rel=1e-9, abs=1e-12)


def hessian_eigenvalues(s):
    point = torch.tensor(s.start, dtype=torch.float64)
    hess = torch.autograd.functional.hessian(lambda p: s.height(p[0], p[1]), point)
    return np.linalg.eigvalsh(hess.numpy())


def test_raw_house_surface_is_a_ravine_normalized_a_round_bowl():
    raw, norm = surfaces.house_surface(False), surfaces.house_surface(True)
    raw_eig, norm_eig = hessian_eigenvalues(raw), hessian_eigenvalues(norm)
    problem = surfaces.house_problem(surfaces.house_rows(), normalized=False)
    np.testing.assert_allclose(problem.curvatures(), raw_eig, rtol=1e-9)
    assert raw_eig[1] / raw_eig[0] > 20  # long and narrow
    assert norm_eig[1] / norm_eig[0] < 2  # nearly round
    assert raw.stable_lr == pytest.approx(2 / raw_eig[1], rel=1e-9)


@pytest.mark.parametrize("key", ["house", "house_normalized", "bowl", "ravine"])
def test_stable_learning_rate_is_the_edge_of_blowing_up(key):
    s = surfaces.surface_by_key(key)
    below = walk_on(s, make("sgd", 0.95 * s.stable_lr), 3000)
    above = walk_on(s, make("sgd", 1.05 * s.stable_lr), 3000)
    assert not below.diverged and below.losses[-1] < below.losses[0]
    assert above.diverged


def test_unknown_surface_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown surface"):
        surfaces.surface_by_key("volcano")
