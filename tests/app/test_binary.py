"""The binary-classifier lesson under AppTest: defaults, training, every control, the numbers."""

import numpy as np
import pytest
import streamlit as st
from sklearn.metrics import accuracy_score, precision_score, recall_score

from nnviz.core.engine import TrainConfig
from nnviz.core.models import NetSpec
from nnviz.core.plane import plane_around
from nnviz.data.features import breast_cancer, top_k
from nnviz.lessons.binary import threshold as thresholds
from nnviz.lessons.binary.normalization_race import race
from nnviz.lessons.binary.problem import generated_problem, split_problem
from nnviz.ui.replay_plans import REPLAY_RESOLUTION
from tests.app.conftest import (
    assert_clean,
    chart_data,
    charts,
    named_data,
    open_page,
    replay_payload,
    torch_hidden,
    torch_twin,
    train_live,
)

PAGE = "app_pages/binary.py"
TRAINER = "bin__net"


def train_to_end(at):
    """Click Train and rerun, as the page's timer would, until the run is done (each run takes
    in the chunks a worker finished)."""
    trainer = train_live(at, "bin")
    assert at.button(key="bin_train").label == "Train again"
    return trainer


def url_value(at, key: str):
    value = at.query_params.get(key)
    return value[0] if isinstance(value, list) else value


