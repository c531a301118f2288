"""Split and normalization, checked against scikit-learn called directly."""

import numpy as np
import pytest
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import MinMaxScaler, StandardScaler

from nnviz.core import prep
from nnviz.core.prep import column_ranges, fit_normalizer, prepare, split

RNG = np.random.default_rng(0)
X = RNG.normal(50, 20, (101, 3))
Y_CLASS = (RNG.random(101) < 0.3).astype(int)  # unbalanced on purpose
Y_REG = RNG.normal(size=101)


def test_split_is_scikit_learns_seeded_stratified_split():
    s = split(X, Y_CLASS, 0.25, seed=3, classify=True)
    ref = train_test_split(X, Y_CLASS, test_size=0.25, random_state=3, stratify=Y_CLASS)
    for got, want in zip((s.x_train, s.x_val, s.y_train, s.y_val), ref, strict=True):
        np.testing.assert_array_equal(got, want)
    assert s.stratified
    # Class shares survive the split (to within one row).
    assert abs(s.y_val.sum() - 0.25 * Y_CLASS.sum()) <= 1


def test_regression_split_is_plain_and_seeded():
    s = split(X, Y_REG, 0.2, seed=5)
    ref = train_test_split(X, Y_REG, test_size=0.2, random_state=5)
    np.testing.assert_array_equal(s.x_val, ref[1])
    np.testing.assert_array_equal(s.y_train, ref[2])
    assert not s.stratified
    assert len(s.x_val) == 21 and len(s.x_train) == 80  # ceil(101 * 0.2) validation rows
    again = split(X, Y_REG, 0.2, seed=5)
    np.testing.assert_array_equal(again.x_train, s.x_train)
    assert not np.array_equal(split(X, Y_REG, 0.2, seed=6).x_train, s.x_train)


def test_tiny_classes_fall_back_to_a_plain_split():
    y = np.array([0] * 9 + [1])  # a class with a single row cannot be stratified
    s = split(np.arange(10.0).reshape(-1, 1), y, 0.3, seed=0, classify=True)
    assert not s.stratified and len(s.x_val) == 3


def test_no_validation_share_keeps_every_row_for_training():
    s = split(X, Y_REG, 0.0)
    assert len(s.x_train) == 101 and s.x_val.shape == (0, 3) and len(s.y_val) == 0


@pytest.mark.parametrize(
    ("n", "share", "words"),
    [(1, 0.2, "cannot be split"), (5, 1.0, "below 1"), (5, -0.1, "at least 0")],
)
def test_impossible_splits_say_why(n, share, words):
    with pytest.raises(ValueError, match=words):
        split(np.zeros((n, 2)), np.zeros(n), share)


def test_mismatched_lengths_say_why():
    with pytest.raises(ValueError, match="3 input rows but 2"):
        split(np.zeros((3, 1)), np.zeros(2))


@pytest.mark.parametrize(("kind", "scaler"), [("standardize", StandardScaler),
                                              ("minmax", MinMaxScaler)])
def test_normalizers_are_fitted_on_the_training_part_only(kind, scaler):
    prepared = prepare(X, Y_REG, 0.3, kind, seed=1)
    raw = prepared.raw
    ref = scaler().fit(raw.x_train)
    np.testing.assert_allclose(prepared.split.x_train, ref.transform(raw.x_train))
    np.testing.assert_allclose(prepared.split.x_val, ref.transform(raw.x_val))
    # Fitted on all rows it would differ: the validation rows did not leak in.
    leaked = scaler().fit(X).transform(raw.x_val)
    assert not np.allclose(prepared.split.x_val, leaked)
    np.testing.assert_allclose(prepared.normalizer.inverse(prepared.split.x_val), raw.x_val)
    np.testing.assert_array_equal(prepared.split.y_train, raw.y_train)


def test_standardized_training_columns_have_mean_0_std_1_and_minmax_spans_0_to_1():
    std = prepare(X, Y_REG, 0.2, "standardize").split.x_train
    np.testing.assert_allclose(std.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(std.std(axis=0), 1)
    mm = prepare(X, Y_REG, 0.2, "minmax").split.x_train
    np.testing.assert_allclose(mm.min(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(mm.max(axis=0), 1)


def test_none_leaves_numbers_alone_and_constant_columns_do_not_break():
    prepared = prepare(X, Y_REG, 0.2, "none")
    np.testing.assert_array_equal(prepared.split.x_train, prepared.raw.x_train)
    constant = np.column_stack([np.full(20, 7.0), np.arange(20.0)])
    for kind in ("standardize", "minmax"):
        out = fit_normalizer(kind, constant).transform(constant)
        assert np.isfinite(out).all()
    with pytest.raises(ValueError, match="Unknown normalization"):
        fit_normalizer("log", X)


@pytest.mark.parametrize(("kind", "scaler"), [("standardize", StandardScaler),
                                              ("minmax", MinMaxScaler)])
def test_a_normalizer_of_the_first_columns_passes_the_rest_through(kind, scaler):
    """A table's number columns are normalized; its 0/1 columns after them are not."""
    onehot = np.random.default_rng(4).integers(0, 2, (len(X), 2)).astype(float)
    table = np.column_stack([X, onehot])
    out = fit_normalizer(kind, table, columns=X.shape[1]).transform(table)
    np.testing.assert_allclose(out[:, :X.shape[1]], scaler().fit_transform(X))
    np.testing.assert_array_equal(out[:, X.shape[1]:], onehot)
    assert fit_normalizer(kind, onehot, columns=0).scaler is None


def test_column_ranges_match_numpy():
    table = column_ranges(X, ["a", "b", "c"])
    assert table.column.tolist() == ["a", "b", "c"]
    np.testing.assert_allclose(table["min"], X.min(axis=0))
    np.testing.assert_allclose(table["max"], X.max(axis=0))
    np.testing.assert_allclose(table["std"], X.std(axis=0))
    assert column_ranges(np.zeros((0, 2)))["mean"].isna().all()


def test_part_labels_mark_the_validation_rows():
    parts = prep.part_labels(5, [3, 1], train="training")
    assert parts.tolist() == ["training", "validation", "training", "validation", "training"]
    assert prep.part_labels(2, []).tolist() == ["train", "train"]


def test_split_rows_picks_the_rows_prepare_picks_and_remembers_them():
    x = np.random.default_rng(0).normal(size=(60, 2)) * [1, 100]
    y = np.arange(60) % 3
    rows = prep.split_rows(x, y, 0.25, "standardize", seed=4)
    same = prep.prepare(x, y, 0.25, "standardize", seed=4, classify=True)
    np.testing.assert_allclose(rows.x_train, same.split.x_train)
    np.testing.assert_allclose(rows.x_val, same.split.x_val)
    np.testing.assert_array_equal(x[rows.val_rows], same.raw.x_val)
    assert sorted(np.concatenate([rows.train_rows, rows.val_rows])) == list(range(60))
    assert rows.split_labels(60)[rows.val_rows].tolist() == ["validation"] * len(rows.val_rows)
