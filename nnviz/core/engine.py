"""The training loop every training page uses: fast, seeded, stoppable, resumable.

Why it is not the textbook loop (DataLoader, loss.backward(), optimizer.step()): the networks
in these lessons are tiny, so a step's time goes to per-call overhead, not arithmetic. This
engine computes exactly the same thing with far fewer calls:

- the whole training set is one tensor; each epoch draws one seeded permutation and splits it
  into batches (the same permutation a DataLoader with a seeded generator draws);
- all weights and biases live in ONE flat tensor, each layer stored as [W | b] so that an
  input with an extra column of ones gives x @ W.T + b in a single matrix product, and the
  weight and bias gradients come out of a single product too;
- the backward pass is written out by hand (a few matrix products and one activation-backward
  per layer) into preallocated buffers, so no autograd graph is built;
- the optimizer update is one fused call over the flat tensor (torch's own fused Adam / SGD
  kernels); the 1/batch factor of the mean loss is folded into that call;
- no per-step .item(): losses are measured once per epoch on the whole training and
  validation sets under inference mode, which is also when divergence is noticed.

What differs between regression, binary and multi-class (targets, loss slope, metric, answers)
comes from the task's object in nnviz.core.models (`task_of`), looked up once per Trainer.

Tests check that it agrees with the textbook loop on the same seed and batch order.
"""

from __future__ import annotations

import math
import time
from contextlib import contextmanager
from typing import TYPE_CHECKING

import numpy as np
import torch

from nnviz.core.models import NetSpec, build_model, loss_module, task_of
from nnviz.core.spec import (  # noqa: F401
    OPTIMIZER_LABELS,
    OPTIMIZERS,
    RunProgress,
    TrainConfig,
    config_problems,
    steps_per_epoch,
)
from nnviz.core.trained import Checkpoint, check_data, history_frame

if TYPE_CHECKING:
    import pandas as pd

ADAM_BETAS = (0.9, 0.999)
ADAM_EPS = 1e-8

DIVERGED_MESSAGE = (
    "Training stopped: the loss stopped being a number (it blew up to infinity). "
    "The learning rate is too big for these inputs; try normalizing them or a smaller rate."
)

# torch's fused optimizer kernels take the whole flat tensor in one call. They are private
# ops; if a future torch drops them the engine falls back to the same formulas in public ops.
_FUSED_OK = hasattr(torch, "_fused_adam_") and hasattr(torch, "_fused_sgd_")


