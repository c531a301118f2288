"""Every chart nnviz draws has a text alternative (a Vega-Lite `description`, which Vega gives
the chart's SVG as its aria-label), and wherever colour carries meaning a second cue (a shape
or a dash) carries it too, in colours told apart with any common colour vision."""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil

import numpy as np
import pandas as pd
import pytest

import nnviz.charts
from nnviz.charts import (
    boundary,
    confusion,
    descent,
    digits,
    features,
    network,
    normalization,
    palette,
    probabilities,
    regression,
    relu,
    softmax,
    threshold,
    training,
)
from nnviz.core.plane import plane_around
from nnviz.core.prep import NORMALIZATIONS
from nnviz.lessons import descent as walks
from nnviz.lessons.descent import surfaces
from nnviz.lessons.descent.optimizers import make

rng = np.random.default_rng(0)
X = rng.normal(size=(30, 2))
Y2 = (X[:, 0] > 0).astype(int)
Y3 = np.digitize(X[:, 0], [-0.5, 0.5])
PLANE = plane_around(X)
SPLIT = ["train"] * 20 + ["validation"] * 10
POINTS = boundary.points_frame(X, Y2, ["blue", "orange"], SPLIT, predicted=1 - Y2)
NAMES3 = ["a", "b", "c"]
HISTORY = pd.DataFrame({"epoch": [1, 2, 3], "train_loss": [0.9, 0.5, 0.3],
                        "val_loss": [1.0, 0.6, 0.4]})
REG = pd.DataFrame({"actual": [1.0, 2.0, 3.0, 4.0], "predicted": [1.2, 1.8, 3.3, 3.9],
                    "residual": [-0.2, 0.2, -0.3, 0.1],
                    "part": ["training", "training", "validation", "validation"]})
IMAGES = [np.arange(64) % 17, np.zeros(64)]
SCORES = pd.DataFrame({"feature": ["x1", "x2", "x1*x2"], "column": [0, 1, 2], "rank": [1, 2, 3],
                       "score": [3.0, 2.0, 0.5]})
BOWL = surfaces.CLASSIC["bowl"]
WALK = walks.walk_on(BOWL, make("sgd", 0.1), 10)
TIMES = walks.frame_times(WALK.steps_taken)
CURVE = walks.Slice(surfaces.talk_surface(), axis=1, held=100.0)
SLOPE_WALK = walks.walk_slice(CURVE, make("sgd", 0.005), 5, 40.0)
HOUSE_LAYERS = [["Rooms", "Age"], ["Price"]]
HOUSE_WEIGHTS = {("Rooms", "Price"): 100_000.0, ("Age", "Price"): -20_000.0}


def _boundary_multi(build):
    proba = rng.dirichlet([1, 1, 1], PLANE.size)
    return build(PLANE, proba, boundary.points_frame(X, Y3, NAMES3), NAMES3)


