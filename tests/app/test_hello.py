"""The "Hello, neural net" lesson under AppTest: defaults, training, stop/resume, underfitting,
every control moved. AppTest never fires a fragment's timer, but every full run while training
is on trains one slice, so a test trains by clicking Train and then rerunning."""

import math

import numpy as np
import pytest

from nnviz.core.formatting import dollars
from nnviz.lessons import house
from tests.app.conftest import assert_clean, chart_data, chart_spec, charts, open_page

PAGE = "app_pages/hello.py"
MAX_RUNS = 80


def trainer(at):
    return at.session_state["hello__net"]


def train_to_the_end(at):
    at.button(key="hello_train").click().run()
    for _ in range(MAX_RUNS):
        if not at.session_state["hello__running"]:
            break
        at.run()
    assert_clean(at)
    assert trainer(at).finished
    return trainer(at)


def metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


def chart_titled(at, words):
    for el in charts(at):
        if words in str(chart_spec(el).get("title", "")) or words in str(
                chart_spec(el).get("layer", [{}])[0].get("title", "")):
            return el
    raise AssertionError(f"no chart titled {words!r}")


@pytest.fixture(scope="module")
def fast():
    """The lesson with slow motion off, trained to the end once (shared by read-only tests)."""
    at = open_page(PAGE, {"hello_slow": "0"})
    train_to_the_end(at)
    return at


def test_defaults_render_with_numbers_computed_independently():
    at = open_page(PAGE)
    assert at.title[0].value == "Hello, neural net"
    assert any("The talk's first demo" in m.value for m in at.markdown)  # learners get prose
    n_train = 300 - math.ceil(300 * 0.2)  # 300 points, 20 % held out
    assert metric(at, "Training points") == f"{n_train:,}"
    assert metric(at, "Steps per epoch") == str(math.ceil(n_train / 32))
    assert metric(at, "Total steps") == f"{math.ceil(n_train / 32) * 100:,}"
    # The network's code sits next to its diagram.
    assert any("nn.Linear(2, 16), nn.ReLU()," in c.value for c in at.code)
    assert len(charts(at)) == 4  # diagram, loss, accuracy, boundary
    diagram = charts(at)[0]
    assert chart_data(diagram, 0).shape[0] > 0
    # Numpy basics reproduce the talk's table: 4 rooms, 10 years -> $200,000, and so on.
    assert metric(at, "Predicted price, house 1") == "$200,000"
    table = at.dataframe[-1].value
    assert table["(X * w).sum(axis=1)"].tolist() == ["$200,000", "$300,000", "$400,000"]
    errors = [dollars(p - r.price) for p, r in zip((200_000, 300_000, 400_000),
                                                     house.TALK_ROWS, strict=True)]
    assert table["prediction - price"].tolist() == errors
    assert trainer(at).steps_done == 0 and not at.session_state["hello__running"]


def test_training_runs_to_the_end_and_the_charts_show_it(fast):
    t = trainer(fast)
    assert t.epochs_done == 100 and len(t.history) == 100
    data = chart_data(chart_titled(fast, "loss (binary cross-entropy)"), 0)
    train = data[data.curve == "training"].sort_values("epoch")
    np.testing.assert_allclose(train.value.to_numpy(), t.history.train_loss.to_numpy())
    last = t.history.iloc[-1]
    assert metric(fast, "Training accuracy") == f"{last.train_metric:.1%}"
    assert metric(fast, "Validation accuracy") == f"{last.val_metric:.1%}"
    assert last.val_metric > 0.9  # moons with a 2 x 16 ReLU network: learned
    assert any("No underfitting" in s.value for s in fast.success)
    assert fast.button(key="hello_train").label == "Train again"
    assert any("Epoch 100 of 100" in p.proto.text for p in fast.get("progress"))


def test_without_slow_motion_one_click_trains_and_shows_train_again():
    """The click's own page run waits for the job (trained on a worker) and ends the run: the
    replay is complete and the button offers to train again."""
    at = open_page(PAGE, {"hello_slow": "0", "hello_seed": "11"})
    at.button(key="hello_train").click().run()
    assert_clean(at)
    assert not at.session_state["hello__running"]
    assert trainer(at).finished
    assert at.button(key="hello_train").label == "Train again"


