"""The multi-class lesson under AppTest: defaults, training, every control, and the numbers.

Every number checked here is recomputed independently: label codes with scikit-learn's
encoders, softmax with torch, accuracy and the confusion matrix with sklearn.metrics, and the
probabilities of one example with torch.softmax of the network's raw outputs.
"""

import numpy as np
import pytest
import torch
from sklearn.metrics import accuracy_score, confusion_matrix
from sklearn.preprocessing import LabelEncoder, OneHotEncoder

from nnviz.core import prep
from nnviz.data import class_data
from tests.app.conftest import (
    assert_clean,
    chart_spec,
    charts,
    named_data,
    open_page,
    replay_payload,
    torch_twin,
)

PAGE = "app_pages/multiclass.py"
TRAINER = "mc__net"
# Few epochs keep a full training run short on a shared machine.
QUICK = {"mc_epochs": "10"}


def train_to_end(at, limit: int = 400):
    at.button(key="mc_train").click().run()
    for _ in range(limit):
        if at.session_state[TRAINER].finished:
            break
        at.run()
    assert_clean(at)
    trainer = at.session_state[TRAINER]
    assert trainer.finished
    return trainer


def url_value(at, key: str):
    value = at.query_params.get(key)
    return value[0] if isinstance(value, list) else value


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def frame_with(at, column: str):
    """The first st.dataframe on the page that has `column`."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def current_data(at):
    """The dataset the page shows, rebuilt from the session's settings (rows in dataset order)."""
    def s(key, default=None):
        try:
            return at.session_state[key]
        except KeyError:  # a widget the page did not draw this run (e.g. blob sliders on iris)
            return default

    data = class_data.load(s("mc_data"), s("mc_classes", 4), s("mc_points", 400),
                   float(s("mc_spread", 1.5)), s("mc_seed"))
    two = s("mc_inputs") == "two" and s("mc_fx") != s("mc_fy")  # the same twice: all features
    if s("mc_data") in ("iris", "wine") and two:
        data = data.select([s("mc_fx"), s("mc_fy")])
    return data


def test_defaults_encode_labels_like_scikit_learn_and_softmax_like_torch():
    at = open_page(PAGE)
    assert at.title[0].value == "Multi-class classifier"
    assert metric(at, "Classes = outputs of the network") == "3"

    table = frame_with(at, "code")
    names = table["class name"].to_numpy()
    iris = class_data.iris()
    enc = LabelEncoder().fit(iris.y)
    np.testing.assert_array_equal(table["code"], enc.transform(names))
    hot = OneHotEncoder(sparse_output=False).fit(iris.y.reshape(-1, 1))
    np.testing.assert_array_equal(
        table[[f"is {c}" for c in hot.categories_[0]]].to_numpy(),
        hot.transform(names.reshape(-1, 1)))
    assert set(names) == set(iris.class_names)  # every class appears at least once
    np.testing.assert_array_equal(iris.y[table["row"]], names)  # rows are the real rows

    scores = frame_with(at, "exp(score - max)")
    expected = torch.softmax(torch.tensor([2.0, 1.0, 0.1], dtype=torch.float64), 0).numpy()
    np.testing.assert_allclose(scores["probability"], expected, rtol=1e-9)
    np.testing.assert_allclose(named_data(at, "scores")[0]["probability"], expected, rtol=1e-9)
    assert any("1.000000" in c.value for c in at.caption)

    # Before training: the regions of the untrained network are there, the confidence is not.
    cells = [c for c in named_data(at, "cells") if "predicted" in c.columns]
    assert cells and set(cells[0]["predicted"]) <= set(iris.class_names)
    assert "Train the network first" in at.info[0].value


def test_moving_a_score_moves_the_probabilities():
    at = open_page(PAGE)
    at.slider(key="mc_z2").set_value(6.0).run()
    assert_clean(at)
    probs = frame_with(at, "exp(score - max)")["probability"].to_numpy()
    expected = torch.softmax(torch.tensor([2.0, 1.0, 6.0], dtype=torch.float64), 0).numpy()
    np.testing.assert_allclose(probs, expected, rtol=1e-9)
    assert probs.argmax() == 2
    at.slider(key="mc_sm_k").set_value(2).run()
    assert_clean(at)
    assert len(frame_with(at, "exp(score - max)")) == 2
    at.selectbox(key="mc_sm_which").set_value(1).run()
    assert_clean(at)
    sweep = named_data(at, "sweep")[0]
    np.testing.assert_allclose(sweep.groupby("score")["probability"].sum(), 1.0)


