"""Multi-class datasets checked against scikit-learn's own loaders and generator."""

import numpy as np
import pytest
from sklearn import datasets as skd

from nnviz.charts import digits as digit_charts
from nnviz.core import prep
from nnviz.data import class_data


def test_iris_matches_scikit_learn():
    d, ref = class_data.iris(), skd.load_iris()
    np.testing.assert_array_equal(d.X, ref.data)
    np.testing.assert_array_equal(d.y, ref.target_names[ref.target])
    assert d.class_names == ("setosa", "versicolor", "virginica")
    assert d.feature_names == tuple(ref.feature_names)
    assert class_data.class_counts(d) == {"setosa": 50, "versicolor": 50, "virginica": 50}
    assert d.images is None


def test_wine_names_follow_scikit_learn_targets():
    d, ref = class_data.wine(), skd.load_wine()
    np.testing.assert_array_equal(d.X, ref.data)
    assert d.n_classes == 3 and d.n_features == 13
    # cultivar k+1 is scikit-learn's class k
    np.testing.assert_array_equal(d.y, np.array([f"cultivar {t + 1}" for t in ref.target]))
    assert list(class_data.class_counts(d).values()) == list(np.bincount(ref.target))


def test_digits_images_are_the_pixel_rows():
    d, ref = class_data.digits(), skd.load_digits()
    assert d.X.shape == (1797, 64) and d.images.shape == (1797, 8, 8)
    np.testing.assert_array_equal(d.images.reshape(len(d.X), 64), d.X)
    np.testing.assert_array_equal(d.y, ref.target.astype(str))
    assert d.class_names == tuple(str(i) for i in range(10))
    assert d.feature_names[8 * 3 + 5] == "pixel r3 c5"


@pytest.mark.parametrize("k", [2, 3, 5, 8])
def test_blobs_have_the_chosen_number_of_classes(k):
    d = class_data.blobs(n_classes=k, n_samples=300, spread=0.8, seed=3)
    assert d.X.shape == (300, 2)
    assert d.class_names == tuple("ABCDEFGH"[:k])
    assert sorted(set(d.y)) == list(d.class_names)
    # make_blobs spreads the points evenly over the classes
    counts = np.array(list(class_data.class_counts(d).values()))
    assert counts.max() - counts.min() <= 1


def test_blobs_are_seeded():
    a, b = class_data.blobs(4, 200, 1.0, 7), class_data.blobs(4, 200, 1.0, 7)
    c = class_data.blobs(4, 200, 1.0, 8)
    np.testing.assert_array_equal(a.X, b.X)
    np.testing.assert_array_equal(a.y, b.y)
    assert not np.array_equal(a.X, c.X)


def test_blob_spread_is_the_cluster_standard_deviation():
    d = class_data.blobs(3, 2000, spread=0.5, seed=1)
    for name in d.class_names:
        pts = d.X[d.y == name]
        assert pts.std(axis=0, ddof=1) == pytest.approx([0.5, 0.5], rel=0.12)


@pytest.mark.parametrize("kwargs", [
    {"n_classes": 1}, {"n_classes": 9}, {"n_samples": 10}, {"spread": 0.0},
])
def test_blob_settings_out_of_range_are_refused(kwargs):
    with pytest.raises(ValueError):
        class_data.blobs(**kwargs)


def test_load_by_name_and_unknown_name():
    for name in class_data.DATASETS:
        assert class_data.load(name, n_classes=3, n_samples=120).name == name
    with pytest.raises(ValueError, match="unknown dataset"):
        class_data.load("mnist")


def test_select_keeps_rows_and_picks_columns():
    d = class_data.iris()
    two = d.select(["petal width (cm)", "sepal length (cm)"])
    np.testing.assert_array_equal(two.X, d.X[:, [3, 0]])
    np.testing.assert_array_equal(two.y, d.y)
    with pytest.raises(ValueError):
        d.select([])
    with pytest.raises(ValueError):
        d.select(["colour"])
    with pytest.raises(ValueError, match="once"):
        d.select(["petal width (cm)", "petal width (cm)"])


def test_digit_frame_rebuilds_the_picture():
    img = class_data.digits().images[42]
    df = digit_charts.digit_frame(img)
    rebuilt = np.zeros((8, 8))
    rebuilt[df["row"], df["col"]] = df["ink"]
    np.testing.assert_array_equal(rebuilt, img)
    with pytest.raises(ValueError):
        digit_charts.digit_frame(np.zeros((3, 3)))


