"""Engineered features against scikit-learn's PolynomialFeatures and numpy; feature selection
against SelectKBest and the scorers called directly."""

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import load_breast_cancer
from sklearn.feature_selection import SelectKBest, f_classif, mutual_info_classif
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import PolynomialFeatures

from nnviz.data.features import (
    FEATURE_CODE,
    FEATURE_KEYS,
    FEATURE_NAMES,
    breast_cancer,
    feature_code,
    feature_matrix,
    score_features,
    top_k,
)
from nnviz.data.two_class import make_two_class

X = np.random.default_rng(0).normal(size=(50, 2)) * 2


def test_polynomial_features_match_sklearn():
    poly = PolynomialFeatures(degree=2, include_bias=False).fit(X)
    reference = dict(zip(poly.get_feature_names_out(["x1", "x2"]), poly.transform(X).T,
                         strict=True))
    ours = feature_matrix(X, ["x1", "x2", "x1²", "x2²", "x1·x2"])
    for column, name in zip(ours.T, ["x1", "x2", "x1^2", "x2^2", "x1 x2"], strict=True):
        np.testing.assert_allclose(column, reference[name])


def test_sines_match_numpy_and_order_is_kept():
    ours = feature_matrix(X, ["sin(x2)", "sin(x1)"])
    np.testing.assert_allclose(ours, np.sin(X[:, ::-1]))


def test_generated_code_computes_the_same_matrix():
    names = list(FEATURE_NAMES)
    built = eval(feature_code(names), {"np": np, "X": X})  # noqa: S307 - our own fixed text
    np.testing.assert_allclose(built, feature_matrix(X, names))
    assert set(FEATURE_KEYS) == set(FEATURE_NAMES) == set(FEATURE_CODE)
    assert all(key.isascii() and key.isalnum() for key in FEATURE_KEYS.values())


@pytest.mark.parametrize("names", [[], ["x3"]])
def test_bad_feature_choices_are_refused(names):
    with pytest.raises(ValueError):
        feature_matrix(X, names)
    with pytest.raises(ValueError):
        feature_matrix(np.zeros((3, 3)), ["x1"])


def test_squares_make_circles_linearly_separable():
    """The lesson's claim: with x1² and x2² a straight boundary is enough for circles."""
    data = make_two_class("circles", n=400, noise=0.05, seed=0)
    raw = LogisticRegression().fit(data.X, data.y).score(data.X, data.y)
    squared = feature_matrix(data.X, ["x1²", "x2²"])
    engineered = LogisticRegression().fit(squared, data.y).score(squared, data.y)
    assert raw < 0.7 and engineered > 0.95


def test_product_makes_xor_linearly_separable():
    data = make_two_class("xor", n=400, noise=0.0, seed=0)
    product = feature_matrix(data.X, ["x1·x2"])
    assert LogisticRegression(C=100).fit(product, data.y).score(product, data.y) > 0.97


def test_breast_cancer_is_sklearns():
    data = breast_cancer()
    bunch = load_breast_cancer()
    np.testing.assert_array_equal(data.X, bunch.data)
    # Flipped on purpose: the positive class (1) is malignant.
    np.testing.assert_array_equal(data.y, 1 - bunch.target)
    assert data.X.shape == (569, 30)
    assert data.class_names == ("benign", "malignant")
    assert data.class_names[1] == bunch.target_names[0]
    assert data.y.sum() == 212  # the dataset's documented count of malignant tumours
    data.X[0, 0] = -1  # callers get copies
    assert breast_cancer().X[0, 0] == bunch.data[0, 0]


def test_anova_scores_match_f_classif_and_are_sorted():
    data = breast_cancer()
    scores = score_features(data.X, data.y, "anova", data.feature_names)
    f, _ = f_classif(data.X, data.y)
    np.testing.assert_allclose(scores["score"], np.sort(f)[::-1])
    assert scores.iloc[0]["feature"] == data.feature_names[int(np.argmax(f))]
    assert list(scores["rank"]) == list(range(1, 31))


def test_mutual_info_scores_match_sklearn_with_the_same_seed():
    data = breast_cancer()
    scores = score_features(data.X, data.y, "mutual_info", seed=3)
    mi = mutual_info_classif(data.X, data.y, random_state=3)
    np.testing.assert_allclose(scores.sort_values("column")["score"], mi)


@pytest.mark.parametrize("scorer, func", [
    ("anova", f_classif),
    ("mutual_info", lambda X, y: mutual_info_classif(X, y, random_state=0)),
])
def test_top_k_is_selectkbest(scorer, func):
    data = breast_cancer()
    for k in (1, 5, 30):
        expected = np.flatnonzero(SelectKBest(func, k=k).fit(data.X, data.y).get_support())
        np.testing.assert_array_equal(top_k(data.X, data.y, k, scorer), expected)