def test_training_then_confidence_numbers_match_sklearn():
    at = open_page(PAGE, QUICK)
    trainer = train_to_end(at)
    assert len(trainer.history) == 10
    data = current_data(at)
    codes = LabelEncoder().fit_transform(data.y)
    rows = prep.split_rows(data.X, codes, 0.25, "standardize", seed=0)
    predicted = trainer.predict(rows.x_val)

    accuracy = accuracy_score(rows.y_val, predicted)
    assert metric(at, "Accuracy") == f"{accuracy:.1%}"
    assert trainer.history["val_metric"].iloc[-1] == pytest.approx(accuracy)

    matrix = [c for c in named_data(at, "cells") if "row_share" in c.columns][0]
    counts = matrix.pivot(index="actual", columns="predicted", values="count")
    counts = counts.loc[list(data.class_names), list(data.class_names)].to_numpy()
    np.testing.assert_array_equal(counts, confusion_matrix(rows.y_val, predicted))

    # The example shown up close: its bars are torch.softmax of the network's raw outputs.
    row = at.session_state["mc_pick"]
    with torch.no_grad():
        logits = torch_twin(trainer).model(torch.tensor(rows.normalizer.transform(data.X[[row]]),
                                            dtype=torch.float32))
    expected = torch.softmax(logits, dim=1).numpy()[0]
    np.testing.assert_allclose(named_data(at, "probs")[0]["probability"], expected, atol=1e-6)
    marked = named_data(at, "marked")[0]
    np.testing.assert_allclose(marked[["x1", "x2"]].to_numpy()[0], data.X[row])


def test_a_confusion_cell_chosen_by_keyboard_lists_exactly_its_examples():
    at = open_page(PAGE, {"mc_data": "blobs", "mc_spread": "3", "mc_classes": "3", **QUICK})
    trainer = train_to_end(at)
    data = current_data(at)
    codes = LabelEncoder().fit_transform(data.y)
    rows = prep.split_rows(data.X, codes, 0.25, "standardize", seed=0)
    predicted = trainer.predict(rows.x_val)
    for actual, guess in [("A", "B"), ("B", "B"), ("C", "A")]:
        at.selectbox(key="mc_cm_actual").set_value(actual).run()
        at.selectbox(key="mc_cm_pred").set_value(guess).run()
        assert_clean(at)
        a, p = ord(actual) - 65, ord(guess) - 65
        expected = sorted(rows.val_rows[(rows.y_val == a) & (predicted == p)].tolist())
        text = " ".join(m.value for m in at.markdown)
        assert f"{len(expected)} example" in text
        if expected:
            listed = _cell_table(at)
            assert sorted(listed["row"].tolist()) == expected
            assert (listed["actual"] == actual).all() and (listed["predicted"] == guess).all()


def test_the_confidence_lists_show_each_example_s_confidence():
    """The three narrow lists keep their confidence column (the point of them) readable:
    four columns, each confidence the largest probability the network gives that row."""
    at = open_page(PAGE, {"mc_data": "blobs", "mc_spread": "3", "mc_classes": "3", **QUICK})
    trainer = train_to_end(at)
    data = current_data(at)
    rows = prep.split_rows(data.X, LabelEncoder().fit_transform(data.y), 0.25,
                           "standardize", 0)
    sure = trainer.predict_proba(rows.normalizer.transform(data.X)).max(axis=1)
    lists = [d.value for d in at.dataframe if "confidence" in d.value.columns]
    assert len(lists) == 4  # surest, least sure, surest mistakes, the chosen cell
    for table in lists:
        assert list(table.columns) == ["row", "actual", "predicted", "confidence"]
        np.testing.assert_allclose(table["confidence"], sure[table["row"]], atol=1e-6)
    least = lists[1]["row"].tolist()
    val = np.sort(rows.val_rows)
    assert least == val[np.argsort(sure[val], kind="stable")][:6].tolist()


