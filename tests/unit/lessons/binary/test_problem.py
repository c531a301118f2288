"""The binary lesson's inputs, assembled from the data and feature modules."""

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer, make_moons

from nnviz.lessons.binary.problem import (
    cancer_problem,
    generated_problem,
    network_inputs,
    split_problem,
)


def test_generated_problem_is_features_of_the_scaled_points():
    problem = generated_problem("moons", n=100, noise=0.1, seed=2, features=["x1", "x1·x2"],
                                x1_scale=10)
    X, y = make_moons(n_samples=100, noise=0.1, random_state=2)
    np.testing.assert_allclose(problem.points, X * [10, 1])
    np.testing.assert_allclose(problem.X, np.c_[10 * X[:, 0], 10 * X[:, 0] * X[:, 1]])
    np.testing.assert_array_equal(problem.y, y)
    assert problem.planar and problem.n_inputs == 2
    grid = np.array([[1.0, 2.0], [-3.0, 0.5]])
    np.testing.assert_allclose(problem.inputs_at(grid), [[1.0, 2.0], [-3.0, -1.5]])


def test_cancer_problem_keeps_the_chosen_measurements():
    problem = cancer_problem([0, 27])
    bunch = load_breast_cancer()
    np.testing.assert_allclose(problem.X, bunch.data[:, [0, 27]])
    assert problem.input_names == ("mean radius", "worst concave points")
    assert not problem.planar
    with pytest.raises(ValueError):
        problem.inputs_at(np.zeros((1, 2)))


@pytest.mark.parametrize("call", [
    lambda: cancer_problem([]), lambda: cancer_problem([30]),
    lambda: generated_problem("moons", 100, 0.1, 0, []),
    lambda: generated_problem("moons", 100, 0.1, 0, ["x1"], x1_scale=0),
])
def test_impossible_choices_are_refused(call):
    with pytest.raises(ValueError):
        call()


def test_split_problem_is_preps_split_with_row_numbers():
    from nnviz.core.prep import prepare
    from nnviz.lessons.binary.problem import split_problem

    problem = generated_problem("circles", 200, 0.1, 4, ["x1²", "x2²", "sin(x1)"])
    ours = split_problem(problem, 0.3, "standardize", seed=4)
    reference = prepare(problem.X, problem.y, 0.3, "standardize", seed=4, classify=True).split
    np.testing.assert_allclose(ours.x_train, reference.x_train)
    np.testing.assert_allclose(ours.x_val, reference.x_val)
    np.testing.assert_array_equal(ours.y_val, reference.y_val)
    np.testing.assert_allclose(ours.normalizer.transform(problem.X[ours.val_rows]), ours.x_val)
    assert sorted(np.r_[ours.train_rows, ours.val_rows]) == list(range(200))
    labels = ours.split_labels(200)
    assert (labels == "validation").sum() == 60
    assert set(labels[ours.train_rows]) == {"train"}
    assert ours.stratified == reference.stratified


def test_network_inputs_are_the_normalized_features_at_those_points():
    problem = generated_problem("xor", n=60, noise=0.1, seed=1, features=["x1", "x1·x2"])
    split = split_problem(problem, 0.3, "standardize", 1)
    grid = np.array([[0.5, 2.0], [-1.0, 1.0]])
    expected = split.normalizer.transform(np.array([[0.5, 1.0], [-1.0, -1.0]]))
    np.testing.assert_allclose(network_inputs(problem, split, grid), expected)
    # At the training points themselves: exactly what the network trains on.
    np.testing.assert_allclose(
        network_inputs(problem, split, problem.points[split.train_rows]), split.x_train)
