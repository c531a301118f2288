"""A network being trained, as the web server holds it: its latest checkpoint, read with numpy.

The server never imports torch (~180 MB per process, and seconds at start-up): worker processes
train (nnviz.jobs.work, with nnviz.core.engine) and send back checkpoints. A TrainedNet turns
the latest one into everything a page draws: progress, the per-epoch history, and the network's
answers for any inputs, from a plain numpy forward pass over the same flat [W | b] weights the
engine trains (tests check it against the engine's own torch forward pass).

    net = TrainedNet(spec, config, x_train, y_train, x_val, y_val)   # ValueError: unusable data
    net.take(checkpoint)            # from a worker
    net.history, net.epochs_done, net.predict_proba(points)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from nnviz.core.spec import NetSpec, RunProgress, TrainConfig, steps_per_epoch

if TYPE_CHECKING:
    import pandas as pd

HISTORY_COLUMNS = ["epoch", "step", "train_loss", "val_loss", "train_metric", "val_metric"]


def history_frame(rows) -> pd.DataFrame:
    """The per-epoch rows as a table. pandas is imported here, not at the top: the training
    workers import this module but never draw a table, and pandas with pyarrow would add
    ~35 MB to every worker's memory."""
    import pandas as pd

    return pd.DataFrame(list(rows), columns=HISTORY_COLUMNS)


@dataclass(frozen=True, eq=False)
class Checkpoint:
    """A Trainer's progress between two epochs, as numpy arrays and plain values (so it pickles
    small and the same everywhere: a local worker process or a Dask worker on another machine)."""

    params: np.ndarray  # the flat [W | b] tensor of every layer
    exp_avg: np.ndarray  # Adam's moments, momentum's buffer
    exp_avg_sq: np.ndarray
    momentum_buffer: np.ndarray
    adam_step: float
    optimizer_steps: int
    model_stream: np.ndarray  # the two random streams: dropout's, and the batch order's
    order_stream: np.ndarray
    steps_done: int
    epochs_done: int
    diverged: bool
    message: str | None
    rows: tuple[dict, ...]  # the history so far

    @property
    def n_bytes(self) -> int:
        arrays = (self.params, self.exp_avg, self.exp_avg_sq, self.momentum_buffer,
                  self.model_stream, self.order_stream)
        return sum(a.nbytes for a in arrays) + 100 * len(self.rows)


def check_data(spec: NetSpec, x, y, name: str) -> tuple[np.ndarray, np.ndarray]:
    """Plain-words ValueError for data the network cannot take."""
    x = np.asarray(x, dtype=np.float32)
    if x.ndim == 1:
        x = x.reshape(-1, 1)
    if x.ndim != 2 or x.shape[1] != spec.n_inputs:
        raise ValueError(
            f"The {name} inputs have shape {x.shape}, but the network expects "
            f"{spec.n_inputs} input column(s)."
        )
    y = np.asarray(y)
    if len(x) == 0:
        raise ValueError(f"The {name} set is empty: there is nothing to learn from.")
    if len(y) != len(x):
        raise ValueError(f"The {name} set has {len(x)} input rows but {len(y)} targets.")
    if not np.isfinite(x).all():
        raise ValueError(f"The {name} inputs contain missing or infinite values.")
    y_float = y.astype(np.float64, copy=False) if y.dtype != object else None
    if y_float is None or not np.isfinite(y_float).all():
        raise ValueError(f"The {name} targets must all be numbers.")
    if spec.task == "binary" and not np.isin(y_float, (0, 1)).all():
        raise ValueError(f"A binary network needs {name} targets of 0 and 1 only.")
    if spec.task == "multiclass":
        ok = (y_float == np.round(y_float)) & (y_float >= 0) & (y_float < spec.n_classes)
        if not ok.all():
            raise ValueError(
                f"A {spec.n_classes}-class network needs {name} targets 0 to "
                f"{spec.n_classes - 1}."
            )
    return np.ascontiguousarray(x), y_float


def _sigmoid(z: np.ndarray) -> np.ndarray:
    # Split by sign so that neither branch overflows for a very sure answer.
    out = np.empty_like(z)
    positive = z >= 0
    out[positive] = 1 / (1 + np.exp(-z[positive]))
    e = np.exp(z[~positive])
    out[~positive] = e / (1 + e)
    return out


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


_ACTIVATIONS = {"relu": lambda z: np.maximum(z, 0), "tanh": np.tanh, "sigmoid": _sigmoid}