def test_stop_keeps_the_model_and_resume_continues():
    at = open_page(PAGE)  # slow motion: a few epochs per run, never the whole job at once
    at.button(key="hello_train").click().run()
    t = trainer(at)
    first = t.epochs_done
    assert 0 < first < 100 and at.session_state["hello__running"]
    at.run()
    second = t.epochs_done
    assert first < second < 100
    at.button(key="hello_stop").click().run()
    stopped_at = t.steps_done
    at.run()
    at.run()
    assert t.steps_done == stopped_at and not at.session_state["hello__running"]
    assert at.button(key="hello_train").label == "Resume"
    shown = chart_data(chart_titled(at, "accuracy"), 0)
    assert len(shown) == 2 * t.epochs_done  # training + validation, one point per epoch
    at.button(key="hello_train").click().run()
    assert t.epochs_done > second and trainer(at) is t  # same model, carried on
    at.button(key="hello_reset").click().run()
    assert trainer(at) is not t and trainer(at).steps_done == 0
    assert_clean(at)


def test_two_visitors_never_share_a_model(fast):
    other = open_page(PAGE)
    assert trainer(other) is not trainer(fast)
    assert trainer(other).steps_done == 0 and trainer(fast).finished


def test_underfitting_is_noticed_explained_and_fixed():
    at = open_page(PAGE, {"hello_slow": "0"})
    at.button(key="hello_demo_simple").click().run()
    assert at.slider(key="hello_layers").value == 0
    assert any("nn.Linear(2, 1)," in c.value for c in at.code)
    t = train_to_the_end(at)
    assert t.spec.hidden == ()
    warning = next(w.value for w in at.warning if "Underfitting" in w.value)
    assert f"{t.history.train_metric.iloc[-1]:.1%}" in warning
    at.button(key="hello_find_fix").click().run()
    fixes = next(d.value for d in at.dataframe if "remedy" in d.value)
    rows = dict(zip(fixes.remedy, fixes["enough?"], strict=True))
    assert rows["bigger network"] == "yes" and rows["more epochs"] == "no"
    at.button(key="hello_apply_fix").click().run()
    assert at.slider(key="hello_layers").value == 2 and at.slider(key="hello_nodes").value == 16
    fixed = train_to_the_end(at)
    assert fixed.spec.hidden == (16, 16)
    assert any("No underfitting" in s.value for s in at.success)


def test_a_learning_rate_far_too_big_is_called_stuck_and_a_smaller_one_offered():
    # Sigmoid nodes and Adam at 3.0: the first steps saturate every node, so the network gives
    # one answer everywhere (checked on several seeds in tests/unit/test_train.py).
    at = open_page(PAGE, {"hello_slow": "0", "hello_lr": "3.0", "hello_activation": "sigmoid"})
    t = train_to_the_end(at)
    accuracy = t.history.train_metric.iloc[-1]
    warning = next(w.value for w in at.warning if "learned nothing" in w.value)
    assert "Underfitting" not in " ".join(w.value for w in at.warning)
    assert f"{accuracy:.1%} of its training points" in warning  # the trainer's own number
    assert "learning rate of 3," in warning and "far too big" in warning
    at.button(key="hello_find_fix").click().run()
    fixes = next(d.value for d in at.dataframe if "remedy" in d.value).set_index("remedy")
    smaller = fixes.loc["smaller learning rate"]
    assert smaller.change == "learning rate 3 → 0.3"  # the biggest offered rate under a tenth
    assert smaller["enough?"] == "yes" and fixes.loc["more epochs", "enough?"] == "no"
    at.button(key="hello_apply_fix").click().run()
    assert at.select_slider(key="hello_lr").value == 0.3
    fixed = train_to_the_end(at)
    # The same settings, data and seed as the trial that said "yes": the same result.
    assert f"{fixed.history.train_metric.iloc[-1]:.1%}" == smaller["training accuracy"]
    assert any("No underfitting" in s.value for s in at.success)


def test_too_few_epochs_button_and_back_to_the_lesson():
    at = open_page(PAGE, {"hello_slow": "0"})
    at.button(key="hello_demo_epochs").click().run()
    assert at.slider(key="hello_epochs").value == 3
    assert metric(at, "Total steps") == str(3 * math.ceil(240 / 32))
    t = train_to_the_end(at)
    assert t.epochs_done == 3
    assert any("Underfitting" in w.value for w in at.warning)
    at.button(key="hello_demo_reset").click().run()
    assert at.slider(key="hello_epochs").value == 100
    assert_clean(at)