# One call of every chart builder in nnviz.charts, with small made-up data.
SAMPLES = {
    "boundary.boundary_spec": lambda: boundary.boundary_spec(
        PLANE, np.linspace(0, 1, PLANE.size), POINTS, ["blue", "orange"]),
    "boundary.boundary_chart": lambda: _boundary_multi(boundary.boundary_chart),
    "confusion.confusion_chart": lambda: confusion.confusion_chart(np.eye(3) * 5 + 1, NAMES3),
    "confusion.confusion_spec": lambda: confusion.confusion_spec(np.eye(2) * 5 + 1),
    "descent.walk_map": lambda: descent.walk_map(
        BOWL, descent.background(BOWL, surfaces.grid(BOWL, *descent.grid_size(BOWL))),
        [WALK], ["calm"], TIMES),
    "descent.loss_chart": lambda: descent.loss_chart([WALK], ["calm"], BOWL.lowest_loss, TIMES),
    "descent.slope_chart": lambda: descent.slope_chart(CURVE, SLOPE_WALK, 2),
    "digits.digit_image": lambda: digits.digit_image(IMAGES[0], "a 3"),
    "digits.digit_image_spec": lambda: digits.digit_image_spec(IMAGES[0]),
    "digits.digit_gallery": lambda: digits.digit_gallery(IMAGES, ["one", "two"]),
    "digits.digit_gallery_spec": lambda: digits.digit_gallery_spec(IMAGES, ["one", "two"],
                                                                   select_name="pick"),
    "features.plane_pictures": lambda: features.plane_pictures(
        PLANE, rng.normal(size=(PLANE.size, 2)), ["n1", "n2"]),
    "features.plane_pictures_spec": lambda: features.plane_pictures_spec(
        PLANE, rng.normal(size=(PLANE.size, 2)), ["n1", "n2"], title="hidden nodes"),
    "features.feature_pictures": lambda: features.feature_pictures(PLANE, ["x1", "x2"]),
    "features.feature_scores_chart": lambda: features.feature_scores_chart(SCORES, [0, 1]),
    "features.feature_scores_spec": lambda: features.feature_scores_spec(SCORES, [0]),
    "features.accuracy_by_k_chart": lambda: features.accuracy_by_k_chart(pd.DataFrame({
        "k": [1, 2, 4], "features": ["a", "a, b", "a, b, c, d"],
        "best_val_accuracy": [0.7, 0.8, 0.9], "final_val_accuracy": [0.6, 0.8, 0.85]}), 2),
    "network.network_spec": lambda: network.network_spec(HOUSE_LAYERS, HOUSE_WEIGHTS,
                                                         {"Rooms": 4, "Age": 10}),
    "network.network_diagram": lambda: network.network_diagram(2, 2),
    "normalization.race_chart": lambda: normalization.race_chart(pd.DataFrame({
        "normalization": np.repeat(NORMALIZATIONS, 2), "epoch": [1, 2] * 3,
        "train_loss": np.linspace(1, 0.2, 6), "val_metric": np.linspace(0.5, 0.9, 6)})),
    "probabilities.probability_bars": lambda: probabilities.probability_bars(
        [0.2, 0.7, 0.1], NAMES3, actual=0),
    "probabilities.probability_bars_spec": lambda: probabilities.probability_bars_spec(
        [0.2, 0.7, 0.1], NAMES3, actual=1),
    "probabilities.confidence_histogram": lambda: probabilities.confidence_histogram(
        pd.DataFrame({"confidence": [0.9, 0.6, 0.4], "correct": [True, False, True]})),
    "probabilities.confidence_histogram_spec": lambda: probabilities.confidence_histogram_spec(
        pd.DataFrame({"confidence": [0.9, 0.6], "correct": [True, False]})),
    "probabilities.with_marked_point": lambda: probabilities.with_marked_point(
        _boundary_multi(boundary.boundary_spec), 0.0, 0.0, ("x1", "x2")),
    "regression.predicted_vs_actual": lambda: regression.predicted_vs_actual(REG, "price", "$"),
    "regression.predicted_vs_actual_chart": lambda: regression.predicted_vs_actual_chart(
        "rent", "€", 300),
    "regression.residual_scatter": lambda: regression.residual_scatter(REG),
    "regression.residual_scatter_chart": lambda: regression.residual_scatter_chart("", 300),
    "regression.residual_histogram": lambda: regression.residual_histogram(REG),
    "regression.residual_histogram_chart": lambda: regression.residual_histogram_chart("", 300),
    "regression.topology_curves": lambda: regression.topology_curves(pd.DataFrame({
        "topology": ["line", "line", "wide", "wide"], "epoch": [1, 2, 1, 2],
        "val_mae": [3.0, 2.0, 2.5, 1.0]})),
    "regression.topology_curves_chart": lambda: regression.topology_curves_chart("$", 300),
    "regression.range_chart": lambda: regression.range_chart(pd.DataFrame({
        "column": ["size", "size"], "stage": ["before", "after"], "min": [40.0, -1.5],
        "max": [200.0, 1.8], "mean": [120.0, 0.0]})),
    "regression.range_chart_chart": lambda: regression.range_chart_chart(44),
    "relu.relu_spec": lambda: relu.relu_spec([("h1", 3.0), ("h2", -496.0)]),
    "relu.relu_chart": lambda: relu.relu_chart(),
    "softmax.scores_and_probabilities_spec": lambda: softmax.scores_and_probabilities_spec(
        [2.0, 1.0, -1.0], NAMES3),
    "softmax.share_bar_spec": lambda: softmax.share_bar_spec([2.0, 1.0, -1.0], NAMES3),
    "softmax.sweep_spec": lambda: softmax.sweep_spec([2.0, 1.0, -1.0], NAMES3, which=1),
    "threshold.probability_histogram_spec": lambda: threshold.probability_histogram_spec(
        Y2, rng.uniform(size=len(Y2)), ["blue", "orange"], 0.5),
    "threshold.sweep_spec": lambda: threshold.sweep_spec(pd.DataFrame({
        "threshold": [0.2, 0.5, 0.8], "accuracy": [0.6, 0.8, 0.7],
        "precision": [0.55, 0.8, 0.9], "recall": [0.95, 0.8, 0.5]}), 0.5),
    "training.curves_spec": lambda: training.curves_spec(HISTORY, "train_loss", "val_loss",
                                                         "loss", 10),
    "training.curves_chart": lambda: training.curves_chart("accuracy", 10, percent=True),
    "training.architecture_spec": lambda: training.architecture_spec((2, 8, 1), "relu",
                                                                     "sigmoid"),
    "training.architecture_chart": lambda: training.architecture_chart(3, 4),
}
NOT_CHARTS = {"template.fill"}  # fills a built chart in; the chart itself carries the text


def builders() -> set[str]:
    """Every public function in nnviz.charts that returns a chart or a Vega-Lite dict."""
    found = set()
    for info in pkgutil.iter_modules(nnviz.charts.__path__):
        module = importlib.import_module(f"nnviz.charts.{info.name}")
        for name, func in inspect.getmembers(module, inspect.isfunction):
            if func.__module__ != module.__name__ or name.startswith("_"):
                continue
            returns = str(inspect.signature(func).return_annotation)
            if returns in ("dict", "<class 'dict'>") or "Chart" in returns:
                found.add(f"{info.name}.{name}")
    return found - NOT_CHARTS


