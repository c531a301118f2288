"""One visitor's run of a training job: trained ahead on the workers, shown chunk by chunk.

Pressing Train starts a chain of chunks: each chunk, as it finishes on a worker, hands out the
next from its checkpoint (in the worker pool's callback thread), so the whole job trains as
fast as the workers go, whether or not the page is asking. The page calls advance() on its
ticks: that takes the chunks that have arrived into the visitor's own network (a numpy
TrainedNet, the one the page draws from), in order, and in slow motion only as fast as the
clock allows. Chunks trained but not yet shown wait in the run; their frames can go to the
browser's replay ahead of time, so a slow-motion run plays smoothly there while the page
ticks seldom. Even the fresh weights come from a worker (torch draws them), so a new Run asks
for them at once and settle() takes them in. Stop halts the chain (a chunk still running
finishes into the shared results, and Resume picks it up from there) and shows what the
clock had reached.
"""

from __future__ import annotations

import threading
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
    """A job's progress for one visitor: their own network, the chain of chunks handed out
    (in order, trained or under way), and the frames."""

    def __init__(self, job: TrainingJob, results: SharedResults = shared):
        self.job = job
        self.net = job.network()  # raises ValueError for unusable data: the page says why
        self.results = results
        self.problem: str | None = None
        self._lock = threading.RLock()  # the chain grows in the pool's callback thread too
        self._chain: list[tuple] = []  # (future, executor) of each chunk handed out, in order
        self._chain_error: str | None = None  # why the chain could not hand out its next chunk
        self._going = False  # the chain hands out the next chunk when one finishes
        self._watched = None  # the future whose finishing hands out the next chunk
        self._frames: list[tuple] = []  # (epochs, frames) of each chunk taken in
        self._fresh = None  # (future, executor) of the untrained network's weights
        self._taken = 0  # chunks taken in (from the start of the chain)
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

    @property
    def finished(self) -> bool:
        return self.net.finished

    # ---- the chain: the job trained ahead ----------------------------------------------------

    def start(self) -> None:
        """Train the rest of the job ahead, chunk after chunk, from the last chunk shown."""
        with self._lock:
            self._going, self._chain_error = True, None
            del self._chain[self._taken:]  # halted or failed links are asked for again
        self._next_link()

    def halt(self) -> None:
        """Hand out no more chunks (the one under way still finishes into the shared results)."""
        with self._lock:
            self._going = False

    def _head(self):
        """(checkpoint, epochs done) where the next chunk starts: the newest chunk trained,
        else the network shown; (None, 0) before any: the worker starts from fresh weights
        (the same ones, drawn from the job's seed). Call with the chain's last link done."""
        if self._taken < len(self._chain):
            checkpoint = self._chain[-1][0].result().checkpoint
        elif self.net.saved is not None:
            checkpoint = self.net.saved
        else:
            return None, 0
        return checkpoint, checkpoint.epochs_done

    def _next_link(self, _finished=None) -> None:
        """Hand out chunks after the chain's last one while each is trained already; when one
        is still training, come back when it finishes (this runs in the pool's callback
        thread then)."""
        while True:
            with self._lock:
                if not self._going:
                    return
                last = self._chain[-1][0] if len(self._chain) > self._taken else None
                if last is not None and not last.done():
                    if last is not self._watched:  # one callback per link
                        self._watched = last
                        last.add_done_callback(self._next_link)
                    return
                if last is not None and not _succeeded(last):
                    return  # failed: advance() tells the visitor
                saved, done = self._head()
                if saved is not None and saved.diverged or done >= self.job.config.epochs:
                    return  # nothing left to train
                per_chunk = self.job.epochs_per_chunk
                epochs = min(per_chunk - done % per_chunk, self.job.config.epochs - done)
                try:
                    self._chain.append(self.results.chunk(self.job, saved, done, epochs))
                except (OSError, RuntimeError, TimeoutError) as failure:
                    self._chain_error = f"{NO_WORKERS} ({failure})"
                    return

    @property
    def trained_out(self) -> bool:
        """Every chunk of the job is trained (shown or waiting to be shown)."""
        with self._lock:
            if self._taken < len(self._chain) and not _succeeded(self._chain[-1][0]):
                return False
            saved, done = self._head()
        return saved is not None and saved.diverged or done >= self.job.config.epochs

    def train_ahead(self, wait: float) -> bool:
        """Wait up to `wait` seconds (no CPU) for the whole job to be trained; True if it is."""
        deadline = time.monotonic() + wait
        while not self.trained_out and self.problem is None and self._chain_error is None:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            with self._lock:
                ahead = [future for future, _ in self._chain[self._taken:]]
            if any(f.done() and not _succeeded(f) for f in ahead):
                break  # advance() tells the visitor
            under_way = next((f for f in ahead if not f.done()), None)
            if under_way is None:
                time.sleep(min(0.005, left))  # the next link is being handed out
                continue
            try:
                under_way.result(timeout=left)
            except Exception:  # noqa: BLE001 (a failed or slow chunk: checked above and by advance)
                pass
        return self.trained_out

    # ---- showing what was trained ------------------------------------------------------------

    def pace(self, seconds_per_chunk: float | None) -> None:
        """From now on take in one chunk per `seconds_per_chunk` (slow motion), counted by the
        clock: a run lasts as long on a busy server, whose page asks less often, as on a quiet
        one. None: every chunk as soon as it is trained."""
        self._pace = (None if not seconds_per_chunk
                      else (time.monotonic(), self._taken, seconds_per_chunk))

    def reveal_seconds(self) -> float:
        """Seconds until slow motion has shown the whole job (0 without slow motion)."""
        if self._pace is None:
            return 0.0
        since, taken, seconds = self._pace
        left = self.job.n_chunks - taken
        return max(since + (left - 1) * seconds - time.monotonic(), 0.0)

    def advance(self, wait: float, max_chunks: int | None = None) -> int:
        """Take in the chunks that have arrived and are due, in order, at most `max_chunks`,
        waiting up to `wait` seconds for the next one to arrive (or, in slow motion, to be due).
        Starts the chain if it is not going. Returns how many chunks were taken in."""
        if not self._going and not self.finished and self.problem is None:
            self.start()
        deadline = time.monotonic() + wait
        arrived = 0
        while not self.finished and self.problem is None:
            if max_chunks is not None and arrived >= max_chunks:
                break
            link = self._link()
            if link is None:
                self._next_link()  # the finished chunk's callback may not have run yet
                link = self._link()
            if link is None:  # only when no worker could be reached
                self.problem = self._chain_error or NO_WORKERS
                break
            not_yet = self._not_due_for()
            if not_yet > 0:
                if arrived or time.monotonic() + not_yet > deadline:
                    break
                time.sleep(not_yet)  # a sleeping thread costs the server no CPU
            future, executor = link
            try:
                chunk = future.result(timeout=max(deadline - time.monotonic(), 0))
            except TimeoutError:
                break
            except (BrokenExecutor, CancelledError):
                pool.replace(executor)
                self._lost_link(WORKER_LOST)
                break
            except Exception as failure:  # noqa: BLE001 (any worker-side failure is told)
                self._lost_link(f"Training failed: {failure}")
                break
            self._take(chunk)
            self._taken += 1
            arrived += 1
            deadline = 0.0  # from now on, only chunks that are ready already
        return arrived

    def _link(self):
        """The (future, executor) of the next chunk to take in, if handed out."""
        with self._lock:
            return self._chain[self._taken] if self._taken < len(self._chain) else None

    def _lost_link(self, problem: str) -> None:
        with self._lock:
            self._going = False
            del self._chain[self._taken:]
        self.problem = problem

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

    def frames(self, ahead: bool = False):
        """What the worker recorded (see work.ChunkResult): (epochs, frames) of the chunks
        taken in, and with `ahead` of those trained but not yet shown too; None when the job
        records nothing or nothing has arrived yet."""
        parts = list(self._frames)
        if ahead:
            with self._lock:
                waiting = [f for f, _ in self._chain[self._taken:]]
            for future in waiting:
                if not _succeeded(future):
                    break
                chunk = future.result()
                if chunk.frames is not None:
                    parts.append((chunk.frame_epochs, chunk.frames))
        if not parts:
            return None
        return (np.concatenate([epochs for epochs, _ in parts]),
                np.concatenate([frames for _, frames in parts]))


def _succeeded(future) -> bool:
    return future.done() and not future.cancelled() and future.exception() is None


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
