"""Presenter mode's stage layout under AppTest: what folds away, what a speaker can still turn,
and the clicker on the training pages."""

from tests.app.conftest import assert_clean, open_page


def sidebar_keys(at) -> set[str]:
    return {w.key for w in at.sidebar.slider} | {w.key for w in at.sidebar.number_input}


def test_house_weights_move_to_the_sidebar_on_stage_and_still_turn():
    at = open_page("app_pages/house.py", {"present": "1", "house_step": "3"})
    assert {"house_w_rooms_slider", "house_w_rooms"} <= sidebar_keys(at)
    assert not any(s.key == "house_w_rooms_slider" for s in at.main.slider)
    at.number_input(key="house_w_rooms").set_value(101_000).run()  # turned live, on stage
    assert_clean(at)
    assert "$204,000" in at.table[0].value["Predicted Price"].tolist()
    # A learner finds them in the lesson itself.
    at.toggle(key="present").set_value(False).run()
    assert any(s.key == "house_w_rooms_slider" for s in at.main.slider)


def test_hidden_layer_weights_and_relu_picture_on_stage():
    at = open_page("app_pages/hidden_layer.py", {"present": "1", "hidden_step": "2"})
    assert {f"hidden_{name}" for name in ("rooms_h1", "age_h1", "rooms_h2", "age_h2", "h1_price",
                                          "h2_price")} <= sidebar_keys(at)
    assert len(at.get("vega_lite_chart")) == 2  # the diagram and, at a hidden step, ReLU


def test_training_setup_folds_into_an_expander_on_stage():
    at = open_page("app_pages/hello.py", {"present": "1"})
    assert [e.label for e in at.expander][0] == "The points, the network and how it trains"
    assert at.toggle(key="hello_slow") in list(at.expander[0].toggle)
    at.toggle(key="present").set_value(False).run()
    assert "The points, the network and how it trains" not in [e.label for e in at.expander]


def test_pagedown_presses_train_then_stop():
    at = open_page("app_pages/hello.py")
    assert at.button(key="hello_train").proto.shortcut.lower() == "pagedown"
    assert not at.button(key="hello_stop").proto.shortcut
    at.button(key="hello_train").click().run()
    assert at.session_state["hello__running"]
    assert at.button(key="hello_stop").proto.shortcut.lower() == "pagedown"
    assert not at.button(key="hello_train").proto.shortcut
    at.button(key="hello_stop").click().run()
    assert_clean(at)
    assert not at.session_state["hello__running"]


def test_descent_on_stage_keeps_its_controls_and_the_step_beside_the_map():
    at = open_page("app_pages/descent.py", {"present": "1", "gd_view": "two"})
    assert any(s.key == "gd_x0" for s in at.sidebar.slider)
    at.button(key="gd_step_next").click().run()
    assert_clean(at)
    assert at.session_state["gd_step"] == 1
    assert any(m.value.startswith("**slope:**") for m in at.markdown)


def test_welcome_page_names_the_clicker_keys_of_the_training_pages():
    at = open_page("app_pages/home.py")
    words = " ".join(c.value for c in at.caption)
    assert "**PageDown** presses **Train**" in words and "**Stop** while it trains" in words
