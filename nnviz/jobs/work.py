"""What a worker process runs. The pool's forkserver imports it once and then warms torch up
(see warm_up), so every worker forked from it shares torch's pages instead of paying for them
again; the web server never imports it (nnviz.jobs.job.train_on_worker names it)."""

from __future__ import annotations

import numpy as np
import torch

from nnviz.core.engine import Trainer
from nnviz.core.spec import NetSpec, TrainConfig
from nnviz.core.trained import Checkpoint
from nnviz.jobs.job import ChunkResult, TrainingJob


def one_thread() -> None:
    # One worker per core: a worker using more threads only fights its neighbours. (Also run
    # per chunk, for Dask workers, which nnviz does not start.)
    if torch.get_num_threads() != 1:
        torch.set_num_threads(1)


def train_chunk(job: TrainingJob, saved: Checkpoint | None, epochs: int) -> ChunkResult:
    """Train `epochs` more epochs of `job` from `saved` (None: from fresh weights)."""
    one_thread()
    trainer = job.trainer()
    if saved is not None:
        trainer.restore(saved)
    if epochs == 0:  # the fresh network, for a page to draw before training
        return ChunkResult(trainer.checkpoint(), np.zeros(0, np.int32), None)
    if job.probe is None:
        trainer.run(max_epochs=epochs)
        return ChunkResult(trainer.checkpoint(), np.zeros(0, np.int32), None)
    every = job.epochs_per_frame
    end = trainer.epochs_done + epochs
    shown, frames = [], []
    if trainer.epochs_done == 0:
        shown.append(0)  # the untrained network: where learning starts from
        frames.append(answers(trainer, job.probe))
    while trainer.epochs_done < end and not trainer.finished:
        trainer.run(max_epochs=1)
        done = trainer.epochs_done
        if (done % every == 0 or done == job.config.epochs) and not trainer.diverged:
            shown.append(done)
            frames.append(answers(trainer, job.probe))
    return ChunkResult(trainer.checkpoint(), np.array(shown, np.int32),
                       np.stack(frames) if frames else None)


def answers(trainer: Trainer, points: np.ndarray) -> np.ndarray:
    """The network's answers at `points`, encoded as ChunkResult says."""
    if not trainer.spec.recipe.classifies:
        return trainer.outputs(points).astype(np.float32)
    proba = np.nan_to_num(trainer.predict_proba(points), nan=0.5)
    return np.rint(np.clip(proba, 0, 1) * 255).astype(np.uint8)


def warm_up() -> None:
    """Train a few tiny networks, one per task and optimizer. torch sets up much of itself on
    first use (kernels, thread pools, allocator caches: ~90 MB per process); done here, in the
    forkserver, before any worker is forked, that memory is shared by every worker instead of
    copied into each (measured: the pool's PSS fell from 433 to 306 MB)."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 2)).astype(np.float32)
    classes = (x[:, 0] > 0).astype(np.int64)
    for task, y in (("binary", classes), ("multiclass", classes), ("regression", x[:, 0])):
        for optimizer in ("adam", "sgd", "momentum"):
            job = TrainingJob(NetSpec(2, (4,), task=task, dropout=0.1),
                              TrainConfig(optimizer, epochs=2, batch_size=16), x, y, x, y)
            train_chunk(job.recording(x), None, 2)
