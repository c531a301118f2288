"""Regression results: metrics against sklearn.metrics, unit conversion, topology comparison."""

import json

import altair as alt
import numpy as np
import pandas as pd
import pytest
from sklearn import metrics
from sklearn.linear_model import LinearRegression

from nnviz.charts import regression as charts
from nnviz.core.prep import fit_normalizer, prepare
from nnviz.data import tabular
from nnviz.lessons import regression
from nnviz.lessons.regression import new_example
from nnviz.lessons.regression.notice import WHAT_TO_NOTICE


@pytest.fixture
def pairs():
    rng = np.random.default_rng(0)
    actual = rng.normal(300_000, 90_000, 200)
    predicted = actual + rng.normal(5_000, 30_000, 200)
    return actual, predicted


# ---- metrics ----------------------------------------------------------------------------

def test_metrics_match_scikit_learn(pairs):
    actual, predicted = pairs
    assert regression.mean_absolute_error(actual, predicted) == pytest.approx(
        metrics.mean_absolute_error(actual, predicted))
    assert regression.root_mean_squared_error(actual, predicted) == pytest.approx(
        metrics.root_mean_squared_error(actual, predicted))
    assert regression.r_squared(actual, predicted) == pytest.approx(
        metrics.r2_score(actual, predicted))


def test_r_squared_edge_cases_match_scikit_learn():
    worse = ([1.0, 2.0, 3.0], [3.0, 3.0, -2.0])
    assert regression.r_squared(*worse) == pytest.approx(metrics.r2_score(*worse))
    assert regression.r_squared(*worse) < 0
    same = [5.0, 5.0, 5.0]
    assert regression.r_squared(same, same) == metrics.r2_score([5, 5, 5], [5, 5, 5])
    assert regression.r_squared(same, [4.0, 5.0, 5.0]) == metrics.r2_score([5, 5, 5], [4, 5, 5])
    assert np.isnan(regression.r_squared([1.0], [1.0]))
    assert np.isnan(regression.mean_absolute_error([], []))


def test_mismatched_lengths_are_refused():
    with pytest.raises(ValueError):
        regression.mean_absolute_error([1.0, 2.0], [1.0])


def test_error_table_per_part(pairs):
    actual, predicted = pairs
    frame = regression.prediction_frame({"training": (actual[:150], predicted[:150]),
                                 "validation": (actual[150:], predicted[150:])})
    np.testing.assert_allclose(frame["residual"], frame["actual"] - frame["predicted"])
    table = regression.error_table(frame).set_index("part")
    assert table.loc["training", "rows"] == 150 and table.loc["validation", "rows"] == 50
    assert table.loc["validation", "MAE"] == pytest.approx(
        metrics.mean_absolute_error(actual[150:], predicted[150:]))
    assert table.loc["validation", "R²"] == pytest.approx(
        metrics.r2_score(actual[150:], predicted[150:]))
    assert table.loc["training", "RMSE"] == pytest.approx(
        metrics.root_mean_squared_error(actual[:150], predicted[:150]))


# ---- units --------------------------------------------------------------------------------

def test_target_scale_is_a_standardization():
    y = np.array([100_000.0, 250_000.0, 400_000.0, 310_000.0])
    scale = regression.TargetScale.fit(y)
    assert scale.center == pytest.approx(y.mean()) and scale.scale == pytest.approx(y.std())
    z = scale.to_scaled(y)
    assert z.mean() == pytest.approx(0.0, abs=1e-12) and z.std() == pytest.approx(1.0)
    np.testing.assert_allclose(scale.to_units(z), y)
    # A constant target does not divide by 0.
    assert regression.TargetScale.fit([7.0, 7.0]).scale == 1.0


def test_errors_convert_exactly_between_scaled_and_units(pairs):
    actual, predicted = pairs
    scale = regression.TargetScale.fit(actual)
    scaled_history = pd.DataFrame({
        "epoch": [1], "train_loss": [metrics.mean_squared_error(
            scale.to_scaled(actual), scale.to_scaled(predicted))],
        "val_loss": [np.nan],
        "train_metric": [metrics.mean_absolute_error(
            scale.to_scaled(actual), scale.to_scaled(predicted))],
        "val_metric": [np.nan],
    })
    units = regression.history_in_units(scaled_history, scale)
    assert units.loc[0, "train_metric"] == pytest.approx(
        metrics.mean_absolute_error(actual, predicted))
    assert units.loc[0, "train_loss"] == pytest.approx(
        metrics.mean_squared_error(actual, predicted))
    assert np.isnan(units.loc[0, "val_metric"])


