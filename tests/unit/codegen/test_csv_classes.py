"""The script exported for a classifier trained on an uploaded CSV: it reads the same file,
prepares it as the page did (same encoders, imputer, split and scaler) and prints the page's
validation accuracy."""

import ast
import re

import numpy as np
import pytest

from nnviz.codegen import keras_script
from nnviz.codegen.csv_classes import (
    ReadSettings,
    csv_code_settings,
    csv_data_code,
    csv_pytorch_script,
    read_settings,
)
from nnviz.core.spec import NetSpec, TrainConfig
from nnviz.data.class_csv import prepare
from nnviz.data.csv_upload import read_csv_bytes
from tests.unit.codegen.runner import LAST_EPOCH, run_script
from tests.unit.data.test_class_csv import INPUTS, species_table

ACCURACY = re.compile(r"^validation accuracy (\S+)$", re.MULTILINE)


def multiclass_file(tmp_path):
    """A comma-separated penguin table with text columns and blanks, filled."""
    path = tmp_path / "penguins.csv"
    species_table(360, seed=21, blanks=0.05).to_csv(path, index=False)
    return path, dict(target="species", inputs=INPUTS, task="multiclass", missing="fill",
                      normalization="standardize")


def binary_file(tmp_path):
    """A European spreadsheet's file: ';' between values, decimal commas, prices written
    '$4,125'; two species told apart, rows with blanks dropped, min-max scaling."""
    frame = species_table(300, seed=22, blanks=0.03, shares=(0.5, 0.0, 0.5))
    frame["price"] = [f"${v:,.0f}" for v in np.random.default_rng(0).uniform(900, 9000, 300)]
    path = tmp_path / "birds.csv"
    frame.to_csv(path, index=False, sep=";", decimal=",")
    return path, dict(target="species", inputs=[*INPUTS, "price"], task="binary",
                      missing="drop", normalization="minmax")


CASES = {
    "multiclass": (multiclass_file, NetSpec(1, (16,), "relu", "multiclass", n_classes=3),
                   TrainConfig("adam", 0.01, 25, 32, seed=2)),
    "binary": (binary_file, NetSpec(1, (8, 8), "tanh", "binary"),
               TrainConfig("momentum", 0.05, 20, 16, seed=4)),
}


def _page_and_script(name, tmp_path):
    """What the page trains (nnviz's own preparation and engine) and the script it exports."""
    from nnviz.core.engine import Trainer

    make, shape, config = CASES[name]
    path, choice = make(tmp_path)
    data = path.read_bytes()
    upload = read_csv_bytes(path.name, data)
    assert upload.ok, upload.problem
    table = prepare(upload.frame, choice["target"], choice["inputs"], choice["task"],
                    choice["missing"], 0.25, choice["normalization"], seed=config.seed)
    assert table.ok, table.problems
    spec = NetSpec(table.n_inputs, shape.hidden, shape.activation, shape.task,
                   n_classes=table.n_classes)
    trainer = Trainer(spec, config, *table.arrays())
    trainer.run()
    code = csv_code_settings(table, spec, config, path.name, read_settings(data, upload))
    return table, trainer.history, code


@pytest.mark.parametrize("name", list(CASES))
def test_the_exported_script_reproduces_the_pages_validation_accuracy(name, tmp_path):
    table, history, code = _page_and_script(name, tmp_path)
    out = run_script(tmp_path, csv_pytorch_script(code))
    found = ACCURACY.search(out)
    assert found, out
    page_accuracy = float(history.val_metric.iloc[-1])
    assert float(found.group(1)) == pytest.approx(page_accuracy, abs=0.01)
    assert page_accuracy > 0.8  # it learned something: the comparison is not of two failures
    # The same classes in the same order, and the same last epoch's training loss.
    assert f"classes (code = position): {list(table.class_names)}" in out
    epochs = LAST_EPOCH.findall(out)
    assert int(epochs[-1][0]) == code.config.epochs
    assert float(epochs[-1][1]) == pytest.approx(history.train_loss.iloc[-1], rel=1e-3)


def test_read_settings_repeat_what_the_upload_did(tmp_path):
    path, _ = binary_file(tmp_path)
    read = read_settings(path.read_bytes())
    assert read == ReadSettings(";", ",", ("price",), False)
    plain, _ = multiclass_file(tmp_path)
    assert read_settings(plain.read_bytes()) == ReadSettings()
    assert read_settings(b"\x00\x01 not text") == ReadSettings()  # never raises
    assert read_settings(None) == ReadSettings()


def test_the_snippet_follows_the_pages_choices(tmp_path):
    table, _, code = _page_and_script("binary", tmp_path)
    snippet = code.data_code
    assert "sep=';', decimal=','" in snippet and "'price'" in snippet
    assert "dropna(subset=NUMBERS + TEXT)" in snippet and "SimpleImputer" not in snippet
    assert "MinMaxScaler()" in snippet and "stratify=y" in snippet
    assert "OneHotEncoder(min_frequency=5, max_categories=10" in snippet
    assert code.normalization == "none" and code.stratify == table.rows.stratified
    filled = csv_data_code(prepare(table.frame, "species", INPUTS, "binary", "fill",
                                   normalization="none"), "birds.csv")
    assert 'SimpleImputer(strategy="median")' in filled
    assert 'SimpleImputer(strategy="most_frequent")' in filled and "Scaler" not in filled
    ast.parse(csv_pytorch_script(code))
    ast.parse(keras_script(code))  # the Keras twin takes the same snippet


def test_a_table_split_with_another_seed_is_refused(tmp_path):
    table, _, code = _page_and_script("multiclass", tmp_path)
    other = TrainConfig("adam", 0.01, 25, 32, seed=code.config.seed + 1)
    with pytest.raises(ValueError, match="prepare the table with the training seed"):
        csv_code_settings(table, code.spec, other, "penguins.csv")
