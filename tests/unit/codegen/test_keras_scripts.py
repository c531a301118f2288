"""The exported Keras scripts run (Keras 3 on its PyTorch backend) and land close to the page.

Keras initialises its weights its own way, so a Keras run cannot repeat the engine's numbers
the way the PyTorch script does; what it must do is read the same data, prepare it the same
way and train the same network. On an uploaded table both learn well, so its score must sit
in a narrow band around the page's: a script that mangled the file (wrong columns, split,
scaling or labels) falls out of it. On the small noisy built-in sets it must clearly learn.
"""

import re

import numpy as np
import pytest

from nnviz.codegen import keras_script
from tests.unit.codegen import test_csv_classes as csv_cases
from tests.unit.codegen import test_csv_regression as csv_regression_cases
from tests.unit.codegen import test_scripts as plain_cases
from tests.unit.codegen.runner import run_scripts

VALIDATION = re.compile(r"^validation (accuracy|mae) (\S+)$", re.MULTILINE)
KERAS_EPOCH = re.compile(r"loss: (\S+)")


@pytest.fixture(scope="module")
def keras_runs(tmp_path_factory):
    """Every Keras script, with the page's own numbers for the same settings:
    {name: (finished, output, page's history)}."""
    folder = tmp_path_factory.mktemp("keras")
    scripts, pages = {}, {}
    for name, code in plain_cases.CASES.items():
        scripts[name], pages[name] = keras_script(code), plain_cases._engine_history(code)
    for name in csv_cases.CASES:
        _, history, code = csv_cases._page_and_script(name, folder)  # writes the CSV there
        scripts[f"csv_{name}"], pages[f"csv_{name}"] = keras_script(code), history
    # One regression case: each writes its own flats.csv, and the scripts read it by name.
    _, trainer, code = csv_regression_cases._page_and_script("median", folder)
    scripts["csv_regression"], pages["csv_regression"] = keras_script(code), trainer.history
    runs = run_scripts(folder, scripts, env={"KERAS_BACKEND": "torch"})
    return {name: (*runs[name], pages[name]) for name in scripts}


def _keras_accuracy(out: str) -> float:
    found = VALIDATION.search(out)
    assert found and found.group(1) == "accuracy", out[-2000:]
    return float(found.group(2))


@pytest.mark.parametrize("name", ["csv_binary", "csv_multiclass"])
def test_a_keras_script_for_an_uploaded_csv_scores_like_the_page(name, keras_runs):
    ok, out, page = keras_runs[name]
    assert ok, out
    page_accuracy = float(page.val_metric.iloc[-1])
    assert page_accuracy > 0.9  # a table both learn well, so the band below is fair
    assert _keras_accuracy(out) == pytest.approx(page_accuracy, abs=0.05)


@pytest.mark.parametrize("name", ["binary", "multiclass"])
def test_a_keras_classifier_learns(name, keras_runs):
    ok, out, _ = keras_runs[name]
    assert ok, out
    spec = plain_cases.CASES[name].spec
    chance = 1 / spec.n_outputs if spec.task == "multiclass" else 0.5
    assert _keras_accuracy(out) > chance + 0.2  # small noisy sets: learning, not a tie


def test_a_keras_regression_learns(keras_runs):
    ok, out, page = keras_runs["regression"]
    assert ok, out
    assert VALIDATION.search(out) is None  # no validation rows: nothing to report
    losses = np.array([float(x) for x in KERAS_EPOCH.findall(out)])
    assert len(losses) >= 2 and losses[-1] < losses[0]


def test_a_keras_script_for_an_uploaded_regression_table_learns_as_the_page_did(keras_runs):
    """Both print the validation error on the standardized target the networks learn."""
    ok, out, page = keras_runs["csv_regression"]
    assert ok, out
    found = VALIDATION.search(out)
    assert found and found.group(1) == "mae", out[-2000:]
    first = float(page.val_metric.iloc[0])  # the page's network after one epoch
    assert float(page.val_metric.iloc[-1]) < 0.6 * first  # the page learned...
    assert float(found.group(2)) < 0.6 * first  # ...and so did Keras, on the same rows
