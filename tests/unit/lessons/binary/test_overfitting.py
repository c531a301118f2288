"""Overfitting detection on built histories and on real (small) training runs."""

import numpy as np
import pytest

from nnviz.lessons.binary.overfitting import (
    MIN_EPOCHS,
    detect_overfitting,
    early_stop_epoch,
    trailing_mean,
)

EPOCHS = np.arange(1, 101)


def test_trailing_mean_against_a_plain_loop():
    values = np.random.default_rng(0).normal(size=30)
    expected = [values[max(0, i - 3):i + 1].mean() for i in range(30)]
    np.testing.assert_allclose(trailing_mean(values, 4), expected)


def test_u_shaped_validation_with_falling_training_is_overfitting():
    train = 1.0 / EPOCHS  # keeps falling
    val = 0.3 + 0.002 * (EPOCHS - 40) ** 2 / 40  # lowest at epoch 40, then climbs
    report = detect_overfitting(EPOCHS, train, val, window=1)
    assert report.overfitting
    assert report.best_epoch == 40
    assert report.val_rise == pytest.approx((val[-1] - val[39]) / val[39])
    assert "epoch 40" in report.message


def test_grading_by_validation_accuracy():
    train = 1.0 / EPOCHS
    val = 0.3 + 0.002 * (EPOCHS - 40) ** 2 / 40
    held = np.full(100, 0.95)
    falling = np.where(EPOCHS < 40, 0.95, 0.95 - 0.001 * (EPOCHS - 40))  # ends 0.06 lower
    mild = detect_overfitting(EPOCHS, train, val, val_metric=held)
    clear = detect_overfitting(EPOCHS, train, val, val_metric=falling)
    assert mild.overfitting and mild.severity == "mild" and "accuracy has held" in mild.message
    assert clear.overfitting and clear.severity == "clear"
    assert detect_overfitting(EPOCHS, train, val).severity == "clear"  # no metric: loss only
    healthy = detect_overfitting(EPOCHS, train, 1.2 / EPOCHS, val_metric=held)
    assert healthy.severity == ""
    with pytest.raises(ValueError):
        detect_overfitting(EPOCHS, train, val, val_metric=held[:5])


def test_smoothing_moves_the_mark_only_a_little_and_ignores_noise():
    rng = np.random.default_rng(1)
    train = 1.0 / EPOCHS
    val = 0.3 + 0.002 * (EPOCHS - 40) ** 2 / 40 + rng.normal(scale=0.01, size=100)
    report = detect_overfitting(EPOCHS, train, val)
    assert report.overfitting and 35 <= report.best_epoch <= 48


def test_both_curves_falling_is_not_overfitting():
    report = detect_overfitting(EPOCHS, 1.0 / EPOCHS, 1.2 / EPOCHS + 0.1)
    assert not report.overfitting
    assert report.best_epoch == 100 and report.epochs_since_best == 0


def test_noisy_flat_validation_is_not_overfitting():
    rng = np.random.default_rng(2)
    val = 0.4 + rng.normal(scale=0.01, size=100)  # wiggles about 2.5%, no trend
    report = detect_overfitting(EPOCHS, 1.0 / EPOCHS, val)
    assert not report.overfitting


def test_rising_validation_with_rising_training_is_instability_not_overfitting():
    val = 0.3 + 0.002 * (EPOCHS - 40) ** 2 / 40
    train = val * 0.9  # training gets worse too
    report = detect_overfitting(EPOCHS, train, val)
    assert not report.overfitting
    assert "not overfitting" in report.message


def test_short_or_validation_free_histories_are_not_judged():
    report = detect_overfitting(EPOCHS[:MIN_EPOCHS - 1], np.ones(MIN_EPOCHS - 1),
                                np.ones(MIN_EPOCHS - 1))
    assert not report.overfitting and report.best_epoch is None
    report = detect_overfitting(EPOCHS, 1.0 / EPOCHS, np.full(100, np.nan))
    assert not report.overfitting and "Too few" in report.message
    with pytest.raises(ValueError):
        detect_overfitting(EPOCHS, np.ones(3), np.ones(100))


# ---- real training runs with the engine ------------------------------------------------------

def _train(n, noise, hidden, epochs, weight_decay=0.0, dropout=0.0):
    from nnviz.core.engine import TrainConfig, Trainer
    from nnviz.core.models import NetSpec
    from nnviz.core.prep import prepare
    from nnviz.data.two_class import make_two_class

    data = make_two_class("moons", n=n, noise=noise, seed=0)
    prepared = prepare(data.X, data.y, 0.5, "standardize", seed=0, classify=True).split
    trainer = Trainer(NetSpec(2, hidden, "relu", "binary", dropout=dropout),
                      TrainConfig("adam", 0.01, epochs, 16, weight_decay=weight_decay, seed=0),
                      prepared.x_train, prepared.y_train, prepared.x_val, prepared.y_val)
    trainer.run()
    history = trainer.history
    return detect_overfitting(history["epoch"], history["train_loss"], history["val_loss"],
                              val_metric=history["val_metric"])


@pytest.fixture(scope="module")
def overfit_run():
    """30 noisy training points, two layers of 64: built to overfit."""
    return _train(n=60, noise=0.35, hidden=(64, 64), epochs=300)


def test_a_big_network_on_little_noisy_data_overfits(overfit_run):
    assert overfit_run.overfitting and overfit_run.severity == "clear"
    assert overfit_run.last_val_loss > overfit_run.best_val_loss * 1.5
    assert overfit_run.best_epoch < 150


def test_a_small_network_on_plenty_of_clean_data_does_not():
    report = _train(n=1000, noise=0.1, hidden=(8,), epochs=60)
    assert not report.overfitting


def test_weight_decay_and_dropout_fight_it(overfit_run):
    """The remedies the page offers reduce how far validation loss climbs."""
    l2 = _train(n=60, noise=0.35, hidden=(64, 64), epochs=300, weight_decay=0.05)
    dropped = _train(n=60, noise=0.35, hidden=(64, 64), epochs=300, dropout=0.5)
    assert l2.val_rise < overfit_run.val_rise / 4
    assert dropped.val_rise < overfit_run.val_rise


@pytest.mark.parametrize(("best", "stop"), [(None, 10), (3, 10), (14, 10), (15, 20), (87, 90),
                                             (250, 250)])
def test_early_stopping_stops_at_the_best_epoch_on_the_slider(best, stop):
    assert early_stop_epoch(best) == stop
