"""A job is a plain value: its key says which jobs must give the same result."""

import dataclasses
import pickle

import numpy as np
import pytest

from nnviz.jobs.job import STEPS_PER_CHUNK, TrainingJob
from tests.unit.jobs.conftest import moons_job


def test_equal_contents_give_one_key_and_any_difference_another(job):
    assert moons_job().key == job.key  # built again from equal arrays
    x = job.x_train.copy()
    x[5, 1] += 1e-6
    changed = TrainingJob(job.spec, job.config, x, job.y_train, job.x_val, job.y_val)
    assert changed.key != job.key
    other_seed = TrainingJob(job.spec, dataclasses.replace(job.config, seed=1), *job._arrays)
    assert other_seed.key != job.key
    assert job.in_chunks_of(3).key != job.key
    no_val = TrainingJob(job.spec, job.config, job.x_train, job.y_train)
    assert no_val.key != job.key


def test_a_job_keeps_its_own_read_only_rows():
    x = np.zeros((4, 2))
    y = np.array([0, 1, 0, 1])
    job = moons_job()
    job = TrainingJob(job.spec, job.config, x, y)
    x[0, 0] = 7.0  # the caller changes theirs afterwards
    assert job.x_train[0, 0] == 0.0
    with pytest.raises(ValueError):
        job.x_train[0, 0] = 1.0
    assert job.x_train.dtype == np.float32 and job.y_train.dtype == np.int64


def test_an_empty_validation_set_is_no_validation_set(job):
    empty = TrainingJob(job.spec, job.config, job.x_train, job.y_train,
                        job.x_val[:0], job.y_val[:0])
    assert empty.x_val is None and empty.trainer().n_val == 0


def test_chunks_are_sized_from_the_steps_an_epoch_takes(job):
    per_epoch = 120 // 16 + 1  # 8 batches of up to 16 rows
    long = TrainingJob(job.spec, dataclasses.replace(job.config, epochs=10_000), *job._arrays)
    assert long.epochs_per_chunk == STEPS_PER_CHUNK // per_epoch
    assert long.n_chunks == -(-10_000 // (STEPS_PER_CHUNK // per_epoch))
    assert job.epochs_per_chunk == job.config.epochs  # a short job is one chunk
    assert job.in_chunks_of(5).n_chunks == 3  # 12 epochs: 5 + 5 + 2


def test_a_job_survives_pickling_with_its_key(job):
    again = pickle.loads(pickle.dumps(job))
    assert again.key == job.key and np.array_equal(again.x_val, job.x_val)


def test_unusable_rows_are_refused_in_plain_words(job):
    with pytest.raises(ValueError, match="target"):
        TrainingJob(job.spec, job.config, job.x_train, job.y_train + 5).trainer()