class Trainer(RunProgress):
    """Owns a model, its optimizer state, the data and the per-epoch history.

    `run()` trains a slice and returns, so a page can call it again and again; stopping between
    calls keeps the partly trained model and the next call continues exactly where it left off
    (even mid-epoch). Everything a page draws is numpy / pandas.
    """

    def __init__(self, spec: NetSpec, config: TrainConfig, x_train, y_train,
                 x_val=None, y_val=None):
        self.spec = spec
        self.config = config
        self._task = task = task_of(spec)
        self._loss = loss_module(spec)
        x_train, y_train = check_data(spec, x_train, y_train, "training")
        self.n_train = len(x_train)
        self._x_train = torch.from_numpy(x_train)
        self._t_train = task.targets(y_train)
        if x_val is not None and len(x_val):
            x_val, y_val = check_data(spec, x_val, y_val, "validation")
            self._x_val, self._t_val = torch.from_numpy(x_val), task.targets(y_val)
        else:
            self._x_val = self._t_val = None
        self.n_val = 0 if self._x_val is None else len(self._x_val)

        # Two seeded streams, laid out like a plain script's: torch.manual_seed(seed), build the
        # model, then dropout keeps drawing from that stream; the batch order comes from a
        # DataLoader(shuffle=True, generator=torch.Generator().manual_seed(seed)).
        self._model_stream = torch.Generator().manual_seed(int(config.seed))
        self.model = build_model(spec, generator=self._model_stream).eval()
        self._order_stream = torch.Generator().manual_seed(int(config.seed))
        self._net = _FlatNet(spec, self.model)
        self._opt = _FlatOptimizer(config, self._net)
        # The training inputs carry a column of ones (the bias input); the targets are shaped
        # like the output, so every task's loss slope is output - target.
        self._x_aug = torch.cat([self._x_train, torch.ones(self.n_train, 1)], dim=1)
        self._y_fit = task.slope_targets(self._t_train, spec.n_outputs)

        self._one_thread = _one_thread_is_faster(config.batch_size, spec)
        self.steps_per_epoch = steps_per_epoch(self.n_train, config.batch_size)
        self.total_steps = self.steps_per_epoch * config.epochs
        self.steps_done = 0
        self.epochs_done = 0
        self.diverged = False
        self.message: str | None = None
        self._rows: list[dict] = []
        self._history: pd.DataFrame | None = None
        self._batches: tuple | None = None  # the current epoch's batches, while mid-epoch
        self._position = 0

    # ---- state a page shows (finished, progress, metric_name: RunProgress) ------------------

    @property
    def history(self) -> pd.DataFrame:
        """One row per finished epoch: epoch, step, train/val loss, train/val metric."""
        if self._history is None:
            self._history = history_frame(self._rows)
        return self._history

    # ---- training --------------------------------------------------------------------------

    def run(self, max_seconds: float | None = None, max_epochs: int | None = None) -> int:
        """Train until finished, `max_seconds` have passed, or `max_epochs` more epochs ended.

        Always makes at least one step when there is training left. Returns the number of
        epochs that ended during this call.
        """
        if self.finished:
            return 0
        deadline = None if max_seconds is None else time.perf_counter() + max_seconds
        ended = 0
        with torch.no_grad(), _fewer_threads(self._one_thread):
            while not self.finished:
                if self._batches is None:
                    self._start_epoch()
                xs, ys = self._batches
                step = self._net.step
                opt_step = self._opt.step
                while self._position < len(xs):
                    step(xs[self._position], ys[self._position], self._model_stream)
                    opt_step()
                    self._position += 1
                    self.steps_done += 1
                    if deadline is not None and time.perf_counter() >= deadline:
                        break
                if self._position < len(xs):
                    break  # out of time mid-epoch: the next call continues from here
                self._end_epoch()
                ended += 1
                if max_epochs is not None and ended >= max_epochs:
                    break
                if deadline is not None and time.perf_counter() >= deadline:
                    break
        return ended

    # ---- checkpoints: how a worker process hands its progress back ----------------------------

    def checkpoint(self) -> Checkpoint:
        """Everything training has changed so far, without the data (the job carries that).

        Taken between epochs only: restoring it into a fresh Trainer built from the same job and
        training on gives, bit for bit, what this Trainer would have gone on to compute."""
        if self._batches is not None:
            raise RuntimeError("A checkpoint is taken between epochs, not in the middle of one.")
        opt = self._opt
        return Checkpoint(
            params=self._net.params.numpy().copy(),
            exp_avg=opt.exp_avg.numpy().copy(),
            exp_avg_sq=opt.exp_avg_sq.numpy().copy(),
            momentum_buffer=opt.momentum_buffer.numpy().copy(),
            adam_step=float(opt.step_count), optimizer_steps=opt.steps,
            model_stream=self._model_stream.get_state().numpy().copy(),
            order_stream=self._order_stream.get_state().numpy().copy(),
            steps_done=self.steps_done, epochs_done=self.epochs_done,
            diverged=self.diverged, message=self.message, rows=tuple(self._rows),
        )

    def restore(self, saved: Checkpoint) -> None:
        """Continue from `saved` (taken from a Trainer of the same job); copies, never shares."""
        if saved.params.shape != tuple(self._net.params.shape):
            raise ValueError("That checkpoint belongs to a network of another shape.")
        opt = self._opt
        # In place: the model's weights are views of the flat tensor. (torch.tensor copies,
        # so a shared result's read-only arrays are fine.)
        self._net.params.copy_(torch.tensor(saved.params))
        opt.exp_avg.copy_(torch.tensor(saved.exp_avg))
        opt.exp_avg_sq.copy_(torch.tensor(saved.exp_avg_sq))
        opt.momentum_buffer.copy_(torch.tensor(saved.momentum_buffer))
        opt.step_count.fill_(saved.adam_step)
        opt.steps = saved.optimizer_steps
        self._model_stream.set_state(torch.tensor(saved.model_stream))
        self._order_stream.set_state(torch.tensor(saved.order_stream))
        self.steps_done, self.epochs_done = saved.steps_done, saved.epochs_done
        self.diverged, self.message = saved.diverged, saved.message
        self._rows = list(saved.rows)
        self._history = None
        self._batches = None
        self._position = 0

    def _start_epoch(self):
        # The exact draws a seeded DataLoader(shuffle=True) makes per epoch (torch 2.13): a
        # 64-bit worker seed, the permutation it uses, and one more permutation it throws away.
        # Matching them makes a generated script reproduce this engine's numbers; a test
        # checks it against a real DataLoader.
        torch.empty((), dtype=torch.int64).random_(generator=self._order_stream)
        order = torch.randperm(self.n_train, generator=self._order_stream)
        torch.randperm(self.n_train, generator=self._order_stream)
        size = self.config.batch_size
        self._batches = (self._x_aug[order].split(size), self._y_fit[order].split(size))
        self._position = 0

    def _end_epoch(self):
        self._batches = None
        self.epochs_done += 1
        train_loss, train_metric = self._evaluate(self._x_train, self._t_train)
        if not math.isfinite(train_loss):
            self.diverged = True
            self.message = DIVERGED_MESSAGE
            return
        val_loss = val_metric = math.nan
        if self._x_val is not None:
            val_loss, val_metric = self._evaluate(self._x_val, self._t_val)
        self._rows.append({
            "epoch": self.epochs_done, "step": self.steps_done,
            "train_loss": train_loss, "val_loss": val_loss,
            "train_metric": train_metric, "val_metric": val_metric,
        })
        self._history = None

    def _evaluate(self, x: torch.Tensor, target: torch.Tensor) -> tuple[float, float]:
        with torch.inference_mode(), _fewer_threads(_one_thread_is_faster(len(x), self.spec)):
            logits = self.model(x)
            loss = float(self._loss(logits, target))
            return loss, (self._task.metric(logits, target) if math.isfinite(loss) else math.nan)

    # ---- using the model -------------------------------------------------------------------

    def outputs(self, x) -> np.ndarray:
        """Raw network outputs: predictions for regression, logits for classifiers."""
        return self._answer(x, lambda logits: logits)

    def predict_proba(self, x) -> np.ndarray:
        """Binary: P(class 1), shape (n,). Multiclass: softmax, shape (n, classes)."""
        if not self.spec.recipe.classifies:
            raise ValueError("A regression network predicts numbers, not probabilities.")
        return self._answer(x, self._task.probabilities)

    def predict(self, x) -> np.ndarray:
        """Regression: the predicted numbers. Classifiers: the predicted class (0, 1, ...)."""
        return self._answer(x, self._task.predict)

    def _answer(self, x, read) -> np.ndarray:
        """`read` of the network's logits for rows x, one column squeezed to shape (n,)."""
        x = _as_float_tensor(x, self.spec.n_inputs)
        with torch.inference_mode(), _fewer_threads(_one_thread_is_faster(len(x), self.spec)):
            out = read(self.model(x))
        return out.squeeze(1).numpy() if out.ndim == 2 and out.shape[1] == 1 else out.numpy()

    def data(self) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, np.ndarray | None]:
        """The rows it trains and validates on, as given: x_train, y_train, x_val, y_val."""
        x_val = None if self._x_val is None else self._x_val.numpy()
        y_val = None if self._t_val is None else self._t_val.numpy().reshape(-1)
        return self._x_train.numpy(), self._t_train.numpy().reshape(-1), x_val, y_val


