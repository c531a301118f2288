"""Training results shared by every visitor: identical jobs cost once.

A result is a chunk of a job (its checkpoint and the frames it recorded), keyed by (job key,
epochs done before the chunk, epochs in it). Most of an audience keeps the defaults, so the
first visitor's chunks serve everyone: a finished chunk is handed out at once, and a chunk still
running is shared rather than run twice. Checkpoints are read-only numpy arrays that visitors'
networks read (nnviz.core.trained), so no two visitors ever share a mutable model. Finished
chunks are kept up to a memory bound, the least recently used dropped first.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from concurrent.futures import Future

import numpy as np

from nnviz.core.trained import Checkpoint
from nnviz.jobs import pool
from nnviz.jobs.job import ChunkResult, TrainingJob, train_on_worker

MEMORY_SETTING = "NNVIZ_RESULTS_MB"
DEFAULT_MB = 64


class SharedResults:
    """Chunk results by key, shared by every visitor of this server (thread-safe)."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._done: OrderedDict[tuple, ChunkResult] = OrderedDict()
        self._bytes = 0
        self._running: dict[tuple, tuple] = {}  # key -> (future, the executor running it)
        self._lock = threading.Lock()

    def chunk(self, job: TrainingJob, saved: Checkpoint, epochs_done: int, epochs: int):
        """The ChunkResult of `epochs` more epochs of `job` from `saved` (taken after
        `epochs_done`), as (future, executor): already done when some visitor computed it."""
        key = (job.key, epochs_done, epochs)
        with self._lock:
            if key in self._done:
                self._done.move_to_end(key)
                ready = Future()
                ready.set_result(self._done[key])
                return ready, None
            if key in self._running:
                return self._running[key]
            running = pool.submit(train_on_worker, job, saved, epochs)
            self._running[key] = running
        running[0].add_done_callback(lambda future: self._finished(key, future))
        return running

    def _finished(self, key: tuple, future) -> None:
        with self._lock:
            self._running.pop(key, None)
            if future.cancelled() or future.exception() is not None:
                return  # a failure is reported to the visitors waiting, never kept
            chunk = future.result()
            _read_only(chunk)
            self._done[key] = chunk
            self._bytes += chunk.n_bytes
            while self._bytes > self.max_bytes and len(self._done) > 1:
                _, dropped = self._done.popitem(last=False)
                self._bytes -= dropped.n_bytes

    @property
    def n_bytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._done)

    def clear(self) -> None:
        with self._lock:
            self._done.clear()
            self._bytes = 0


def _read_only(chunk: ChunkResult) -> None:
    """Every visitor reads the same arrays; none may write them."""
    for a in (*vars(chunk.checkpoint).values(), chunk.frame_epochs, chunk.frames):
        if isinstance(a, np.ndarray):
            a.setflags(write=False)


def _max_bytes() -> int:
    try:
        return int(float(os.environ.get(MEMORY_SETTING, DEFAULT_MB)) * 2**20)
    except ValueError:
        return DEFAULT_MB * 2**20


shared = SharedResults(_max_bytes())
