"""The binary lesson's generated scripts rebuild its data and reproduce the engine's run."""

import numpy as np
import pytest

from nnviz import codegen
from nnviz.codegen.binary_data import cancer_data_code, generated_data_code
from nnviz.core.engine import TrainConfig, Trainer
from nnviz.core.models import NetSpec
from nnviz.lessons.binary.problem import cancer_problem, generated_problem, split_problem


def run_snippet(code: str) -> dict:
    namespace: dict = {"np": np}
    exec(code, namespace)  # noqa: S102 - our own generated text
    return namespace


@pytest.mark.parametrize("shape", ["moons", "xor", "spiral"])
def test_generated_snippet_rebuilds_the_problem(shape):
    features = ["x1²", "x1·x2", "sin(x2)"]
    problem = generated_problem(shape, 80, 0.3, 5, features, x1_scale=10)
    ns = run_snippet(generated_data_code(shape, 80, 0.3, 5, features, 10))
    np.testing.assert_allclose(ns["X"], problem.X)
    np.testing.assert_array_equal(ns["y"], problem.y)


def test_plain_coordinates_need_no_feature_lines():
    code = generated_data_code("circles", 50, 0.1, 0, ["x1", "x2"])
    assert "column_stack" not in code and "other units" not in code


def test_cancer_snippet_rebuilds_the_problem():
    problem = cancer_problem([3, 0, 27])
    ns = run_snippet(cancer_data_code([3, 0, 27]))
    np.testing.assert_allclose(ns["X"], problem.X)
    np.testing.assert_array_equal(ns["y"], problem.y)


def test_the_whole_pytorch_script_prints_the_engine_s_numbers(capsys):
    """Same seed, split, normalization and batches: the textbook script lands where the
    engine did (up to float rounding)."""
    features = ["x1", "x2", "x1·x2"]
    problem = generated_problem("xor", 120, 0.2, 3, features, x1_scale=10)
    spec = NetSpec(3, (6,), "tanh", "binary", dropout=0.0)
    config = TrainConfig("adam", 0.01, 6, 16, weight_decay=0.001, seed=3)
    split = split_problem(problem, 0.25, "standardize", 3)
    trainer = Trainer(spec, config, split.x_train, split.y_train, split.x_val, split.y_val)
    trainer.run()
    script = codegen.pytorch_script(codegen.CodeSettings(
        spec, config, generated_data_code("xor", 120, 0.2, 3, features, 10),
        normalization="standardize", val_fraction=0.25, print_every=1))
    ns: dict = {"__name__": "__main__"}
    exec(compile(script, "nnviz_pytorch.py", "exec"), ns)  # noqa: S102
    last = trainer.history.iloc[-1]
    assert ns["val_loss"] == pytest.approx(last["val_loss"], rel=1e-4)
    assert ns["train_loss"] == pytest.approx(last["train_loss"], rel=1e-4)
    assert ns["val_metric"] == pytest.approx(last["val_metric"])
    assert "epoch 6" in capsys.readouterr().out
