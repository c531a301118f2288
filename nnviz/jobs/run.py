"""One visitor's run of a training job, advanced by the page a chunk at a time.

The page holds a Run in its session state and calls advance() on each tick: that waits at most
a moment for the worker (waiting costs the server no CPU), takes whatever chunks have finished
into the visitor's own network (a numpy TrainedNet, the one the page draws from), and hands
the next chunk to a worker. Even the fresh weights come from a worker (torch draws them), so
a new Run asks for them at once and settle() takes them in. Stopping is the page not asking
for the next chunk, so it takes effect at once; a chunk still running finishes into the shared
results, and Resume picks it up from there.
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
    """A job's progress for one visitor: their own network, the chunk under way, the frames."""

    def __init__(self, job: TrainingJob, results: SharedResults = shared):
        self.job = job
        self.net = job.network()  # raises ValueError for unusable data: the page says why
        self.results = results
        self.problem: str | None = None
        self._waiting = None  # (future, executor) of the chunk being trained
        self._frames: list[tuple] = []  # (epochs, frames) of each chunk that arrived
        self._fresh = None  # (future, executor) of the untrained network's weights
        self._taken = 0  # chunks taken in
        self._pace: tuple[float, int, float] | None = None  # (since, chunks by then, seconds)
        try:
            self._fresh = results.chunk(job, None, 0, 0)
        except (OSError, RuntimeError, TimeoutError) as failure:
            self.problem = f"{NO_WORKERS} ({failure})"

    def settle(self, wait: float) -> bool:
        """Wait up to `wait` seconds for the fresh weights, if they have not come yet; True
        once the network has weights to draw."""
        if self._fresh is not None and not self.net.has_weights:
            future, executor = self._fresh
            try:
                self._take(future.result(timeout=wait))
            except TimeoutError:
                return False
            except (BrokenExecutor, CancelledError):
                pool.replace(executor)
                self.problem = WORKER_LOST
            except Exception as failure:  # noqa: BLE001 (any worker-side failure is told)
                self.problem = f"Training failed: {failure}"
            self._fresh = None
        return self.net.has_weights

    def frames(self):
        """What the worker recorded so far (see work.ChunkResult): (epochs, frames), or None
        when the job records nothing or nothing has arrived yet."""
        if not self._frames:
            return None
        return (np.concatenate([epochs for epochs, _ in self._frames]),
                np.concatenate([frames for _, frames in self._frames]))

    @property
    def finished(self) -> bool:
        return self.net.finished

    def pace(self, seconds_per_chunk: float | None) -> None:
        """From now on take in one chunk per `seconds_per_chunk` (slow motion), counted by the
        clock: a run lasts as long on a busy server, whose page asks less often, as on a quiet
        one. None: every chunk as soon as it is trained."""
        self._pace = (None if not seconds_per_chunk
                      else (time.monotonic(), self._taken, seconds_per_chunk))

    def advance(self, wait: float, max_chunks: int | None = None) -> int:
        """Wait up to `wait` seconds for the next chunk (in slow motion: for it to be due, and
        trained), then take in any others already finished (shared results are) and due, at
        most `max_chunks`; keep a chunk under way while there is training left. Returns how
        many chunks arrived."""
        deadline = time.monotonic() + wait
        arrived = 0
        while not self.finished and self.problem is None:
            if self._waiting is None and not self._hand_out_next_chunk():
                break
            if max_chunks is not None and arrived >= max_chunks:
                break  # the next chunk is under way meanwhile
            not_yet = self._not_due_for()
            if not_yet > 0:
                if arrived or time.monotonic() + not_yet > deadline:
                    break
                time.sleep(not_yet)  # a sleeping thread costs the server no CPU
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
            self._take(chunk)
            self._taken += 1
            arrived += 1
            deadline = 0.0  # from now on, only chunks that are ready already
        return arrived

    def _not_due_for(self) -> float:
        """Seconds until slow motion lets the next chunk in (0: now)."""
        if self._pace is None:
            return 0.0
        since, taken, seconds = self._pace
        return since + (self._taken - taken) * seconds - time.monotonic()

    def _take(self, chunk) -> None:
        if self.net.has_weights and chunk.checkpoint.epochs_done <= self.net.epochs_done:
            return  # older than what the network shows already
        self.net.take(chunk.checkpoint)
        if chunk.frames is not None:
            self._frames.append((chunk.frame_epochs, chunk.frames))

    def _hand_out_next_chunk(self) -> bool:
        """Give the next chunk to a worker; False (and the reason in `problem`) when no worker
        can be reached, e.g. a cluster named by NNVIZ_DASK_SCHEDULER that is not there."""
        done, per_chunk = self.net.epochs_done, self.job.epochs_per_chunk
        epochs = min(per_chunk - done % per_chunk, self.job.config.epochs - done)
        try:
            self._waiting = self.results.chunk(self.job, self.net.saved, done, epochs)
        except (OSError, RuntimeError, TimeoutError) as failure:
            self.problem = f"{NO_WORKERS} ({failure})"
            return False
        return True


class TrainingFailed(RuntimeError):
    """A job of a batch could not be trained; the message says why, in plain words."""


def train_all(jobs: list[TrainingJob], on_progress=None,
              results: SharedResults = shared) -> list:
    """Train every job to its end on the workers, side by side, and return their networks
    (TrainedNet): for a lesson that compares several networks. Waiting here costs the server no CPU.
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
            on_progress(sum(run.net.epochs_done for run in runs) / total)
    for run in runs:
        if run.problem:
            raise TrainingFailed(run.problem)
    return [run.net for run in runs]
