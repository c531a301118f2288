import numpy as np
import pytest
from sklearn.datasets import make_moons

from nnviz.core.spec import NetSpec, TrainConfig
from nnviz.core.trained import TrainedNet
from nnviz.jobs.job import TrainingJob


def moons_job(epochs: int = 12, seed: int = 0, **spec_settings) -> TrainingJob:
    x, y = make_moons(160, noise=0.2, random_state=1)
    spec = NetSpec(2, **{"hidden": (8, 8), **spec_settings})
    return TrainingJob(spec, TrainConfig(epochs=epochs, batch_size=16, seed=seed),
                       x[:120], y[:120], x[120:], y[120:])


@pytest.fixture
def job() -> TrainingJob:
    return moons_job()


def _checkpoint(network):
    """A Trainer's checkpoint, or the one a page's TrainedNet took in."""
    return network.saved if isinstance(network, TrainedNet) else network.checkpoint()


def same_training(a, b) -> bool:
    """Bit for bit: the same weights, optimizer state and history."""
    ca, cb = _checkpoint(a), _checkpoint(b)
    return (np.array_equal(ca.params, cb.params) and np.array_equal(ca.exp_avg, cb.exp_avg)
            and a.history.equals(b.history) and ca.steps_done == cb.steps_done)
