"""Label encoding checked against scikit-learn's LabelEncoder and OneHotEncoder."""

import numpy as np
import pytest
from sklearn.preprocessing import LabelEncoder, OneHotEncoder

from nnviz.core import labels
from nnviz.data import class_data


def _names_cases():
    rng = np.random.default_rng(0)
    return [
        class_data.iris().y,
        class_data.wine().y,
        class_data.digits().y,
        class_data.blobs(6, 200, 1.0, 2).y,
        rng.choice(["zebra", "apple", "Mango", "kiwi"], size=50),  # unsorted, mixed case
    ]


@pytest.mark.parametrize("names", _names_cases())
def test_codes_match_label_encoder(names):
    classes = labels.classes_of(names)
    enc = LabelEncoder().fit(names)
    assert list(classes) == list(enc.classes_)
    np.testing.assert_array_equal(labels.encode(names, classes), enc.transform(names))
    np.testing.assert_array_equal(labels.decode(enc.transform(names), classes), names)


@pytest.mark.parametrize("names", _names_cases())
def test_one_hot_matches_one_hot_encoder(names):
    classes = labels.classes_of(names)
    ref = OneHotEncoder(sparse_output=False).fit_transform(np.asarray(names).reshape(-1, 1))
    ours = labels.one_hot(labels.encode(names, classes), len(classes))
    np.testing.assert_array_equal(ours, ref)
    assert (ours.sum(axis=1) == 1).all()


def test_encoding_table_lines_up_name_code_and_one_hot():
    d = class_data.iris()
    rows = labels.one_row_per_class(d.y, d.class_names)
    np.testing.assert_array_equal(d.y[rows], d.class_names)
    table = labels.encoding_table(d.y[rows], d.class_names, row_ids=rows)
    assert list(table.columns) == ["row", "class name", "code", "is setosa", "is versicolor",
                                   "is virginica"]
    hot = table[["is setosa", "is versicolor", "is virginica"]].to_numpy()
    np.testing.assert_array_equal(hot, np.eye(3, dtype=int))
    np.testing.assert_array_equal(table["code"], [0, 1, 2])
    assert list(table["row"]) == [0, 50, 100]


def test_unknown_labels_and_codes_are_refused():
    with pytest.raises(ValueError, match="not among"):
        labels.encode(["a", "z"], ("a", "b"))
    with pytest.raises(ValueError):
        labels.decode([0, 2], ("a", "b"))
    with pytest.raises(ValueError):
        labels.one_hot([3], 3)
    with pytest.raises(ValueError):
        labels.one_hot([-1], 3)


def test_rows_to_show_cover_every_class_and_repeat_with_the_seed():
    d = class_data.digits()
    rows = labels.rows_to_show(d.y, d.class_names, extra=4, seed=3)
    assert set(d.y[rows]) == set(d.class_names)
    assert 10 <= len(rows) <= 14 and (np.diff(rows) > 0).all()
    np.testing.assert_array_equal(rows, labels.rows_to_show(d.y, d.class_names, 4, seed=3))
