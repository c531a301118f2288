"""A run trains ahead: each chunk, as it finishes, hands out the next, whether or not the page
is asking; the page takes them in by the clock, and Stop halts the chain."""

from concurrent.futures import Future

import numpy as np
import pytest

from nnviz.jobs import pool
from nnviz.jobs import run as run_module
from nnviz.jobs.results import SharedResults
from nnviz.jobs.run import Run
from tests.unit.jobs.conftest import moons_job, same_training


class Worker:
    """A pool whose chunks finish only when the test says so: `finish()` trains the oldest
    chunk handed out (in this process) and completes its future."""

    def __init__(self):
        self.queue: list[tuple[Future, object, tuple]] = []
        self.handed_out = 0  # chunks with epochs (not the fresh weights a new Run asks for)

    def submit(self, fn, *args):
        future = Future()
        self.queue.append((future, fn, args))
        self.handed_out += bool(args[-1])
        return future, None

    def finish(self, n: int = 1) -> None:
        for _ in range(n):
            future, fn, args = self.queue.pop(0)
            future.set_result(fn(*args))  # its callbacks (the chain) run here and now


@pytest.fixture
def worker(monkeypatch):
    worker = Worker()
    monkeypatch.setattr(pool, "submit", worker.submit)
    return worker


@pytest.fixture
def clock(monkeypatch):
    now = [100.0]
    monkeypatch.setattr(run_module.time, "monotonic", lambda: now[0])
    monkeypatch.setattr(run_module.time, "sleep", lambda s: now.__setitem__(0, now[0] + s))
    return now


def test_each_finished_chunk_hands_out_the_next_without_the_page_asking(worker, clock):
    job = moons_job(epochs=12).recording(np.zeros((4, 2))).in_chunks_of(3)
    run = Run(job, SharedResults(2**26))
    worker.finish()  # the fresh weights
    run.pace(1.0)
    run.start()
    assert worker.handed_out == 1
    for expected in (2, 3, 4):
        worker.finish()  # no advance() between: the chain goes on by itself
        assert worker.handed_out == expected
    assert not run.trained_out
    worker.finish()
    assert run.trained_out and worker.handed_out == 4 and not worker.queue
    # Trained, but shown by the clock: the first chunk at once, then one a second.
    assert run.advance(wait=0) == 1 and run.net.epochs_done == 3
    assert run.reveal_seconds() == pytest.approx(3.0)
    epochs_ahead, _ = run.frames(ahead=True)
    epochs_shown, _ = run.frames()
    assert list(epochs_ahead) == list(range(13)) and list(epochs_shown) == list(range(4))
    clock[0] += 3.0
    assert run.advance(wait=0) == 3 and run.finished and run.reveal_seconds() == 0
    straight = job.trainer()
    straight.run()
    assert same_training(run.net, straight)  # chained chunks are the uninterrupted run


def test_stop_halts_the_chain_and_resume_goes_on_from_what_was_shown(worker, clock):
    job = moons_job(epochs=12).in_chunks_of(3)
    run = Run(job, SharedResults(2**26))
    worker.finish()
    run.pace(1.0)
    run.start()
    worker.finish()  # chunk 1 done, chunk 2 handed out
    assert run.advance(wait=0) == 1
    run.halt()  # Stop
    worker.finish()  # chunk 2 finishes into the shared results...
    assert worker.handed_out == 2 and not worker.queue  # ...and hands out nothing more
    clock[0] += 10
    assert run.net.epochs_done == 3  # a stopped run shows what it showed
    run.pace(1.0)  # Resume
    run.start()  # chunk 2 comes from the shared results at once, chunk 3 is handed out
    assert worker.handed_out == 3
    assert run.advance(wait=0) == 1 and run.net.epochs_done == 6


def test_train_ahead_waits_for_the_whole_job_and_says_whether_it_came(worker):
    job = moons_job(epochs=6).in_chunks_of(3)
    run = Run(job, SharedResults(2**26))
    worker.finish()
    run.start()
    assert run.train_ahead(wait=0.01) is False  # the worker has not trained anything
    worker.finish(2)
    assert run.train_ahead(wait=0.01) is True and run.net.epochs_done == 0