def _as_float_tensor(x, n_inputs: int) -> torch.Tensor:
    x = np.asarray(x, dtype=np.float32)
    if not x.flags.writeable:  # a job's frozen rows: torch wants arrays it could write to
        x = x.copy()
    return torch.from_numpy(np.ascontiguousarray(x.reshape(-1, n_inputs)))


def _one_thread_is_faster(rows: int, spec: NetSpec) -> bool:
    """Measured (bench/train_speed.py and the evaluation passes): below about 2M multiply-adds
    per call a second thread costs more in hand-offs than it saves, badly so on a busy machine
    (a 240-row loss took 25 ms on two threads, 0.5 ms on one); bigger calls gain from it."""
    return rows * spec.n_parameters < 2_000_000


@contextmanager
def _fewer_threads(one: bool):
    """Tiny matrices run faster on one thread. torch's thread count is process-wide, so it is
    put back afterwards (a visitor training at the same moment only changes speed, not results)."""
    before = torch.get_num_threads()
    if one and before != 1:
        torch.set_num_threads(1)
    try:
        yield
    finally:
        if one and before != 1:
            torch.set_num_threads(before)


# ---- the flat network: forward and hand-written backward -------------------------------------

_ACTIVATION_FORWARD = {"relu": torch.relu_, "tanh": torch.tanh_, "sigmoid": torch.sigmoid_}
# Each activation's backward needs only its own output, so the forward may work in place.
_ACTIVATION_BACKWARD = {
    "relu": lambda grad, out, into: torch.ops.aten.threshold_backward.grad_input(
        grad, out, 0, grad_input=into),
    "tanh": lambda grad, out, into: torch.ops.aten.tanh_backward.grad_input(
        grad, out, grad_input=into),
    "sigmoid": lambda grad, out, into: torch.ops.aten.sigmoid_backward.grad_input(
        grad, out, grad_input=into),
}