def _cell_table(at):
    """The cell listing: the last table with actual/predicted columns on the page."""
    tables = [d.value for d in at.dataframe if {"actual", "predicted"} <= set(d.value.columns)]
    return tables[-1]


def test_picking_an_example_shows_its_probabilities():
    at = open_page(PAGE, {"mc_data": "wine", "mc_inputs": "all", **QUICK})
    trainer = train_to_end(at)
    data = current_data(at)
    rows = prep.split_rows(data.X, LabelEncoder().fit_transform(data.y), 0.25,
                           "standardize", 0)
    for row in (0, 77, 177):
        at.selectbox(key="mc_pick").set_value(row).run()
        assert_clean(at)
        expected = trainer.predict_proba(rows.normalizer.transform(data.X[[row]]))[0]
        shown = named_data(at, "probs")[0]
        np.testing.assert_allclose(shown["probability"], expected, atol=1e-6)
        assert abs(shown["probability"].sum() - 1) < 1e-5


def test_digits_show_pictures_and_their_galleries():
    at = open_page(PAGE, {"mc_data": "digits", "mc_epochs": "5"})
    digits = named_data(at, "digits")[0]  # one picture per class before training
    assert digits["item"].nunique() == 10 and len(digits) == 640
    images = class_data.digits().images
    for item, pixels in digits.groupby("item"):
        picture = np.zeros((8, 8))
        picture[pixels["row"], pixels["col"]] = pixels["ink"]
        np.testing.assert_array_equal(picture, images[item])
    train_to_end(at)
    assert len(named_data(at, "pixels")) == 1  # the example up close, as a picture
    assert len(named_data(at, "digits")) >= 3  # data, most / least confident galleries
    # Each list gallery sits in a third of the page: two captioned pictures a row fit there.
    listed = [chart_spec(c) for c in charts(at) if chart_spec(c).get("params", [{}])[0]
              .get("name", "").startswith("mc_gal")]
    assert len(listed) == 3 and all(spec["columns"] == 2 for spec in listed)


# Every control, moved one after another on one page, so the settings pile up into unusual
# combinations. After each move that changes the network or the data, the page trains again
# to the end: any combination must train and render without an exception.
SETTINGS = [
    ("slider", "mc_epochs", 5),
    ("selectbox", "mc_fx", "sepal width (cm)"),
    ("selectbox", "mc_fy", "sepal width (cm)"),  # the same as "Across": a warning, no crash
    ("selectbox", "mc_fy", "petal length (cm)"),
    ("radio", "mc_inputs", "all"),
    ("number_input", "mc_seed", 7),
    ("slider", "mc_layers", 4),
    ("slider", "mc_nodes", 2),
    ("selectbox", "mc_act", "tanh"),
    ("selectbox", "mc_act", "sigmoid"),
    ("selectbox", "mc_opt", "sgd"),
    ("selectbox", "mc_opt", "momentum"),
    ("select_slider", "mc_lr", 3.0),
    ("select_slider", "mc_lr", 0.0003),
    ("select_slider", "mc_batch", 256),
    ("select_slider", "mc_batch", 8),
    ("selectbox", "mc_norm", "none"),
    ("selectbox", "mc_norm", "minmax"),
    ("slider", "mc_val", 0.0),
    ("slider", "mc_val", 0.5),
    ("selectbox", "mc_data", "wine"),
    ("selectbox", "mc_data", "digits"),
    ("selectbox", "mc_data", "blobs"),
    ("slider", "mc_classes", 8),
    ("slider", "mc_classes", 2),
    ("slider", "mc_points", 60),
    ("slider", "mc_spread", 5.0),
]
# Controls that read a trained network without changing it.
READING = [
    ("slider", "mc_sm_k", 2),
    ("slider", "mc_z0", -10.0),
    ("slider", "mc_z1", 10.0),
    ("slider", "mc_sm_k", 3),
    ("slider", "mc_z2", 0.0),
    ("selectbox", "mc_sm_which", 2),
    ("radio", "mc_set", "training"),
    ("selectbox", "mc_pick", 3),
    ("selectbox", "mc_cm_actual", "virginica"),
    ("selectbox", "mc_cm_pred", "setosa"),
    ("radio", "mc_set", "validation"),
]


