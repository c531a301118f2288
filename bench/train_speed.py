"""How fast nnviz trains a small network, against its two peers, measured in one process.

Run: python -m bench.train_speed            (the reference job)
     python -m bench.train_speed --dataset digits --layers 64,64 --epochs 30

The reference job: make_moons with 1,000 points and noise 0.2, a 2-20-20-1 ReLU network, Adam
at 0.001, 200 epochs, batch size 32. Each contender trains the same split (80 / 20, inputs
standardized on the training part) with the same layers, epochs, batch size and learning rate:

- nnviz:     nnviz.core.engine.Trainer, in this process
- nnviz-job: the same training as the app's pages run it: a TrainingJob handed to the worker
             pool chunk by chunk (nnviz.jobs.run.Run), each chunk's checkpoint sent back and
             restored here; results are not shared between repeats, so every repeat trains.
             The pool is started before timing (a page starts it as it opens); its start is
             printed on its own
- sklearn:   MLPClassifier(solver="adam", alpha=0, no early stopping, tol=0 and a patience
             longer than the run, so it runs every epoch)
- textbook:  the PyTorch tutorial loop: DataLoader(shuffle=True), autograd, torch.optim.Adam,
             optimizer.zero_grad() / loss.backward() / optimizer.step(), loss.item() per step,
             torch's default thread count
- textbook-1t: the same loop with torch.set_num_threads(1)

Each contender runs `--repeats` times, interleaved with the others so a busy neighbour on a
shared machine slows all of them alike; the best time of each is reported, with the ratios and
each one's accuracy on the held-out 20 %.
"""

from __future__ import annotations

import argparse
import math
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import sklearn
import torch
from sklearn import datasets
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from nnviz.core.engine import TrainConfig, Trainer
from nnviz.core.models import NetSpec
from nnviz.core.prep import prepare

DATASETS = ("moons", "circles", "blobs", "iris", "wine", "digits", "breast_cancer")
SKLEARN_ACTIVATION = {"relu": "relu", "tanh": "tanh", "sigmoid": "logistic"}


@dataclass(frozen=True)
class Job:
    dataset: str = "moons"
    n_samples: int = 1000
    noise: float = 0.2
    layers: tuple[int, ...] = (20, 20)
    activation: str = "relu"
    epochs: int = 200
    batch_size: int = 32
    lr: float = 0.001
    seed: int = 0


def load(job: Job) -> tuple[np.ndarray, np.ndarray]:
    if job.dataset == "moons":
        return datasets.make_moons(job.n_samples, noise=job.noise, random_state=job.seed)
    if job.dataset == "circles":
        return datasets.make_circles(job.n_samples, noise=job.noise, factor=0.5,
                                     random_state=job.seed)
    if job.dataset == "blobs":
        return datasets.make_blobs(job.n_samples, centers=4, cluster_std=2.0,
                                   random_state=job.seed)
    loader = getattr(datasets, f"load_{job.dataset}")
    return loader(return_X_y=True)


def n_classes(y) -> int:
    return len(np.unique(y))


def spec_for(job: Job, n_inputs: int, classes: int) -> NetSpec:
    task = "binary" if classes == 2 else "multiclass"
    return NetSpec(n_inputs, job.layers, job.activation, task, n_classes=max(classes, 2))


def run_nnviz(job: Job, x, y, x_test, y_test) -> float:
    spec = spec_for(job, x.shape[1], n_classes(y))
    config = TrainConfig("adam", job.lr, job.epochs, job.batch_size, seed=job.seed)
    trainer = Trainer(spec, config, x, y)
    trainer.run()
    return float((trainer.predict(x_test) == y_test).mean())


def run_nnviz_job(job: Job, x, y, x_test, y_test) -> float:
    from nnviz.jobs.job import TrainingJob
    from nnviz.jobs.results import SharedResults
    from nnviz.jobs.run import Run

    spec = spec_for(job, x.shape[1], n_classes(y))
    config = TrainConfig("adam", job.lr, job.epochs, job.batch_size, seed=job.seed)
    run = Run(TrainingJob(spec, config, x, y), SharedResults(2**26))  # nothing shared
    run.settle(wait=60)  # the fresh weights, drawn on a worker, as a page asks for them
    while not (run.finished or run.problem):
        run.advance(wait=1.0)
    if run.problem:
        raise RuntimeError(run.problem)
    return float((run.net.predict(x_test) == y_test).mean())


def start_pool() -> float:
    """Seconds until every worker of the pool answers (a page does this as it opens)."""
    from nnviz.jobs import pool

    start = time.perf_counter()
    pool.warm()
    futures = [pool.submit(time.sleep, 0.2)[0] for _ in range(pool.workers())]
    for future in futures:
        future.result(timeout=300)
    return time.perf_counter() - start - 0.2