def test_predict_in_units_applies_training_normalization_then_converts_back():
    x_train = np.array([[1.0, 100.0], [3.0, 300.0], [5.0, 200.0]])
    normalizer = fit_normalizer("minmax", x_train)
    scale = regression.TargetScale(center=1000.0, scale=50.0)
    weights = np.array([2.0, -1.0])
    out = regression.predict_in_units(lambda x: x @ weights, normalizer, scale, [4.0, 150.0])
    # min-max by hand: (4-1)/(5-1) = 0.75, (150-100)/(300-100) = 0.25 -> 2*0.75 - 0.25 = 1.25
    assert out.shape == (1,) and out[0] == pytest.approx(1000.0 + 50.0 * 1.25)


def test_labels_and_topology_choice():
    assert regression.hidden_label(()) == "none" and regression.hidden_label((32, 32)) == "32 → 32"
    assert regression.topologies_to_compare((16, 4))["yours"] == (16, 4)
    same = regression.topologies_to_compare((8,))
    assert "yours" not in same and same["one layer of 8 (yours)"] == (8,) and len(same) == 3


def test_best_topology():
    table = pd.DataFrame({"topology": ["a", "b", "c"], "validation MAE": [3.0, np.nan, 2.0]})
    assert regression.best_topology(table) == "c"
    assert regression.best_topology(table.iloc[1:2]) is None


# ---- comparison with the engine ------------------------------------------------------------

@pytest.fixture(scope="module")
def house_split():
    frame = tabular.make_houses(400, seed=3, missing_fraction=0.0)
    x = frame.drop(columns="price").to_numpy(float)
    y = frame["price"].to_numpy(float)
    return prepare(x, y, val_fraction=0.25, normalization="standardize", seed=0)


def test_no_hidden_layer_learns_linear_regression(house_split):
    from nnviz.core.engine import TrainConfig

    s = house_split.split
    scale = regression.TargetScale.fit(s.y_train)
    config = TrainConfig(optimizer="adam", lr=0.05, epochs=150, batch_size=32, seed=0)
    result = regression.compare_topologies({"line": ()}, "relu", config, s.x_train, s.y_train,
                                   s.x_val, s.y_val, scale)
    reference = LinearRegression().fit(s.x_train, s.y_train).predict(s.x_val)
    row = result.table.iloc[0]
    assert row["epochs"] == 150 and row["note"] == "" and row["weights"] == 8
    # A network without hidden layers is a straight weighted sum: least squares' answer.
    assert row["validation MAE"] == pytest.approx(
        metrics.mean_absolute_error(s.y_val, reference), rel=0.02)
    assert row["validation R²"] == pytest.approx(metrics.r2_score(s.y_val, reference), abs=0.01)
    # The curve's last point is the table's error (the history converted to dollars).
    assert result.curves["val_mae"].iloc[-1] == pytest.approx(row["validation MAE"], rel=1e-4)


def test_comparison_is_repeatable_and_reports_progress(house_split):
    from nnviz.core.engine import TrainConfig

    s = house_split.split
    scale = regression.TargetScale.fit(s.y_train)
    config = TrainConfig(lr=0.01, epochs=15, batch_size=32, seed=1)
    seen = []
    layouts = regression.topologies_to_compare((16,))
    first = regression.compare_topologies(layouts, "relu", config, s.x_train, s.y_train, s.x_val,
                                  s.y_val, scale, on_progress=lambda f, n: seen.append((f, n)))
    second = regression.compare_topologies(layouts, "relu", config, s.x_train, s.y_train, s.x_val,
                                   s.y_val, scale)
    pd.testing.assert_frame_equal(first.table, second.table)
    assert list(first.table["topology"]) == list(layouts)
    assert set(first.curves["topology"]) == set(layouts)
    assert (first.curves.groupby("topology").size() == 15).all()
    assert seen[0] == (0.0, "no hidden layer") and seen[-1] == (1.0, "")
    assert first.table["weights"].tolist() == [8, 8 * 7 + 8 + 9, 8 * 32 + 33 * 32 + 33, 8 * 16 + 17]


def test_divergence_is_a_note_not_an_exception(house_split):
    from nnviz.core.engine import TrainConfig

    s = house_split.split
    raw = house_split.raw  # unnormalized inputs and a huge learning rate blow up
    scale = regression.TargetScale.fit(s.y_train)
    config = TrainConfig(optimizer="sgd", lr=5.0, epochs=5, batch_size=8, seed=0)
    result = regression.compare_topologies({"big": (32, 32)}, "relu", config, raw.x_train,
                                           raw.y_train,
                                   raw.x_val, raw.y_val, scale)
    row = result.table.iloc[0]
    assert "blew up" in row["note"] and np.isnan(row["validation MAE"])
    assert regression.best_topology(result.table) is None