def metric_value(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def placed(at) -> list:
    """(place, element) for every element of the page in page order; a place is the indices
    from the page down to the element, as the browser addresses it."""
    def walk(node, place):
        children = getattr(node, "children", None)
        if children is None:
            yield place, node
            return
        for index, child in sorted(children.items()):
            yield from walk(child, (*place, index))
    return list(walk(at.main, ()))


def boundary_place(at) -> tuple:
    return next(place for place, e in placed(at) if e.type == "vega_lite_chart"
                and "points" in [d.name for d in e.proto.datasets])


@pytest.fixture
def at():
    return open_page(PAGE)


def test_defaults_show_data_features_and_an_untrained_boundary(at):
    assert at.title[0].value == "Binary classifier"
    cells = named_data(at, "cells")
    assert cells and len(cells[0]) == 50 * 50
    points = named_data(at, "points")[0]
    problem = generated_problem("moons", 300, 0.2, 0, ["x1", "x2"])
    assert len(points) == 300
    np.testing.assert_allclose(np.sort(points["x1"]), np.sort(problem.points[:, 0]))
    assert (points["split"] == "validation").sum() == 90
    pictures = named_data(at, "pictures")
    assert len(pictures) >= 7  # one small picture per engineered feature (+ neurons)
    assert "Train the network first" in at.info[0].value


def test_training_moves_the_boundary_and_the_numbers_match_sklearn(at):
    before = named_data(at, "cells")[0]["p"].to_numpy()
    trainer = train_to_end(at)
    after = named_data(at, "cells")[0]["p"].to_numpy()
    assert np.abs(after - before).max() > 0.3  # the picture changed a lot
    assert trainer.history["val_metric"].iloc[-1] > 0.85

    # The shown scores are the validation set's at threshold 0.5, checked with sklearn.
    problem = generated_problem("moons", 300, 0.2, 0, ["x1", "x2"])
    split = split_problem(problem, 0.3, "standardize", 0)
    called = (trainer.predict_proba(split.x_val) >= 0.5).astype(int)
    assert metric_value(at, "Accuracy") == f"{accuracy_score(split.y_val, called):.1%}"
    assert metric_value(at, "Precision") == f"{precision_score(split.y_val, called):.1%}"
    assert metric_value(at, "Recall") == f"{recall_score(split.y_val, called):.1%}"
    counts = named_data(at, "cells")[-1]  # the confusion matrix (last "cells" dataset)
    assert counts["count"].sum() == len(split.y_val)
    # The counts under it are the same scores, in words that agree with each number.
    scores = thresholds.scores_at(split.y_val, trainer.predict_proba(split.x_val), 0.5)
    said = thresholds.outcome_caption(scores, problem.class_names)
    assert any(c.value == said for c in at.caption)


@pytest.mark.parametrize("epochs", [10, 60, 150])
def test_watching_takes_at_most_twenty_redraws_whatever_the_epochs(epochs):
    """Slow motion spreads a run over a score of redraws: never one epoch per redraw for
    a run of 60 (that took a minute on a busy server), never more than 20 redraws (each
    costs the browser up to a second), yet enough to see the boundary move."""
    # At most ceil(epochs / 20) epochs a redraw. (A redraw may do fewer: each one also stops
    # after ~0.1 s of training, which a busy machine reaches mid-epoch.)
    cap = -(-epochs // 20)
    at = open_page(PAGE, {"bin_epochs": str(epochs), "bin_speed": "watch"})
    at.button(key="bin_train").click().run()
    trainer = at.session_state[TRAINER]
    assert 0 < trainer.steps_done and trainer.epochs_done <= cap
    redraws = 1
    while not trainer.finished:
        before, steps = trainer.epochs_done, trainer.steps_done
        at.run()
        assert trainer.steps_done > steps  # every redraw trains
        assert trainer.epochs_done - before <= cap
        redraws += 1
    assert redraws >= min(epochs, 10)  # enough redraws to watch the boundary move
    assert_clean(at)


def test_stop_holds_and_redraws_come_no_faster_than_the_browser_draws_them(monkeypatch):
    """A click on Stop is only seen once the browser has drawn what came before it. Five
    redraws a second, each with 16 new neuron pictures (7,744 cells), kept it seconds behind
    the trainer, so Stop seemed to take seconds and dozens of epochs. Now: a redraw a second
    at most, while training the browser replays the run itself (the server sends the replay's
    frames, no pictures), and when training stops the pictures show the network as it is."""
    intervals = []
    fragment = st.fragment

    def recording_fragment(func=None, *, run_every=None):
        intervals.append(run_every)
        return fragment(func, run_every=run_every)

    monkeypatch.setattr(st, "fragment", recording_fragment)
    at = open_page(PAGE, {"bin_epochs": "150", "bin_speed": "watch"})
    pictures_before = len(charts(at))
    at.button(key="bin_train").click().run()
    trainer = at.session_state[TRAINER]
    redraws = 0
    while not trainer.finished:
        assert at.get("bidi_component") and len(charts(at)) < pictures_before
        before = trainer.epochs_done
        at.run()
        assert trainer.epochs_done - before <= 8  # a slice: at most 150 / 20 epochs
        redraws += 1
    assert redraws >= 10  # watched: a redraw per few epochs
    timed = [seconds for seconds in intervals if seconds is not None]
    assert timed and min(timed) >= 1.0  # while running, one redraw a second at most

    at.button(key="bin_train").click().run()  # Train again
    at.run()
    at.button(key="bin_stop").click().run()
    assert_clean(at)
    trainer = at.session_state[TRAINER]
    stopped = (trainer.epochs_done, trainer.steps_done)
    assert 0 < stopped[0] < 150
    for _ in range(3):
        at.run()
    assert (trainer.epochs_done, trainer.steps_done) == stopped
    assert at.button(key="bin_train").label == "Resume"
    header, arrays = replay_payload(at)  # frames that had come ahead are cut back to the stop
    assert header["complete"] and arrays["epochs"][-1] == stopped[0]
    # Stopped, the pictures are the network's own outputs at that epoch.
    problem = generated_problem("moons", 300, 0.2, 0, ["x1", "x2"])
    split = split_problem(problem, 0.3, "standardize", 0)
    grid = plane_around(problem.points, 22).points()
    values = torch_hidden(torch_twin(trainer).model,
                          split.normalizer.transform(problem.inputs_at(grid)), max_per_layer=8)
    pictures = [c for c in charts(at) if [d.name for d in c.proto.datasets] == ["pictures"]]
    # numpy's and torch's float32 sums round differently in the last bits
    np.testing.assert_allclose(chart_data(pictures[-1])["value"], values.ravel(order="F"),
                               rtol=1e-5, atol=1e-6)


def replay_place(at) -> tuple:
    return next(place for place, e in placed(at) if e.type == "bidi_component")


def test_the_replay_keeps_its_place_and_late_boxes_come_below_the_boundary(at):
    """While it trains, the browser replays the run (the server draws no boundary, no box);
    once it stops, the overfitting box and its loss chart come below the boundary picture,
    never above the replay the learner was watching."""
    at.button(key="bin_overfit").click().run()
    at.button(key="bin_train").click().run()
    trainer = at.session_state[TRAINER]
    places = []
    while not trainer.finished:
        places.append(replay_place(at))
        assert not [e for _, e in placed(at) if e.type == "alert" and "overfitting" in e.value]
        header, arrays = replay_payload(at)
        # The browser gets the frames trained ahead of what the page shows (it plays them
        # at the slow-motion pace itself), never fewer.
        assert arrays["epochs"][-1] >= trainer.epochs_done and not header["complete"]
        at.run()
    assert_clean(at)
    places.append(replay_place(at))
    page = placed(at)
    boxes = [place for place, e in page
             if (e.type == "alert" and "overfitting" in e.value)
             or (e.type == "vega_lite_chart" and "with the turn marked" in e.proto.spec)]
    assert boxes and all(box > boundary_place(at) > places[-1] for box in boxes)
    assert len(set(places)) == 1


def test_the_replay_shows_the_networks_own_answers(at):
    """The replay starts from the untrained network and its last frame is the trained
    network's P(orange) on the replay's grid."""
    trainer = train_live(at, "bin")
    header, arrays = replay_payload(at)
    assert header["complete"] and arrays["epochs"][-1] == trainer.config.epochs
    assert arrays["epochs"][0] == 0
    problem = generated_problem("moons", 300, 0.2, 0, ["x1", "x2"])
    split = split_problem(problem, 0.3, "standardize", 0)
    plane = plane_around(problem.points, REPLAY_RESOLUTION)
    expected = trainer.predict_proba(
        split.normalizer.transform(problem.inputs_at(plane.points()))).reshape(plane.shape)
    last = arrays["values"][-1].astype(float) / 255
    assert np.abs(last - expected).max() <= 0.5 / 255 + 1e-6


def test_threshold_and_judged_set_change_the_scores(at):
    trainer = train_to_end(at)
    at.slider(key="bin_threshold").set_value(0.9).run()
    at.radio(key="bin_judge").set_value("training").run()
    assert_clean(at)
    problem = generated_problem("moons", 300, 0.2, 0, ["x1", "x2"])
    split = split_problem(problem, 0.3, "standardize", 0)
    called = (trainer.predict_proba(split.x_train) >= 0.9).astype(int)
    assert metric_value(at, "Recall") == f"{recall_score(split.y_train, called):.1%}"
    assert metric_value(at, "Examples") == f"{len(split.y_train):,}"
    assert url_value(at, "bin_threshold") == "0.9"  # the URL reproduces the view
    # A threshold nothing reaches: sklearn finds no predicted positive, and the page says why
    # precision has no value instead of leaving a bare "undefined".
    at.slider(key="bin_threshold").set_value(1.0).run()
    called = (trainer.predict_proba(split.x_train) >= 1.0).astype(int)
    explained = any("Precision is undefined" in c.value for c in at.caption)
    assert explained == (called.sum() == 0)
    assert (metric_value(at, "Precision") == "undefined") == explained


def test_overfitting_preset_is_caught_and_early_stopping_offered(at):
    at.button(key="bin_overfit").click().run()
    assert at.slider(key="bin_n").value == 80
    trainer = train_to_end(at)
    warnings = " ".join(w.value for w in at.warning)
    assert "Overfitting from about epoch" in warnings
    # The textbook U, not a curve that climbs from the first epoch: the validation loss first
    # falls well below where it started, for a good number of epochs, and only then turns.
    val = trainer.history["val_loss"].to_numpy()
    best = int(np.argmin(val))
    assert best >= 20 and val[best] < 0.6 * val[0]
    assert val[-1] > 2 * val[best]
    assert trainer.history["train_metric"].iat[-1] > trainer.history["val_metric"].iat[-1]
    marks = named_data(at, "marks")
    assert any(len(m) == 1 for m in marks)  # the turn marked on the loss chart
    early = at.button(key="bin_fix_early")
    assert not early.disabled and early.label.startswith("Stop at epoch")
    wanted = int(early.label.rsplit(" ", 1)[1])
    early.click().run()
    assert at.slider(key="bin_epochs").value == wanted
    # Each remedy changes its settings and starts a fresh network.
    at.button(key="bin_fix_l2").click().run()
    assert at.select_slider(key="bin_l2").value == 0.03
    at.button(key="bin_fix_dropout").click().run()
    at.button(key="bin_fix_smaller").click().run()
    at.button(key="bin_fix_more_data").click().run()
    assert_clean(at)
    assert at.slider(key="bin_n").value == 600 and at.slider(key="bin_layers").value == 1
    assert at.session_state[TRAINER].epochs_done == 0


@pytest.mark.parametrize(("shape", "inputs"), [("circles", ["x1²", "x2²"]),
                                               ("xor", ["x1·x2"])])
def test_the_right_inputs_make_a_straight_line_enough(at, shape, inputs):
    """One click: no hidden layer, only the inputs that shape needs. The network then does
    about as well as scikit-learn's logistic regression on those inputs, and far better than
    a straight line in the raw coordinates can."""
    from sklearn.linear_model import LogisticRegression

    # Even after settings that would spoil it: x1 in huge units, no normalization, a crawl.
    at.session_state["bin_x1_scale"] = 1000
    at.session_state["bin_norm"] = "none"
    at.session_state["bin_lr"] = 0.0003
    at.run()
    at.button(key=f"bin_line_{shape}").click().run()
    assert at.slider(key="bin_layers").value == 0
    trainer = train_to_end(at)
    assert trainer.spec.hidden == () and trainer.spec.n_inputs == len(inputs)
    ours = trainer.history["val_metric"].iat[-1]

    def line_accuracy(names):
        problem = generated_problem(shape, 300, 0.1, 0, names)
        split = split_problem(problem, 0.3, "standardize", 0)
        fit = LogisticRegression().fit(split.x_train, split.y_train)
        return fit.score(split.x_val, split.y_val)

    assert ours > 0.9 and ours >= line_accuracy(inputs) - 0.05
    assert line_accuracy(["x1", "x2"]) < 0.75


def test_normalization_race_shows_the_engine_s_numbers(at):
    at.segmented_control(key="bin_data").set_value("cancer").run()
    at.slider(key="bin_k").set_value(10).run()
    at.selectbox(key="bin_opt").set_value("momentum").run()
    at.button(key="bin_race").click().run()
    assert_clean(at)
    table = at.dataframe[-1].value
    assert len(table) == 3
    data = breast_cancer()
    columns = top_k(data.X, data.y, 10, "anova")
    expected = race(data.X[:, columns], data.y, NetSpec(10, (8, 8), "relu", "binary"),
                    TrainConfig("momentum", 0.01, 40, 32, seed=0), val_fraction=0.3).summary
    assert list(table["loss_rises"]) == list(expected["loss_rises"])
    assert list(table["best_val_accuracy"]) == [f"{v:.1%}" for v in
                                                 expected["best_val_accuracy"]]
    # Changing a setting hides the stale result.
    at.slider(key="bin_k").set_value(11).run()
    assert any("settings changed" in c.value for c in at.caption)


def test_breast_cancer_feature_selection(at):
    at.segmented_control(key="bin_data").set_value("cancer").run()
    assert_clean(at)
    assert any("**5** of 30" in c.value for c in at.caption)
    assert not named_data(at, "cells") or len(named_data(at, "cells")[0]) != 2500
    at.selectbox(key="bin_scorer").set_value("mutual_info").run()
    at.slider(key="bin_k").set_value(2).run()
    assert any("**2** of 30" in c.value for c in at.caption)
    at.button(key="bin_sweep").click().run()
    assert_clean(at)
    ks = [c for c in charts(at) if "measurements kept" in c.proto.spec]
    assert len(ks) == 1
    at.radio(key="bin_select").set_value("hand").run()
    at.multiselect(key="bin_hand").set_value(["mean radius", "worst area", "mean texture"]).run()
    assert any("**3** of 30" in c.value for c in at.caption)
    assert "load_breast_cancer" in at.code[0].value and "# worst area" in at.code[0].value
    trainer = train_to_end(at)
    assert trainer.spec.n_inputs == 3
    assert "malignant" in at.metric[-3].help  # recall counts malignant tumours found
    at.multiselect(key="bin_hand").set_value([]).run()
    assert_clean(at)
    assert "Pick at least one measurement" in at.warning[0].value


def test_every_generated_data_and_network_control(at):
    moves = [
        ("selectbox", "bin_shape", "xor"), ("slider", "bin_n", 120),
        ("slider", "bin_noise", 0.5), ("number_input", "bin_seed", 3),
        ("select_slider", "bin_x1_scale", 100), ("checkbox", "bin_f_x1x2", True),
        ("checkbox", "bin_f_x1sq", True), ("checkbox", "bin_f_x2sq", True),
        ("checkbox", "bin_f_sinx1", True), ("checkbox", "bin_f_sinx2", True),
        ("slider", "bin_layers", 0), ("slider", "bin_layers", 3), ("slider", "bin_nodes", 5),
        ("selectbox", "bin_act", "tanh"), ("selectbox", "bin_opt", "sgd"),
        ("select_slider", "bin_lr", 1.0), ("slider", "bin_epochs", 20),
        ("select_slider", "bin_batch", 8), ("slider", "bin_val", 0.5),
        ("radio", "bin_norm", "none"), ("select_slider", "bin_l2", 0.1),
        ("slider", "bin_dropout", 0.6), ("toggle", "bin_neurons", False),
        ("selectbox", "bin_shape", "spiral"), ("selectbox", "bin_shape", "circles"),
        ("selectbox", "bin_shape", "blobs"), ("radio", "bin_norm", "minmax"),
        ("segmented_control", "bin_speed", "fast"),
    ]
    for kind, key, value in moves:
        getattr(at, kind)(key=key).set_value(value).run()
        assert_clean(at)
    assert at.segmented_control(key="bin_speed").value == "fast"
    assert at.segmented_control(key="bin_data").value == "generated"
    # A click on the chosen option keeps it: both choices are required, so the browser never
    # clears them (it would send None, which AppTest can still send but a visitor cannot).
    assert all(at.segmented_control(key=key).proto.required for key in ("bin_data", "bin_speed"))
    at.button(key="bin_regen").click().run()
    assert at.number_input(key="bin_seed").value == 4
    trainer = train_to_end(at)
    assert trainer.spec.n_inputs == 7 and trainer.spec.hidden == (5, 5, 5)
    assert url_value(at, "bin_shape") == "blobs"
    # The code shown is for exactly these settings.
    script = at.code[0].value
    assert "make_blobs(n_samples=120" in script and "np.sin(X[:, 1])" in script
    assert "nn.Linear(7, 5), nn.Tanh(), nn.Dropout(0.6)" in script
    assert "MinMaxScaler" in script and "weight_decay=0.1" in script
    assert "X = X * np.array([100.0, 1.0])" in script
    # Fast: the click's own page run waits for the whole job and ends it.
    at.slider(key="bin_epochs").set_value(1000).run()
    at.button(key="bin_train").click().run()
    assert at.session_state[TRAINER].finished  # all 1000 epochs (or stopped by divergence)
    assert at.button(key="bin_train").label == "Train again" and at.button(key="bin_stop").disabled
    # Watching: Stop halts it part way; Reset starts over.
    at.segmented_control(key="bin_speed").set_value("watch").run()
    at.button(key="bin_train").click().run()
    at.button(key="bin_stop").click().run()
    assert_clean(at)
    assert 0 < at.session_state[TRAINER].epochs_done < 1000
    assert at.button(key="bin_train").label == "Resume"
    at.button(key="bin_reset").click().run()
    assert at.session_state[TRAINER].epochs_done == 0
    # No inputs at all: a plain message, not a traceback.
    for name in ("x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"):
        at.checkbox(key=f"bin_f_{name}").set_value(False).run()
    assert_clean(at)
    assert "Switch on at least one input" in at.warning[0].value


def test_big_units_without_normalization_train_bumpily(at):
    """x1 in units a thousand times smaller: raw inputs make the loss jump about."""
    at.select_slider(key="bin_x1_scale").set_value(1000).run()
    at.button(key="bin_race").click().run()
    assert_clean(at)
    table = at.dataframe[-1].value.set_index("normalization")
    raw = table.loc["None (raw numbers)", "loss_rises"]
    assert raw > table.loc["Standardize (mean 0, std 1)", "loss_rises"] + 5


def test_deep_link_sets_the_controls():
    at = open_page(PAGE, {"bin_shape": "circles", "bin_layers": "0", "bin_f_x1": "0",
                          "bin_f_x2": "0", "bin_f_x1sq": "1", "bin_f_x2sq": "1",
                          "bin_noise": "0.05"})
    assert at.selectbox(key="bin_shape").value == "circles"
    assert at.slider(key="bin_layers").value == 0
    trainer = train_to_end(at)
    # Squares of the coordinates and no hidden layer: a straight line in those inputs.
    assert trainer.spec.layer_sizes == (2, 1)
    assert trainer.history["val_metric"].iloc[-1] > 0.9


def test_a_link_restores_hand_picked_measurements():
    at = open_page(PAGE, {"bin_data": "cancer", "bin_select": "hand",
                          "bin_hand": "worst area,mean radius,not a column"})
    assert at.multiselect(key="bin_hand").value == ["worst area", "mean radius"]
    assert any("**2** of 30" in c.value for c in at.caption)
    at.multiselect(key="bin_hand").select("mean texture").run()
    assert_clean(at)
    assert at.query_params["bin_hand"] in (["worst area,mean radius,mean texture"],
                                           "worst area,mean radius,mean texture")
