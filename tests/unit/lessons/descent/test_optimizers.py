"""Each optimizer's first 50 steps against torch.optim on the same surface and start."""

import numpy as np
import pytest
import torch

from nnviz.core.spec import OPTIMIZERS
from nnviz.lessons.descent import surfaces, walk
from nnviz.lessons.descent.optimizers import KINDS, Optimizer, State, current_name, make

torch.set_num_threads(1)
STEPS = 50


def torch_walk(s, start, optimizer_factory, steps=STEPS):
    """Where torch.optim takes the same start, with torch.autograd computing the slope."""
    p = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    opt = optimizer_factory([p])
    points = [p.detach().numpy().copy()]
    for _ in range(steps):
        opt.zero_grad()
        s.height(p[0], p[1]).backward()
        opt.step()
        points.append(p.detach().numpy().copy())
    return np.array(points)


def our_walk(s, start, optimizer, steps=STEPS):
    return walk(s.loss, s.gradient, start, optimizer, steps).points


CASES = [
    # surface, start, (our optimizer), torch factory
    ("bowl", None, Optimizer("sgd", 0.1), lambda ps: torch.optim.SGD(ps, lr=0.1)),
    ("ravine", None, Optimizer("sgd", 0.2), lambda ps: torch.optim.SGD(ps, lr=0.2)),
    ("banana", None, Optimizer("sgd", 0.001), lambda ps: torch.optim.SGD(ps, lr=0.001)),
    ("house", None, Optimizer("sgd", 0.002), lambda ps: torch.optim.SGD(ps, lr=0.002)),
    ("ravine", None, Optimizer("momentum", 0.05, beta=0.9),
     lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9)),
    ("two_valleys", None, Optimizer("momentum", 0.02, beta=0.5),
     lambda ps: torch.optim.SGD(ps, lr=0.02, momentum=0.5)),
    ("banana", None, Optimizer("momentum", 0.0005, beta=0.95),
     lambda ps: torch.optim.SGD(ps, lr=0.0005, momentum=0.95)),
    ("house", None, Optimizer("momentum", 0.001, beta=0.9),
     lambda ps: torch.optim.SGD(ps, lr=0.001, momentum=0.9)),
    ("bowl", None, Optimizer("adam", 0.2), lambda ps: torch.optim.Adam(ps, lr=0.2)),
    ("saddle", None, Optimizer("adam", 0.1, beta=0.8),
     lambda ps: torch.optim.Adam(ps, lr=0.1, betas=(0.8, 0.999))),
    ("banana", None, Optimizer("adam", 0.05), lambda ps: torch.optim.Adam(ps, lr=0.05)),
    ("house", None, Optimizer("adam", 5.0), lambda ps: torch.optim.Adam(ps, lr=5.0)),
    ("house_normalized", (1.5, -1.2), Optimizer("adam", 0.1, beta=0.5),
     lambda ps: torch.optim.Adam(ps, lr=0.1, betas=(0.5, 0.999))),
]


@pytest.mark.parametrize("key, start, ours, theirs", CASES,
                         ids=[f"{c[0]}-{c[2].kind}-{c[2].lr}" for c in CASES])
def test_first_50_steps_match_torch_optim(key, start, ours, theirs):
    s = surfaces.surface_by_key(key)
    start = s.start if start is None else start
    expected = torch_walk(s, start, theirs)
    got = our_walk(s, start, ours)
    assert got.shape == expected.shape == (STEPS + 1, 2)
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-6)
    assert not np.allclose(got[-1], got[0])  # the walk really went somewhere


def test_gradient_descent_is_the_rule_on_the_page():
    g = np.array([3.0, -4.0])
    assert np.array_equal(Optimizer("sgd", 0.25).update(g, State()), -0.25 * g)


def test_momentum_remembers_the_last_step():
    opt, state = Optimizer("momentum", 0.1, beta=0.5), State()
    first = opt.update(np.array([2.0]), state)
    second = opt.update(np.array([2.0]), state)
    assert first == pytest.approx([-0.2]) and second == pytest.approx([-0.1 * (0.5 * 2 + 2)])


def test_adam_first_step_is_about_the_learning_rate_whatever_the_slope():
    # Bias correction makes Adam's first step lr * sign(slope), nearly independent of size.
    for g in (1e-3, 1.0, 1e4):
        step = Optimizer("adam", 0.05).update(np.array([g, -g]), State())
        np.testing.assert_allclose(step, [-0.05, 0.05], rtol=1e-4)


@pytest.mark.parametrize("kwargs, message", [
    ({"kind": "rmsprop"}, "unknown optimizer"),
    ({"lr": 0.0}, "positive"),
    ({"lr": -1.0}, "positive"),
    ({"lr": float("nan")}, "positive"),
    ({"lr": float("inf")}, "positive"),
    ({"beta": 1.0}, "beta"),
    ({"beta": -0.1}, "beta"),
])
def test_bad_settings_are_clear_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Optimizer(**kwargs)


def test_labels_name_the_settings():
    assert make("sgd", 0.01).label == "Plain gradient descent, lr 0.01"
    assert make("momentum", 0.5, 0.9).label == "Momentum (beta 0.9), lr 0.5"
    assert make("adam", 2).label == "Adam, lr 2"


def test_the_lesson_names_optimizers_as_the_training_settings_do():
    assert set(KINDS) == set(OPTIMIZERS)
    assert Optimizer().kind == "sgd"


def test_old_links_name_plain_gradient_descent_gd():
    assert current_name("gd") == "sgd"
    assert [current_name(k) for k in KINDS] == list(KINDS)
    assert current_name("rmsprop") == "rmsprop"  # not ours to fix: the page falls back
