"""One visitor's run of a training job, advanced by the page a chunk at a time.

The page holds a Run in its session state and calls advance() on each tick: that waits at most
a moment for the worker (waiting costs the server no CPU), copies whatever chunks have finished
into the visitor's own Trainer (the one the page draws from), and hands the next chunk to a
worker. Stopping is the page not asking for the next chunk, so it takes effect at once; a chunk
still running finishes into the shared results, and Resume picks it up from there.
"""

from __future__ import annotations

import time
from concurrent.futures import BrokenExecutor, CancelledError

import numpy as np

from nnviz.jobs import pool
from nnviz.jobs.job import TrainingJob
from nnviz.jobs.results import SharedResults, shared

WORKER_LOST = ("The worker training this network stopped unexpectedly. A new one is ready: "
               "press Resume to go on from the last epoch shown.")


NO_WORKERS = "No training worker could be reached, so nothing was trained. Press Train to try again"


class Run:
    """A job's progress for one visitor: their own Trainer, the chunk under way, the frames."""

    def __init__(self, job: TrainingJob, results: SharedResults = shared):
        self.job = job
        self.trainer = job.trainer()  # raises ValueError for unusable data: the page says why
        self.results = results
        self.problem: str | None = None
        self._waiting = None  # (future, executor) of the chunk being trained
        self._frames: list[tuple] = []  # (epochs, frames) of each chunk that arrived

    def frames(self):
        """What the worker recorded so far (see work.ChunkResult): (epochs, frames), or None
        when the job records nothing or nothing has arrived yet."""
        if not self._frames:
            return None
        return (np.concatenate([epochs for epochs, _ in self._frames]),
                np.concatenate([frames for _, frames in self._frames]))

    @property
    def finished(self) -> bool:
        return self.trainer.finished

    def advance(self, wait: float, max_chunks: int | None = None) -> int:
        """Wait up to `wait` seconds for the next chunk, then take in any others already
        finished (shared results are), at most `max_chunks`; keep a chunk under way while there
        is training left. Returns how many chunks arrived."""
        deadline = time.monotonic() + wait
        arrived = 0
        while not self.finished and self.problem is None:
            if self._waiting is None and not self._hand_out_next_chunk():
                break
            if max_chunks is not None and arrived >= max_chunks:
                break  # the next chunk is under way meanwhile
            future, executor = self._waiting
            try:
                chunk = future.result(timeout=max(deadline - time.monotonic(), 0))
            except TimeoutError:
                break
            except (BrokenExecutor, CancelledError):
                pool.replace(executor)
                self._waiting, self.problem = None, WORKER_LOST
                break
            except Exception as failure:  # noqa: BLE001 (any worker-side failure is told)
                self._waiting = None
                self.problem = f"Training failed: {failure}"
                break
            self._waiting = None
            if chunk.checkpoint.epochs_done > self.trainer.epochs_done:
                self.trainer.restore(chunk.checkpoint)
                if chunk.frames is not None:
                    self._frames.append((chunk.frame_epochs, chunk.frames))
            arrived += 1
            deadline = 0.0  # from now on, only chunks that are ready already
        return arrived

    def _hand_out_next_chunk(self) -> bool:
        """Give the next chunk to a worker; False (and the reason in `problem`) when no worker
        can be reached, e.g. a cluster named by NNVIZ_DASK_SCHEDULER that is not there."""
        done, per_chunk = self.trainer.epochs_done, self.job.epochs_per_chunk
        epochs = min(per_chunk - done % per_chunk, self.job.config.epochs - done)
        try:
            self._waiting = self.results.chunk(self.job, self.trainer.checkpoint(), done, epochs)
        except (OSError, RuntimeError, TimeoutError) as failure:
            self.problem = f"{NO_WORKERS} ({failure})"
            return False
        return True


class TrainingFailed(RuntimeError):
    """A job of a batch could not be trained; the message says why, in plain words."""


def train_all(jobs: list[TrainingJob], on_progress=None,
              results: SharedResults = shared) -> list:
    """Train every job to its end on the workers, side by side, and return their Trainers: for a
    lesson that compares several networks. Waiting here costs the server no CPU.
    `on_progress(fraction)` is called as chunks arrive."""
    runs = [Run(job, results) for job in jobs]
    total = sum(job.config.epochs for job in jobs) or 1
    while True:
        going = [run for run in runs if not run.finished and run.problem is None]
        if not going:
            break
        for run in going:
            run.advance(wait=0.05)
        if on_progress is not None:
            on_progress(sum(run.trainer.epochs_done for run in runs) / total)
    for run in runs:
        if run.problem:
            raise TrainingFailed(run.problem)
    return [run.trainer for run in runs]
