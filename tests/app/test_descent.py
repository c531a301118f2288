"""AppTest of the gradient-descent lesson: every control moved, the charts follow, links work."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from nnviz.lessons import descent
from nnviz.lessons.descent import surfaces
from nnviz.lessons.descent.optimizers import make
from tests.app.conftest import assert_clean, chart_data, chart_spec, charts, open_page

PAGE = "app_pages/descent.py"
ROOT = Path(__file__).resolve().parents[2]


def open_lesson(query=None) -> AppTest:
    return open_page(PAGE, query)


def rerun(widget) -> AppTest:
    at = widget.run()
    assert_clean(at)
    return at


def walker_heads(at, index=0):
    """The animated walker's position per frame, from the map's data."""
    data = chart_data(charts(at)[index])
    heads = data[(data.kind == "walker") & (data.stroke_width > 0)]
    return heads.sort_values("frame")[["x", "y"]].to_numpy()


def footprints(at, index=0):
    data = chart_data(charts(at)[index])
    return data[data.kind == "path"]


def all_data(element) -> list:
    """Every dataset behind a chart (a layered chart has several), as plain lists."""
    return [chart_data(element, i).to_dict("list") for i in range(len(element.proto.datasets))]


def messages(at) -> str:
    return " ".join(e.body for kind in (at.error, at.success, at.info, at.warning) for e in kind)


def assert_animated(spec):
    assert spec["encoding"]["time"]["field"] == "frame"
    assert any(p["select"].get("on") == "timer" for p in spec["params"])
    assert spec["config"]["scale"]["framesPerSecond"] >= 24


# ---- one weight ---------

def test_one_weight_defaults_show_the_rule_with_the_talks_numbers():
    at = open_lesson()
    assert at.segmented_control(key="gd_view").value == "one"
    curve = descent.Slice(surfaces.talk_surface(), axis=1, held=100.0)
    expected = descent.walk_slice(curve, make("sgd", 0.005), 20, 40.0)
    text = " ".join(m.value for m in at.markdown)
    assert "After 0 of 20 steps" in text
    assert f"{expected.slopes[0, 0]:,.6g}" in text  # the slope felt at the start
    first = expected.step(0)
    latex = " ".join(m.value for m in at.latex)
    assert f"{first.update[0]:,.6g}".replace(",", "{,}") in latex
    assert len(charts(at)) == 1


def test_one_weight_step_buttons_walk_and_the_chart_follows():
    at = open_lesson()
    before = all_data(charts(at)[0])
    at = rerun(at.button(key="gd_w1_step_next").click())
    at = rerun(at.button(key="gd_w1_step_next").click())
    assert "After 2 of 20 steps" in " ".join(m.value for m in at.markdown)
    assert all_data(charts(at)[0]) != before
    assert at.query_params["gd_w1_step"] == "2"
    at = rerun(at.button(key="gd_w1_step_back").click())
    assert "After 1 of 20 steps" in " ".join(m.value for m in at.markdown)
    at = rerun(at.button(key="gd_w1_step_all").click())
    assert "After 20 of 20 steps" in " ".join(m.value for m in at.markdown)
    at = rerun(at.button(key="gd_w1_step_reset").click())
    assert "After 0 of 20 steps" in " ".join(m.value for m in at.markdown)


@pytest.mark.parametrize("control, value", [
    ("radio", "rooms"),
    ("slider", -30.0),
    ("select_slider", 0.01),
    ("number_input", 5),
])
def test_every_one_weight_control_changes_the_picture(control, value):
    keys = {"radio": "gd_w1", "slider": "gd_w1_start", "select_slider": "gd_w1_lr",
            "number_input": "gd_w1_steps"}
    at = open_lesson()
    at = rerun(at.button(key="gd_w1_step_all").click())
    before = all_data(charts(at)[0])
    at = rerun(getattr(at, control)(key=keys[control]).set_value(value))
    assert all_data(charts(at)[0]) != before


def test_one_weight_too_big_a_learning_rate_is_explained_not_crashed():
    at = open_lesson({"gd_w1_lr": "0.05"})
    assert len(at.error) == 1
    assert "too big" in at.error[0].body and "blew up" in at.error[0].body
    assert "0.024" in at.error[0].body  # 2 / (2 x mean of age squared) on the talk's rows


def test_one_weight_huge_learning_rate_says_one_step_not_one_steps():
    at = open_lesson({"gd_w1_lr": "10"})
    curve = descent.Slice(surfaces.talk_surface(), axis=1, held=100.0)
    assert descent.walk_slice(curve, make("sgd", 10.0), 20, 40.0).steps_taken == 1
    text = " ".join(m.value for m in at.markdown)
    assert "**After 0 of 1 step**" in text
    assert "blew up after 1 step," in at.error[0].body


# ---- two weights ---------

def test_two_weights_draws_the_animated_map_and_loss_chart():
    at = open_lesson({"gd_view": "two"})
    maps = charts(at)
    assert len(maps) == 2
    for element in maps:
        assert_animated(chart_spec(element))
    s = surfaces.house_surface()
    w = descent.walk_on(s, make("sgd", 0.002), 100)
    np.testing.assert_allclose(walker_heads(at), descent.position_at(
        w.points, descent.frame_times(w.steps_taken)), rtol=1e-9)
    assert "53.5 times" in " ".join(c.value for c in at.caption)  # raw house: a ravine


@pytest.mark.parametrize("control, name, value", [
    ("selectbox", "gd_surface", "banana"),
    ("toggle", "gd_normalized", True),
    ("selectbox", "gd_opt", "momentum"),
    ("select_slider", "gd_lr", 0.001),
    ("number_input", "gd_steps", 40),
    ("slider", "gd_x0", 50.0),
    ("slider", "gd_y0", -10.0),
])
def test_every_two_weight_control_moves_the_walk(control, name, value):
    at = open_lesson({"gd_view": "two"})
    before = walker_heads(at)
    at = rerun(getattr(at, control)(key=name).set_value(value))
    after = walker_heads(at)
    assert before.shape != after.shape or not np.allclose(before, after)


def test_beta_changes_a_momentum_walk():
    at = open_lesson({"gd_view": "two", "gd_opt": "momentum"})
    assert not at.select_slider(key="gd_beta").disabled
    before = walker_heads(at)
    at = rerun(at.select_slider(key="gd_beta").set_value(0.5))
    assert not np.allclose(before, walker_heads(at))


def test_new_surface_brings_its_own_start_and_learning_rate():
    at = open_lesson({"gd_view": "two"})
    at = rerun(at.selectbox(key="gd_surface").set_value("banana"))
    banana = surfaces.CLASSIC["banana"]
    assert (at.slider(key="gd_x0").value, at.slider(key="gd_y0").value) == banana.start
    assert at.select_slider(key="gd_lr").value == banana.learning_rates["sgd"]
    assert footprints(at).iloc[0][["x", "y"]].tolist() == list(banana.start)
    at = rerun(at.selectbox(key="gd_opt").set_value("adam"))
    assert at.select_slider(key="gd_lr").value == banana.learning_rates["adam"]


def test_normalized_inputs_turn_the_ravine_into_a_bowl():
    at = open_lesson({"gd_view": "two", "gd_normalized": "1"})
    caption = " ".join(c.value for c in at.caption)
    assert "1.3 times" in caption
    assert "Reached the bottom" in messages(at)


def test_step_panel_shows_that_steps_numbers_and_marks_it():
    at = open_lesson({"gd_view": "two", "gd_surface": "bowl"})
    for _ in range(3):
        at = rerun(at.button(key="gd_step_next").click())
    w = descent.walk_on(surfaces.CLASSIC["bowl"], make("sgd", 0.1), 100)
    step = w.step(3)
    text = " ".join(m.value for m in at.markdown)
    assert "**learning rate:** 0.1" in text
    for label, values in [("weights", step.before), ("slope", step.slope),
                          ("update", step.update), ("new weights", step.after)]:
        shown = ", ".join(f"{v:,.6g}" if abs(v) < 1000 else f"{v:,.2f}" for v in values)
        assert f"**{label}:** ({shown})" in text
    data = chart_data(charts(at)[0])
    marked = data[data.kind == "chosen"][["x", "y"]].to_numpy()
    np.testing.assert_allclose(marked, [w.points[3]])


def test_divergence_stops_the_walk_and_says_why():
    at = open_lesson({"gd_view": "two", "gd_surface": "bowl", "gd_lr": "2"})
    assert len(at.error) == 1 and "too big" in at.error[0].body
    assert "below a learning rate of **1**" in at.error[0].body
    prints = footprints(at)
    assert prints.x.between(-3, 3).all() and prints.y.between(-3, 3).all()
    assert len(prints) < 101


def test_huge_learning_rate_loss_chart_reaches_the_blown_up_loss():
    at = open_lesson({"gd_view": "two", "gd_lr": "10"})
    losses = charts(at)[1]
    s = surfaces.house_surface()
    w = descent.walk_on(s, make("sgd", 10.0), 100)
    beads = chart_data(losses).query("kind == 'path'")
    np.testing.assert_allclose(beads.gap, w.losses - s.lowest_loss)  # about 2.2e11, uncut
    spec = chart_spec(losses)
    assert spec["encoding"]["y"]["scale"]["domain"][1] >= beads.gap.max()
    assert spec["encoding"]["x"]["axis"]["tickMinStep"] == 1


def test_adams_blow_up_is_explained_by_its_stride_not_by_steeper_ground():
    at = open_lesson({"gd_view": "two", "gd_surface": "ravine", "gd_opt": "adam", "gd_lr": "10"})
    assert len(at.error) == 1 and "too big" in at.error[0].body
    assert "about the learning rate on every step" in at.error[0].body
    assert "steeper" not in at.error[0].body


def test_click_on_the_map_sets_the_start():
    at = open_lesson({"gd_view": "two", "gd_surface": "bowl"})
    spec = chart_spec(charts(at)[0])
    assert any(p["name"] == "pick" for p in spec["params"])
    assert list(charts(at)[0].proto.selection_mode) == ["pick"]


def test_local_minimum_is_called_out():
    at = open_lesson({"gd_view": "two", "gd_surface": "two_valleys", "gd_steps": "300"})
    assert "not the lowest place" in messages(at)


# ---- race ---------

def test_race_overlays_three_walkers_with_loss_curves():
    at = open_lesson({"gd_view": "race", "gd_surface": "ravine"})
    walk_map, losses = charts(at)
    assert_animated(chart_spec(walk_map))
    assert_animated(chart_spec(losses))
    assert chart_data(walk_map).query("kind == 'walker'").who.nunique() == 3
    assert chart_data(losses).query("kind == 'path'").who.nunique() == 3
    assert len(at.markdown) >= 3


@pytest.mark.parametrize("control, name, value", [
    ("selectbox", "gd_r1_opt", "adam"),
    ("select_slider", "gd_r2_lr", 0.01),
    ("selectbox", "gd_r3_opt", "sgd"),
    ("number_input", "gd_steps", 30),
    ("slider", "gd_x0", 3.0),
])
def test_every_race_control_changes_the_race(control, name, value):
    at = open_lesson({"gd_view": "race", "gd_surface": "ravine"})
    before = chart_data(charts(at)[0]).query("kind == 'walker'")
    at = rerun(getattr(at, control)(key=name).set_value(value))
    after = chart_data(charts(at)[0]).query("kind == 'walker'")
    assert before.shape != after.shape or not np.allclose(before[["x", "y"]], after[["x", "y"]])


def test_race_third_walker_can_sit_out():
    at = open_lesson({"gd_view": "race"})
    at = rerun(at.toggle(key="gd_r3_on").set_value(False))
    assert chart_data(charts(at)[0]).query("kind == 'walker'").who.nunique() == 2


# ---- links ---------

def test_state_goes_into_the_url_and_a_link_reproduces_it():
    at = open_lesson({"gd_view": "two"})
    at = rerun(at.selectbox(key="gd_surface").set_value("saddle"))
    at = rerun(at.selectbox(key="gd_opt").set_value("adam"))
    at = rerun(at.select_slider(key="gd_lr").set_value(0.05))
    at = rerun(at.slider(key="gd_x0").set_value(1.0))
    link = dict(at.query_params)
    assert link["gd_surface"] == "saddle" and link["gd_lr"] == "0.05"
    again = open_lesson(link)
    np.testing.assert_allclose(walker_heads(again), walker_heads(at))



def test_old_links_that_call_plain_gradient_descent_gd_still_open_it():
    at = open_lesson({"gd_view": "race", "gd_r2_opt": "gd", "gd_r3_opt": "gd"})
    assert at.selectbox(key="gd_r2_opt").value == "sgd"
    assert at.selectbox(key="gd_r3_opt").value == "sgd"
    two = open_lesson({"gd_view": "two", "gd_opt": "gd"})
    assert two.selectbox(key="gd_opt").value == "sgd"
    assert "gd_opt" not in two.query_params  # the default, so left out of the link

@pytest.mark.parametrize("query", [
    {"gd_view": "nonsense"},
    {"gd_view": "two", "gd_lr": "abc", "gd_steps": "-5", "gd_x0": "1e99", "gd_y0": "nan"},
    {"gd_view": "two", "gd_surface": "volcano", "gd_opt": "sgd"},
    {"gd_view": "race", "gd_r1_lr": "0.123", "gd_steps": "100000"},
    {"gd_w1_start": "99999", "gd_w1": "price", "gd_w1_step": "77"},
])
def test_hand_edited_links_never_break_the_page(query):
    open_lesson(query)  # open_lesson fails on any exception


def test_the_lesson_never_imports_torch():
    probe = (
        "import sys\n"
        "from streamlit.testing.v1 import AppTest\n"
        f"at = AppTest.from_file({str(ROOT / PAGE)!r}, default_timeout=60)\n"
        "for view in ('one', 'two', 'race'):\n"
        "    at.query_params['gd_view'] = view\n"
        "    at.run()\n"
        "    assert not at.exception, at.exception\n"
        "print('torch' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == "False"
