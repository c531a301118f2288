"""The input-plane grid, evaluation over it, boundary segments, and the two shared charts."""

import json

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import confusion_matrix

from nnviz.charts.boundary import boundary_chart, points_frame
from nnviz.charts.confusion import confusion_chart, confusion_frame
from nnviz.core.plane import as_image, edge_segments, evaluate, grid_plane, plane_around


def test_grid_edges_span_the_ranges_and_cells_are_even():
    plane = grid_plane((-1.0, 3.0), (0.0, 2.0), resolution=4)
    np.testing.assert_allclose(plane.xs, [-0.5, 0.5, 1.5, 2.5])
    np.testing.assert_allclose(plane.ys, [0.25, 0.75, 1.25, 1.75])
    assert plane.x_range == pytest.approx((-1.0, 3.0))
    assert plane.y_range == pytest.approx((0.0, 2.0))
    assert plane.shape == (4, 4) and plane.size == 16


def test_points_follow_meshgrid_order_x_fastest():
    plane = grid_plane((0, 3), (0, 2), resolution=3)
    gx, gy = np.meshgrid(plane.xs, plane.ys)
    np.testing.assert_array_equal(plane.points(), np.c_[gx.ravel(), gy.ravel()])
    cells = plane.cells()
    np.testing.assert_allclose(cells["x_end"] - cells["x"], 1.0)
    np.testing.assert_allclose(cells["y_end"] - cells["y"], 2 / 3)


def test_plane_around_covers_every_point_with_margin():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 2)) * [3, 0.5] + [10, -4]
    plane = plane_around(X, resolution=30, margin=0.1)
    lo_x, hi_x = plane.x_range
    lo_y, hi_y = plane.y_range
    span = X.max(axis=0) - X.min(axis=0)
    assert lo_x == pytest.approx(X[:, 0].min() - 0.1 * span[0])
    assert hi_y == pytest.approx(X[:, 1].max() + 0.1 * span[1])
    assert (X[:, 0] > lo_x).all() and (X[:, 0] < hi_x).all()
    assert (X[:, 1] > lo_y).all() and (X[:, 1] < hi_y).all()


def test_flat_axis_still_makes_a_plane_and_bad_input_is_refused():
    plane = plane_around(np.array([[1.0, 5.0], [2.0, 5.0]]))
    assert plane.y_range[1] > plane.y_range[0]
    with pytest.raises(ValueError):
        plane_around(np.zeros((3, 3)))
    with pytest.raises(ValueError):
        plane_around(np.array([[np.nan, 1.0]]))
    with pytest.raises(ValueError):
        grid_plane((1, 1), (0, 1))


def test_evaluate_matches_a_direct_call_in_batches():
    X = np.random.default_rng(1).normal(size=(100, 2))
    y = (X[:, 0] + X[:, 1] > 0).astype(int)
    model = LogisticRegression().fit(X, y)
    plane = plane_around(X, resolution=37)
    expected = model.predict_proba(plane.points())
    got = evaluate(plane, model.predict_proba, batch_size=100)  # several uneven batches
    np.testing.assert_allclose(got, expected)
    one = evaluate(plane, lambda p: model.predict_proba(p)[:, 1:], batch_size=64)
    assert one.shape == (plane.size,)
    image = as_image(plane, got)
    assert image.shape == (37, 37, 2)
    # Row r of the image is ys[r]: the top-right corner is class 1 for this model.
    assert image[-1, -1, 1] > 0.5 > image[0, 0, 1]


def test_edge_segments_of_a_vertical_split_lie_on_the_split():
    plane = grid_plane((0, 10), (0, 5), resolution=10)
    labels = (plane.points()[:, 0] > 3).astype(int)  # cells with centre > 3 (x >= 3 edge)
    seg = edge_segments(plane, labels)
    assert len(seg) == 10  # one unit edge per row
    np.testing.assert_allclose(seg["x"], 3.0)
    np.testing.assert_allclose(seg["x_end"], 3.0)
    assert seg["y"].min() == pytest.approx(0.0) and seg["y_end"].max() == pytest.approx(5.0)
    assert edge_segments(plane, np.zeros(plane.size)).empty


