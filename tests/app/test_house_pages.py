"""AppTest of the home page and both house-price lessons: the talk's numbers, every control."""

import dataclasses

import pytest

from nnviz.core.formatting import dollars, number
from nnviz.lessons import house
from nnviz.ui import catalog
from tests.app.conftest import assert_clean, charts, open_page

HOUSE, HIDDEN = "app_pages/house.py", "app_pages/hidden_layer.py"


def table(at):
    return at.table[0].value


def column(at, name):
    return list(table(at)[name])


def test_home_renders_the_question_and_links_every_lesson():
    at = open_page("app_pages/home.py")
    assert any("5 rooms, 10 years old" in m.value for m in at.metric)
    linked = {link.proto.page.strip("/") for link in at.get("page_link")}
    # app.py registers every catalog lesson; the welcome page links each one but itself.
    lessons = [lesson for lessons in catalog.SECTIONS.values() for lesson in lessons]
    assert len(lessons) == 11
    assert linked == {lesson.url_path for lesson in lessons} - {"home"}
    for lesson in lessons:
        at.switch_page(lesson.path)  # raises if app.py did not register it


def test_house_defaults_show_the_talks_table_and_totals():
    at = open_page(HOUSE)
    assert column(at, "Predicted Price") == ["$200,000", "$300,000", "$400,000"]
    assert column(at, "Loss") == ["$12,000", "$2,000", "$188,000"]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Total loss"] == "$202,000"
    assert metrics["Mean loss"] == "$67,333.33"
    assert metrics["The network's price"] == "$300,000"
    assert len(charts(at)) == 1  # the network diagram


def test_hidden_defaults_show_the_talks_table():
    at = open_page(HIDDEN)
    assert column(at, "Predicted Price") == ["$200,000", "$300,000", "$600,000"]
    assert column(at, "Loss") == ["$12,000", "$2,000", "$12,000"]
    assert {m.label: m.value for m in at.metric}["Total loss"] == "$26,000"


@pytest.mark.parametrize("page, name, new", [
    (HOUSE, "house_w_rooms", 90_000.0),
    (HOUSE, "house_w_age", -19_500.0),
    (HIDDEN, "hidden_rooms_h1", 1.5),
    (HIDDEN, "hidden_age_h1", -50.0),
    (HIDDEN, "hidden_rooms_h2", 1.2),
    (HIDDEN, "hidden_age_h2", -0.5),
    (HIDDEN, "hidden_h1_price", 60_000.0),
    (HIDDEN, "hidden_h2_price", 90_000.0),
])
def test_each_slider_changes_the_table_by_the_right_amount(page, name, new):
    at = open_page(page)
    at.slider(key=f"{name}_slider").set_value(new).run()
    assert_clean(at)
    field = name.split("_", 1)[1]
    net_type = house.LinearNet if page == HOUSE else house.HiddenNet
    expected = house.loss_table(dataclasses.replace(net_type(), **{field: float(new)}),
                               house.TALK_ROWS)
    assert column(at, "Predicted Price") == [dollars(v) for v in expected["Predicted Price"]]
    assert column(at, "Loss") == [dollars(v) for v in expected["Loss"]]
    # The exact box follows the slider, and the URL records the new value.
    assert at.number_input(key=name).value == new
    assert float(at.query_params[name][0] if isinstance(at.query_params[name], list)
                 else at.query_params[name]) == new


def test_exact_box_goes_beyond_the_slider_and_extreme_values_render():
    at = open_page(HOUSE)
    at.number_input(key="house_w_rooms").set_value(1e15).run()
    assert_clean(at)
    assert column(at, "Predicted Price")[0] == dollars(4 * 1e15 + 10 * -20_000)
    assert at.slider(key="house_w_rooms_slider").value == 300_000  # pinned at its end
    at.number_input(key="house_w_age").set_value(-1e15).run()
    at.number_input(key="house_rooms").set_value(-1e15).run()
    assert_clean(at)
    assert all(v.startswith(("$", "-$")) for v in column(at, "Predicted Price"))


@pytest.mark.parametrize("page, prefix, phases", [
    (HOUSE, "house", house.PHASES_LINEAR), (HIDDEN, "hidden", house.PHASES_HIDDEN),
])
def test_step_through_visits_every_step(page, prefix, phases):
    at = open_page(page)
    at.button(key=f"{prefix}_step_reset").click().run()
    assert column(at, "Predicted Price") == ["", "", ""]
    steps = house.walkthrough(3, phases)
    seen_phases = []
    for step in steps[1:]:
        at.button(key=f"{prefix}_step_next").click().run()
        assert_clean(at)
        n_pred, n_loss = step.filled(3, phases)
        assert sum(v != "" for v in column(at, "Predicted Price")) == n_pred
        assert sum(v != "" for v in column(at, "Loss")) == n_loss
        heading = next(m.value for m in at.markdown if m.value.startswith("**Row "))
        assert heading.startswith(f"**Row {step.row + 1},")
        seen_phases.append(step.phase)
        if step.phase == "sum" and step.row == 0 and page == HOUSE:
            assert any("4 × 100,000 + 10 × -20,000 = **200,000**" in m.value for m in at.markdown)
        if step.phase == "hidden":
            assert len(charts(at)) == 2  # the ReLU chart joins the diagram
    # At the last step Next becomes "Next lesson" (PageDown carries the talk on).
    assert not [b for b in at.button if b.key == f"{prefix}_step_next"]
    assert at.button(key=f"{prefix}_step_next_lesson").label == "Next lesson"
    at.button(key=f"{prefix}_step_back").click().run()
    assert column(at, "Loss")[-1] == ""
    at.button(key=f"{prefix}_step_all").click().run()
    assert "" not in column(at, "Loss")
    assert seen_phases.count("loss") == 3


