"""Threshold decisions and their scores against sklearn.metrics."""

import numpy as np
import pytest
from sklearn.metrics import accuracy_score, confusion_matrix, precision_score, recall_score

from nnviz.lessons.binary.threshold import (
    ThresholdScores,
    decide,
    describe,
    outcome_caption,
    scores_at,
    sweep,
)

rng = np.random.default_rng(0)
Y = rng.integers(0, 2, size=300)
# Probabilities that lean the right way but overlap, like a real classifier's.
P = np.clip(0.5 + (Y - 0.5) * 0.4 + rng.normal(scale=0.25, size=300), 0, 1)


@pytest.mark.parametrize("threshold", [0.0, 0.1, 0.3, 0.5, 0.62, 0.9, 1.0])
def test_scores_match_sklearn(threshold):
    called = (P >= threshold).astype(int)
    s = scores_at(Y, P, threshold)
    np.testing.assert_array_equal(s.matrix, confusion_matrix(Y, called, labels=[0, 1]))
    assert s.accuracy == pytest.approx(accuracy_score(Y, called))
    np.testing.assert_allclose(s.precision, precision_score(Y, called, zero_division=np.nan))
    np.testing.assert_allclose(s.recall, recall_score(Y, called, zero_division=np.nan))
    assert s.n == len(Y)


def test_precision_undefined_when_nothing_is_called_positive():
    s = scores_at([0, 1, 1], [0.1, 0.2, 0.3], threshold=0.9)
    assert np.isnan(s.precision) and s.recall == 0.0
    assert describe(s.precision) == "undefined"
    assert describe(s.recall) == "0.0%"


def test_recall_undefined_without_positive_examples():
    s = scores_at([0, 0], [0.7, 0.2], 0.5)
    assert np.isnan(s.recall) and s.precision == 0.0 and s.accuracy == 0.5


def test_decide_uses_at_least():
    np.testing.assert_array_equal(decide([0.49, 0.5, 0.51], 0.5), [0, 1, 1])


@pytest.mark.parametrize("y, p", [(Y, P), ([0, 0, 1], [0.2, 0.7, 0.7]), ([0, 0], [0.1, 0.9]),
                                  ([1, 1], [0.3, 0.3])])
def test_sweep_counts_equal_one_threshold_at_a_time(y, p):
    thresholds = [0.0, 0.1, 0.3, 0.5, 0.7, 0.70001, 0.9, 1.0]
    table = sweep(y, p, thresholds)
    for row, t in zip(table.itertuples(), thresholds, strict=True):
        one = scores_at(y, p, t)
        np.testing.assert_allclose([row.accuracy, row.precision, row.recall],
                                   [one.accuracy, one.precision, one.recall])


def test_lower_threshold_never_lowers_recall():
    table = sweep(Y, P)
    assert len(table) == 101
    assert (np.diff(table["recall"].to_numpy()) <= 1e-12).all()  # recall falls as t rises
    assert table.iloc[0]["recall"] == 1.0
    best = table.loc[table["accuracy"].idxmax(), "threshold"]
    assert accuracy_score(Y, P >= best) == pytest.approx(table["accuracy"].max())


@pytest.mark.parametrize("y, p", [([0, 1], [0.5]), ([0, 2], [0.1, 0.2]),
                                  ([0, 1], [0.1, np.nan])])
def test_bad_input_is_refused(y, p):
    with pytest.raises(ValueError):
        scores_at(y, p)


def test_probability_bins_count_every_example_once():
    from nnviz.charts.threshold import probability_bins

    frame = probability_bins(Y, P, ["neg", "pos"], bins=10)
    assert frame["count"].sum() == len(Y)
    pos = frame[frame["label"] == "pos"]
    expected, _ = np.histogram(P[Y == 1], bins=np.linspace(0, 1, 11))
    np.testing.assert_array_equal(pos["count"], expected)


def test_threshold_charts_draw_the_threshold_line():
    from nnviz.charts.threshold import probability_histogram_spec, sweep_spec

    hist = probability_histogram_spec(Y, P, ["neg", "pos"], 0.3)
    assert list(hist["datasets"]["threshold"]["threshold"]) == [0.3]
    assert hist["datasets"]["bins"]["count"].sum() == len(Y)
    swept = sweep_spec(sweep(Y, P, [0.2, 0.5]), 0.5)
    assert swept["layer"][0]["encoding"]["color"]["scale"]["domain"] == [
        "accuracy", "precision", "recall"]
    scores = swept["datasets"]["scores"]
    recall = scores[(scores["score"] == "recall") & (scores["threshold"] == 0.2)]["value"]
    assert recall.iloc[0] == pytest.approx(scores_at(Y, P, 0.2).recall)


@pytest.mark.parametrize(("fp", "said"), [(1, "1 false alarm,"), (2, "2 false alarms,"),
                                          (0, "0 false alarms,")])
def test_outcome_caption_counts_false_alarms_in_words_that_agree(fp, said):
    scores = ThresholdScores(0.5, tn=7, fp=fp, fn=1, tp=3)
    text = outcome_caption(scores, ("benign", "malignant"))
    assert said in text
    assert text == f"3 malignant found, 1 missed; {said} 7 benign cleared."
