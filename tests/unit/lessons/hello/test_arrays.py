"""The numpy section's code and broadcasting table, on the talk's houses."""

import numpy as np

from nnviz.lessons import house
from nnviz.lessons.hello.arrays import as_python, broadcasting_table, dot_product_code, matrix_code

W = np.array([100_000.0, -20_000.0])


def test_numbers_are_written_as_python_source():
    assert as_python(100_000) == "100_000"
    assert as_python(-0.0) == "0" and as_python(-0.5) == "-0.5"


def test_one_house_is_a_dot_product_written_out():
    code = dot_product_code((4, 10), W, 200_000.0)
    assert code.splitlines() == [
        "x = np.array([4, 10])  # rooms, age",
        "w = np.array([100_000, -20_000])",
        "x.shape, w.shape  # (2,), (2,)",
        "x @ w  # 4 × 100,000 + 10 × -20,000",
        "# -> 200_000",
    ]


def test_all_houses_are_a_matrix_times_a_vector():
    X = np.array([[4.0, 10.0], [5.0, 10.0]])
    code = matrix_code(X, X @ W)
    assert code.splitlines() == ["X = np.array([[4, 10], [5, 10]])", "X.shape  # (2, 2)",
                                 "X @ w  # shape (2,)", "# -> [200_000, 300_000]"]


def test_broadcasting_sums_rows_to_the_predictions_and_subtracts_the_prices():
    rooms, age, price = house.as_arrays(house.TALK_ROWS)
    X = np.column_stack([rooms, age])
    table = broadcasting_table(X, np.array([0.0, -1.0]), price, X @ np.array([0.0, -1.0]))
    assert table["rooms × w_rooms"].tolist() == ["0"] * len(X)  # 0 × rooms is 0, never -0
    assert table.columns.tolist() == ["rooms × w_rooms", "age × w_age", "(X * w).sum(axis=1)",
                                      "price", "prediction - price"]
    table = broadcasting_table(X, W, price, X @ W)
    assert table["(X * w).sum(axis=1)"].tolist() == ["$200,000", "$300,000", "$400,000"]