def run_sklearn(job: Job, x, y, x_test, y_test) -> float:
    model = MLPClassifier(
        hidden_layer_sizes=job.layers, activation=SKLEARN_ACTIVATION[job.activation],
        solver="adam", alpha=0.0, batch_size=job.batch_size, learning_rate_init=job.lr,
        max_iter=job.epochs, shuffle=True, random_state=job.seed, early_stopping=False,
        tol=0.0, n_iter_no_change=job.epochs + 1,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(x, y)
    assert model.n_iter_ == job.epochs, "MLPClassifier stopped early"
    return float(model.score(x_test, y_test))


def run_textbook(job: Job, x, y, x_test, y_test) -> float:
    classes = n_classes(y)
    torch.manual_seed(job.seed)
    act = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}[job.activation]
    sizes = (x.shape[1], *job.layers, 1 if classes == 2 else classes)
    layers: list[nn.Module] = []
    for a, b in zip(sizes[:-2], sizes[1:-1], strict=True):
        layers += [nn.Linear(a, b), act()]
    layers.append(nn.Linear(sizes[-2], sizes[-1]))
    model = nn.Sequential(*layers)
    xt = torch.tensor(x, dtype=torch.float32)
    if classes == 2:
        yt, loss_fn = torch.tensor(y, dtype=torch.float32).unsqueeze(1), nn.BCEWithLogitsLoss()
    else:
        yt, loss_fn = torch.tensor(y, dtype=torch.long), nn.CrossEntropyLoss()
    loader = DataLoader(TensorDataset(xt, yt), batch_size=job.batch_size, shuffle=True)
    optimizer = torch.optim.Adam(model.parameters(), lr=job.lr)
    for _ in range(job.epochs):
        model.train()
        running = 0.0
        for xb, yb in loader:
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            running += loss.item() * len(xb)
    model.eval()
    with torch.no_grad():
        logits = model(torch.tensor(x_test, dtype=torch.float32))
        predicted = (logits[:, 0] > 0).long() if classes == 2 else logits.argmax(dim=1)
    return float((predicted.numpy() == y_test).mean())


def run_textbook_one_thread(job: Job, x, y, x_test, y_test) -> float:
    """The same loop with torch limited to one thread: on tiny tensors a second thread mostly
    adds hand-off overhead (a lot of it on a busy machine), so this is the fairer peer for the
    per-step cost alone."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        return run_textbook(job, x, y, x_test, y_test)
    finally:
        torch.set_num_threads(before)


CONTENDERS: dict[str, Callable] = {
    "nnviz": run_nnviz,
    "sklearn": run_sklearn,
    "textbook": run_textbook,
    "textbook-1t": run_textbook_one_thread,
    "nnviz-job": run_nnviz_job,
}


def measure(job: Job, repeats: int,
            only: list[str] | None = None) -> dict[str, tuple[float, float]]:
    """{name: (best seconds, held-out accuracy)} for each contender."""
    x, y = load(job)
    data = prepare(x, y, 0.2, "standardize", seed=job.seed, classify=True).split
    args = (job, data.x_train, data.y_train, data.x_val, data.y_val)
    names = only or list(CONTENDERS)
    best = {name: math.inf for name in names}
    accuracy = {}
    for _ in range(repeats):
        for name in names:
            start = time.perf_counter()
            accuracy[name] = CONTENDERS[name](*args)
            best[name] = min(best[name], time.perf_counter() - start)
    return {name: (best[name], accuracy[name]) for name in names}


def describe(job: Job, n_train: int, n_test: int, n_in: int, n_out: int) -> str:
    layers = "-".join(str(n) for n in (n_in, *job.layers, n_out))
    data = job.dataset + (f" n={job.n_samples} noise={job.noise}"
                          if job.dataset in ("moons", "circles") else "")
    return (f"{data}; {layers} {job.activation}; Adam lr={job.lr}; {job.epochs} epochs; "
            f"batch {job.batch_size}; {n_train} train / {n_test} held-out rows")


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dataset", choices=DATASETS, default="moons")
    parser.add_argument("--n-samples", type=int, default=1000, help="generated datasets only")
    parser.add_argument("--noise", type=float, default=0.2, help="moons and circles only")
    parser.add_argument("--layers", default="20,20", help="hidden nodes per layer, e.g. 20,20")
    parser.add_argument("--activation", choices=list(SKLEARN_ACTIVATION), default="relu")
    parser.add_argument("--epochs", type=int, default=200)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=0.001)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeats", type=int, default=3, help="best of this many runs")
    parser.add_argument("--only", nargs="+", choices=list(CONTENDERS),
                        help="time only these contenders")
    a = parser.parse_args(argv)
    layers = tuple(int(n) for n in a.layers.split(",") if n.strip())
    job = Job(a.dataset, a.n_samples, a.noise, layers, a.activation, a.epochs, a.batch_size,
              a.lr, a.seed)

    x, y = load(job)
    classes = n_classes(y)
    n_test = math.ceil(len(x) * 0.2)
    n_out = 1 if classes == 2 else classes
    print("job:", describe(job, len(x) - n_test, n_test, x.shape[1], n_out))
    print(f"torch {torch.__version__} ({torch.get_num_threads()} threads), "
          f"scikit-learn {sklearn.__version__}, best of {a.repeats}")
    if a.only is None or "nnviz-job" in a.only:
        print(f"  worker pool started in {start_pool():.2f} s (once per server)")
    results = measure(job, a.repeats, a.only)
    for name, (seconds, acc) in results.items():
        print(f"  {name:11s} {seconds:8.3f} s   held-out accuracy {acc:6.1%}")
    for ours_name in ("nnviz", "nnviz-job"):
        if ours_name not in results:
            continue
        ours, our_acc = results[ours_name]
        for peer in ("sklearn", "textbook", "textbook-1t"):
            if peer in results:
                seconds, acc = results[peer]
                print(f"  {ours_name:9s} is {seconds / ours:5.1f}x faster than {peer:11s} "
                      f"(accuracy {100 * (our_acc - acc):+.1f} points)")
    return results


if __name__ == "__main__":
    main()
