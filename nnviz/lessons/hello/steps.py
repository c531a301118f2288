"""Epochs and batches in numbers: how many weight updates a training run makes."""

import pandas as pd

from nnviz.core.spec import steps_per_epoch


def last_batch_size(n_train: int, batch: int) -> int:
    """Points in an epoch's last batch: what is left after the full ones."""
    return n_train - (steps_per_epoch(n_train, batch) - 1) * min(batch, n_train)


def steps_table(n_train: int, epochs: int, batch_sizes: tuple[int, ...]) -> pd.DataFrame:
    """Steps per epoch and in the whole run, for every batch size on offer."""
    per_epoch = [steps_per_epoch(n_train, b) for b in batch_sizes]
    return pd.DataFrame({
        "batch size": list(batch_sizes),
        "steps per epoch": per_epoch,
        f"steps in {epochs} epochs": [steps * epochs for steps in per_epoch],
    })
