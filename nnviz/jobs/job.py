"""A training job: everything that decides a training run's result, as one plain value.

No torch here: the server builds jobs on every page rerun, and a job travels to a worker
process (or a Dask worker on another machine) by pickling; its result (a ChunkResult) travels
back the same way, and the server reads it with numpy alone (nnviz.core.trained).
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np

from nnviz.core.spec import NetSpec, TrainConfig, steps_per_epoch
from nnviz.core.trained import Checkpoint, TrainedNet

# A chunk is the work a worker does between two reports: big enough that the hand-off costs
# little beside it, small enough that the page shows progress several times a second.
STEPS_PER_CHUNK = 2_000
# A replay of more frames than this plays too long to watch: longer runs record every k-th epoch.
MAX_FRAMES = 300


@dataclass(frozen=True, eq=False)
class TrainingJob:
    """Train `spec` with `config` on these rows. `chunk_epochs` (0: chosen from the size) is how
    many epochs a worker trains before reporting back; a page that wants to be watched in slow
    motion asks for fewer.

    `probe`: points (rows of inputs) where the worker records the network's answers before
    training and after every `frame_every`-th epoch (0: often enough for MAX_FRAMES frames):
    the frames a page replays, e.g. a grid over the plane for a decision boundary."""

    spec: NetSpec
    config: TrainConfig
    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray | None = None
    y_val: np.ndarray | None = None
    chunk_epochs: int = 0
    probe: np.ndarray | None = None
    frame_every: int = 0
    _arrays: tuple = field(init=False, repr=False)

    def __post_init__(self):
        def frozen(a, dtype):
            if a is None:
                return None
            a = np.array(a, dtype=dtype)  # a private copy: the caller may change theirs
            a.setflags(write=False)
            return a
        y_type = np.int64 if self.spec.recipe.classifies else np.float32
        for name, dtype in (("x_train", np.float32), ("y_train", y_type),
                            ("x_val", np.float32), ("y_val", y_type), ("probe", np.float32)):
            object.__setattr__(self, name, frozen(getattr(self, name), dtype))
        if self.x_val is not None and len(self.x_val) == 0:
            object.__setattr__(self, "x_val", None)
            object.__setattr__(self, "y_val", None)
        object.__setattr__(self, "_arrays", (self.x_train, self.y_train, self.x_val, self.y_val))

    @cached_property
    def key(self) -> str:
        """Equal for jobs that must give the same result: same spec, settings, rows and chunks."""
        digest = hashlib.sha256(repr((self.spec, self.config, self.epochs_per_chunk,
                                      self.epochs_per_frame)).encode())
        for a in (*self._arrays, self.probe):
            digest.update(b"-" if a is None else f"{a.dtype}{a.shape}".encode())
            if a is not None:
                digest.update(np.ascontiguousarray(a).tobytes())
        return digest.hexdigest()

    @property
    def epochs_per_chunk(self) -> int:
        if self.chunk_epochs:
            return int(self.chunk_epochs)
        per_epoch = max(steps_per_epoch(len(self.x_train), self.config.batch_size), 1)
        return max(1, min(self.config.epochs, STEPS_PER_CHUNK // per_epoch))

    @property
    def epochs_per_frame(self) -> int:
        if self.frame_every:
            return int(self.frame_every)
        return max(1, math.ceil(self.config.epochs / MAX_FRAMES))

    @property
    def n_chunks(self) -> int:
        return math.ceil(self.config.epochs / self.epochs_per_chunk)

    def in_chunks_of(self, epochs: int) -> TrainingJob:
        """The same training, reported every `epochs` epochs (a different job: its chunks
        differ)."""
        return replace(self, chunk_epochs=int(epochs))

    def recording(self, probe, every: int = 0) -> TrainingJob:
        """The same training, recording the network's answers at `probe` (see the class)."""
        return replace(self, probe=probe, frame_every=int(every))

    def network(self) -> TrainedNet:
        """What a page holds of this job's network (raises ValueError, in plain words, for
        unusable data); it has weights once a worker sends a checkpoint."""
        return TrainedNet(self.spec, self.config, *self._arrays)

    def trainer(self):
        """A fresh Trainer for this job (on a worker: it imports torch)."""
        from nnviz.core.engine import Trainer

        # Copies: torch tensors over the job's read-only arrays would warn on every build.
        arrays = (None if a is None else a.copy() for a in self._arrays)
        return Trainer(self.spec, self.config, *arrays)


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


def train_on_worker(job: TrainingJob, saved: Checkpoint | None, epochs: int) -> ChunkResult:
    """nnviz.jobs.work.train_chunk, named so that the server can hand it to a worker without
    importing it (and torch) itself."""
    from nnviz.jobs.work import train_chunk

    return train_chunk(job, saved, epochs)