def _move(at, kind: str, key: str, value):
    getattr(at, kind)(key=key).set_value(value).run()
    assert_clean(at)
    assert at.session_state[key] == value


def test_every_setting_moves_and_still_trains():
    at = open_page(PAGE)
    for kind, key, value in SETTINGS:
        _move(at, kind, key, value)
        trainer = train_to_end(at)
        assert trainer.spec.n_inputs == current_data(at).n_features, key
        assert trainer.spec.n_classes == current_data(at).n_classes, key
    assert at.session_state["mc_classes"] == 2
    assert metric(at, "Classes = outputs of the network") == "2"
    # The URL holds every setting that differs from its default.
    assert url_value(at, "mc_data") == "blobs"
    assert url_value(at, "mc_spread") == "5"
    assert url_value(at, "mc_lr") == "0.0003"


def test_every_reading_control_moves_on_a_trained_page():
    at = open_page(PAGE, {"mc_epochs": "5"})
    trainer = train_to_end(at)
    for kind, key, value in READING:
        _move(at, kind, key, value)
        assert at.session_state[TRAINER] is trainer  # reading never retrains


def test_same_feature_twice_warns_and_uses_all_features():
    at = open_page(PAGE, {"mc_fy": "petal length (cm)"})
    assert any("two different features" in w.value for w in at.warning)
    assert "4 inputs" in " ".join(m.value for m in at.markdown)


def test_a_link_reproduces_the_settings_and_bad_values_fall_back():
    at = open_page(PAGE, {"mc_data": "blobs", "mc_classes": "5", "mc_seed": "3"})
    assert metric(at, "Classes = outputs of the network") == "5"
    at = open_page(PAGE, {"mc_data": "mnist", "mc_fx": "colour", "mc_lr": "banana",
                          "mc_classes": "99", "mc_pick": "-5"})
    assert at.session_state["mc_data"] == "iris"
    assert at.session_state["mc_fx"] == "petal length (cm)"
    assert at.session_state["mc_lr"] == 0.01


def test_a_network_that_learned_nothing_is_called_out():
    bad = {"mc_norm": "none", "mc_opt": "momentum", "mc_act": "tanh", "mc_lr": "3",
           "mc_epochs": "10"}
    at = open_page(PAGE, bad)
    trainer = train_to_end(at)
    assert not trainer.diverged  # cross-entropy stays finite: the failure is quiet
    assert any("barely learned" in w.value for w in at.warning)
    at = open_page(PAGE, QUICK)
    train_to_end(at)
    assert not any("barely learned" in w.value for w in at.warning)


def test_presenter_mode_hides_the_long_prose():
    plain = open_page(PAGE)
    staged = open_page(PAGE, {"present": "1"})
    words = "A network only computes with numbers"
    assert any(words in m.value for m in plain.markdown)
    assert not any(words in m.value for m in staged.markdown)
    assert staged.title[0].value == "Multi-class classifier"


def test_the_replay_plays_the_networks_own_class_regions():
    """The replay starts from the untrained network; its last frame is the trained network's
    answer (the class, and how sure it is) on the replay's grid."""
    from nnviz.core.plane import plane_around
    from nnviz.ui.replay_plans import REPLAY_RESOLUTION

    at = open_page(PAGE, QUICK)
    trainer = train_to_end(at)
    header, arrays = replay_payload(at)
    assert header["kind"] == "classes" and header["complete"]
    assert arrays["epochs"][0] == 0 and arrays["epochs"][-1] == 10
    data = current_data(at)
    rows = prep.split_rows(data.X, LabelEncoder().fit_transform(data.y), 0.25, "standardize",
                           seed=0)
    plane = plane_around(data.X, resolution=REPLAY_RESOLUTION)
    proba = trainer.predict_proba(rows.normalizer.transform(plane.points()))
    sure = proba.max(axis=1)
    clear = np.sort(proba, axis=1)[:, -2] < sure - 2 / 255  # no near-tie rounding can flip
    np.testing.assert_array_equal(arrays["values"][-1].ravel()[clear], proba.argmax(1)[clear])
    assert np.abs(arrays["confidence"][-1].ravel() / 255 - sure).max() <= 0.5 / 255 + 1e-6