class _FlatNet:
    """The model's parameters as views of one flat tensor, plus a hand-written train step.

    Layer k is stored row-major as an (out, in + 1) block [W | b]; the nn.Linear's weight and
    bias become views of that block, so the nn.Module always shows the trained values.
    """

    def __init__(self, spec: NetSpec, model: torch.nn.Sequential):
        self.spec = spec
        linears = [m for m in model if isinstance(m, torch.nn.Linear)]
        self.sizes = [(m.in_features, m.out_features) for m in linears]
        total = sum((i + 1) * o for i, o in self.sizes)
        self.params = torch.zeros(total)
        self.grads = torch.zeros(total)
        self.w_aug_t, self.w_plain, self.g_aug = [], [], []
        offset = 0
        for layer, (n_in, n_out) in zip(linears, self.sizes, strict=True):
            block = self.params[offset: offset + n_out * (n_in + 1)].view(n_out, n_in + 1)
            block[:, :n_in].copy_(layer.weight.detach())
            block[:, n_in].copy_(layer.bias.detach())
            layer.weight.data = block[:, :n_in]
            layer.bias.data = block[:, n_in]
            self.w_aug_t.append(block.t())
            self.w_plain.append(block[:, :n_in])
            self.g_aug.append(
                self.grads[offset: offset + n_out * (n_in + 1)].view(n_out, n_in + 1))
            offset += n_out * (n_in + 1)
        self.forward_act = _ACTIVATION_FORWARD[spec.activation]
        self.backward_act = _ACTIVATION_BACKWARD[spec.activation]
        self.keep = 1.0 - spec.dropout
        self._buffers: dict[int, _Buffers] = {}
        self._task = task_of(spec)
        self._loss_slope = self._task.loss_slope  # bound once: the step never asks the task
        self.grad_scale: torch.Tensor | None = None

    def step(self, xb: torch.Tensor, yb: torch.Tensor, generator: torch.Generator):
        """Forward and backward for one batch, leaving batch * (mean-loss gradient) in
        self.grads; the optimizer divides by self.grad_scale (see _Buffers.scale)."""
        size = xb.shape[0]
        buf = self._buffers.get(size)
        if buf is None:
            buf = self._buffers[size] = _Buffers(self.sizes, size, self.keep < 1.0,
                                                  self._task.slope_factor)
        self.grad_scale = buf.scale
        n_hidden = len(self.sizes) - 1
        a = xb
        for k in range(n_hidden):
            if buf.dropout:
                torch.mm(a, self.w_aug_t[k], out=buf.pre[k])
                self.forward_act(buf.pre[k])
                # nn.Dropout's recipe: keep with probability `keep`, scale kept values by 1/keep.
                buf.noise[k].bernoulli_(self.keep, generator=generator).div_(self.keep)
                torch.mul(buf.pre[k], buf.noise[k], out=buf.part[k])
            else:
                self.forward_act(torch.mm(a, self.w_aug_t[k], out=buf.part[k]))
            a = buf.aug[k]
        out = torch.mm(a, self.w_aug_t[-1], out=buf.out)
        self._loss_slope(out, yb, buf.slope[-1])
        for k in range(n_hidden, -1, -1):
            inputs = buf.aug[k - 1] if k else xb
            torch.mm(buf.slope_t[k], inputs, out=self.g_aug[k])
            if k:
                grad = torch.mm(buf.slope[k], self.w_plain[k], out=buf.tmp[k - 1])
                if buf.dropout:
                    grad.mul_(buf.noise[k - 1])
                    self.backward_act(grad, buf.pre[k - 1], buf.slope[k - 1])
                else:
                    self.backward_act(grad, buf.part[k - 1], buf.slope[k - 1])


