"""How good is a regression network? Errors in the target's own units, R², residuals, comparisons.

The network learns on a standardized target (prices in dollars would make the squared error
astronomically large and training crawl), so everything a learner reads is converted back:
`TargetScale` does the conversion, and the metrics here always work in the original units.
`compare_topologies` trains several layer layouts on the same split with the engine; it
imports torch only when called, so this module stays light for tests and other pages.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from nnviz.core.prep import fit_normalizer
from nnviz.core.spec import NetSpec
from nnviz.jobs.job import TrainingJob
from nnviz.jobs.run import train_all

# Layouts the comparison always includes, next to the learner's own. The empty one is a
# straight weighted sum (linear regression): the baseline any hidden layer has to beat.
TOPOLOGY_PRESETS: dict[str, tuple[int, ...]] = {
    "no hidden layer": (),
    "one layer of 8": (8,),
    "two layers of 32": (32, 32),
}
YOURS = "yours"
# On a standardized target, always guessing the average scores a squared error of about 1.
# A network whose loss ends far above that has overshot, even if the numbers stayed finite
# (a ReLU network thrown far off can sit at a huge constant instead of reaching infinity).
BLOWN_UP_LOSS = 1e3
# Multiply-adds one layout of a comparison may cost: a few seconds on one core.
WORK_EACH = 3e9


@dataclass(frozen=True)
class TargetScale:
    """scaled = (value - center) / scale: the standardization fitted on the training targets."""

    center: float
    scale: float

    @classmethod
    def fit(cls, y_train) -> TargetScale:
        # prep's standardizer, on one column: scale is the population std (1 if constant).
        scaler = fit_normalizer("standardize", np.asarray(y_train, float).reshape(-1, 1)).scaler
        return cls(float(scaler.mean_[0]), float(scaler.scale_[0]))

    def to_scaled(self, y) -> np.ndarray:
        return (np.asarray(y, dtype=float) - self.center) / self.scale

    def to_units(self, z) -> np.ndarray:
        return np.asarray(z, dtype=float) * self.scale + self.center


# ---- metrics -----------------------------------------------------------------------------

def mean_absolute_error(actual, predicted) -> float:
    actual, predicted = _pair(actual, predicted)
    return float(np.mean(np.abs(actual - predicted))) if len(actual) else math.nan


def root_mean_squared_error(actual, predicted) -> float:
    actual, predicted = _pair(actual, predicted)
    return float(np.sqrt(np.mean((actual - predicted) ** 2))) if len(actual) else math.nan


def r_squared(actual, predicted) -> float:
    """1 - (squared errors) / (squared spread around the mean): 1 is perfect, 0 is no better
    than always guessing the average, below 0 is worse than that.

    Targets that do not vary make the ratio 0/0; like scikit-learn's r2_score this then gives
    1.0 for a perfect prediction and 0.0 otherwise.
    """
    actual, predicted = _pair(actual, predicted)
    if len(actual) < 2:
        return math.nan
    residual = float(np.sum((actual - predicted) ** 2))
    spread = float(np.sum((actual - actual.mean()) ** 2))
    if spread == 0:
        return 1.0 if residual == 0 else 0.0
    return 1.0 - residual / spread


def baseline_mae(y_train, y_val) -> float:
    """The error of a 'network' that always answers the training rows' average: the bar to beat."""
    y_val = np.asarray(y_val, dtype=float)
    return mean_absolute_error(y_val, np.full(len(y_val), np.mean(np.asarray(y_train, float))))


def _pair(actual, predicted) -> tuple[np.ndarray, np.ndarray]:
    actual = np.asarray(actual, dtype=float).reshape(-1)
    predicted = np.asarray(predicted, dtype=float).reshape(-1)
    if actual.shape != predicted.shape:
        raise ValueError(f"{len(actual)} actual values but {len(predicted)} predictions.")
    return actual, predicted


# ---- frames for the pictures and tables --------------------------------------------------

def prediction_frame(parts: dict[str, tuple[np.ndarray, np.ndarray]]) -> pd.DataFrame:
    """Long table of (part, actual, predicted, residual); residual = actual - predicted, so a
    positive residual means the network guessed too low."""
    frames = []
    for part, (actual, predicted) in parts.items():
        actual, predicted = _pair(actual, predicted)
        frames.append(pd.DataFrame({
            "part": part, "actual": actual, "predicted": predicted,
            "residual": actual - predicted,
        }))
    columns = ["part", "actual", "predicted", "residual"]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)


def chart_rows(frame: pd.DataFrame, most: int = 2000, seed: int = 0) -> pd.DataFrame:
    """At most `most` rows (a seeded sample) so a scatter of a big upload stays quick to draw;
    the numbers on screen are always computed from every row."""
    return frame if len(frame) <= most else frame.sample(most, random_state=seed)


