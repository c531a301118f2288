"""The regression lesson under AppTest: defaults, training, every control, uploads good and bad.

AppTest in Streamlit 1.67 can put a file into st.file_uploader
(at.file_uploader(key=...).set_value((name, bytes, mime))), so uploads are tested here
through the real widget; the files are made in the test with pandas.
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn import metrics
from streamlit.testing.v1 import AppTest

from nnviz.core.prep import prepare
from nnviz.data import csv_upload, tabular
from nnviz.lessons import regression
from tests.app.conftest import (
    APP,
    assert_clean,
    chart_data,
    charts,
    open_page,
    replay_payload,
    train_live,
)

PAGE = "app_pages/regression.py"
ROOT = Path(APP).parent
QUICK = {"reg_epochs": "10"}  # a short run keeps every test quick


def open_regression(query: dict[str, str] | None = None) -> AppTest:
    return open_page(PAGE, {**QUICK, **(query or {})})


def train_to_end(at: AppTest, source: str = "houses"):
    """Click Train and rerun, as the page's timer would, until the run is done."""
    return train_live(at, f"reg_{source}")


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def texts(at: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "caption", "error", "info", "warning", "success")
             for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


def the_split(at: AppTest, n=500, seed=0, strategy="drop", val=0.2, norm="standardize"):
    """What the page should have trained on, rebuilt from nnviz directly."""
    table = tabular.houses_table(n, seed)
    cleaned = tabular.clean_for_training(table.frame, "price", table.inputs, strategy)
    return prepare(cleaned.x.to_numpy(float), cleaned.y.to_numpy(float), val, norm, seed)


def csv_file(frame: pd.DataFrame, tmp_path, name="mine.csv") -> tuple[str, bytes, str]:
    path = tmp_path / name
    frame.to_csv(path, index=False)
    return name, path.read_bytes(), "text/csv"