def spec_of(built) -> dict:
    return json.loads(json.dumps(built if isinstance(built, dict) else built.to_dict(),
                                 default=str))


def test_every_chart_builder_has_a_sample():
    assert builders() == set(SAMPLES), "add the new chart builder to SAMPLES"


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_every_chart_says_what_it_shows(name):
    description = spec_of(SAMPLES[name]())["description"]
    assert isinstance(description, str) and len(description.split()) >= 12, description


def test_descriptions_carry_the_numbers_shown():
    curves = spec_of(SAMPLES["training.curves_spec"]())["description"]
    assert "At epoch 3: training 0.3, validation 0.4." in curves
    empty = training.curves_spec(HISTORY.iloc[:0], "train_loss", "val_loss", "loss", 10)
    assert "No epoch trained yet." in empty["description"]
    house = spec_of(SAMPLES["network.network_spec"]())["description"]
    assert "Rooms to Price: 100,000" in house and "Age to Price: -20,000" in house
    assert "Rooms 4" in house
    slope = spec_of(SAMPLES["descent.slope_chart"]())["description"]
    assert "at step 2" in slope


# ---- colour and its second cue ---------------------------------------------------------------

def test_class_palette_is_okabe_ito_with_a_shape_per_class():
    assert palette.class_colors(2) == ["#0072B2", "#E69F00"]
    assert len(set(palette.class_colors(10))) == 10
    assert len(set(palette.class_shapes(8))) == 8
    assert palette.class_shapes(9)[8] == palette.class_shapes(1)[0]  # cycles


def test_boundary_points_have_a_shape_per_class_and_open_validation_points():
    spec = spec_of(SAMPLES["boundary.boundary_spec"]())
    dots = spec["layer"][-1]["encoding"]
    assert dots["fill"]["field"] == dots["shape"]["field"] == "label"
    assert dots["shape"]["scale"]["range"] == palette.class_shapes(2)
    assert dots["fill"]["scale"]["range"] == palette.class_colors(2)
    assert dots["fillOpacity"]["field"] == "split"
    train, validation = dots["fillOpacity"]["scale"]["range"]
    assert train == 1.0 and validation < 0.5
    # A wrong prediction is ringed dark; a right one in its class colour.
    assert dots["stroke"]["value"] == "#0f172a" and dots["stroke"]["condition"]["field"] == "label"


@pytest.mark.parametrize("name, field", [
    ("training.curves_spec", "curve"),
    ("normalization.race_chart", "run"),
    ("threshold.sweep_spec", "score"),
    ("softmax.sweep_spec", "class"),
    ("features.accuracy_by_k_chart", "which"),
    ("regression.topology_curves", "topology"),
    ("network.network_spec", "sign"),
])
def test_lines_told_apart_by_colour_are_also_dashed(name, field):
    spec = spec_of(SAMPLES[name]())
    units = spec.get("layer") or spec.get("hconcat") or [spec]
    lines = units[0].get("layer", [units[0]])[0]["encoding"]
    assert lines["color"]["field"] == lines["strokeDash"]["field"] == field


def test_training_curves_dash_validation_only():
    dash = spec_of(SAMPLES["training.curves_spec"]())["layer"][0]["encoding"]["strokeDash"]
    assert dash["scale"]["domain"] == ["training", "validation"]
    solid, dashed = dash["scale"]["range"]
    assert solid == [1, 0] and len(dashed) == 2 and dashed[1] > 0


@pytest.mark.parametrize("name", ["regression.predicted_vs_actual", "regression.residual_scatter"])
def test_regression_parts_have_a_shape_too(name):
    dots = spec_of(SAMPLES[name]())["layer"][0]["encoding"]
    assert dots["color"]["field"] == dots["shape"]["field"] == "part"


def test_right_and_wrong_are_not_red_and_green_and_have_a_mark():
    assert probabilities.ROLE_COLORS["predicted, and right"] == "#009E73"
    assert probabilities.ROLE_COLORS["predicted, but wrong"] == "#D55E00"
    frame = probabilities.probability_frame([0.2, 0.7, 0.1], NAMES3, actual=0)
    assert list(frame["text"]) == ["20.0% (actual)", "70.0% ✗", "10.0%"]
    hist = spec_of(SAMPLES["probabilities.confidence_histogram"]())["encoding"]
    assert hist["stroke"]["condition"]["test"] == "datum.prediction == 'wrong'"


def test_share_labels_are_readable_on_their_class_colour():
    frame = softmax.softmax_frame([1.0] * 10, [str(i) for i in range(10)])
    for color, ink in zip(palette.class_colors(10), frame["ink"], strict=True):
        assert palette.contrast(ink, color) >= 4.5, color


def test_weight_label_colours_read_on_white():
    for color in (network.POSITIVE, network.NEGATIVE):
        assert palette.contrast(color, "#ffffff") >= 4.5