# ---- charts -------------------------------------------------------------------------------

def test_prediction_charts_carry_the_rows_and_the_ideal_line(pairs):
    actual, predicted = pairs
    frame = regression.prediction_frame({"training": (actual[:150], predicted[:150]),
                                 "validation": (actual[150:], predicted[150:])})
    spec = charts.predicted_vs_actual(frame, "price", "$")
    ideal = spec["datasets"]["ideal"]
    low = min(actual.min(), predicted.min())
    high = max(actual.max(), predicted.max())
    assert ideal["actual"].tolist() == pytest.approx([low, high])
    assert ideal["predicted"].tolist() == pytest.approx([low, high])
    assert len(spec["datasets"]["points"]) == 200
    assert "$,.0f" in json.dumps({k: v for k, v in spec.items() if k != "datasets"})
    scatter = charts.residual_scatter(frame, "$")
    assert len(scatter["datasets"]["points"]) == 200
    hist = charts.residual_histogram(frame)
    assert len(hist["datasets"]["points"]) == 50  # validation rows only
    # The shape is built once: a second frame reuses it with only the data swapped.
    again = charts.predicted_vs_actual(frame.head(10), "price", "$")
    assert len(again["datasets"]["points"]) == 10
    assert {k: v for k, v in again.items() if k != "datasets"} == {
        k: v for k, v in spec.items() if k != "datasets"}


def test_topology_and_range_charts_build():
    curves = pd.DataFrame({"topology": ["a", "a", "b", "b"], "epoch": [1, 2, 1, 2],
                           "val_mae": [5.0, 4.0, np.nan, 3.0]})
    spec = charts.topology_curves(curves, "$")
    assert len(spec["datasets"]["curves"]) == 3  # the NaN point cannot sit on a log scale
    assert spec["encoding"]["y"]["scale"]["type"] == "log"
    x = np.array([[1.0, 1000.0], [2.0, 3000.0]])
    ranges = tabular.range_comparison(x, (x - x.mean(0)) / x.std(0), ["a", "b"])
    facet = charts.range_chart(ranges)
    assert facet["resolve"]["scale"]["x"] == "independent"
    assert len(facet["datasets"]["ranges"]) == 4
    wide = np.arange(60.0).reshape(2, 30)
    names = [f"m{i}" for i in range(30)]
    shown = charts.range_chart(tabular.range_comparison(wide, wide, names))["datasets"]["ranges"]
    assert list(dict.fromkeys(shown["column"])) == names[:charts.MOST_RANGES]
    assert charts.number_format("$") == "$,.0f" and charts.number_format("points") == ",.4~g"
    # Each chart is valid Vega-Lite as Altair sees it.
    for chart in (charts.topology_curves_chart("$", 300), charts.range_chart_chart(44),
                  charts.predicted_vs_actual_chart("price", "$", 300),
                  charts.residual_scatter_chart("", 300), charts.residual_histogram_chart("", 300)):
        assert isinstance(chart, alt.TopLevelMixin) and chart.to_dict()
        # A chart's height is its plot's: with Streamlit's default ("fit") the title, legend
        # and axes came out of it and the live scatter was a 50-pixel strip.
        if not isinstance(chart, alt.FacetChart):
            assert chart.to_dict()["autosize"] == {"type": "fit-x", "contains": "padding"}


def test_flat_predictions_and_a_rising_loss():
    actual = np.array([100.0, 200.0, 300.0, 400.0])
    assert regression.flat_predictions(actual, np.full(4, 250.0))
    assert regression.flat_predictions(actual, 250.0 + np.array([-1.0, 1.0, -1.0, 1.0]))
    assert not regression.flat_predictions(actual, actual * 0.5)
    assert regression.loss_rose(pd.DataFrame({"train_loss": [1.0, 2.5, 0.2]}))
    assert not regression.loss_rose(pd.DataFrame({"train_loss": [1.0, 1.4, 0.2]}))
    assert not regression.loss_rose(pd.DataFrame({"train_loss": [1.0]}))


def _results(train_pred, val_pred, actual=(100.0, 200.0, 300.0, 400.0)):
    actual = np.array(actual)
    return regression.prediction_frame({"training": (actual, np.array(train_pred, float)),
                                "validation": (actual, np.array(val_pred, float))})


