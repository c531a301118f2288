"""The frames a worker records for replay are the network's own answers at each epoch shown."""

import dataclasses
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from nnviz.core.spec import NetSpec, TrainConfig
from nnviz.jobs import pool
from nnviz.jobs.job import MAX_FRAMES, TrainingJob
from nnviz.jobs.results import SharedResults
from nnviz.jobs.run import Run
from nnviz.jobs.work import train_chunk
from tests.unit.jobs.conftest import moons_job, same_training

GRID = np.stack(np.meshgrid(np.linspace(-2, 3, 7), np.linspace(-1.5, 2, 5)), -1).reshape(-1, 2)


def answers_epoch_by_epoch(job: TrainingJob, epochs: list[int]) -> dict[int, np.ndarray]:
    """The reference: a plain Trainer stepped one epoch at a time, asked at the epochs wanted."""
    trainer, seen = job.trainer(), {}
    for epoch in range(job.config.epochs + 1):
        if epoch in epochs:
            seen[epoch] = trainer.predict_proba(GRID)
        if epoch < job.config.epochs:
            trainer.run(max_epochs=1)
    return seen


def test_a_binary_job_records_the_probability_at_every_epoch_shown():
    job = moons_job(epochs=12).recording(GRID, every=5)
    result = train_chunk(job, None, 12)
    assert result.frame_epochs.tolist() == [0, 5, 10, 12]  # the start, every 5th, the end
    assert result.frames.shape == (4, len(GRID)) and result.frames.dtype == np.uint8
    reference = answers_epoch_by_epoch(job, [0, 5, 10, 12])
    for epoch, frame in zip(result.frame_epochs, result.frames, strict=True):
        assert np.abs(frame / 255 - reference[epoch]).max() <= 0.5 / 255 + 1e-6


def test_recording_changes_nothing_about_the_training():
    plain = moons_job(epochs=12, dropout=0.2)
    recorded = train_chunk(plain.recording(GRID), None, 12).checkpoint
    trainer = plain.trainer()
    trainer.run()
    assert np.array_equal(recorded.params, trainer.checkpoint().params)
    assert recorded.rows == tuple(trainer.checkpoint().rows)


def test_multiclass_frames_hold_every_class_and_regression_frames_the_numbers():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(60, 2)).astype(np.float32)
    classes = TrainingJob(NetSpec(2, (5,), task="multiclass", n_classes=3),
                          TrainConfig(epochs=4, batch_size=10), x, rng.integers(0, 3, 60))
    frames = train_chunk(classes.recording(GRID), None, 4).frames
    assert frames.shape == (5, len(GRID), 3)
    assert np.all(np.abs(frames.astype(int).sum(axis=2) - 255) <= 2)  # shares of one answer
    numbers = TrainingJob(NetSpec(2, (5,), task="regression"),
                          TrainConfig(epochs=4, batch_size=10), x, x @ [1.0, 2.0])
    result = train_chunk(numbers.recording(x[:9]), None, 4)
    trainer = numbers.trainer()
    trainer.run()
    assert result.frames.dtype == np.float32
    np.testing.assert_array_equal(result.frames[-1], trainer.outputs(x[:9]))


def test_a_long_run_records_at_most_max_frames():
    job = moons_job(epochs=1000).recording(GRID)
    assert job.epochs_per_frame == 4 and job.config.epochs / job.epochs_per_frame <= MAX_FRAMES


def test_a_run_in_chunks_gathers_the_same_frames_as_one_chunk(monkeypatch):
    threads = ThreadPoolExecutor(1)
    monkeypatch.setattr(pool, "submit", lambda fn, *a: (threads.submit(fn, *a), threads))
    job = moons_job(epochs=12).recording(GRID, every=2)
    whole = train_chunk(job, None, 12)
    run = Run(job.in_chunks_of(5), SharedResults(2**26))
    while not run.finished:
        run.advance(wait=30)
    epochs, frames = run.frames()
    assert epochs.tolist() == whole.frame_epochs.tolist() == [0, 2, 4, 6, 8, 10, 12]
    np.testing.assert_array_equal(frames, whole.frames)
    straight = job.trainer()
    straight.run()
    assert same_training(run.net, straight)
    threads.shutdown()


def test_a_diverged_run_records_no_frame_of_its_blown_up_answers():
    x = np.random.default_rng(0).normal(size=(60, 2)) * 100
    job = TrainingJob(NetSpec(2, (8,), task="regression"),
                      TrainConfig(optimizer="sgd", lr=1.0, epochs=30, batch_size=10),
                      x, x @ [3.0, -1.0]).recording(x[:4], every=1)
    result = train_chunk(job, None, 30)
    assert result.checkpoint.diverged
    assert len(result.frame_epochs) == result.checkpoint.epochs_done  # all but the blown-up one
    assert np.isfinite(result.frames[:1]).all()


@pytest.mark.parametrize("every", [0, 3])
def test_the_probe_and_its_spacing_are_part_of_the_key(every):
    job = moons_job()
    assert job.recording(GRID, every).key != job.key
    assert job.recording(GRID + 1, every).key != job.recording(GRID, every).key
    assert dataclasses.replace(job.recording(GRID, every)).key == job.recording(GRID, every).key
