"""Per-example confidence, checked against scikit-learn's metrics and plain numpy."""

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import accuracy_score, confusion_matrix

from nnviz.charts import probabilities as charts
from nnviz.lessons.multiclass import confidence

CLASSES = ("cat", "dog", "fox")


def random_case(n=60, k=3, seed=0):
    rng = np.random.default_rng(seed)
    logits = rng.normal(scale=2.0, size=(n, k))
    proba = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    y = rng.integers(0, k, size=n)
    return proba, y


def test_table_rows_match_the_probabilities():
    proba, y = random_case()
    t = confidence.probability_table(proba, y, CLASSES, row_ids=np.arange(100, 160))
    assert list(t["row"]) == list(range(100, 160))
    np.testing.assert_array_equal(t["predicted code"], proba.argmax(axis=1))
    np.testing.assert_allclose(t["confidence"], proba.max(axis=1))
    np.testing.assert_allclose(t["p(actual)"], proba[np.arange(60), y])
    np.testing.assert_array_equal(t["actual"], np.array(CLASSES)[y])
    for i, c in enumerate(CLASSES):
        np.testing.assert_allclose(t[f"p({c})"], proba[:, i])
    assert confidence.summary(t)["accuracy"] == pytest.approx(
        accuracy_score(y, proba.argmax(axis=1)))


def test_confusion_counts_match_scikit_learn():
    proba, y = random_case(n=200, k=3, seed=4)
    t = confidence.probability_table(proba, y, CLASSES)
    ref = confusion_matrix(y, proba.argmax(axis=1), labels=[0, 1, 2])
    np.testing.assert_array_equal(confidence.confusion_counts(t, 3), ref)


def test_cells_partition_the_examples():
    proba, y = random_case(n=90, seed=5)
    t = confidence.probability_table(proba, y, CLASSES)
    counts = confidence.confusion_counts(t, 3)
    seen = []
    for a, actual in enumerate(CLASSES):
        for p, predicted in enumerate(CLASSES):
            cell = confidence.cell_examples(t, actual, predicted)
            assert len(cell) == counts[a, p]
            assert (cell["actual"] == actual).all() and (cell["predicted"] == predicted).all()
            assert cell["confidence"].is_monotonic_increasing
            seen += list(cell["row"])
    assert sorted(seen) == list(range(90))


def test_most_and_least_confident():
    proba, y = random_case(n=50, seed=6)
    t = confidence.probability_table(proba, y, CLASSES)
    top = confidence.most_confident(t, 5)
    low = confidence.least_confident(t, 5)
    sure = np.sort(proba.max(axis=1))
    np.testing.assert_allclose(top["confidence"], sure[::-1][:5])
    np.testing.assert_allclose(low["confidence"], sure[:5])
    wrong = confidence.confidently_wrong(t, 3)
    assert not wrong["correct"].any()
    mistakes = proba.max(axis=1)[proba.argmax(axis=1) != y]
    np.testing.assert_allclose(wrong["confidence"], np.sort(mistakes)[::-1][:3])


def test_confidence_is_at_least_one_over_k():
    proba, y = random_case(n=300, k=5, seed=7)
    t = confidence.probability_table(proba, y, ("a", "b", "c", "d", "e"))
    assert (t["confidence"] >= 1 / 5 - 1e-12).all()
    assert (t["confidence"] >= t["p(actual)"]).all()


def test_summary_with_no_mistakes():
    proba = np.eye(3)[[0, 1, 2, 1]] * 0.9 + 0.1 / 3
    t = confidence.probability_table(proba, [0, 1, 2, 1], CLASSES)
    s = confidence.summary(t)
    assert s["accuracy"] == 1.0
    assert np.isnan(s["confidence when wrong"])
    assert s["confidence when right"] == pytest.approx(0.9 + 0.1 / 3)


@pytest.mark.parametrize("proba, y", [
    (np.full((2, 2), 0.5), [0, 1]),  # wrong number of classes
    (np.array([[0.5, 0.6, 0.1]]), [0]),  # does not sum to 1
    (np.array([[np.nan, 0.5, 0.5]]), [0]),
    (np.array([[0.2, 0.3, 0.5]]), [0, 1]),  # labels do not line up
])
def test_bad_input_is_refused(proba, y):
    with pytest.raises(ValueError):
        confidence.probability_table(proba, y, CLASSES)


def test_probability_bars_mark_prediction_and_truth():
    df = charts.probability_frame([0.1, 0.7, 0.2], CLASSES, actual=2)
    assert list(df["role"]) == ["other class", "predicted, but wrong", "the actual class"]
    df = charts.probability_frame([0.1, 0.7, 0.2], CLASSES, actual=1)
    assert list(df["role"]) == ["other class", "predicted, and right", "other class"]
    assert charts.probability_bars([0.1, 0.7, 0.2], CLASSES, 1).to_dict()


def test_confidence_histogram_counts_right_and_wrong():
    proba, y = random_case(n=40, seed=8)
    t = confidence.probability_table(proba, y, CLASSES)
    spec = charts.confidence_histogram(t).to_dict()
    data = pd.DataFrame(next(iter(spec["datasets"].values())))
    assert (data["prediction"] == "right").sum() == t["correct"].sum()
    # A bin of 3 wrong answers next to one of 400 right ones still gets a visible bar:
    # sqrt(3 / 400) is 9% of the height, where a linear axis gives 0.75%.
    assert spec["encoding"]["y"]["scale"]["type"] == "sqrt"
    # ... and only at the bottom of the stack is a square-root height true to its own count.
    assert spec["encoding"]["order"] == {"field": "prediction", "type": "nominal",
                                         "sort": "descending"}


def test_busiest_mistake_is_the_largest_off_diagonal_cell():
    counts = np.array([[50, 1, 0], [3, 40, 7], [0, 2, 45]])
    assert confidence.busiest_mistake(counts) == (1, 2)
    assert confidence.busiest_mistake(np.diag([5, 6, 7])) == (0, 0)
    # the diagonal may hold the biggest count without being chosen
    assert confidence.busiest_mistake(np.array([[90, 0], [1, 90]])) == (1, 0)


def test_chance_accuracy_is_always_guessing_the_biggest_class():
    from sklearn.dummy import DummyClassifier

    y = np.array([0, 0, 0, 1, 2, 2, 1, 0, 2, 0])
    dummy = DummyClassifier(strategy="most_frequent").fit(np.zeros((10, 1)), y)
    assert confidence.chance_accuracy(y) == pytest.approx(dummy.score(np.zeros((10, 1)), y))
    assert confidence.learned_little(0.52, y) and not confidence.learned_little(0.8, y)
    assert np.isnan(confidence.chance_accuracy([]))


def test_the_judged_table_has_every_row_and_its_split():
    proba, y = random_case(n=10)
    t = confidence.judged_table(proba, y, CLASSES, val_rows=[2, 5])
    assert list(t.columns[:2]) == ["row", "split"]
    assert list(t["row"]) == list(range(10))
    assert t.loc[t["split"] == "validation", "row"].tolist() == [2, 5]
    np.testing.assert_allclose(t["confidence"], proba.max(axis=1))


def test_the_least_sure_row_comes_first():
    proba, y = random_case(n=30, seed=2)
    t = confidence.probability_table(proba, y, CLASSES, row_ids=np.arange(100, 130))
    assert confidence.least_sure_row(t) == 100 + int(proba.max(axis=1).argmin())


def test_share_text_is_a_dash_when_there_is_no_share():
    assert confidence.share_text(0.98765) == "98.8%"
    assert confidence.share_text(float("nan")) == "–"