class TrainedNet(RunProgress):
    """One visitor's network: the job's rows and settings, and the latest checkpoint taken in.
    Never shared between visitors; the checkpoint it reads is never written to."""

    def __init__(self, spec: NetSpec, config: TrainConfig, x_train, y_train,
                 x_val=None, y_val=None):
        self.spec = spec
        self.config = config
        self._x_train, self._y_train = check_data(spec, x_train, y_train, "training")
        if x_val is not None and len(x_val):
            self._x_val, self._y_val = check_data(spec, x_val, y_val, "validation")
        else:
            self._x_val = self._y_val = None
        self.n_train = len(self._x_train)
        self.n_val = 0 if self._x_val is None else len(self._x_val)
        self.steps_per_epoch = steps_per_epoch(self.n_train, config.batch_size)
        self.total_steps = self.steps_per_epoch * config.epochs
        self.saved: Checkpoint | None = None  # None: no worker has sent the weights yet
        self._layers: list[tuple[np.ndarray, np.ndarray]] | None = None
        self._history: pd.DataFrame | None = None

    def take(self, saved: Checkpoint) -> None:
        """The network as a worker left it (a newer checkpoint of the same job)."""
        if saved.params.size != self.spec.n_parameters:
            raise ValueError("That checkpoint belongs to a network of another shape.")
        self.saved, self._layers, self._history = saved, None, None

    # ---- progress --------------------------------------------------------------------------

    @property
    def has_weights(self) -> bool:
        return self.saved is not None

    @property
    def steps_done(self) -> int:
        return 0 if self.saved is None else self.saved.steps_done

    @property
    def epochs_done(self) -> int:
        return 0 if self.saved is None else self.saved.epochs_done

    @property
    def diverged(self) -> bool:
        return self.saved is not None and self.saved.diverged

    @property
    def message(self) -> str | None:
        return None if self.saved is None else self.saved.message

    @property
    def history(self) -> pd.DataFrame:
        """One row per finished epoch: epoch, step, train/val loss, train/val metric."""
        if self._history is None:
            self._history = history_frame(() if self.saved is None else self.saved.rows)
        return self._history

    def data(self) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, np.ndarray | None]:
        """The rows it trains and validates on: x_train, y_train, x_val, y_val."""
        return self._x_train, self._y_train, self._x_val, self._y_val

    # ---- the network's answers -------------------------------------------------------------

    def layers(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """(W, b) of each layer, input to output, cut from the flat [W | b] weights."""
        if self.saved is None:
            raise RuntimeError("The network's weights have not arrived from a worker yet.")
        if self._layers is None:
            sizes, flat, offset = self.spec.layer_sizes, self.saved.params, 0
            self._layers = []
            for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
                block = flat[offset: offset + n_out * (n_in + 1)].reshape(n_out, n_in + 1)
                self._layers.append((block[:, :n_in], block[:, n_in]))
                offset += n_out * (n_in + 1)
        return self._layers

    def hidden_outputs(self, x) -> list[np.ndarray]:
        """Each hidden layer's outputs after its activation, in layer order (dropout is off
        once trained, as in the engine's eval mode)."""
        return self._forward(x)[:-1]

    def outputs(self, x) -> np.ndarray:
        """Raw network outputs: predictions for regression, logits for classifiers."""
        out = self._forward(x)[-1]
        return out[:, 0] if self.spec.n_outputs == 1 else out

    def predict_proba(self, x) -> np.ndarray:
        """Binary: P(class 1), shape (n,). Multiclass: softmax, shape (n, classes)."""
        if self.spec.task == "regression":
            raise ValueError("A regression network predicts numbers, not probabilities.")
        logits = self.outputs(x)
        return _sigmoid(logits) if self.spec.task == "binary" else _softmax(logits)

    def predict(self, x) -> np.ndarray:
        """Regression: the predicted numbers. Classifiers: the predicted class (0, 1, ...)."""
        if self.spec.task == "regression":
            return self.outputs(x)
        if self.spec.task == "binary":
            return (self.outputs(x) > 0).astype(np.int64)
        return self.outputs(x).argmax(axis=1)

    def _forward(self, x) -> list[np.ndarray]:
        h = np.asarray(x, dtype=np.float32).reshape(-1, self.spec.n_inputs)
        activation = _ACTIVATIONS[self.spec.activation]
        layers = self.layers()
        outputs = []
        with np.errstate(over="ignore", invalid="ignore"):  # a blown-up network gives inf/nan
            for k, (w, b) in enumerate(layers):
                h = h @ w.T + b
                if k < len(layers) - 1:
                    h = activation(h)
                outputs.append(h)
        return outputs