@pytest.mark.parametrize("scorer", ["anova", "mutual_info"])
def test_top_k_of_precomputed_scores_is_selectkbest(scorer):
    from nnviz.data.features import feature_scores, top_k_of

    data = breast_cancer()
    scores = feature_scores(data.X, data.y, scorer)
    for k in range(1, 31):
        np.testing.assert_array_equal(top_k_of(scores, k), top_k(data.X, data.y, k, scorer))
    # Ties are broken as SelectKBest breaks them.
    tied = np.array([1.0, 3.0, 3.0, 0.5])
    fixed = SelectKBest(lambda X, y: tied, k=1).fit(np.zeros((4, 4)), [0, 1, 0, 1])
    np.testing.assert_array_equal(top_k_of(tied, 1), fixed.get_support(indices=True))
    with pytest.raises(ValueError):
        top_k_of(tied, 5)


def test_top_k_refuses_impossible_k_and_unknown_scorers():
    data = breast_cancer()
    with pytest.raises(ValueError):
        top_k(data.X, data.y, 0)
    with pytest.raises(ValueError):
        top_k(data.X, data.y, 31)
    with pytest.raises(ValueError):
        score_features(data.X, data.y, "chi")


def test_feature_pictures_show_each_feature_scaled_by_its_own_peak():
    from nnviz.charts.features import feature_pictures, pictures_frame
    from nnviz.core.plane import grid_plane

    plane = grid_plane((-3, 3), (-2, 2), resolution=12)
    frame = pictures_frame(plane, feature_matrix(plane.points(), ["x1²", "sin(x2)"]),
                           ["x1²", "sin(x2)"])
    squares = frame[frame["picture"] == "x1²"]
    np.testing.assert_allclose(squares["value"], plane.points()[:, 0] ** 2)
    assert squares["scaled"].max() == pytest.approx(1.0) and squares["scaled"].min() >= 0
    sines = frame[frame["picture"] == "sin(x2)"]
    np.testing.assert_allclose(sines["scaled"], np.sin(plane.points()[:, 1])
                               / np.abs(np.sin(plane.points()[:, 1])).max())
    spec = feature_pictures(plane, FEATURE_NAMES, active=["x1"]).to_dict()
    assert spec["facet"]["sort"] == {"field": "order", "op": "min"}  # pictures in given order
    shown = pd.DataFrame(next(iter(spec["datasets"].values())))
    first_of_each = shown.groupby("order")["picture"].first()
    assert list(first_of_each[:2]) == ["x1", "x2 (off)"]


def test_a_renamed_picture_refills_the_same_spec():
    """A neuron that dies mid-training gets '(always 0)' in its name: the chart's spec must
    stay the same (the browser then only swaps data) and carry the new name in its data."""
    from nnviz.charts.features import plane_pictures_spec
    from nnviz.core.plane import grid_plane

    plane = grid_plane((0, 1), (0, 1), resolution=3)
    alive = plane_pictures_spec(plane, np.ones((9, 2)), ["node 1", "node 2"])
    dead = plane_pictures_spec(plane, np.ones((9, 2)), ["node 1", "node 2 (always 0)"])
    assert {k: v for k, v in alive.items() if k != "datasets"} == {
        k: v for k, v in dead.items() if k != "datasets"}
    assert "node 2 (always 0)" in set(dead["datasets"]["pictures"]["picture"])


def test_flat_picture_is_all_zero_not_nan():
    from nnviz.charts.features import pictures_frame
    from nnviz.core.plane import grid_plane

    plane = grid_plane((0, 1), (0, 1), resolution=3)
    frame = pictures_frame(plane, np.zeros((9, 1)), ["dead neuron"])
    assert (frame["scaled"] == 0).all()


def test_feature_scores_chart_marks_the_kept_columns():
    from nnviz.charts.features import feature_scores_chart

    data = breast_cancer()
    scores = score_features(data.X, data.y, "anova", data.feature_names)
    keep = top_k(data.X, data.y, 3)
    spec = feature_scores_chart(scores, keep).to_dict()
    rows = next(iter(spec["datasets"].values()))
    kept = {r["feature"] for r in rows if r["kept"] == "kept"}
    assert kept == {data.feature_names[i] for i in keep}
    assert kept == set(scores["feature"][:3])  # the top three by score
    from nnviz.charts.features import feature_scores_spec

    spec = feature_scores_spec(scores, keep)
    assert (spec["datasets"]["scores"]["kept"] == "kept").sum() == 3


def test_every_measurement_name_is_readable_on_the_scores_chart():
    """30 bars, 30 labels: each bar gets a row tall enough for its name, names are neither
    thinned out nor cut short (the longest, 'worst fractal dimension', is 23 characters)."""
    from nnviz.charts.features import feature_scores_spec

    data = breast_cancer()
    scores = score_features(data.X, data.y, "anova", data.feature_names)
    spec = feature_scores_spec(scores, top_k(data.X, data.y, 5))
    axis = spec["encoding"]["y"]["axis"]
    assert axis["labelOverlap"] is False
    assert axis["labelLimit"] >= 7 * max(len(n) for n in data.feature_names)
    assert spec["height"] / len(data.feature_names) >= 12  # about the labels' font size
