"""Feature selection, measured: the same network trained on the top k measurements for
several k, so the learner sees where more inputs stop helping.

Uses the engine (torch): for training pages only.

    table = accuracy_by_k(X, y, ks=(1, 2, 3, 5, 10, 20, 30), scorer="anova", hidden=(8, 8),
                          config=TrainConfig(epochs=40), val_fraction=0.3,
                          normalization="standardize")
    # columns: k, features (names kept), best_val_accuracy, final_val_accuracy
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from nnviz.core.prep import prepare
from nnviz.core.spec import NetSpec, TrainConfig
from nnviz.data.features import feature_scores, top_k_of
from nnviz.jobs.job import TrainingJob
from nnviz.jobs.run import train_all


def accuracy_by_k(X: np.ndarray, y: np.ndarray, ks: Sequence[int], scorer: str,
                  hidden: tuple[int, ...], config: TrainConfig, val_fraction: float,
                  normalization: str, activation: str = "relu", split_seed: int = 0,
                  feature_names: Sequence[str] | None = None) -> pd.DataFrame:
    """One training run per k on SelectKBest's top-k columns; same split and seed for all.

    The scorer ranks features on all rows, as scikit-learn's SelectKBest is usually shown;
    the validation rows still never take part in training the network.
    """
    X = np.asarray(X, dtype=float)
    scores = feature_scores(X, y, scorer, seed=split_seed)  # one scoring pass for every k
    rows, jobs, chosen = [], [], []
    for k in sorted({int(k) for k in ks if 1 <= int(k) <= X.shape[1]}):
        columns = top_k_of(scores, k)
        data = prepare(X[:, columns], y, val_fraction, normalization, seed=split_seed,
                       classify=True).split
        jobs.append(TrainingJob(NetSpec(k, hidden, activation, "binary"), config, data.x_train,
                                data.y_train, data.x_val, data.y_val))
        chosen.append((k, columns))
    for (k, columns), trainer in zip(chosen, train_all(jobs), strict=True):
        history = trainer.history
        names = [feature_names[c] for c in columns] if feature_names is not None else []
        rows.append({
            "k": k,
            "features": ", ".join(names),
            "best_val_accuracy": float(history["val_metric"].max()),
            "final_val_accuracy": float(history["val_metric"].iloc[-1]),
        })
    return pd.DataFrame(rows)
