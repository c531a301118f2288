"""Identical jobs cost once; results stay within their memory bound; no model is shared."""

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from nnviz.jobs import pool
from nnviz.jobs.results import SharedResults
from nnviz.jobs.run import Run
from tests.unit.jobs.conftest import moons_job, same_training


@pytest.fixture
def submissions(monkeypatch):
    """Chunks run on a thread here (the logic under test is the sharing, not the processes);
    the list records every chunk actually handed to a worker."""
    calls = []
    threads = ThreadPoolExecutor(1)

    def submit(fn, *args):
        if args[-1]:  # not the fresh weights a new Run asks for (0 epochs)
            calls.append(args[2:])
        return threads.submit(fn, *args), threads

    monkeypatch.setattr(pool, "submit", submit)
    yield calls
    threads.shutdown()


def run_to_end(run: Run) -> Run:
    for _ in range(100):
        if run.finished:
            break
        run.advance(wait=30)
    assert run.finished and run.problem is None
    return run


def test_a_second_visitor_with_the_same_job_costs_nothing(submissions):
    results = SharedResults(max_bytes=2**26)
    job = moons_job(epochs=12).in_chunks_of(4)
    first = run_to_end(Run(job, results))
    assert len(submissions) == 3
    second = Run(moons_job(epochs=12).in_chunks_of(4), results)  # built again, equal values
    assert second.advance(wait=0) == 3  # every chunk at once, none trained again
    assert second.finished and len(submissions) == 3
    assert same_training(first.net, second.net)
    # The weights visitors share cannot be changed, by one visitor or another.
    with pytest.raises(ValueError, match="read-only"):
        first.net.saved.params[:] = 0
    assert np.abs(second.net.layers()[0][0]).sum() > 0
    third = Run(job, results)
    third.advance(wait=0)
    assert same_training(third.net, second.net)


def test_different_jobs_are_trained_apart(submissions):
    results = SharedResults(max_bytes=2**26)
    run_to_end(Run(moons_job(seed=0), results))
    run_to_end(Run(moons_job(seed=1), results))
    assert len(submissions) == 2 and len(results) == 4  # each: fresh weights and one chunk


def test_advance_takes_at_most_the_chunks_asked_for_and_keeps_one_under_way(submissions):
    results = SharedResults(max_bytes=2**26)
    job = moons_job(epochs=12).in_chunks_of(3)
    run_to_end(Run(job, results))
    slow = Run(job, results)
    assert slow.advance(wait=0, max_chunks=1) == 1 and slow.net.epochs_done == 3
    assert slow.advance(wait=0, max_chunks=1) == 1 and slow.net.epochs_done == 6


def test_slow_motion_takes_chunks_in_by_the_clock_not_by_how_often_it_is_asked(
        submissions, monkeypatch):
    from nnviz.jobs import run as run_module

    clock = [100.0]
    monkeypatch.setattr(run_module.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(run_module.time, "sleep",
                        lambda seconds: clock.__setitem__(0, clock[0] + seconds))
    results = SharedResults(max_bytes=2**26)
    job = moons_job(epochs=12).in_chunks_of(3)
    run_to_end(Run(job, results))  # every chunk ready: only the pace holds them back
    slow = Run(job, results)
    slow.pace(1.0)
    assert slow.advance(wait=0) == 1 and slow.net.epochs_done == 3  # the first is due at once
    assert slow.advance(wait=0) == 0  # asked again at once: the next is not due
    clock[0] += 2.5  # a busy server asked nothing for 2.5 s: the chunks due meanwhile come
    assert slow.advance(wait=0) == 2 and slow.net.epochs_done == 9
    assert slow.advance(wait=0.2) == 0  # the last is due in 0.5 s, beyond this wait
    assert slow.advance(wait=5) == 1 and slow.finished and clock[0] == 103.0
    fast = Run(job, results)
    fast.pace(None)
    assert fast.advance(wait=0) == 4 and fast.finished


def test_the_memory_bound_drops_the_oldest_results(submissions):
    job = moons_job(epochs=12).in_chunks_of(1)
    one = job.trainer().checkpoint().n_bytes
    results = SharedResults(max_bytes=int(3.5 * one))
    run_to_end(Run(job, results))
    assert len(results) == 3 and results.n_bytes <= 3.5 * one
    again = Run(job, results)
    again.advance(wait=0)
    assert again.net.epochs_done == 0  # the first chunks were dropped: trained again
    run_to_end(again)
    assert len(submissions) == 24


def test_a_failing_chunk_is_told_and_not_kept(monkeypatch):
    results = SharedResults(max_bytes=2**26)
    threads = ThreadPoolExecutor(1)

    def boom(*_):
        raise RuntimeError("no memory left")

    monkeypatch.setattr(pool, "submit", lambda fn, *args: (threads.submit(boom), threads))
    run = Run(moons_job(), results)
    run.advance(wait=30)
    assert run.problem == "Training failed: no memory left" and len(results) == 0
    threads.shutdown()


def test_results_are_read_only_numbers(submissions):
    results = SharedResults(max_bytes=2**26)
    run_to_end(Run(moons_job(), results))
    assert len(results) == 2  # the fresh weights and the one chunk
    for saved in results._done.values():
        arrays = [a for a in vars(saved.checkpoint).values() if isinstance(a, np.ndarray)]
        assert len(arrays) == 6 and not any(a.flags.writeable for a in arrays)
        assert not saved.frame_epochs.flags.writeable


def test_train_all_trains_a_batch_side_by_side_and_reports_progress(submissions):
    from nnviz.jobs.run import train_all

    jobs = [moons_job(seed=seed) for seed in (0, 1, 2)]
    seen = []
    nets = train_all(jobs, on_progress=seen.append, results=SharedResults(2**26))
    for job, net in zip(jobs, nets, strict=True):
        straight = job.trainer()
        straight.run()
        assert same_training(net, straight)
    assert seen[-1] == 1.0 and seen == sorted(seen)


def test_train_all_says_why_a_job_failed(monkeypatch):
    from nnviz.jobs.run import TrainingFailed, train_all

    threads = ThreadPoolExecutor(1)

    def boom(*_):
        raise RuntimeError("no memory left")

    monkeypatch.setattr(pool, "submit", lambda fn, *args: (threads.submit(boom), threads))
    with pytest.raises(TrainingFailed, match="no memory left"):
        train_all([moons_job()], results=SharedResults(2**26))
    threads.shutdown()


def test_no_reachable_worker_is_told_not_raised(monkeypatch):
    from nnviz.jobs.run import NO_WORKERS

    def unreachable(*_):
        raise OSError("Timed out trying to connect to tcp://10.0.0.9:8786")

    monkeypatch.setattr(pool, "submit", unreachable)
    run = Run(moons_job(), SharedResults(2**26))
    assert run.advance(wait=1) == 0
    assert run.problem.startswith(NO_WORKERS) and "tcp://10.0.0.9:8786" in run.problem
