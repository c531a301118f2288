"""What the page says about a walk and about one step."""

import numpy as np

from nnviz.lessons import descent
from nnviz.lessons.descent import surfaces
from nnviz.lessons.descent.messages import step_line, update_latex, walk_message
from nnviz.lessons.descent.optimizers import make

BOWL = surfaces.CLASSIC["bowl"]


def test_step_line_shows_one_value_bare_and_two_in_brackets():
    assert step_line("loss", 1.5) == "**loss:** 1.5"
    assert step_line("weights", np.array([1.0, -2.5])) == "**weights:** (1, -2.5)"


def test_update_latex_writes_the_rule_with_latex_safe_thousands():
    curve = descent.Slice(surfaces.talk_surface(), axis=1, held=100.0)
    step = descent.walk_slice(curve, make("sgd", 0.005), 1, 40.0).step(0)
    latex = update_latex(step)
    assert latex.startswith(f"{step.update[0]:,.6g}".replace(",", "{,}") + r" = -0.005 \times (")
    assert "," not in latex.replace("{,}", "")


def test_a_blown_up_plain_walk_names_the_stable_learning_rate():
    w = descent.walk_on(BOWL, make("sgd", 2.0), 100)
    m = walk_message(w, BOWL.lowest_loss, BOWL.stable_lr)
    assert m.kind == "error" and m.icon == ":material/warning:"
    assert "below a learning rate of **1**" in m.text and "steeper" in m.text


def test_a_blown_up_adam_walk_blames_its_stride_and_gets_the_generic_hint():
    s = surfaces.CLASSIC["ravine"]
    w = descent.walk_on(s, make("adam", 10.0), 100)
    m = walk_message(w, s.lowest_loss, s.stable_lr)
    assert m.kind == "error"
    assert "about the learning rate on every step" in m.text and "steeper" not in m.text
    assert m.text.endswith("Try a smaller learning rate.")


def test_arrived_stuck_and_on_the_way():
    arrived = walk_message(descent.walk_on(BOWL, make("sgd", 0.1), 100), BOWL.lowest_loss, 1.0)
    assert arrived.kind == "success" and "Reached the bottom at step **" in arrived.text
    valleys = surfaces.CLASSIC["two_valleys"]
    stuck = descent.walk_on(valleys, make("sgd", valleys.learning_rates["sgd"]), 300)
    assert walk_message(stuck, valleys.lowest_loss, None).kind == "warning"
    going = walk_message(descent.walk_on(BOWL, make("sgd", 0.001), 5), BOWL.lowest_loss, 1.0)
    assert going.kind == "info" and going.text.startswith("After 5 steps the walk is ")