def own_houses(n=80, seed=1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    size = rng.uniform(50, 250, n)
    return pd.DataFrame({"size_m2": size, "floor": rng.integers(0, 10, n),
                         "city": rng.choice(["Leeds", "York"], n),
                         "rent": 8 * size + rng.normal(0, 60, n)})


@pytest.fixture
def at():
    return open_regression()


# ---- defaults ---------------------------------------------------------------------------------

def test_defaults_show_the_data_its_summary_ranges_and_an_invitation_to_train(at):
    assert at.title[0].value == "Regression: predict a number"
    houses = tabular.make_houses(500, 0)
    summary = at.dataframe[1].value
    expected = houses.describe().T
    np.testing.assert_allclose(summary.set_index("column").loc[expected.index, "mean"],
                               expected["mean"])
    assert summary.set_index("column")["blank"].sum() == houses.isna().sum().sum()
    _, report = tabular.handle_missing(houses, "drop")
    assert report.sentence() in texts(at)
    # The ranges chart: before = raw training inputs, after = standardized ones.
    s = the_split(at)
    ranges = next(chart_data(c) for c in charts(at)
                  if "before" in set(chart_data(c).get("stage", [])))
    after = ranges[ranges["stage"] == "after"]
    np.testing.assert_allclose(after["mean"], 0.0, atol=1e-9)
    before = ranges[ranges["stage"] == "before"]
    np.testing.assert_allclose(before["max"], s.raw.x_train.max(axis=0))
    assert "Train the network" in at.info[0].value
    assert at.button(key="reg_houses_train").label == "Train"


# ---- training and the numbers shown -----------------------------------------------------------

def test_training_shows_errors_in_dollars_that_match_sklearn(at):
    trainer = train_to_end(at)
    assert "on the houses it cannot follow" in texts(at)  # the closing hint fits the data
    s = the_split(at).split
    scale = regression.TargetScale.fit(s.y_train)
    predicted = scale.to_units(trainer.predict(s.x_val))
    mae = metrics.mean_absolute_error(s.y_val, predicted)
    assert metric(at, "Validation mean absolute error") == tabular.format_value(mae, "$")
    assert metric(at, "Validation R²") == f"{metrics.r2_score(s.y_val, predicted):.3f}"
    guess = np.full(len(s.y_val), s.y_train.mean())
    assert metric(at, "Always guessing the average") == tabular.format_value(
        metrics.mean_absolute_error(s.y_val, guess), "$")
    # The live error curve is the engine's history, in dollars: its last point is that MAE.
    assert metric(at, "Validation error (mean absolute)") == tabular.format_value(mae, "$")
    # A new house: the inputs go through the training normalization, then the network.
    at.number_input(key="reg_new_houses_rooms").set_value(7.0).run()
    at.number_input(key="reg_new_houses_distance_km").set_value(1.5).run()
    assert_clean(at)
    x = np.array([[at.number_input(key=f"reg_new_houses_{c}").value
                   for c in tabular.houses_table().inputs]])
    prepared = the_split(at)
    expected = scale.to_units(trainer.predict(prepared.normalizer.transform(x)))[0]
    assert metric(at, "Predicted price") == tabular.format_value(expected, "$")
    assert x[0, 0] == 7.0


def test_compare_topologies_gives_a_table_and_curves(at):
    at.button(key="reg_compare").click().run()
    assert_clean(at)
    table = at.dataframe[-1].value
    assert list(table["topology"]) == ["no hidden layer", "one layer of 8", "two layers of 32",
                                       "yours"]
    assert table["epochs"].tolist() == [10] * 4
    curves = next(chart_data(c) for c in charts(at) if "topology" in chart_data(c))
    assert set(curves["topology"]) == set(table["topology"])
    assert "Lowest validation error" in at.success[0].value
    # Changing a setting marks the comparison as out of date instead of showing stale numbers.
    at.slider(key="reg_val").set_value(0.3).run()
    assert "compare again" in texts(at)


def test_a_learning_rate_that_blows_up_is_explained(at):
    at.radio(key="reg_norm").set_value("none").run()
    at.selectbox(key="reg_opt").set_value("sgd").run()
    at.select_slider(key="reg_lr").set_value(1.0).run()
    trainer = train_to_end(at)
    assert regression.blew_up(trainer)
    assert "learning rate is too big" in at.error[0].value  # said live, with the curves
    assert "Training blew up" in texts(at)


def test_a_network_thrown_off_by_big_steps_is_told_to_take_smaller_ones(at):
    # Adam at 1.0 on raw inputs: the loss stays finite but the network ends up answering one
    # price for every house. That is not "train longer, raise the learning rate".
    at.radio(key="reg_norm").set_value("none").run()
    at.select_slider(key="reg_lr").set_value(1.0).run()
    trainer = train_to_end(at)
    s = the_split(at, norm="none")
    scale = regression.TargetScale.fit(s.split.y_train)
    predicted = scale.to_units(trainer.predict(s.split.x_train))
    assert np.std(predicted) < 0.05 * np.std(s.split.y_train)  # one answer for every row
    warning = next(w.value for w in at.warning if "learned nothing" in w.value)
    assert "normalize the inputs or choose a smaller learning rate" in warning
    assert "raise the learning rate" not in texts(at)


# ---- every control ----------------------------------------------------------------------------

def test_every_control_moves_without_breaking_the_page(at):
    moves = [
        lambda: at.slider(key="reg_rows").set_value(300),
        lambda: at.number_input(key="reg_seed").set_value(5),
        lambda: at.selectbox(key="reg_target_houses").set_value("size_sqft"),
        lambda: at.multiselect(key="reg_inputs_houses").set_value(["rooms", "age_years", "price"]),
        lambda: at.radio(key="reg_missing").set_value("median"),
        lambda: at.radio(key="reg_missing").set_value("mean"),
        lambda: at.slider(key="reg_val").set_value(0.35),
        lambda: at.radio(key="reg_norm").set_value("minmax"),
        lambda: at.slider(key="reg_layers").set_value(3),
        lambda: at.slider(key="reg_nodes").set_value(5),
        lambda: at.selectbox(key="reg_act").set_value("tanh"),
        lambda: at.selectbox(key="reg_opt").set_value("momentum"),
        lambda: at.select_slider(key="reg_lr").set_value(0.03),
        lambda: at.slider(key="reg_epochs").set_value(15),
        lambda: at.select_slider(key="reg_batch").set_value(64),
        lambda: at.slider(key="reg_layers").set_value(0),
    ]
    for move in moves:
        move().run()
        assert_clean(at)
    assert "filled with its column's mean" in texts(at)
    # The URL carries every setting that differs from the defaults.
    for key, value in {"reg_rows": "300", "reg_seed": "5", "reg_missing": "mean",
                       "reg_val": "0.35", "reg_norm": "minmax", "reg_layers": "0",
                       "reg_act": "tanh", "reg_opt": "momentum", "reg_lr": "0.03",
                       "reg_epochs": "15", "reg_batch": "64"}.items():
        got = at.query_params.get(key)
        assert (got[0] if isinstance(got, list) else got) == value, key
    trainer = train_to_end(at)
    assert trainer.spec.hidden == () and trainer.spec.activation == "tanh"
    assert trainer.config.batch_size == 64 and trainer.config.optimizer == "momentum"
    assert trainer.n_train + trainer.n_val == 300  # mean-filling keeps every house
    # The prediction inputs follow the chosen columns; the target cannot be an input.
    assert [n.label for n in at.number_input if n.key.startswith("reg_new_")] == [
        "rooms", "age_years", "price"]
    at.button(key="reg_houses_reset").click().run()
    assert_clean(at)
    assert at.session_state["reg_houses__net"].steps_done == 0
    # Removing every input stops the lesson with a plain message, not an error.
    at.multiselect(key="reg_inputs_houses").set_value([]).run()
    assert_clean(at)
    assert "Choose at least one input column" in at.error[0].value


def test_diabetes_and_a_deep_link(at):
    link = open_regression({"reg_source": "diabetes", "reg_layers": "0", "reg_lr": "0.03"})
    assert link.button_group(key="reg_source").value == "diabetes"
    assert link.slider(key="reg_layers").value == 0
    trainer = train_to_end(link, "diabetes")
    # 442 patients; scikit-learn rounds the validation part up: ceil(88.4) = 89.
    assert trainer.spec.n_inputs == 10 and (trainer.n_train, trainer.n_val) == (353, 89)
    assert "points" in metric(link, "Validation mean absolute error")
    # A hand-edited link with nonsense falls back to defaults instead of failing.
    odd = open_regression({"reg_source": "spreadsheet", "reg_val": "9", "reg_batch": "7"})
    assert odd.button_group(key="reg_source").value == "houses"
    assert odd.slider(key="reg_val").value == 0.5
    assert odd.select_slider(key="reg_batch").value == 32


def test_a_link_restores_the_column_choices():
    inputs = "age,blood_pressure,body_mass_index,no such column"
    at = open_regression({"reg_source": "diabetes", "reg_target_diabetes": "body_mass_index",
                          "reg_inputs_diabetes": inputs})
    assert at.selectbox(key="reg_target_diabetes").value == "body_mass_index"
    # The target and the unknown column are left out of the inputs.
    assert at.multiselect(key="reg_inputs_diabetes").value == ["age", "blood_pressure"]
    at.multiselect(key="reg_inputs_diabetes").select("sex").run()
    assert_clean(at)
    published = at.query_params["reg_inputs_diabetes"]
    assert "age,blood_pressure,sex" in (published[0] if isinstance(published, list) else published)


# ---- uploads ----------------------------------------------------------------------------------

def test_an_uploaded_file_trains_and_bad_files_are_explained(at, tmp_path):
    houses_trainer = train_to_end(at)  # trained on the built-in houses first
    at.button_group(key="reg_source").set_value("upload").run()
    assert_clean(at)
    assert "Upload a CSV file" in at.info[0].value

    mine = own_houses()
    at.file_uploader(key="reg_file").set_value(csv_file(mine, tmp_path)).run()
    assert_clean(at)
    assert at.selectbox(key="reg_target_upload").value == "rent"
    # The text column is an input too: one 0/1 column per city (tests/app/test_regression_text).
    assert at.multiselect(key="reg_inputs_upload").value == ["size_m2", "floor", "city"]
    assert "city: Leeds" in texts(at)
    trainer = train_to_end(at, "upload")
    assert trainer.n_train + trainer.n_val == 80
    hint = next(i.value for i in at.info if i.value.startswith("What to notice"))
    assert "houses" not in hint and "your columns" in hint  # about the learner's own table

    # One limit: the widget's own ("Limit 20MB per file") is the one its label names. A file
    # over it that reaches the page anyway is explained there.
    uploader = at.file_uploader(key="reg_file")
    assert uploader.proto.max_upload_size_mb == csv_upload.MAX_MB
    assert f"up to {csv_upload.MAX_MB} MB" in uploader.label
    bad_files = {
        "empty": (("empty.csv", b"", "text/csv"), "is empty"),
        "not csv": (("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "image/png"),
                    "not a text file"),
        "ragged": (("ragged.csv", b"a,b\n1,2\n3,4,5,6\n", "text/csv"), "not a well-formed"),
        "one column": (csv_file(mine[["rent"]], tmp_path, "one.csv"), "single column"),
        "blank columns": (csv_file(mine[["rent"]].assign(x=np.nan, z=np.nan), tmp_path,
                                   "gaps.csv"), "completely blank"),
        "too large": (("huge.csv", b"a,b\n" + b"123456789,123456789\n" * 1_100_000,
                       "text/csv"), "files up to 20 MB"),
    }
    for name, (file, words) in bad_files.items():
        at.file_uploader(key="reg_file").set_value(file).run()
        assert_clean(at)
        assert words in at.error[0].value, (name, at.error[0].value)
        # Nothing is lost: the last usable file stays in use, its training too.
        assert "Still using **mine.csv**" in texts(at), name
        assert at.session_state["reg_upload__net"] is trainer

    # A text column as the target: a plain message, the page carries on. (After the bad
    # files: making 'city' the target takes it out of the inputs, which changes the settings.)
    at.selectbox(key="reg_target_upload").set_value("city").run()
    assert_clean(at)
    assert any("holds text" in e.value for e in at.error)
    at.selectbox(key="reg_target_upload").set_value("rent").run()

    # Too few rows (and a blank-heavy column) are caught once the columns are chosen.
    few = own_houses(12)
    at.file_uploader(key="reg_file").set_value(csv_file(few, tmp_path, "few.csv")).run()
    assert_clean(at)
    assert "Only 12 usable rows" in at.error[0].value
    gappy = own_houses(60).astype({"floor": float})
    gappy.loc[10:, "floor"] = np.nan
    at.file_uploader(key="reg_file").set_value(csv_file(gappy, tmp_path, "gappy.csv")).run()
    assert "Most values of 'floor' are blank" in at.error[0].value
    at.radio(key="reg_missing").set_value("median").run()  # the suggested fix works
    assert_clean(at)
    assert not at.error

    at.multiselect(key="reg_inputs_upload").set_value(["size_m2"]).run()
    # Back to the houses with their settings: their trained network is still there.
    at.radio(key="reg_missing").set_value("drop").run()
    at.button_group(key="reg_source").set_value("houses").run()
    assert_clean(at)
    assert at.session_state["reg_houses__net"] is houses_trainer
    assert at.button(key="reg_houses_train").label == "Train again"
    # The upload's column choice survived the trip; forgetting the file asks for a new one.
    at.button_group(key="reg_source").set_value("upload").run()
    assert at.multiselect(key="reg_inputs_upload").value == ["size_m2"]
    at.file_uploader(key="reg_file").set_value(None).run()
    at.button(key="reg_forget").click().run()
    assert_clean(at)
    assert "Upload a CSV file" in at.info[0].value


def test_a_wide_file_with_a_category_like_target(at, tmp_path):
    rng = np.random.default_rng(3)
    wide = pd.DataFrame(rng.normal(size=(100, 30)), columns=[f"m{i}" for i in range(30)])
    wide["passed"] = (wide["m0"] > 0).astype(int)
    at.button_group(key="reg_source").set_value("upload").run()
    at.file_uploader(key="reg_file").set_value(csv_file(wide, tmp_path, "wide.csv")).run()
    assert_clean(at)
    assert "looks like categories" in at.info[0].value
    assert "first 24 of 30 inputs" in texts(at)  # the range picture stays on screen
    train_to_end(at, "upload")
    typed = [n for n in at.number_input if n.key.startswith("reg_new_")]
    assert len(typed) == 24
    assert "other 6 inputs are set to their median" in texts(at)


def test_presenter_mode_keeps_the_controls_and_drops_the_prose():
    at = open_regression({"present": "1"})
    if not ("present" in at.session_state and at.session_state["present"]):
        at.session_state["present"] = True  # the page file alone has no sidebar switch
        at.run()
    assert "answers with a number" not in texts(at)
    assert at.slider(key="reg_layers") and at.button(key="reg_houses_train")
    train_to_end(at)
    assert "What to notice" not in texts(at)
    assert metric(at, "Validation R²")


def test_the_replay_plays_the_networks_own_predictions_in_dollars(at):
    """The replayed dots are validation houses: actual price against the network's own
    prediction, in dollars, from the untrained network to the trained one."""
    trainer = train_live(at, "reg_houses")
    header, arrays = replay_payload(at)
    assert header["kind"] == "scatter" and header["complete"]
    assert arrays["epochs"][0] == 0 and arrays["epochs"][-1] == trainer.config.epochs
    s = the_split(at).split
    scale = regression.TargetScale.fit(s.y_train)
    shown = len(arrays["actual"])
    np.testing.assert_allclose(arrays["actual"], s.y_val[:shown], rtol=1e-6)
    np.testing.assert_allclose(arrays["predicted"][-1],
                               scale.to_units(trainer.predict(s.x_val[:shown])), rtol=1e-5)