def error_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Per part (training, validation): rows, MAE, RMSE and R², all in the target's units."""
    rows = []
    for part, group in frame.groupby("part", sort=False):
        rows.append({
            "part": part, "rows": len(group),
            "MAE": mean_absolute_error(group["actual"], group["predicted"]),
            "RMSE": root_mean_squared_error(group["actual"], group["predicted"]),
            "R²": r_squared(group["actual"], group["predicted"]),
        })
    return pd.DataFrame(rows, columns=["part", "rows", "MAE", "RMSE", "R²"])


def errors_in_units(frame: pd.DataFrame, columns, format_target: Callable[[float], str]
                    ) -> pd.DataFrame:
    """A copy for display with the error `columns` written in the target's units ($25,310)."""
    shown = frame.copy()
    for column in columns:
        shown[column] = shown[column].map(format_target)
    return shown


def history_in_units(history: pd.DataFrame, scale: TargetScale) -> pd.DataFrame:
    """The engine's history (measured on the standardized target) in the target's units.

    Shifting values leaves an error unchanged and stretching them by `scale` stretches the
    absolute error by `scale` and the squared error by scale²: so MAE and MSE convert exactly.
    """
    out = history.copy()
    for column in ("train_loss", "val_loss"):
        if column in out:
            out[column] = out[column] * scale.scale**2
    for column in ("train_metric", "val_metric"):
        if column in out:
            out[column] = out[column] * scale.scale
    return out


def predict_in_units(predict_scaled: Callable[[np.ndarray], np.ndarray], normalizer,
                     scale: TargetScale, x_raw) -> np.ndarray:
    """Raw inputs -> the same normalization as training -> network -> target units."""
    x = np.asarray(x_raw, dtype=float)
    x = x.reshape(1, -1) if x.ndim == 1 else x
    return scale.to_units(predict_scaled(normalizer.transform(x)))


# ---- what the result says -----------------------------------------------------------------

def flat_predictions(actual, predicted, share: float = 0.05) -> bool:
    """(Almost) one answer for every row: the predictions spread less than `share` of what the
    targets spread. Such a network learned nothing, whatever its error says."""
    actual, predicted = _pair(actual, predicted)
    return len(actual) > 1 and float(np.std(predicted)) < share * float(np.std(actual))


def loss_rose(history: pd.DataFrame, factor: float = 1.5) -> bool:
    """The training loss climbed to `factor` times its first epoch's value: steps too big.
    (Healthy runs fall from epoch 1; a run thrown off climbs to about twice it, and the first
    epoch's mean already holds part of the climb, so half as much again is the line.)"""
    loss = history["train_loss"] if "train_loss" in history else pd.Series(dtype=float)
    return len(loss) > 1 and float(loss.max()) > factor * float(loss.iloc[0])


def advice(results: pd.DataFrame, history: pd.DataFrame, baseline: float,
           normalized: bool) -> str | None:
    """One plain warning about a trained network, or None when it looks healthy.

    `results` is prediction_frame's long table (training and validation rows)."""
    errors = error_table(results).set_index("part")
    train = results[results["part"] == "training"]
    rose = loss_rose(history)
    remedies = [] if normalized else ["normalize the inputs"]
    remedies.append("choose a smaller learning rate" if rose
                    else "train longer or raise the learning rate a little")
    remedy = f"Try this: {' or '.join(remedies)}, then train again."
    steps = (" Its loss shot up in the first epochs: each step was too big, threw the weights "
             "far off and silenced the hidden nodes." if rose else "")
    if flat_predictions(train["actual"], train["predicted"]):
        return ("The network gives about the same answer for every row (the dots lie on a flat "
                f"line): it has learned nothing.{steps} {remedy}")
    val_mae, train_mae = errors.loc["validation", "MAE"], errors.loc["training", "MAE"]
    if val_mae > 1.3 * max(train_mae, 1e-12):
        return ("The validation error is well above the training error: the network is "
                "memorising its training rows. Try a smaller topology or fewer epochs.")
    if val_mae > 0.8 * baseline:
        return f"Barely better than guessing the average.{steps} {remedy}"
    return None


def hidden_label(hidden: tuple[int, ...]) -> str:
    """(32, 32) -> '32 → 32'; () -> 'none'."""
    return " → ".join(str(h) for h in hidden) if hidden else "none"