def test_edge_segments_of_a_horizontal_split():
    plane = grid_plane((0, 4), (0, 4), resolution=4)
    labels = (plane.points()[:, 1] > 2.6).astype(int)
    seg = edge_segments(plane, labels)
    assert len(seg) == 4
    np.testing.assert_allclose(seg[["y", "y_end"]], 3.0)


def test_points_frame_marks_wrong_predictions():
    X = np.array([[0, 0], [1, 1], [2, 2]], dtype=float)
    frame = points_frame(X, [0, 1, 2], ["a", "b", "c"], ["train", "validation", "train"],
                         predicted=[0, 2, 2])
    assert list(frame["label"]) == ["a", "b", "c"]
    assert list(frame["correct"]) == [True, False, True]
    assert list(frame["split"]) == ["train", "validation", "train"]


def _spec(chart):
    return json.loads(chart.to_json())


def test_binary_boundary_chart_carries_probabilities_and_points():
    X = np.random.default_rng(2).normal(size=(50, 2))
    y = (X[:, 0] > 0).astype(int)
    plane = plane_around(X, resolution=20)
    proba = 1 / (1 + np.exp(-5 * plane.points()[:, 0]))
    pts = points_frame(X, y, ["no", "yes"])
    spec = _spec(boundary_chart(plane, proba, pts, ["no", "yes"], threshold=0.3))
    assert len(spec["layer"]) == 3  # heat, boundary, points
    heat = spec["layer"][0]
    assert heat["encoding"]["color"]["scale"]["domain"] == [0, 0.3, 1]
    datasets = list(spec["datasets"].values())
    assert any(len(d) == 400 and "p" in d[0] for d in datasets)
    assert any(len(d) == 50 and d[0]["label"] in ("no", "yes") for d in datasets)


def test_multiclass_region_chart_and_point_selection():
    X = np.random.default_rng(3).normal(size=(60, 2))
    y = np.arange(60) % 3
    plane = plane_around(X, resolution=15)
    proba = np.random.default_rng(4).dirichlet(np.ones(3), size=plane.size)
    chart = boundary_chart(plane, proba, points_frame(X, y), select_points="pick")
    spec = _spec(chart)
    regions = spec["layer"][0]
    assert regions["encoding"]["color"]["field"] == "predicted"
    assert regions["encoding"]["opacity"]["field"] == "confidence"
    cells = next(d for d in spec["datasets"].values() if len(d) == plane.size)
    expected = proba.argmax(axis=1)
    assert [c["predicted"] for c in cells] == [f"class {i}" for i in expected]
    assert [p["name"] for p in spec["params"]] == ["pick"]
    flat = boundary_chart(plane, proba, confidence=False)
    assert "field" not in _spec(flat)["layer"][0]["encoding"]["opacity"]


def test_confusion_frame_matches_sklearn_layout():
    y_true = [0, 0, 1, 1, 1, 2, 2, 2, 2]
    y_pred = [0, 1, 1, 1, 2, 2, 2, 0, 2]
    matrix = confusion_matrix(y_true, y_pred)
    frame = confusion_frame(matrix, ["a", "b", "c"])
    cell = frame.set_index(["actual", "predicted"])
    assert cell.loc[("c", "a"), "count"] == 1
    assert cell.loc[("b", "b"), "count"] == 2
    assert cell.loc[("c", "c"), "row_share"] == pytest.approx(3 / 4)
    assert frame["count"].sum() == len(y_true)
    assert frame.loc[frame["correct"], "count"].sum() == np.trace(matrix)


def test_confusion_chart_with_selection_and_an_empty_class():
    matrix = np.array([[3, 1], [0, 0]])
    spec = _spec(confusion_chart(matrix, ["neg", "pos"], select="cell"))
    assert spec["params"][0]["name"] == "cell"
    assert spec["params"][0]["select"]["fields"] == ["actual", "predicted"]
    rows = next(iter(spec["datasets"].values()))
    assert {r["row_share"] for r in rows if r["actual"] == "pos"} == {0.0}
    with pytest.raises(ValueError):
        confusion_frame(np.zeros((2, 3)))


