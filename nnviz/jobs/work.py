"""What a worker process runs. Imported once per worker (the pool preloads it), so torch's
import is paid when the pool starts, not per job."""

from __future__ import annotations

import torch

from nnviz.core.engine import Checkpoint
from nnviz.jobs.job import TrainingJob


def one_thread() -> None:
    # One worker per core: a worker using more threads only fights its neighbours. (Also run
    # per chunk, for Dask workers, which nnviz does not start.)
    if torch.get_num_threads() != 1:
        torch.set_num_threads(1)


def train_chunk(job: TrainingJob, saved: Checkpoint | None, epochs: int) -> Checkpoint:
    """Train `epochs` more epochs of `job` from `saved` (None: from fresh weights)."""
    one_thread()
    trainer = job.trainer()
    if saved is not None:
        trainer.restore(saved)
    trainer.run(max_epochs=epochs)
    return trainer.checkpoint()
