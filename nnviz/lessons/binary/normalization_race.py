"""The same network, the same seed, the same split: trained once per input normalization.

Only the inputs' scaling differs between the runs, so any difference in the curves is the
normalization's doing: how fast validation accuracy climbs, and how bumpy the training loss is.
Uses the engine (torch): for training pages only.

    result = race(X, y, spec, config)          # a few dozen epochs each: about a second
    result.history   # epoch rows of every run, with a "normalization" column
    result.summary   # one row per normalization (see summarize)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from nnviz.core.prep import NORMALIZATION_LABELS, NORMALIZATIONS, prepare
from nnviz.core.spec import NetSpec, TrainConfig
from nnviz.jobs.job import TrainingJob
from nnviz.jobs.run import train_all
from nnviz.lessons.binary.threshold import describe

TARGET_ACCURACY = 0.9


@dataclass(frozen=True)
class RaceResult:
    history: pd.DataFrame
    summary: pd.DataFrame


def race(x, y, spec: NetSpec, config: TrainConfig, val_fraction: float = 0.3,
         split_seed: int = 0, kinds: tuple[str, ...] = NORMALIZATIONS,
         target: float = TARGET_ACCURACY) -> RaceResult:
    """Train `spec` with `config` once per normalization in `kinds`; same split every time."""
    jobs = []
    for kind in kinds:
        data = prepare(x, y, val_fraction, kind, seed=split_seed,
                       classify=spec.recipe.classifies).split
        jobs.append(TrainingJob(spec, config, data.x_train, data.y_train, data.x_val,
                                data.y_val))
    trainers = train_all(jobs)  # side by side, on the workers
    histories = [t.history.assign(normalization=kind)
                 for t, kind in zip(trainers, kinds, strict=True)]
    diverged = {kind: t.diverged for t, kind in zip(trainers, kinds, strict=True)}
    n_val = trainers[0].n_val  # the same split every time
    history = pd.concat(histories, ignore_index=True)
    return RaceResult(history, summarize(history, diverged, kinds, target, n_val))


def summarize(history: pd.DataFrame, diverged: dict[str, bool] | None = None,
              kinds: tuple[str, ...] = NORMALIZATIONS,
              target: float = TARGET_ACCURACY, n_val: int | None = None) -> pd.DataFrame:
    """Per normalization: epochs run, last losses, best validation accuracy, the first epoch
    whose validation accuracy reached `target` (NaN if never), and how many epochs the
    training loss went UP (a bumpy, unstable descent has many).

    `n_val`, the validation set's size, turns each accuracy back into the whole count of
    right answers it is: the engine's float32 fraction makes 36/40 0.89999998, short of 90%."""
    rows = []
    for kind in kinds:
        h = history[history["normalization"] == kind].sort_values("epoch")
        accuracy = h["val_metric"].astype(float)
        if n_val:
            accuracy = (accuracy * n_val).round() / n_val
        reached = h.loc[accuracy >= target, "epoch"]
        rises = int((np.diff(h["train_loss"].to_numpy()) > 0).sum())
        rows.append({
            "normalization": kind,
            "epochs": len(h),
            "final_train_loss": float(h["train_loss"].iloc[-1]) if len(h) else np.nan,
            "final_val_loss": float(h["val_loss"].iloc[-1]) if len(h) else np.nan,
            "best_val_accuracy": float(accuracy.max()) if len(h) else np.nan,
            "epochs_to_target": float(reached.iloc[0]) if len(reached) else np.nan,
            "loss_rises": rises,
            "diverged": bool((diverged or {}).get(kind, False)),
        })
    return pd.DataFrame(rows)


def race_table(summary: pd.DataFrame) -> pd.DataFrame:
    """The summary as the page shows it: named normalizations, accuracies as percentages,
    "never" for a target not reached, and only the columns worth comparing."""
    return summary.assign(
        normalization=[NORMALIZATION_LABELS[k] for k in summary["normalization"]],
        best_val_accuracy=[describe(v) for v in summary["best_val_accuracy"]],
        epochs_to_target=["never" if v != v else f"{int(v)}" for v in summary["epochs_to_target"]],
    )[["normalization", "best_val_accuracy", "epochs_to_target", "loss_rises", "diverged"]]
