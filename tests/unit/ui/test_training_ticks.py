"""How often a training page's live part ticks while slow motion reveals a run trained ahead."""

import pytest

from nnviz.ui.training import _reveal_tick


@pytest.mark.parametrize("left, at_least", [(2.8, 1.0), (5.0, 1.0), (3.3, 0.5), (9.99, 2.0)])
def test_ticks_end_exactly_when_the_last_chunk_is_due(left, at_least):
    tick = _reveal_tick(left, at_least)
    assert tick >= at_least  # never more often than asked
    ticks = left / tick
    assert ticks == pytest.approx(round(ticks))  # a whole number of ticks: the last on time
    assert tick < 2 * at_least  # and not much slower than asked


@pytest.mark.parametrize("left", [0.0, 0.4, 1.0])
def test_a_run_about_to_end_ticks_once_more_at_the_asked_rate(left):
    assert _reveal_tick(left, 1.0) == 1.0
