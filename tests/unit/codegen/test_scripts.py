"""The generated scripts: the PyTorch one runs, trains, and prints the engine's own numbers."""

import ast
import re

import numpy as np
import pytest

from nnviz.codegen import (
    CodeSettings,
    keras_script,
    pytorch_script,
    script_filename,
    sklearn_data_code,
)
from nnviz.core.engine import TrainConfig, Trainer
from nnviz.core.models import NetSpec
from nnviz.core.prep import prepare
from tests.unit.codegen.runner import run_scripts

DIABETES = ("from sklearn.datasets import load_diabetes\n\n"
            "X, y = load_diabetes(return_X_y=True)\n"
            "y = y / 100  # hundreds, so plain SGD stays calm")

CASES = {
    "binary": CodeSettings(
        NetSpec(2, (12, 12), "relu", "binary"),
        TrainConfig("adam", 0.01, 12, 16, seed=3),
        sklearn_data_code("make_moons", n_samples=200, noise=0.2, random_state=0),
        normalization="standardize", val_fraction=0.25),
    "multiclass": CodeSettings(
        NetSpec(2, (16,), "tanh", "multiclass", n_classes=3, dropout=0.2),
        TrainConfig("momentum", 0.05, 10, 20, weight_decay=0.001, seed=5),
        sklearn_data_code("make_blobs", n_samples=150, centers=3, cluster_std=2.0,
                          random_state=1),
        normalization="minmax", val_fraction=0.2),
    "regression": CodeSettings(
        NetSpec(10, (8,), "sigmoid", "regression"),
        TrainConfig("sgd", 0.05, 10, 32, seed=7),
        DIABETES, normalization="standardize", val_fraction=0.0),
}

LINE = re.compile(r"epoch (\d+)  loss (\S+)  val_loss (\S+)  (\w+) (\S+)  val_\w+ (\S+)")


def _engine_history(code: CodeSettings):
    """What a page shows for the same settings: nnviz.core.prep then the engine."""
    namespace: dict = {}
    exec(code.data_code, namespace)  # the same snippet the script runs
    prepared = prepare(namespace["X"], namespace["y"], code.val_fraction, code.normalization,
                       seed=code.config.seed, classify=code.spec.task != "regression")
    s = prepared.split
    trainer = Trainer(code.spec, code.config, s.x_train, s.y_train, s.x_val, s.y_val)
    trainer.run()
    return trainer.history


@pytest.fixture(scope="module")
def script_runs(tmp_path_factory):
    """The generated PyTorch scripts, run; {name: (finished, output)}."""
    folder = tmp_path_factory.mktemp("generated")
    return run_scripts(folder, {name: pytorch_script(code) for name, code in CASES.items()})


@pytest.mark.parametrize("name", list(CASES))
def test_generated_pytorch_script_trains_and_matches_the_engine(name, script_runs):
    code, (ok, out) = CASES[name], script_runs[name]
    assert ok, out
    rows = [LINE.search(line) for line in out.splitlines()]
    rows = [r for r in rows if r]
    assert len(rows) == code.config.epochs  # small runs print every epoch
    losses = np.array([float(r.group(2)) for r in rows])
    assert losses[-1] < losses[0]  # it learns
    if code.spec.task != "regression":
        assert rows[-1].group(4) == "accuracy"
        chance = 1 / code.spec.n_outputs if code.spec.task == "multiclass" else 0.5
        assert float(rows[-1].group(6)) > chance + 0.2
    # And it reproduces the page's numbers: same seed, split, scaling, batches and updates.
    history = _engine_history(code)
    np.testing.assert_allclose(losses, history.train_loss.to_numpy(), rtol=1e-4, atol=1e-6)
    if code.val_fraction:
        val = np.array([float(r.group(3)) for r in rows])
        np.testing.assert_allclose(val, history.val_loss.to_numpy(), rtol=1e-4, atol=1e-6)
    assert "first validation" in out


def test_scripts_are_valid_python_with_the_right_layers():
    for code in CASES.values():
        ast.parse(pytorch_script(code))
        ast.parse(keras_script(code))
    binary = pytorch_script(CASES["binary"])
    assert "nn.Linear(2, 12), nn.ReLU()," in binary and "nn.Linear(12, 1)," in binary
    assert "nn.BCEWithLogitsLoss()" in binary and "torch.optim.Adam(" in binary
    assert "StandardScaler().fit(X_train)" in binary and "stratify=y" in binary
    multi = pytorch_script(CASES["multiclass"])
    assert "nn.Tanh(), nn.Dropout(0.2)" in multi and "nn.CrossEntropyLoss()" in multi
    assert "momentum=0.9, weight_decay=0.001" in multi and "MinMaxScaler" in multi
    reg = pytorch_script(CASES["regression"])
    assert "nn.MSELoss()" in reg and "train_test_split" not in reg and "mae" in reg


def test_keras_scripts_follow_the_talks_recipes():
    binary = keras_script(CASES["binary"])
    assert "model = Sequential()" in binary
    assert "model.add(Dense(12, activation='relu'))" in binary
    assert "model.add(Dense(1, activation='sigmoid'))" in binary
    assert "loss='binary_crossentropy'" in binary and "metrics=['accuracy']" in binary
    assert "optimizers.Adam(learning_rate=0.01)" in binary
    assert "epochs=12, batch_size=16, validation_data=(X_val, y_val)" in binary

    multi = keras_script(CASES["multiclass"])
    assert "model.add(Dense(3, activation='softmax'))" in multi
    assert "loss='categorical_crossentropy'" in multi and "to_categorical(y_train, 3)" in multi
    assert "model.add(Dropout(0.2))" in multi and "regularizers.L2(0.0005)" in multi
    assert "optimizers.SGD(learning_rate=0.05, momentum=0.9)" in multi

    reg = keras_script(CASES["regression"])
    assert "model.add(Dense(1))" in reg and "loss='mean_squared_error'" in reg
    assert "validation_data" not in reg and "metrics=['mae']" in reg


def test_data_snippet_is_plain_scikit_learn():
    code = sklearn_data_code("make_moons", n_samples=300, noise=0.25, random_state=4)
    namespace: dict = {}
    exec(code, namespace)
    assert namespace["X"].shape == (300, 2) and set(namespace["y"]) == {0, 1}


@pytest.mark.parametrize("shape", ["moons", "circles", "blobs", "xor", "spiral"])
def test_two_class_data_code_rebuilds_the_pages_points(shape):
    from nnviz.codegen import two_class_data_code
    from nnviz.data.two_class import make_two_class

    namespace: dict = {"np": np}
    exec(two_class_data_code(shape, 120, 0.3, 5), namespace)
    data = make_two_class(shape, 120, 0.3, 5)
    np.testing.assert_array_equal(np.asarray(namespace["X"], dtype=float), data.X)
    np.testing.assert_array_equal(namespace["y"], data.y)


@pytest.mark.parametrize("framework, script", [("PyTorch", pytorch_script),
                                               ("Keras", keras_script)])
def test_the_run_line_names_the_file_it_is_offered_as(framework, script):
    code = CodeSettings(**{**CASES["binary"].__dict__, "stem": "nnviz_hello"})
    name = script_filename(code, framework)
    assert name == f"nnviz_hello_{framework.lower()}.py"
    assert f"Run: python {name}\n" in script(code)