def test_digit_gallery_spec_has_one_panel_per_image():
    d = class_data.digits()
    chart = digit_charts.digit_gallery(d.images[:4], ["a", "b", "c", "d"], items=[5, 6, 7, 8],
                                       select_name="pick")
    spec = chart.to_dict()
    assert spec["facet"]["field"] == "caption"
    assert spec["spec"]["mark"]["type"] == "rect"
    data = next(iter(spec["datasets"].values()))
    assert sorted({r["item"] for r in data}) == [5, 6, 7, 8]
    assert len(data) == 4 * 64


def test_split_rows_matches_prep_split_of_the_inputs():

    d = class_data.blobs(3, 150, 1.0, seed=2)
    codes = np.searchsorted(d.class_names, d.y)
    rows = prep.split_rows(d.X, codes, 0.3, "standardize", seed=5)
    ref = prep.prepare(d.X, codes, 0.3, "standardize", seed=5, classify=True)
    np.testing.assert_allclose(rows.x_train, ref.split.x_train)
    np.testing.assert_allclose(rows.x_val, ref.split.x_val)
    np.testing.assert_array_equal(rows.y_train, ref.split.y_train)
    np.testing.assert_array_equal(rows.y_val, ref.split.y_val)
    # the row numbers point back at the original inputs
    np.testing.assert_allclose(rows.normalizer.transform(d.X[rows.val_rows]), rows.x_val)
    assert sorted(np.concatenate([rows.train_rows, rows.val_rows])) == list(range(150))
    assert rows.stratified and len(rows.val_rows) == 45


def test_split_rows_without_validation():
    d = class_data.iris()
    rows = prep.split_rows(d.X, np.searchsorted(d.class_names, d.y), 0.0, "none", seed=0)
    assert len(rows.val_rows) == 0 and len(rows.train_rows) == 150
    np.testing.assert_array_equal(rows.x_train, d.X)


@pytest.mark.parametrize("name, features", [
    ("iris", None), ("iris", ["petal width (cm)", "sepal length (cm)"]), ("wine", None),
    ("wine", ["flavanoids", "proline"]), ("digits", None), ("blobs", None),
])
def test_data_code_rebuilds_the_same_inputs_and_codes(name, features):
    from nnviz.core import labels

    data = class_data.load(name, n_classes=5, n_samples=240, spread=0.7, seed=11)
    if features:
        data = data.select(features)
    namespace = {"np": np}
    exec(class_data.data_code(data, n_samples=240, spread=0.7, seed=11), namespace)  # noqa: S102
    np.testing.assert_array_equal(namespace["X"], data.X)
    np.testing.assert_array_equal(namespace["y"], labels.encode(data.y, data.class_names))


@pytest.mark.parametrize("name, features", [
    ("iris", ["petal length (cm)", "petal width (cm)"]), ("blobs", None),
])
def test_the_shown_script_repeats_the_pages_training(name, features):
    """The lesson's "Show the code" script, run as is, prints the losses the engine recorded."""
    import contextlib
    import io
    import re

    from nnviz import codegen
    from nnviz.core import labels
    from nnviz.core.engine import TrainConfig, Trainer
    from nnviz.core.models import NetSpec

    data = class_data.load(name, n_classes=4, n_samples=200, spread=1.2, seed=3)
    data = data.select(features) if features else data
    rows = prep.split_rows(data.X, labels.encode(data.y, data.class_names), 0.25,
                           "standardize", seed=3)
    spec = NetSpec(2, (12, 12), "relu", "multiclass", data.n_classes)
    config = TrainConfig("adam", 0.01, 4, 16, seed=3)
    trainer = Trainer(spec, config, rows.x_train, rows.y_train, rows.x_val, rows.y_val)
    trainer.run()
    script = codegen.pytorch_script(codegen.CodeSettings(
        spec, config, class_data.data_code(data, 200, 1.2, 3), "standardize", 0.25,
        stratify=rows.stratified, print_every=1))
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(script, "nnviz_multiclass_pytorch.py", "exec"), {"__name__": "__main__"})  # noqa: S102
    losses = [float(x) for x in re.findall(r"epoch \d+  loss ([\d.]+)", printed.getvalue())]
    np.testing.assert_allclose(losses, trainer.history["train_loss"], atol=2e-5)


def test_preview_rows_are_distinct_sorted_and_seeded():
    rows = class_data.preview_rows(150, 8, seed=2)
    assert len(set(rows)) == 8 and (np.diff(rows) > 0).all() and rows.max() < 150
    np.testing.assert_array_equal(rows, class_data.preview_rows(150, 8, seed=2))
    assert not np.array_equal(rows, class_data.preview_rows(150, 8, seed=3))
    assert len(class_data.preview_rows(5, 8)) == 5
