"""The descent page's control values: the learning-rate ladder, slider notches, surface names."""

import pytest

from nnviz.lessons.descent import surfaces
from nnviz.lessons.descent.controls import (
    LEARNING_RATES,
    nearest_rate,
    notch,
    snap,
    surface_key,
)


def test_learning_rates_climb_one_two_five_from_a_ten_thousandth_to_ten():
    assert LEARNING_RATES[:4] == (1e-4, 2e-4, 5e-4, 1e-3)
    assert LEARNING_RATES[-1] == 10.0
    assert list(LEARNING_RATES) == sorted(LEARNING_RATES)


@pytest.mark.parametrize("value, rung", [(0.1, 0.1), (0.0011, 0.001), (0.3, 0.2), (0.35, 0.5),
                                         (1e-9, 1e-4), (1e9, 10.0)])
def test_nearest_rate_is_the_closest_rung_on_a_log_scale(value, rung):
    assert nearest_rate(value) == rung


def test_every_surface_suggests_rates_on_the_ladder_after_rounding():
    for name in [*surfaces.CLASSIC, "house", "house_normalized"]:
        for rate in surfaces.surface_by_key(name).learning_rates.values():
            assert nearest_rate(rate) in LEARNING_RATES


@pytest.mark.parametrize("lo, hi, step", [(-3, 3, 0.01), (-100, 200, 1.0), (0, 1000, 10.0),
                                          (0, 100, 1.0)])
def test_a_notch_gives_a_slider_100_to_1000_of_them(lo, hi, step):
    assert notch(lo, hi) == pytest.approx(step)
    assert 100 <= (hi - lo) / notch(lo, hi) <= 1000


def test_snap_rounds_to_the_nearest_notch_without_float_noise():
    assert snap(1.23456, -3, 3) == 1.23
    assert snap(-2.996, -3, 3) == -3.0
    assert snap(0.3 + 1e-12, -3, 3) == 0.3
    assert snap(57.6, -100, 200) == 58.0


def test_surface_key_normalizes_only_the_house_prices():
    assert surface_key("house", False) == "house"
    assert surface_key("house", True) == "house_normalized"
    assert surface_key("bowl", True) == "bowl"