def test_presenter_mode_hides_the_prose_but_keeps_the_numbers():
    at = open_page(PAGE, {"present": "1"})
    text = " ".join(m.value for m in at.markdown)
    assert "The talk's first demo" not in text and "rounded up" not in text
    assert metric(at, "Steps per epoch") == "8" and len(charts(at)) == 4


def test_every_control_moved_renders_without_an_exception():
    at = open_page(PAGE, {"hello_layers": "1", "hello_epochs": "20"})
    assert at.slider(key="hello_layers").value == 1  # from the URL
    assert at.slider(key="hello_epochs").value == 20
    moves = [
        ("selectbox", "hello_shape", "circles"), ("selectbox", "hello_shape", "blobs"),
        ("slider", "hello_points", 1000), ("slider", "hello_points", 50),
        ("slider", "hello_noise", 1.0), ("slider", "hello_noise", 0.0),
        ("number_input", "hello_seed", 9999),
        ("slider", "hello_layers", 3), ("slider", "hello_nodes", 1), ("slider", "hello_nodes", 32),
        ("radio", "hello_activation", "tanh"), ("radio", "hello_activation", "sigmoid"),
        ("slider", "hello_epochs", 1), ("slider", "hello_epochs", 500),
        ("select_slider", "hello_batch", 1), ("select_slider", "hello_batch", 512),
        ("select_slider", "hello_lr", 0.0001), ("select_slider", "hello_lr", 3.0),
        ("selectbox", "hello_optimizer", "sgd"), ("selectbox", "hello_optimizer", "momentum"),
        ("toggle", "hello_slow", False),
        ("slider", "hello_w_rooms", -200_000), ("slider", "hello_w_age", 50_000),
        ("selectbox", "hello_row", 2),
    ]
    for kind, key, value in moves:
        getattr(at, kind)(key=key).set_value(value).run()
        assert_clean(at)
    # 50 points, batch 512: one step per epoch; the numbers follow.
    assert metric(at, "Steps per epoch") == "1"
    assert metric(at, "Total steps") == "500"
    # The numpy section follows its sliders: house 3 is 4 rooms, 0 years.
    assert metric(at, "Predicted price, house 3") == dollars(4 * -200_000 + 0 * 50_000)
    # Training with the extreme settings still never shows a traceback.
    at.select_slider(key="hello_batch").set_value(32).run()
    at.slider(key="hello_epochs").set_value(30).run()
    train_to_the_end(at)
    # The generated code follows the controls too.
    code = "\n".join(c.value for c in at.code)
    assert "nn.Linear(2, 32), nn.Sigmoid()," in code and "momentum=0.9" in code
    assert "make_blobs(n_samples=50" in code and "lr=3.0" in code
    assert "model.add(Dense(32, activation='sigmoid'))" in code
    assert len(at.get("download_button")) == 2


def test_a_lost_worker_is_told_and_resume_goes_on(monkeypatch):
    """The chunk under way dies with its worker: the page says so (no traceback), keeps what
    arrived, and Resume trains on to the end from there."""
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    from nnviz.jobs import pool
    from nnviz.jobs.results import shared
    from nnviz.jobs.run import WORKER_LOST

    shared.clear()  # a chunk trained by an earlier test would arrive without any worker
    real_submit = pool.submit

    def dies(fn, *args):
        lost = Future()
        lost.set_exception(BrokenProcessPool("a worker died"))
        return lost, None

    at = open_page(PAGE, {"hello_lr": "0.03", "hello_epochs": "40"})
    monkeypatch.setattr(pool, "submit", dies)
    at.button(key="hello_train").click().run()
    assert_clean(at)
    assert WORKER_LOST in [e.value for e in at.error]
    assert not at.session_state["hello__running"]
    assert at.button(key="hello_train").label == "Train"  # nothing arrived: still epoch 0
    monkeypatch.setattr(pool, "submit", real_submit)
    finished = train_to_the_end(at)
    assert finished.epochs_done == 40 and not at.error