class _Buffers:
    """Preallocated tensors for one batch size, with their transposed views made once."""

    def __init__(self, sizes, batch: int, dropout: bool, slope_factor: float):
        hidden = [n_out for _, n_out in sizes[:-1]]
        self.dropout = dropout
        # Hidden outputs carry a trailing column of ones: the next layer's bias input.
        self.aug = [torch.ones(batch, h + 1) for h in hidden]
        self.part = [a[:, :h] for a, h in zip(self.aug, hidden, strict=True)]
        self.pre = [torch.empty(batch, h) for h in hidden] if dropout else []
        self.noise = [torch.empty(batch, h) for h in hidden] if dropout else []
        self.tmp = [torch.empty(batch, h) for h in hidden]
        self.out = torch.empty(batch, sizes[-1][1])
        self.slope = [torch.empty(batch, n_out) for _, n_out in sizes]
        self.slope_t = [s.t() for s in self.slope]
        # The optimizer divides the summed slopes by this: batch for the cross-entropies,
        # batch / 2 for squared error (whose slope is 2 * (output - target) / batch).
        self.scale = torch.tensor(batch / slope_factor)


class _FlatOptimizer:
    """SGD, SGD with momentum, or Adam over the flat parameter tensor (torch's formulas)."""

    def __init__(self, config: TrainConfig, net: _FlatNet, fused: bool | None = None):
        self.config = config
        self.net = net
        self.fused = _FUSED_OK if fused is None else fused
        self.kind = config.optimizer
        self.exp_avg = torch.zeros_like(net.params)
        self.exp_avg_sq = torch.zeros_like(net.params)
        self.momentum_buffer = torch.zeros_like(net.params)
        self.step_count = torch.zeros(())  # a float tensor, as torch.optim.Adam keeps it
        self._one = torch.ones(())
        self.steps = 0
        self.step = self._step_fused if self.fused else self._step_plain

    def _step_fused(self):
        net, cfg = self.net, self.config
        if self.kind == "adam":
            self.step_count.add_(self._one)
            torch._fused_adam_(
                [net.params], [net.grads], [self.exp_avg], [self.exp_avg_sq], [],
                [self.step_count], lr=cfg.lr, beta1=ADAM_BETAS[0], beta2=ADAM_BETAS[1],
                weight_decay=cfg.weight_decay, eps=ADAM_EPS, amsgrad=False, maximize=False,
                grad_scale=net.grad_scale,
            )
        else:
            momentum = cfg.momentum if self.kind == "momentum" else 0.0
            torch._fused_sgd_(
                [net.params], [net.grads], [self.momentum_buffer] if momentum else [],
                weight_decay=cfg.weight_decay, momentum=momentum, lr=cfg.lr, dampening=0.0,
                nesterov=False, maximize=False, is_first_step=self.steps == 0,
                grad_scale=net.grad_scale,
            )
        self.steps += 1

    def _step_plain(self):
        """The same updates in public ops (torch.optim's single-tensor formulas)."""
        net, cfg = self.net, self.config
        grad = net.grads.div_(net.grad_scale)
        if cfg.weight_decay:
            grad = grad.add(net.params, alpha=cfg.weight_decay)
        self.steps += 1
        if self.kind == "adam":
            beta1, beta2 = ADAM_BETAS
            self.exp_avg.lerp_(grad, 1 - beta1)
            self.exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
            bias1 = 1 - beta1**self.steps
            bias2_sqrt = math.sqrt(1 - beta2**self.steps)
            denom = (self.exp_avg_sq.sqrt() / bias2_sqrt).add_(ADAM_EPS)
            net.params.addcdiv_(self.exp_avg, denom, value=-cfg.lr / bias1)
        elif self.kind == "momentum":
            if self.steps == 1:
                self.momentum_buffer.copy_(grad)
            else:
                self.momentum_buffer.mul_(cfg.momentum).add_(grad)
            net.params.add_(self.momentum_buffer, alpha=-cfg.lr)
        else:
            net.params.add_(grad, alpha=-cfg.lr)
