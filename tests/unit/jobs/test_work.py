"""A run in chunks, handed from checkpoint to checkpoint, is the same run bit for bit."""

import dataclasses

import numpy as np
import pytest

from nnviz.core.spec import NetSpec, TrainConfig
from nnviz.jobs.job import TrainingJob
from nnviz.jobs.work import train_chunk
from tests.unit.jobs.conftest import moons_job, same_training


def in_chunks(job: TrainingJob, epochs_each: int):
    trainer, saved = job.trainer(), None
    done = 0
    while done < job.config.epochs:
        saved = train_chunk(job, saved, min(epochs_each, job.config.epochs - done)).checkpoint
        done = saved.epochs_done
        if saved.diverged:
            break
    trainer.restore(saved)
    return trainer


@pytest.mark.parametrize("epochs_each", [1, 5, 12])
@pytest.mark.parametrize("settings", [
    {},
    {"dropout": 0.3},  # dropout draws from the model's random stream: it must carry on
    {"activation": "tanh"},
])
def test_chunks_give_the_uninterrupted_run(epochs_each, settings):
    job = moons_job(**settings)
    straight = job.trainer()
    straight.run()
    assert same_training(in_chunks(job, epochs_each), straight)


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
def test_every_optimizer_carries_its_state_across_chunks(optimizer):
    job = moons_job()
    job = TrainingJob(job.spec, dataclasses.replace(job.config, optimizer=optimizer, lr=0.05),
                      *job._arrays)
    straight = job.trainer()
    straight.run()
    chunked = in_chunks(job, 4)
    assert same_training(chunked, straight)
    assert np.array_equal(chunked.checkpoint().momentum_buffer,
                          straight.checkpoint().momentum_buffer)


def test_regression_and_multiclass_jobs_too():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(90, 3)).astype(np.float32)
    for spec, y in ((NetSpec(3, (6,), task="regression"), x @ [1.0, -2.0, 0.5]),
                    (NetSpec(3, (6,), task="multiclass", n_classes=3), rng.integers(0, 3, 90))):
        job = TrainingJob(spec, TrainConfig(epochs=9, batch_size=10), x[:70], y[:70],
                          x[70:], y[70:])
        straight = job.trainer()
        straight.run()
        assert same_training(in_chunks(job, 2), straight)


def test_a_diverging_run_stops_in_its_chunk_and_says_why():
    x = np.random.default_rng(0).normal(size=(60, 2)) * 100  # big raw inputs, big steps
    job = TrainingJob(NetSpec(2, (8,), task="regression"),
                      TrainConfig(optimizer="sgd", lr=1.0, epochs=30, batch_size=10),
                      x, x @ [3.0, -1.0])
    trainer = in_chunks(job, 10)
    assert trainer.diverged and trainer.finished and "blew up" in trainer.message
    assert trainer.epochs_done < 30


def test_restoring_copies_and_refuses_another_shape(job):
    trainer = job.trainer()
    trainer.run(max_epochs=3)
    saved = trainer.checkpoint()
    twin = job.trainer()
    twin.restore(saved)
    twin.run()  # training the twin on must not move the checkpoint it came from
    assert np.array_equal(saved.params, trainer.checkpoint().params)
    wider = moons_job(hidden=(9, 8)).trainer()
    with pytest.raises(ValueError, match="another shape"):
        wider.restore(saved)


def test_a_checkpoint_is_taken_between_epochs_only(job):
    trainer = job.trainer()
    trainer.run(max_seconds=0.0)  # stops after its first step, mid-epoch
    with pytest.raises(RuntimeError, match="between epochs"):
        trainer.checkpoint()


def test_a_worker_loads_torch_and_the_engine_but_no_table_or_symbolic_libraries():
    """Whatever the forkserver imports, every worker shares, and pays for in the pool's memory:
    training needs torch and numpy, not pandas / pyarrow (tables are drawn by the server) nor
    sympy (which torch.nn.utils.skip_init pulled in through the meta device)."""
    import subprocess
    import sys

    probe = ("import sys, torch, nnviz.jobs.preload\n"
             "from nnviz.core.spec import NetSpec\n"
             "from nnviz.core.models import build_model\n"
             "torch.manual_seed(5); before = torch.rand(3)\n"
             "torch.manual_seed(5); build_model(NetSpec(2, (4,)), seed=1); after = torch.rand(3)\n"
             "print(bool(torch.equal(before, after)))\n"
             "print(sorted(m for m in ('pandas', 'pyarrow', 'sympy', 'sklearn', 'scipy', "
             "'streamlit') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         timeout=300, check=True).stdout.split("\n")
    assert out[0] == "True"  # building a network leaves the global random stream alone
    assert out[1] == "[]"