def topologies_to_compare(yours: tuple[int, ...]) -> dict[str, tuple[int, ...]]:
    """The presets plus the learner's own layout (listed once if it equals a preset)."""
    chosen = dict(TOPOLOGY_PRESETS)
    if tuple(yours) not in chosen.values():
        chosen[YOURS] = tuple(yours)
    else:
        name = next(k for k, v in chosen.items() if v == tuple(yours))
        chosen = {(f"{k} (yours)" if k == name else k): v for k, v in chosen.items()}
    return chosen


# ---- comparing topologies ----------------------------------------------------------------

@dataclass
class Comparison:
    """Validation curves (long: topology, epoch, val_mae) and a table of final errors."""

    curves: pd.DataFrame
    table: pd.DataFrame


def compare_topologies(topologies: dict[str, tuple[int, ...]], activation: str, config,
                       x_train, y_train, x_val, y_val, scale: TargetScale,
                       work_each: float = WORK_EACH,
                       on_progress: Callable[[float, str], None] | None = None) -> Comparison:
    """Train each layout with the same settings on the same (normalized) split, side by side
    on the workers.

    y_train / y_val are in the target's units; they are standardized with `scale` for training
    and every reported error is converted back. `work_each` caps a big layout on a big table
    (multiply-adds per layout: rows x weights x epochs), so a comparison never keeps a room
    waiting; the capped row says how many epochs it reached. A cap on work, not on seconds, so
    the same comparison gives the same table on any machine. `on_progress(fraction, name)`
    drives a progress bar.
    """
    names = list(topologies)
    z_train, z_val = scale.to_scaled(y_train), scale.to_scaled(y_val)
    rows_count = max(len(np.asarray(x_train)), 1)
    jobs = []
    for name in names:
        spec = NetSpec(n_inputs=np.asarray(x_train).shape[1], hidden=tuple(topologies[name]),
                       activation=activation, task="regression")
        affordable = max(1, int(work_each // (rows_count * spec.n_parameters)))
        jobs.append(TrainingJob(spec, replace(config, epochs=min(config.epochs, affordable)),
                                x_train, z_train, x_val, z_val))
    if on_progress:
        on_progress(0.0, names[0] if names else "")
    progress = None if on_progress is None else (
        lambda fraction: on_progress(min(fraction, 0.99), ", ".join(names)))
    trainers = train_all(jobs, on_progress=progress)

    curves, rows = [], []
    for name, job, trainer in zip(names, jobs, trainers, strict=True):
        history = history_in_units(trainer.history, scale)
        curves.append(pd.DataFrame({"topology": name, "epoch": history["epoch"],
                                    "val_mae": history["val_metric"]}))
        val_pred = scale.to_units(trainer.predict(x_val))
        train_pred = scale.to_units(trainer.predict(x_train))
        finite = bool(np.isfinite(val_pred).all()) and not blew_up(trainer)
        rows.append({
            "topology": name, "hidden layers": hidden_label(job.spec.hidden),
            "weights": job.spec.n_parameters, "epochs": trainer.epochs_done,
            "training MAE": mean_absolute_error(y_train, train_pred) if finite else math.nan,
            "validation MAE": mean_absolute_error(y_val, val_pred) if finite else math.nan,
            "validation R²": r_squared(y_val, val_pred) if finite else math.nan,
            "note": _note(trainer, config.epochs),
        })
    if on_progress:
        on_progress(1.0, "")
    curve_frame = (pd.concat(curves, ignore_index=True) if curves
                   else pd.DataFrame(columns=["topology", "epoch", "val_mae"]))
    return Comparison(curve_frame, pd.DataFrame(rows))


def blew_up(trainer) -> bool:
    """Diverged to infinity, or ended with a loss far worse than guessing the average."""
    if trainer.diverged:
        return True
    history = trainer.history
    return bool(len(history)) and not history["train_loss"].iloc[-1] < BLOWN_UP_LOSS


def blow_up_message(trainer) -> str:
    if trainer.diverged:
        return trainer.message
    loss = float(trainer.history["train_loss"].iloc[-1])
    return (f"Training blew up: the loss ended about {loss:.1e} times bigger than always "
            "guessing the average would score. The learning rate is too big for these inputs; "
            "normalize them or choose a smaller rate, then train again.")


def _note(trainer, epochs_asked: int) -> str:
    if blew_up(trainer):
        return "blew up: lower the learning rate"
    if trainer.epochs_done < epochs_asked:
        return (f"stopped after {trainer.epochs_done} of {epochs_asked} epochs "
                "(the comparison's cap on work per layout)")
    return ""


def best_topology(table: pd.DataFrame) -> str | None:
    """The layout with the lowest validation error (None when none finished)."""
    finite = table.dropna(subset=["validation MAE"])
    if finite.empty:
        return None
    return str(finite.loc[finite["validation MAE"].idxmin(), "topology"])
