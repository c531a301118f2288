"""Spotting overfitting in a training history: validation loss turns up, training keeps falling.

Overfitting, in the curves: up to some epoch both losses fall; after it the training loss
keeps falling (the network memorises the training points, noise included) while the
validation loss climbs (it does worse on points it has not seen). The epoch where validation
loss was lowest is where early stopping would have stopped.

    report = detect_overfitting(history["epoch"], history["train_loss"], history["val_loss"])
    report.overfitting, report.best_epoch, report.message

Single epochs are noisy (small batches, small validation sets), so both curves are smoothed
with a short trailing mean before judging, and the rise must be clear and last a while.
Plain numpy, no torch.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MIN_EPOCHS = 10  # fewer than this is too short a history to judge


@dataclass(frozen=True)
class OverfitReport:
    overfitting: bool
    best_epoch: int | None  # the epoch (as numbered in the history) of lowest validation loss
    best_val_loss: float
    last_val_loss: float
    val_rise: float  # relative rise of (smoothed) validation loss since the best epoch
    train_drop: float  # relative fall of (smoothed) training loss since the best epoch
    epochs_since_best: int
    message: str
    # "clear" when the validation metric (accuracy) has also fallen from its best by at least
    # `metric_drop`, "mild" when only the loss has turned (the network grows over-confident
    # about the validation points it gets wrong, but still gets as many right). "" otherwise.
    severity: str = ""


def trailing_mean(values: np.ndarray, window: int) -> np.ndarray:
    """Mean of each value and the (window - 1) before it (fewer at the start)."""
    values = np.asarray(values, dtype=float)
    window = max(1, int(window))
    sums = np.cumsum(np.insert(values, 0, 0.0))
    idx = np.arange(1, len(values) + 1)
    start = np.maximum(idx - window, 0)
    return (sums[idx] - sums[start]) / (idx - start)


def detect_overfitting(epochs, train_loss, val_loss, window: int = 5, min_rise: float = 0.05,
                       min_train_drop: float = 0.02, patience: int = 5, val_metric=None,
                       metric_drop: float = 0.01) -> OverfitReport:
    """Overfitting when, after the (smoothed) validation minimum:

    - at least `patience` epochs have passed,
    - smoothed validation loss has risen by at least `min_rise` (relative), and
    - smoothed training loss has fallen by at least `min_train_drop` (relative).

    Epochs without a validation loss (NaN) are ignored. With `val_metric` (accuracy, higher
    is better) the report also grades it: "clear" if the smoothed metric has dropped at least
    `metric_drop` below its best, else "mild".
    """
    epochs = np.asarray(epochs)
    train = np.asarray(train_loss, dtype=float)
    val = np.asarray(val_loss, dtype=float)
    if not len(epochs) == len(train) == len(val):
        raise ValueError("epochs, train_loss and val_loss must have the same length.")
    metric = None if val_metric is None else np.asarray(val_metric, dtype=float)
    if metric is not None and len(metric) != len(val):
        raise ValueError("val_metric must have one value per epoch.")
    keep = np.isfinite(val) & np.isfinite(train)
    epochs, train, val = epochs[keep], train[keep], val[keep]
    metric = None if metric is None else metric[keep]
    nan = float("nan")
    if len(val) < MIN_EPOCHS:
        return OverfitReport(False, None, nan, nan, nan, nan, 0,
                             f"Too few epochs with a validation loss to judge yet "
                             f"(need {MIN_EPOCHS}).")
    smooth_val = trailing_mean(val, window)
    smooth_train = trailing_mean(train, window)
    best = int(np.argmin(smooth_val))
    since = len(val) - 1 - best
    rise = (smooth_val[-1] - smooth_val[best]) / max(smooth_val[best], 1e-12)
    drop = (smooth_train[best] - smooth_train[-1]) / max(smooth_train[best], 1e-12)
    best_epoch = int(epochs[best])
    overfitting = bool(since >= patience and rise >= min_rise and drop >= min_train_drop)
    severity = ""
    if overfitting:
        severity = "clear"
        if metric is not None:
            smooth_metric = trailing_mean(metric, window)
            severity = "clear" if smooth_metric.max() - smooth_metric[-1] >= metric_drop \
                else "mild"
    if severity == "clear":
        message = (
            f"Overfitting from about epoch {best_epoch}: since then the validation loss has "
            f"gone up {rise:.0%} while the training loss kept going down ({drop:.0%} lower). "
            "The network is learning the training points' noise, not the pattern. Stopping at "
            f"epoch {best_epoch} (early stopping) would have kept the best model."
        )
    elif severity == "mild":
        message = (
            f"Early signs of overfitting from about epoch {best_epoch}: the validation loss "
            f"has gone up {rise:.0%} while the training loss kept falling, though validation "
            "accuracy has held. The network is growing over-confident about the validation "
            "points it gets wrong. Stopping at epoch "
            f"{best_epoch} would have kept the lowest validation loss."
        )
    elif since >= patience and rise >= min_rise:
        message = (
            f"The validation loss has gone up since epoch {best_epoch}, but the training loss "
            "has not kept falling either: that looks like unstable training (try a smaller "
            "learning rate), not overfitting."
        )
    elif since == 0:
        message = "No overfitting: the validation loss is still at its lowest so far."
    else:
        message = (
            f"No clear overfitting: the validation loss is within {max(rise, 0):.0%} of its "
            f"lowest (epoch {best_epoch})."
        )
    return OverfitReport(overfitting, best_epoch, float(smooth_val[best]), float(smooth_val[-1]),
                         float(rise), float(drop), since, message, severity)


def early_stop_epoch(best_epoch: int | None, step: int = 10) -> int:
    """Where early stopping stops, on an epochs slider that moves in `step`s: the epoch of
    lowest validation loss, rounded. The same seed retraces the same path, so stopping there
    keeps (about) the best model."""
    return max(step, int(round((best_epoch or step) / step)) * step)
