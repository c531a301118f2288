"""The hello lesson's diagnostics: did the network learn what its points allow, and which
remedy (more epochs, a bigger network, another learning rate) is enough? Each remedy is tried
for real with the engine, on the same data and seed."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from nnviz.core.spec import NetSpec, TrainConfig
from nnviz.core.trained import TrainedNet
from nnviz.jobs.job import TrainingJob
from nnviz.jobs.run import train_all

# ---- reading the result: is the network underfitting? ---------------------------------------

FIT_KINDS = ("untrained", "fits", "underfits", "stuck")


@dataclass(frozen=True)
class FitVerdict:
    """Whether a classifier learned what these points allow (kind: one of FIT_KINDS)."""

    kind: str
    train_accuracy: float
    reachable: float
    target: float  # the training accuracy below which the network underfits
    chance: float = math.nan  # always answering the commonest class scores this
    # (nnviz.lessons.multiclass.confidence.chance_accuracy)


def reachable_accuracy(x, y, seed: int = 0) -> float:
    """Accuracy a flexible off-the-shelf model reaches on rows it did not see: scikit-learn's
    RBF-kernel SVC, cross-validated. Noisy points cap every model; this says where the cap is.
    NaN when there are too few rows per class to cross-validate."""
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.svm import SVC

    _, counts = np.unique(np.asarray(y), return_counts=True)
    folds = int(min(5, counts.min())) if len(counts) > 1 else 0
    if folds < 2:
        return math.nan
    cv = StratifiedKFold(folds, shuffle=True, random_state=seed)
    return float(cross_val_score(SVC(C=10.0, gamma="scale"), x, y, cv=cv).mean())


def judge_fit(history: pd.DataFrame, reachable: float, tolerance: float = 0.05,
              chance: float = math.nan) -> FitVerdict:
    """Underfitting: training accuracy more than `tolerance` below what is reachable (0.95
    when the reachable accuracy is unknown). A network that cannot even get its own training
    points right has not learned the pattern yet.

    Stuck: no better (within 2 points) than `chance`, always answering the commonest class.
    That is not a network too small or too briefly trained; its steps were far too big (the
    weights are thrown about and the nodes stop responding) or far too small."""
    target = (reachable if math.isfinite(reachable) else 0.95) - tolerance
    if history is None or len(history) == 0:
        return FitVerdict("untrained", math.nan, reachable, target, chance)
    accuracy = float(history["train_metric"].iloc[-1])
    if accuracy >= target:
        kind = "fits"
    elif math.isfinite(chance) and accuracy <= chance + 0.02:
        kind = "stuck"
    else:
        kind = "underfits"
    return FitVerdict(kind, accuracy, reachable, target, chance)


@dataclass(frozen=True)
class FixTrial:
    """One remedy for underfitting, tried for real with the engine on the same data and seed."""

    name: str  # 'more epochs', 'bigger network', 'bigger/smaller learning rate', 'all together'
    change: str  # plain words: what was changed
    spec: NetSpec
    config: TrainConfig
    train_accuracy: float
    val_accuracy: float
    helps: bool  # reaches the verdict's target


def bigger_hidden(hidden: tuple[int, ...], widest: int = 64) -> tuple[int, ...]:
    """No hidden layer: two of 16 nodes. Otherwise at least two layers, each twice as wide."""
    if not hidden:
        return (16, 16)
    wider = tuple(min(widest, max(2 * h, 8)) for h in hidden)
    return wider if len(wider) >= 2 else wider + wider


def try_fixes(net: TrainedNet, verdict: FitVerdict, max_epochs: int = 1000,
              max_lr: float = 0.1, lr_options: tuple[float, ...] | None = None
              ) -> list[FixTrial]:
    """Train variants of `net`'s settings on its own data and seed: 4x the epochs (at
    least 100), a bigger network, a 3x bigger learning rate (skipped at max_lr), a 10x smaller
    one; if none of them is enough alone, more epochs, the bigger network and the bigger rate
    together. Meant for lesson-sized data, where each run takes a fraction of a second.
    `lr_options`: the learning rates a page's control offers; the bigger rate is then the
    smallest of them at least twice the current one, the smaller the biggest at most a tenth
    (skipped when there is none)."""
    spec, cfg = net.spec, net.config
    x_train, y_train, x_val, y_val = net.data()
    more = min(max(4 * cfg.epochs, 100), max_epochs)
    variants = [
        ("more epochs", f"{cfg.epochs} → {more} epochs", spec, replace(cfg, epochs=more)),
        ("bigger network",
         f"hidden layers {_layers_text(spec.hidden)} → {_layers_text(bigger_hidden(spec.hidden))}",
         replace(spec, hidden=bigger_hidden(spec.hidden)), cfg),
    ]
    new_lr = min(3 * cfg.lr, max_lr)
    if lr_options:
        new_lr = min((o for o in lr_options if o >= 2 * cfg.lr and o <= max_lr), default=cfg.lr)
    if new_lr > cfg.lr:
        variants.append(("bigger learning rate", f"learning rate {cfg.lr:g} → {new_lr:g}",
                         spec, replace(cfg, lr=new_lr)))
    together = "; ".join(v[1] for v in variants)  # what "all together" changes
    small_lr = cfg.lr / 10
    if lr_options:
        small_lr = max((o for o in lr_options if o <= cfg.lr / 10), default=None)
    if small_lr:
        variants.append(("smaller learning rate", f"learning rate {cfg.lr:g} → {small_lr:g}",
                         spec, replace(cfg, lr=small_lr)))

    def trials(variants) -> list[FixTrial]:
        jobs = [TrainingJob(new_spec, new_cfg, x_train, y_train, x_val, y_val)
                for _, _, new_spec, new_cfg in variants]
        found = []
        for (name, change, new_spec, new_cfg), variant in zip(variants, train_all(jobs),
                                                              strict=True):
            last = variant.history.iloc[-1] if len(variant.history) else None
            train_acc = math.nan if last is None else float(last.train_metric)
            val_acc = math.nan if last is None else float(last.val_metric)
            found.append(FixTrial(name, change, new_spec, new_cfg, train_acc, val_acc,
                                  helps=not variant.diverged and train_acc >= verdict.target))
        return found

    tried = trials(variants)  # side by side, on the workers
    if not any(t.helps for t in tried):
        together_spec = replace(spec, hidden=bigger_hidden(spec.hidden))
        together_cfg = replace(cfg, epochs=more, lr=max(new_lr, cfg.lr))
        tried += trials([("all together", together, together_spec, together_cfg)])
    return tried


def fixes_table(trials: list[FixTrial]) -> pd.DataFrame:
    """The remedies tried, one row each, with their accuracies and whether each is enough."""
    return pd.DataFrame({
        "remedy": [t.name for t in trials],
        "change": [t.change for t in trials],
        "training accuracy": [f"{t.train_accuracy:.1%}" for t in trials],
        "validation accuracy": [f"{t.val_accuracy:.1%}" for t in trials],
        "enough?": ["yes" if t.helps else "no" for t in trials],
    })


def fix_settings(trial: FixTrial, default_nodes: int) -> dict[str, float | int]:
    """The control values that repeat `trial`: epochs, learning rate, layers and nodes (the
    nodes slider keeps `default_nodes` when the trial has no hidden layer)."""
    layers = len(trial.spec.hidden)
    return {"epochs": trial.config.epochs, "lr": trial.config.lr, "layers": layers,
            "nodes": trial.spec.hidden[0] if layers else default_nodes}


def _layers_text(hidden: tuple[int, ...]) -> str:
    return "none" if not hidden else " × ".join(str(h) for h in hidden)