def test_diagram_carries_the_current_rows_values():
    from tests.app.conftest import chart_data

    at = open_page(HIDDEN, {"hidden_step": "7"})  # row 2, hidden phase
    data = [chart_data(c, i) for c in charts(at) for i in range(len(c.proto.datasets))]
    node_frames = [d for d in data if "node" in d.columns and "value" in d.columns]
    values = dict(zip(node_frames[0]["node"], node_frames[0]["value"], strict=True))
    assert values == {"Rooms": "4", "Age": "5", "Hidden 1": "0", "Hidden 2": "3", "Price": "?"}


def test_your_house_and_slope_hints():
    at = open_page(HOUSE)
    at.number_input(key="house_rooms").set_value(3).run()
    at.number_input(key="house_age").set_value(0).run()
    assert {m.label: m.value for m in at.metric}["The network's price"] == "$300,000"
    hints = next(m.value for m in at.markdown if "(slope" in m.value)
    assert "**Rooms weight** (slope -4)" in hints and "turn it **up**" in hints
    # A rate for small moves: a whole unit on a hidden weight can switch its ReLU off.
    assert "falls by about \\$4 for each 1 it moves" in hints
    assert not any("ReLU" in m.value for m in at.markdown)


def test_hidden_slope_hints_warn_that_a_big_turn_can_switch_relu():
    at = open_page(HIDDEN)
    hints = next(m.value for m in at.markdown if "(slope" in m.value)
    # Row 3 alone wakes Hidden 1 (4 rooms, 50,000 out); it is over-priced: d/d w = 4 x 50,000 / 3.
    assert f"**Rooms → Hidden 1** (slope {number(4 * 50_000 / 3)})" in hints
    assert any("switch a ReLU node on or off" in m.value for m in at.markdown)


def test_added_rows_join_the_table_and_bad_cells_are_explained():
    at = open_page(HOUSE)
    at.session_state["house_your_rows"] = {
        "edited_rows": {}, "deleted_rows": [],
        "added_rows": [{"Rooms": "3", "Age": "20", "Price": "100000"},
                       {"Rooms": "three", "Age": "1", "Price": "5"}],
    }
    at.run()
    assert_clean(at)
    assert column(at, "Predicted Price")[-1] == "-$100,000"
    assert len(table(at)) == 4
    assert any("Rooms ('three') is not a number" in w.value for w in at.warning)


def test_a_link_restores_weights_and_step():
    at = open_page(HOUSE, {"house_w_rooms": "150000", "house_step": "2"})
    assert at.number_input(key="house_w_rooms").value == 150_000
    assert any(m.value.startswith("**Row 1, weighted sum") for m in at.markdown)


@pytest.mark.parametrize("page, key", [
    ("app_pages/house.py", "house_step"), ("app_pages/hidden_layer.py", "hidden_step"),
    ("app_pages/descent.py", "gd_steps"), ("app_pages/hello.py", "hello_epochs"),
    ("app_pages/binary.py", "bin_n"), ("app_pages/multiclass.py", "mc_classes"),
    ("app_pages/regression.py", "reg_rows"),
])
@pytest.mark.parametrize("raw", ["inf", "1e400", "nan"])
def test_a_link_with_an_impossible_number_still_renders(page, key, raw):
    open_page(page, {key: raw})  # open_page fails on any exception


def test_a_broken_link_falls_back_to_defaults():
    at = open_page(HOUSE, {"house_w_rooms": "lots", "house_step": "-5"})
    assert at.number_input(key="house_w_rooms").value == 100_000
    assert column(at, "Predicted Price")[0] == ""  # step clamped to 0: the empty table


def test_presenter_mode_starts_at_the_empty_table_and_hides_prose():
    at = open_page(HOUSE, {"present": "1"})
    assert at.toggle(key="present").value is True
    assert column(at, "Predicted Price") == ["", "", ""]
    assert not any("gradient descent" in m.value for m in at.markdown)
    at.toggle(key="present").set_value(False).run()
    assert_clean(at)
    assert "present" not in at.query_params


@pytest.mark.parametrize("page, prefix, following", [
    (HOUSE, "house", "Adding a hidden layer"), (HIDDEN, "hidden", "Gradient descent"),
])
def test_next_lesson_at_the_last_step_opens_the_following_lesson(page, prefix, following):
    at = open_page(page)
    at.button(key=f"{prefix}_step_all").click().run()
    button = at.button(key=f"{prefix}_step_next_lesson")
    assert following in button.help
    button.click().run()
    assert_clean(at)
    assert at.title[0].value.startswith(following)


def test_turning_presenter_mode_on_mid_lesson_starts_it_again():
    at = open_page(HOUSE, {"house_step": "12"})
    assert "" not in column(at, "Loss")
    at.toggle(key="present").set_value(True).run()
    assert_clean(at)
    assert column(at, "Predicted Price") == ["", "", ""]
    assert not at.button(key="house_step_next").disabled
