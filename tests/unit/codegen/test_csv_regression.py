"""The script exported for a regression trained on an uploaded CSV: it reads the same file,
prepares it as the page did (blanks, the same ColumnTransformer, split, scaling, standardized
target) and prints the page's validation error."""

import ast
import re

import pytest

from nnviz.codegen import keras_script
from nnviz.codegen.csv_classes import read_settings
from nnviz.codegen.csv_regression import (
    RegressionCsv,
    csv_regression_data_code,
    csv_regression_script,
    csv_regression_settings,
)
from nnviz.core.spec import TrainConfig
from nnviz.data.csv_upload import read_csv_bytes
from nnviz.lessons import regression
from tests.unit.codegen.runner import LAST_EPOCH, run_script
from tests.unit.lessons.test_regression_inputs import housing_table, page_run

MAE = re.compile(r"^validation MAE (\S+)$", re.MULTILINE)

CASES = {
    # A comma file, blanks filled (numbers: the median over the table; text: most frequent).
    "median": (",", "median", "standardize", (16,), TrainConfig("adam", 0.01, 25, 32, seed=2)),
    # A European spreadsheet's file (';', decimal commas), rows with a blank dropped.
    "drop": (";", "drop", "minmax", (8, 8), TrainConfig("momentum", 0.02, 20, 16, seed=5)),
}


def _page_and_script(name, tmp_path):
    sep, strategy, norm, hidden, config = CASES[name]
    path = tmp_path / "flats.csv"
    housing_table(300, seed=7).to_csv(path, index=False, sep=sep,
                                      decimal="," if sep == ";" else ".")
    data = path.read_bytes()
    upload = read_csv_bytes(path.name, data)
    assert upload.ok, upload.problem
    inputs, scale, trainer = page_run(upload.frame, strategy, hidden, config, norm=norm)
    csv = RegressionCsv("price", inputs.encoding.numbers, inputs.encoding.texts, strategy, 0.25,
                        norm)
    code = csv_regression_settings(csv, trainer.spec, config, path.name,
                                   read_settings(data, upload))
    return scale, trainer, code


@pytest.mark.parametrize("name", list(CASES))
def test_the_exported_script_reproduces_the_pages_validation_error(name, tmp_path):
    scale, trainer, code = _page_and_script(name, tmp_path)
    out = run_script(tmp_path, csv_regression_script(code))
    found = MAE.search(out)
    assert found, out
    # The page's "Validation error (mean absolute)": the engine's last epoch, in dollars.
    page_error = regression.history_in_units(trainer.history, scale).val_metric.iloc[-1]
    assert float(found.group(1)) == pytest.approx(page_error, rel=1e-3)
    assert page_error < 0.6 * float(trainer.history.val_metric.iloc[0]) * scale.scale  # learned
    epochs = LAST_EPOCH.findall(out)
    assert int(epochs[-1][0]) == code.config.epochs
    assert float(epochs[-1][1]) == pytest.approx(trainer.history.train_loss.iloc[-1], rel=1e-3)


def test_the_snippet_follows_the_pages_choices():
    csv = RegressionCsv("price", ("size_m2",), ("heating",), "mean", 0.2, "standardize")
    snippet = csv_regression_data_code(csv, "flats.csv")
    assert "table[NUMBERS].fillna(table[NUMBERS].mean())" in snippet
    assert 'SimpleImputer(strategy="most_frequent")' in snippet
    assert 'strategy="median"' not in snippet  # numbers were filled before the split
    assert "OneHotEncoder(min_frequency=5, max_categories=10" in snippet
    assert "StandardScaler()" in snippet and "stratify" not in snippet
    numbers_only = csv_regression_data_code(
        RegressionCsv("price", ("size_m2", "rooms"), (), "drop", 0.2, "none"), "flats.csv")
    assert "OneHotEncoder" not in numbers_only and "SimpleImputer" not in numbers_only
    assert '("numbers", "passthrough", NUMBERS)' in numbers_only
    code = csv_regression_settings(csv, *_shape(), "flats.csv")
    assert code.normalization == "none"
    ast.parse(csv_regression_script(code))
    ast.parse(keras_script(code))  # the Keras twin takes the same snippet


def _shape():
    from nnviz.core.spec import NetSpec

    return NetSpec(4, (8,), "relu", "regression"), TrainConfig(seed=1)