def test_unnamed_point_labels_still_get_a_colour():
    X = np.random.default_rng(5).normal(size=(10, 2))
    plane = plane_around(X, resolution=8)
    pts = points_frame(X, np.arange(10) % 2, ["cat", "dog"])
    spec = _spec(boundary_chart(plane, np.full(plane.size, 0.5), pts))  # names not passed
    fill = spec["layer"][-1]["encoding"]["fill"]["scale"]
    assert {"cat", "dog"} <= set(fill["domain"])
    assert len(fill["range"]) == len(fill["domain"])


def test_boundary_spec_is_the_chart_with_named_data_swapped_per_call():
    from nnviz.charts.boundary import boundary_spec

    X = np.random.default_rng(6).normal(size=(40, 2))
    y = (X[:, 1] > 0).astype(int)
    plane = plane_around(X, resolution=10)
    first = boundary_spec(plane, np.full(plane.size, 0.2), points_frame(X, y))
    proba = plane.points()[:, 1] > 0
    second = boundary_spec(plane, proba.astype(float), points_frame(X, y))
    assert set(second["datasets"]) == {"cells", "segments", "points"}
    assert [layer["data"]["name"] for layer in second["layer"]] == ["cells", "segments",
                                                                    "points"]
    np.testing.assert_allclose(second["datasets"]["cells"]["p"], proba)
    assert len(second["datasets"]["segments"]) == 10  # one horizontal line across the grid
    inline = _spec(boundary_chart(plane, proba.astype(float), points_frame(X, y)))
    assert second["layer"][0]["encoding"] == inline["layer"][0]["encoding"]
    assert "segments" not in first["layer"]  # no boundary inside the plane: no line layer
    assert len(first["layer"]) == 2
    # Threshold and title are written into the spec, identical to the directly built chart.
    titled = boundary_spec(plane, proba.astype(float), points_frame(X, y), threshold=0.3,
                           title="epoch 7")
    direct = _spec(boundary_chart(plane, proba.astype(float), points_frame(X, y),
                                  threshold=0.3, title="epoch 7"))
    assert titled["title"] == direct["title"] == "epoch 7"
    assert titled["layer"][0]["encoding"] == direct["layer"][0]["encoding"]
    assert boundary_spec(plane, proba.astype(float))["layer"][0]["encoding"]["color"][
        "scale"]["domain"] == [0, 0.5, 1]  # the next call is not left with 0.3
    # The height is the plot's: three stacked legends (split, P, true class) make the chart
    # taller than that, and under Streamlit's default "fit" the last one was cut off.
    assert second["autosize"] == {"type": "fit-x", "contains": "padding"}


def test_confusion_spec_carries_the_frame():
    from nnviz.charts.confusion import confusion_spec

    spec = confusion_spec(np.array([[5, 1], [2, 7]]), ["no", "yes"], select="c")
    cells = spec["datasets"]["cells"]
    assert list(cells["count"]) == [5, 1, 2, 7]
    assert spec["params"][0]["name"] == "c"


def test_confusion_cells_are_step_sized():
    spec = _spec(confusion_chart(np.eye(3, dtype=int), cell_size=50))
    assert spec["width"] == {"step": 50} and spec["height"] == {"step": 50}


def test_the_middle_of_a_diverging_picture_is_white():
    """Boundary and neuron/feature pictures blend in RGB around white: Vega's default HCL
    blend keeps full chroma next to white, so 'unsure' (or a ReLU node that is off) would
    look pale yellow or cyan instead of white."""
    from nnviz.charts.boundary import boundary_spec
    from nnviz.charts.features import plane_pictures_spec

    plane = grid_plane((0, 1), (0, 1), resolution=4)
    p = plane.points()[:, 0]
    background = boundary_spec(plane, p)["layer"][0]["encoding"]["color"]["scale"]
    pictures = plane_pictures_spec(plane, p - 0.5, ["x1"])["spec"]["encoding"]["color"]["scale"]
    for scale in (background, pictures):
        assert scale["interpolate"] == "rgb"
        assert scale["range"][1] == "#ffffff" and len(scale["domain"]) == 3
    # ...and each picture is framed, so an all-white one (0 everywhere) still shows.
    assert plane_pictures_spec(plane, 0 * p, ["x1"])["spec"]["view"]["stroke"] != "#ffffff"