def test_advice_names_the_trouble_and_its_remedy():
    falling, rising = (pd.DataFrame({"train_loss": loss}) for loss in ([1.0, 0.5], [1.0, 9.0]))
    flat = _results([250] * 4, [250] * 4)
    thrown = regression.advice(flat, rising, baseline=100.0, normalized=False)
    assert "learned nothing" in thrown and "shot up" in thrown
    assert "normalize the inputs or choose a smaller learning rate" in thrown
    slow = regression.advice(flat, falling, baseline=100.0, normalized=True)
    assert "learned nothing" in slow and "train longer" in slow and "normalize" not in slow
    # Training MAE 10, validation MAE 40: memorising.
    memorised = _results([110, 190, 310, 390], [140, 160, 340, 360])
    assert "memorising" in regression.advice(memorised, falling, 100.0, True)
    # Training MAE 85, validation MAE 90, a baseline of 100: barely better than the average.
    barely = _results([15, 285, 215, 485], [10, 290, 210, 490])
    assert regression.advice(barely, falling, 100.0, True).startswith("Barely better")
    assert regression.advice(_results([110, 190, 310, 390], [105, 195, 305, 395]), falling, 100.0,
                     True) is None


def test_baseline_is_always_guessing_the_training_average():
    y_train, y_val = np.array([1.0, 2.0, 6.0]), np.array([0.0, 10.0])
    assert regression.baseline_mae(y_train, y_val) == pytest.approx(
        metrics.mean_absolute_error(y_val, [3.0, 3.0]))


# ---- the code a learner takes home -----------------------------------------------------------

SCRIPT_LINE = r"epoch (\d+)  loss (\S+)  val_loss (\S+)  mae (\S+)  val_mae (\S+)"


