"""The lesson's region chart and example galleries, checked against the data they draw."""

import numpy as np
import pandas as pd

from nnviz.core import labels, prep
from nnviz.data import class_data
from nnviz.lessons.multiclass import pictures

PETALS = ["petal length (cm)", "petal width (cm)"]


class LeftRight:
    """A stand-in network: class 0 left of the (normalized) middle, class 2 right of it."""

    def predict_proba(self, x):
        p = np.zeros((len(x), 3))
        p[np.arange(len(x)), np.where(x[:, 0] > 0, 2, 0)] = 1.0
        return p


def iris_petals():
    data = class_data.iris().select(PETALS)
    rows = prep.split_rows(data.X, labels.encode(data.y, data.class_names), 0.25,
                           "standardize", seed=0)
    return data, rows


def test_regions_ask_the_network_in_normalized_units_and_show_every_example():
    data, rows = iris_petals()
    spec = pictures.region_chart(LeftRight(), rows, data)
    cells, points = spec["datasets"]["cells"], spec["datasets"]["points"]
    mean = data.X[rows.train_rows, 0].mean()  # standardizing puts the training mean at 0
    right = cells["cx"] > mean + 0.1
    left = cells["cx"] < mean - 0.1
    assert (cells.loc[right, "predicted"] == "virginica").all()
    assert (cells.loc[left, "predicted"] == "setosa").all()
    assert len(points) == len(data.y)
    np.testing.assert_array_equal(np.flatnonzero(points["split"] == "validation"),
                                  np.sort(rows.val_rows))
    assert set(points["split"]) == {"train", "validation"}
    assert points["correct"].all()  # no predictions given: nothing is marked wrong


def test_regions_outline_the_wrong_predictions():
    data, rows = iris_petals()
    predicted = np.zeros(len(data.y), dtype=int)  # "setosa" for everything
    points = pictures.region_chart(LeftRight(), rows, data, predicted, select="pick")[
        "datasets"]["points"]
    np.testing.assert_array_equal(points["correct"], data.y == "setosa")


def test_captions_name_the_row_and_the_mistake():
    frame = pd.DataFrame({"row": [905, 12], "actual": ["8", "5"], "predicted": ["1", "5"],
                          "confidence": [0.991, 1.0]})
    assert pictures.example_captions(frame) == ["row 905: 8 → 1 (99%)", "row 12: 5 (100%)"]


def test_a_gallery_shows_the_pictures_of_its_rows_in_order():
    data = class_data.digits()
    frame = pd.DataFrame({"row": [7, 3], "actual": ["7", "3"], "predicted": ["7", "8"],
                          "confidence": [0.5, 0.25]})
    pixels = pictures.example_gallery(data, frame, "pick", columns=2)["datasets"]["digits"]
    assert pixels.groupby("position")["item"].first().tolist() == [7, 3]
    first = pixels[pixels["item"] == 7]
    picture = np.zeros((8, 8))
    picture[first["row"], first["col"]] = first["ink"]
    np.testing.assert_array_equal(picture, data.images[7])
    assert set(pixels["caption"]) == {"row 7: 7 (50%)", "row 3: 3 → 8 (25%)"}
