"""The recap's recipes come from the shared spec and code generator, and their scripts run."""

import ast
import subprocess
import sys

import pytest

from nnviz.core.spec import RECIPES
from nnviz.lessons import recap


def test_three_problems_follow_the_talks_recipes():
    by_task = {p.task: p for p in recap.PROBLEMS}
    assert by_task["regression"].spec.layer_sizes == (10, 20, 20, 20, 1)
    assert by_task["binary"].spec.layer_sizes == (10, 20, 20, 20, 1)
    assert by_task["multiclass"].spec.layer_sizes == (10, 20, 20, 20, 5)
    assert [RECIPES[t].output_activation for t in ("regression", "binary", "multiclass")] == [
        "linear", "sigmoid", "softmax"]


@pytest.mark.parametrize("problem", recap.PROBLEMS, ids=lambda p: p.task)
def test_keras_code_matches_the_talk(problem):
    code = problem.keras_script()
    ast.parse(code)
    assert code.count("model.add(Dense(20, activation='relu'))") == 3
    last = {"regression": "model.add(Dense(1))", "binary": "Dense(1, activation='sigmoid')",
            "multiclass": "Dense(5, activation='softmax')"}[problem.task]
    assert last in code
    assert f"loss={RECIPES[problem.task].keras_loss!r}" in code


def test_pytorch_script_runs_and_learns(tmp_path):
    # One task is enough here: the code generator's own tests run every task's script.
    problem = recap.PROBLEMS[-1]
    script = tmp_path / "recap.py"
    script.write_text(problem.pytorch_script().replace("EPOCHS = 50", "EPOCHS = 8"))
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                         timeout=240)
    assert out.returncode == 0, out.stderr[-2000:]
    losses = [float(line.split("loss ")[1].split()[0]) for line in out.stdout.splitlines()
              if line.startswith("epoch ")]
    assert len(losses) >= 2 and losses[-1] < losses[0]


def test_sketch_draws_the_task_outputs():
    layers, weights, activations = recap.sketch("multiclass")
    assert len(layers[-1]) == 3 and activations[layers[-1][0]] == "softmax"
    assert activations[layers[1][0]] == "ReLU" and layers[0][0] not in activations
    assert len(weights) == 3 * 3 + 3 * 3 + 3 * 3
