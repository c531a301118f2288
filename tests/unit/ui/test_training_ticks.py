"""Ticks slow down as more visitors train at once, and visitors who stopped stop counting."""

import pytest

from nnviz.ui import training


@pytest.fixture
def clock(monkeypatch):
    now = [50.0]
    monkeypatch.setattr(training.time, "monotonic", lambda: now[0])
    monkeypatch.setattr(training, "_ticking", {})
    return now


def test_up_to_full_rate_every_visitor_ticks_at_the_page_rate(clock):
    runs = [object() for _ in range(training.FULL_RATE_RUNS)]
    assert [training.tick_every(run, 0.2) for run in runs] == [0.2] * len(runs)


def test_beyond_it_every_visitor_ticks_less_often_in_proportion(clock):
    runs = [object() for _ in range(4 * training.FULL_RATE_RUNS)]
    for run in runs[:-1]:
        training.tick_every(run, 0.2)
    assert training.tick_every(runs[-1], 0.2) == pytest.approx(0.8)
    training._stopped_ticking(runs[0])
    assert training.tick_every(runs[-1], 0.2) == pytest.approx(0.2 * 19 / 5)


def test_a_visitor_who_stopped_ticking_is_forgotten(clock):
    gone = [object() for _ in range(3 * training.FULL_RATE_RUNS)]
    for run in gone:
        training.tick_every(run, 0.2)
    clock[0] += training.GONE_AFTER + 0.1
    assert training.tick_every(object(), 0.2) == 0.2