def test_generated_script_reproduces_the_pages_training(tmp_path):
    """The page's data snippet + codegen: run as a script, it prints the engine's numbers."""
    import re
    import subprocess
    import sys

    from nnviz import codegen
    from nnviz.core.engine import TrainConfig, Trainer
    from nnviz.core.models import NetSpec

    table = tabular.houses_table(150, seed=2)
    inputs = ["rooms", "size_sqft", "age_years", "distance_km"]
    cleaned = tabular.clean_for_training(table.frame, "price", inputs, "median")
    val_share, seed = 0.25, 4
    spec = NetSpec(len(inputs), (8,), "tanh", "regression")
    config = TrainConfig("adam", 0.01, 6, 16, seed=seed)
    # What the page does.
    prepared = prepare(cleaned.x.to_numpy(float), cleaned.y.to_numpy(float), val_share,
                       "minmax", seed)
    s = prepared.split
    scale = regression.TargetScale.fit(s.y_train)
    trainer = Trainer(spec, config, s.x_train, scale.to_scaled(s.y_train), s.x_val,
                      scale.to_scaled(s.y_val))
    trainer.run()
    # What the learner downloads.
    (tmp_path / tabular.CODE_CSV_NAME).write_bytes(tabular.cleaned_csv(cleaned))
    code = codegen.CodeSettings(spec, config, tabular.regression_data_code(inputs, "price",
                                                                           val_share),
                                normalization="minmax", val_fraction=val_share)
    (tmp_path / "script.py").write_text(codegen.pytorch_script(code))
    proc = subprocess.run([sys.executable, "script.py"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr
    rows = [m for m in map(re.compile(SCRIPT_LINE).search, proc.stdout.splitlines()) if m]
    assert len(rows) == config.epochs
    printed = np.array([[float(r.group(i)) for i in (2, 3, 4, 5)] for r in rows])
    history = trainer.history[["train_loss", "val_loss", "train_metric", "val_metric"]]
    np.testing.assert_allclose(printed, history.to_numpy(), rtol=1e-3, atol=1e-5)


def test_a_huge_but_finite_loss_counts_as_blown_up(house_split):
    from nnviz.core.engine import TrainConfig, Trainer
    from nnviz.core.models import NetSpec

    raw = house_split.raw  # raw inputs in the thousands and plain SGD at 1.0
    scale = regression.TargetScale.fit(raw.y_train)
    trainer = Trainer(NetSpec(7, (16,), "relu", "regression"),
                      TrainConfig("sgd", 1.0, 5, 32), raw.x_train, scale.to_scaled(raw.y_train))
    trainer.run()
    assert not trainer.diverged  # finite, so the engine does not flag it ...
    assert trainer.history["train_loss"].iloc[-1] > regression.BLOWN_UP_LOSS
    assert regression.blew_up(trainer)  # ... but the lesson does
    assert "blew up" in regression.blow_up_message(trainer)
    s = house_split.split
    calm = Trainer(NetSpec(7, (16,), "relu", "regression"), TrainConfig("adam", 0.01, 5, 32),
                   s.x_train, scale.to_scaled(s.y_train))
    calm.run()
    assert not regression.blew_up(calm)


def test_chart_rows_samples_big_frames_only():
    frame = pd.DataFrame({"a": np.arange(5000)})
    assert len(regression.chart_rows(frame.head(100))) == 100
    sample = regression.chart_rows(frame, most=300, seed=1)
    assert len(sample) == 300 and sample["a"].is_unique
    pd.testing.assert_frame_equal(sample, regression.chart_rows(frame, most=300, seed=1))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_lessons_thrown_off_example_holds_with_room_to_spare(seed):
    """The regression page's example of steps too big (Adam at 1.0 on raw inputs), on several
    seeds: the hidden nodes go silent (one answer for every house) and the loss climbs well
    past loss_rose's line, so another CPU's rounding cannot tip either verdict."""
    from nnviz.core.engine import TrainConfig, Trainer
    from nnviz.core.models import NetSpec

    table = tabular.houses_table(500, seed)
    cleaned = tabular.clean_for_training(table.frame, "price", table.inputs, "drop")
    s = prepare(cleaned.x.to_numpy(float), cleaned.y.to_numpy(float), 0.2, "none", seed).split
    scale = regression.TargetScale.fit(s.y_train)
    trainer = Trainer(NetSpec(len(table.inputs), (16,), task="regression"),
                      TrainConfig("adam", 1.0, 10, 32, seed=seed), s.x_train,
                      scale.to_scaled(s.y_train), s.x_val, scale.to_scaled(s.y_val))
    trainer.run()
    predicted = scale.to_units(trainer.predict(s.x_train))
    assert np.std(predicted) < 0.001 * np.std(s.y_train)  # flat_predictions' line is 0.05
    loss = trainer.history.train_loss
    assert loss.max() > 1.3 * 1.5 * loss.iloc[0]  # loss_rose's line is 1.5
    assert regression.loss_rose(trainer.history) and not regression.blew_up(trainer)


# ---- what the page shows around the numbers ----------------------------------------------------

def test_errors_in_units_writes_only_the_error_columns_in_the_targets_units():
    frame = pd.DataFrame({"part": ["training"], "MAE": [25_310.2], "R²": [0.91]})
    shown = regression.errors_in_units(frame, ("MAE",), lambda v: tabular.format_value(v, "$"))
    assert shown.loc[0, "MAE"] == "$25,310" and shown.loc[0, "R²"] == 0.91
    assert frame.loc[0, "MAE"] == 25_310.2  # the original is left alone


def test_a_new_examples_whole_columns_and_values_outside_training():
    assert new_example.whole_numbers(pd.Series([1.0, 3.0, 0.0]))
    assert not new_example.whole_numbers(pd.Series([1.0, 2.5]))
    x_train = np.array([[1.0, 10.0], [3.0, 20.0]])
    assert new_example.outside_training(["rooms", "age"], [2.0, 20.0], x_train) == []
    assert new_example.outside_training(["rooms", "age"], [4.0, 9.0], x_train) == ["rooms",
                                                                                  "age"]


def test_every_data_source_has_its_closing_hint():
    assert set(WHAT_TO_NOTICE) == set(tabular.SOURCES)
    assert all(hint.startswith("What to notice") for hint in WHAT_TO_NOTICE.values())


def test_a_big_layout_stops_at_the_cap_on_work_the_same_on_any_machine(house_split):
    from nnviz.core.engine import TrainConfig

    s = house_split.split
    scale = regression.TargetScale.fit(s.y_train)
    config = TrainConfig(lr=0.01, epochs=40, batch_size=32, seed=0)
    weights = 8 * 32 + 33 * 32 + 33  # the (32, 32) layout on 7 inputs
    work = 10 * len(s.x_train) * weights  # exactly ten epochs' worth
    result = regression.compare_topologies({"big": (32, 32), "line": ()}, "relu", config,
                                           s.x_train, s.y_train, s.x_val, s.y_val, scale,
                                           work_each=work)
    big, line = result.table.iloc[0], result.table.iloc[1]
    assert big["weights"] == weights and big["epochs"] == 10
    assert big["note"] == ("stopped after 10 of 40 epochs "
                           "(the comparison's cap on work per layout)")
    assert line["epochs"] == 40 and line["note"] == ""
