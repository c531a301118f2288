"""numpy softmax checked against torch.softmax, including scores that overflow exp()."""

import numpy as np
import pytest
import torch

from nnviz.charts import softmax as charts
from nnviz.lessons.multiclass import softmax


def torch_softmax(z, dim=-1):
    return torch.softmax(torch.as_tensor(np.asarray(z, dtype=np.float64)), dim=dim).numpy()


@pytest.mark.parametrize("shape", [(3,), (10,), (7, 4), (5, 2, 6)])
def test_matches_torch_on_random_scores(shape):
    z = np.random.default_rng(1).normal(scale=4.0, size=shape)
    np.testing.assert_allclose(softmax.softmax(z), torch_softmax(z), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(softmax.softmax(z, axis=0), torch_softmax(z, dim=0), rtol=1e-12)


@pytest.mark.parametrize("z", [
    [1000.0, 999.0, 0.0],
    [1e300, -1e300, 5.0],
    [-1000.0, -1001.0, -1002.0],
    [800.0, 800.0, 800.0, 800.0],
])
def test_huge_scores_stay_finite_and_match_torch(z):
    with np.errstate(over="ignore", invalid="ignore"):
        naive = np.exp(z) / np.exp(z).sum()
    p = softmax.softmax(z)
    assert np.isfinite(p).all()
    assert p.sum() == pytest.approx(1.0, abs=1e-12)
    np.testing.assert_allclose(p, torch_softmax(z), rtol=1e-12, atol=1e-300)
    if max(z) > 710:  # the literal formula breaks down there; the point of the max-shift
        assert not np.isfinite(naive).all()


def test_probabilities_sum_to_one_and_keep_the_order():
    z = np.random.default_rng(2).uniform(-50, 50, size=(200, 6))
    p = softmax.softmax(z)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, atol=1e-12)
    assert (p >= 0).all()
    np.testing.assert_array_equal(np.argsort(p, axis=1), np.argsort(z, axis=1))


def test_adding_a_constant_changes_nothing():
    z = np.array([2.0, -1.0, 0.5])
    np.testing.assert_allclose(softmax.softmax(z + 123.4), softmax.softmax(z), rtol=1e-12)


def test_infinite_scores():
    np.testing.assert_array_equal(softmax.softmax([np.inf, 1.0, np.inf]), [0.5, 0.0, 0.5])
    np.testing.assert_allclose(softmax.softmax([-np.inf, 0.0, 0.0]), [0.0, 0.5, 0.5])
    np.testing.assert_allclose(softmax.softmax([-np.inf, -np.inf]), [0.5, 0.5])
    with pytest.raises(ValueError):
        softmax.softmax([np.nan, 1.0])


def test_sweep_raises_one_share_and_lowers_the_others():
    z = [1.0, 0.0, -1.0]
    values = np.linspace(-5, 5, 11)
    p = softmax.sweep(z, 1, values)
    assert p.shape == (11, 3)
    np.testing.assert_allclose(p[5], torch_softmax([1.0, 0.0, -1.0]), rtol=1e-12)
    assert (np.diff(p[:, 1]) > 0).all()
    assert (np.diff(p[:, 0]) < 0).all() and (np.diff(p[:, 2]) < 0).all()
    with pytest.raises(ValueError):
        softmax.sweep(z, 3, values)


def test_cross_entropy_matches_torch():
    z = np.array([[2.0, 0.5, -1.0, 0.0]])
    for target in range(4):
        ref = torch.nn.functional.cross_entropy(torch.as_tensor(z), torch.tensor([target]))
        assert softmax.cross_entropy(softmax.softmax(z[0]), target) == pytest.approx(
            float(ref), rel=1e-12)
    assert np.isfinite(softmax.cross_entropy([1.0, 0.0], 1))


def test_chart_frames_carry_the_softmax_numbers():
    z, names = [3.0, 1.0, 0.2], ["cat", "dog", "bird"]
    df = charts.softmax_frame(z, names)
    np.testing.assert_allclose(df["probability"], torch_softmax(z), rtol=1e-12)
    sweep = charts.sweep_frame(z, names, which=0, lo=-2, hi=2, n=5)
    assert len(sweep) == 15
    np.testing.assert_allclose(sweep.groupby("score")["probability"].sum(), 1.0)
    for spec in (charts.scores_and_probabilities_spec(z, names), charts.share_bar_spec(z, names),
                 charts.sweep_spec(z, names, 0)):
        assert spec["datasets"] and all(len(rows) for rows in spec["datasets"].values())


@pytest.mark.parametrize("z", [[2.0, 1.0, 0.1], [0.0, 0.0, 0.0, 0.0, 0.0], [9.0, -9.0, 0.0],
                               [1.0, 1.2]])
def test_share_labels_fit_inside_their_segments_on_the_narrowest_bar(z):
    names = ["setosa", "versicolor", "virginica", "class 4", "class 5"][:len(z)]
    spec = charts.share_bar_spec(z, names)
    bar = spec["layer"][0]["encoding"]
    rows = spec["datasets"]["share"]
    assert bar["x"]["scale"]["domain"] == [0, 1] and bar["x2"]["field"] == "end"
    assert rows.end.max() == pytest.approx(1.0) and rows.start.min() == 0.0  # the whole stack
    char = 0.6 * spec["layer"][1]["mark"]["fontSize"]
    for row in rows.itertuples():
        half = len(row.label) * char / 2 / charts.NARROWEST_BAR  # in shares of the bar
        mid = (row.start + row.end) / 2
        assert row.start <= mid - half and mid + half <= row.end, row.label
    # The page's default scores: the smallest share still shows its number.
    if z == [2.0, 1.0, 0.1]:
        assert list(rows.label) == ["setosa 66%", "24%", "10%"]
