"""What a worker process runs. Imported once per worker (the pool preloads it), so torch's
import is paid when the pool starts, not per job."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from nnviz.core.engine import Checkpoint, Trainer
from nnviz.jobs.job import TrainingJob


@dataclass(frozen=True, eq=False)
class ChunkResult:
    """A chunk's checkpoint, and the frames it recorded (none when the job has no probe).

    frames[i] is the network's answer at every probe point after epoch frame_epochs[i], kept
    small: P(class 1) as 0-255 for a binary classifier, each class's probability as 0-255 for a
    multi-class one (rows of the probe by classes), the predicted numbers for regression."""

    checkpoint: Checkpoint
    frame_epochs: np.ndarray
    frames: np.ndarray | None

    @property
    def n_bytes(self) -> int:
        frames = 0 if self.frames is None else self.frames.nbytes
        return self.checkpoint.n_bytes + self.frame_epochs.nbytes + frames


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
