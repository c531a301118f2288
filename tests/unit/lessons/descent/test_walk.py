"""Walks, divergence, the one-weight slice and its tangent, animation timing, and the charts."""

import json

import numpy as np
import pytest

from nnviz.charts import descent as charts
from nnviz.lessons import descent, house
from nnviz.lessons.descent import surfaces
from nnviz.lessons.descent.optimizers import make

BOWL = surfaces.CLASSIC["bowl"]
TALK = surfaces.talk_surface()


def age_slice():
    """The talk's network, rooms weight held at the talk's 100 ($k), age weight free."""
    return descent.Slice(TALK, axis=1, held=100.0)


# ---- walks ---------

def test_walk_records_every_step_by_the_rule():
    s = surfaces.CLASSIC["ravine"]
    w = descent.walk_on(s, make("sgd", 0.1), 30)
    assert w.steps_taken == 30 == w.requested and not w.diverged
    np.testing.assert_array_equal(w.points[0], s.start)
    for i in range(w.steps_taken + 1):
        assert w.losses[i] == s.loss(w.points[i])
        np.testing.assert_array_equal(w.slopes[i], s.gradient(w.points[i]))
    for i in range(w.steps_taken):
        step = w.step(i)
        assert step.number == i + 1
        np.testing.assert_allclose(step.after, step.before - 0.1 * step.slope, rtol=1e-15)
        np.testing.assert_allclose(step.update, -0.1 * step.slope, rtol=1e-12, atol=1e-15)
        assert step.loss_after == s.loss(step.after) and step.lr == 0.1
    with pytest.raises(IndexError):
        w.step(30)


def test_walk_downhill_lowers_the_loss_with_a_small_learning_rate():
    w = descent.walk_on(BOWL, make("sgd", 0.05), 40)
    assert np.all(np.diff(w.losses) < 0)


def test_too_big_a_learning_rate_blows_up_and_is_stopped():
    w = descent.walk_on(BOWL, make("sgd", 1.5), 500)  # stable only below 1.0 on this bowl
    assert w.diverged and w.steps_taken < 500
    assert np.all(np.isfinite(w.points)) and np.all(np.isfinite(w.losses))
    lo, hi = descent.escape_box(BOWL.x_range, BOWL.y_range)
    assert np.any((w.points[-1] < lo) | (w.points[-1] > hi))  # stopped on leaving the box
    assert np.all((w.points[:-1] >= lo) & (w.points[:-1] <= hi))
    assert descent.verdict(w, BOWL.lowest_loss).outcome == "blew_up"


def test_a_walk_that_produces_nan_stops_cleanly():
    def loss(w):
        return float(w[0] ** 2) if w[0] < 3 else float("nan")

    def gradient(w):
        return np.array([2 * w[0] - 10])  # pushes the walk to the right, into NaN land

    w = descent.walk(loss, gradient, [0.0], make("sgd", 0.5), 50)
    assert w.diverged and np.all(np.isfinite(w.points))


def test_negative_steps_are_refused():
    with pytest.raises(ValueError):
        descent.walk_on(BOWL, make("sgd", 0.1), -1)


def test_zero_steps_is_just_the_start():
    w = descent.walk_on(BOWL, make("sgd", 0.1), 0)
    assert w.steps_taken == 0 and not w.diverged and len(w.updates) == 0


def test_race_starts_everyone_at_the_same_place():
    opts = [make("sgd", 0.05), make("momentum", 0.02), make("adam", 0.1)]
    walks = descent.race(surfaces.CLASSIC["two_valleys"], opts, 120, start=(1.9, 1.6))
    assert [w.optimizer for w in walks] == opts
    for w in walks:
        np.testing.assert_array_equal(w.points[0], [1.9, 1.6])


def test_verdicts_tell_trapped_from_arrived():
    s = surfaces.CLASSIC["two_valleys"]
    trapped = descent.walk_on(s, make("sgd", 0.05), 400)
    assert descent.verdict(trapped, s.lowest_loss).outcome == "stuck"
    assert trapped.points[-1][0] > 0  # in the right-hand (shallower) valley
    over = descent.walk_on(s, make("momentum", 0.02, 0.9), 400)
    v = descent.verdict(over, s.lowest_loss)
    assert v.outcome == "arrived" and over.points[-1][0] < 0
    gap = over.losses - s.lowest_loss
    assert gap[v.at_step] <= descent.ARRIVED * gap[0] < gap[v.at_step - 1]
    short = descent.walk_on(surfaces.CLASSIC["banana"], make("sgd", 0.001), 20)
    assert descent.verdict(short, 0.0).outcome == "on_the_way"


# ---- one weight ---------

def test_slice_is_the_surface_along_one_weight():
    curve = age_slice()
    for w in (-50.0, 0.0, 33.3):
        assert curve.loss([w]) == TALK.loss((100.0, w))
        assert curve.gradient([w])[0] == TALK.gradient((100.0, w))[1]
        h = 1e-5
        fd = (curve.loss([w + h]) - curve.loss([w - h])) / (2 * h)
        assert curve.gradient([w])[0] == pytest.approx(fd, rel=1e-6)
    np.testing.assert_allclose(curve.heights([1.0, 2.0]), [curve.loss([1.0]), curve.loss([2.0])])


def test_slice_bottom_and_curvature_from_the_talks_rows():
    rooms, age, price = house.as_arrays(house.TALK_ROWS)
    price = price / 1000
    # Least squares in one unknown: the age weight that best fits price - 100 * rooms.
    best = np.sum(age * (price - 100 * rooms)) / np.sum(age**2)
    assert age_slice().best() == pytest.approx(best, abs=0.1)
    second_derivative = 2 * np.mean(age**2)
    assert age_slice().curvature(10.0) == pytest.approx(second_derivative, rel=1e-6)
    assert age_slice().stable_lr() == pytest.approx(2 / second_derivative, rel=1e-6)
    assert descent.Slice(BOWL, 0, 0.0).stable_lr() == pytest.approx(1.0)
    assert descent.Slice(surfaces.CLASSIC["banana"], 0, 1.0).stable_lr() is None



def test_slice_lowest_loss_is_the_height_at_its_bottom():
    curve = age_slice()
    assert curve.lowest_loss() == pytest.approx(curve.loss([curve.best()]))
    assert curve.lowest_loss() <= min(curve.heights(np.linspace(*curve.range, 50)))

def test_one_weight_walk_settles_below_the_limit_and_blows_up_above():
    curve = age_slice()
    limit = curve.stable_lr()
    calm = descent.walk_slice(curve, make("sgd", 0.9 * limit), 200, 40.0)
    assert not calm.diverged and calm.points[-1][0] == pytest.approx(curve.best(), abs=0.1)
    wild = descent.walk_slice(curve, make("sgd", 1.1 * limit), 200, 40.0)
    assert wild.diverged
    zigzag, blowup = descent.rates_to_try(limit, (0.005, 0.01, 0.02, 0.05, 0.1))
    assert (zigzag, blowup) == (0.02, 0.05)  # limit is 2 / 83.3 = 0.024
    assert descent.rates_to_try(1.0, (2.0, 5.0)) == (None, 2.0)


def test_tangent_touches_the_curve_with_its_slope():
    curve = age_slice()
    w0 = 25.0
    ws, ls = descent.tangent(w0, curve.loss([w0]), curve.gradient([w0])[0], 10.0)
    assert ws.tolist() == [15.0, 35.0]
    assert (ls[1] - ls[0]) / 20.0 == pytest.approx(curve.gradient([w0])[0])
    assert np.mean(ls) == pytest.approx(curve.loss([w0]))
    assert np.all(curve.heights(ws) >= ls)  # a bowl lies above its tangent lines


# ---- animation timing ---------

def test_frame_times_cover_the_walk_then_rest():
    t = descent.frame_times(100)
    assert t[0] == 0 and t[-1] == 100 and np.all(np.diff(t) >= 0)
    assert len(t) == descent.MAX_FRAMES + descent.HOLD_FRAMES
    assert np.all(t[-descent.HOLD_FRAMES:] == 100)
    short = descent.frame_times(5)  # a short walk glides: several frames per step
    assert len(short) == 5 * descent.FRAMES_PER_STEP + 1 + descent.HOLD_FRAMES
    assert len(descent.frame_times(0)) == 2 + descent.HOLD_FRAMES


def test_position_at_interpolates_and_clamps():
    pts = np.array([[0.0, 0.0], [2.0, 4.0], [4.0, 4.0]])
    got = descent.position_at(pts, np.array([0, 0.5, 1, 1.25, 2, 7]))
    np.testing.assert_allclose(got, [[0, 0], [1, 2], [2, 4], [2.5, 4], [4, 4], [4, 4]])
    np.testing.assert_allclose(descent.position_at(np.array([1.0, 3.0]), np.array([0.5])), [2])


# ---- charts ---------

def spec_of(chart):
    return json.loads(json.dumps(chart.to_dict()))


def map_chart(s=BOWL, walks=None, chosen=None, pick=False):
    walks = walks or [descent.walk_on(s, make("sgd", 0.1), 20)]
    times = descent.frame_times(max(w.steps_taken for w in walks))
    back = charts.background(s, surfaces.grid(s, *charts.grid_size(s)))
    names = [f"w{i}" for i in range(len(walks))]
    return charts.walk_map(s, back, walks, names, times, chosen=chosen, pick=pick), times


def test_map_is_one_animated_unit_spec():
    chart, times = map_chart(pick=True)
    spec = spec_of(chart)
    assert "layer" not in spec and "hconcat" not in spec  # Vega-Lite animates units only
    assert spec["encoding"]["time"]["field"] == "frame"
    timers = [p for p in spec["params"] if p["select"].get("on") == "timer"]
    assert len(timers) == 1 and timers[0]["name"] == "anim"
    assert spec["config"]["scale"]["framesPerSecond"] >= 24
    assert {"param": "anim"} in spec["transform"][0]["filter"]["or"]
    assert any(p["name"] == "pick" for p in spec["params"])
    data = chart.data
    walker = data[data.kind == "walker"]
    assert sorted(walker.frame.unique()) == list(range(len(times)))
    assert set(data[data.kind != "walker"].frame) == {0}


def test_map_walker_positions_follow_the_walk():
    w = descent.walk_on(BOWL, make("sgd", 0.1), 20)
    chart, times = map_chart(walks=[w])
    data = chart.data
    heads = data[(data.kind == "walker") & (data.stroke_width > 0)].sort_values("frame")
    np.testing.assert_allclose(heads[["x", "y"]].to_numpy(), descent.position_at(w.points, times))
    footprints = data[data.kind == "path"]
    np.testing.assert_allclose(footprints[["x", "y"]].to_numpy(), w.points)
    assert heads.iloc[0][["x", "y"]].tolist() != heads.iloc[-1][["x", "y"]].tolist()


def test_map_grid_is_shaded_low_to_high():
    s = surfaces.CLASSIC["ravine"]
    field = surfaces.grid(s, 30, 20)
    back = charts.background(s, field)
    cells = back[back.kind == "grid"]
    assert len(cells) == 600
    lowest, highest = cells.loss.idxmin(), cells.loss.idxmax()
    looks = charts.map_looks([])
    assert looks[cells.look[lowest]][0] == charts.PALETTE[0]
    assert looks[cells.look[highest]][0] == charts.PALETTE[-1]
    assert len(set(cells.look)) == charts.BANDS


def test_diverged_walk_is_clipped_to_the_map():
    w = descent.walk_on(BOWL, make("sgd", 1.5), 200)
    assert w.diverged
    chart, _ = map_chart(walks=[w])
    spec = spec_of(chart)
    assert spec["mark"]["clip"] is True
    assert spec["encoding"]["x"]["scale"]["domain"] == list(BOWL.x_range)
    footprints = chart.data[chart.data.kind == "path"]
    assert footprints.x.between(*BOWL.x_range).all() and footprints.y.between(*BOWL.y_range).all()
    assert len(footprints) < len(w.points)  # the steps off the map are left out


def test_chosen_step_is_marked():
    w = descent.walk_on(BOWL, make("sgd", 0.1), 20)
    chart, _ = map_chart(walks=[w], chosen=7)
    chosen = chart.data[chart.data.kind == "chosen"]
    assert chosen[["x", "y"]].to_numpy().tolist() == [w.points[7].tolist()]


def test_race_map_has_one_walker_per_setting():
    walks = descent.race(BOWL, [make("sgd", 0.1), make("adam", 0.2)], 30)
    chart, _ = map_chart(walks=walks)
    walkers = chart.data[chart.data.kind == "walker"]
    assert walkers.who.nunique() == 2 and walkers.look.nunique() == 2


def test_race_map_tells_walkers_apart_by_legend_colour_and_shape():
    walks = descent.race(BOWL, [make("sgd", 0.1), make("momentum", 0.1), make("adam", 0.2)], 30)
    chart, _ = map_chart(walks=walks)
    encoding = spec_of(chart)["encoding"]
    names = ["w0", "w1", "w2"]
    okabe_ito = {"#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7",
                 "#000000"}
    for channel in ("color", "shape"):
        assert encoding[channel]["field"] == "look"
        assert encoding[channel]["legend"]["values"] == names  # the walkers, not the ground
    colors = dict(zip(encoding["color"]["scale"]["domain"], encoding["color"]["scale"]["range"],
                      strict=True))
    shapes = dict(zip(encoding["shape"]["scale"]["domain"], encoding["shape"]["scale"]["range"],
                      strict=True))
    assert {colors[n] for n in names} <= okabe_ito and len({colors[n] for n in names}) == 3
    assert len({shapes[n] for n in names}) == 3
    # Every footprint and walker row is drawn with its own walker's look.
    moving = chart.data[chart.data.kind.isin(["path", "walker"])]
    assert (moving.look == moving.who).all()
    assert spec_of(chart)["autosize"]["type"] == "pad"  # the legend does not squeeze the map


def test_loss_chart_is_animated_and_log_scaled():
    banana = surfaces.CLASSIC["banana"]
    walks = descent.race(banana, [make("sgd", 0.001), make("sgd", 0.01)], 40)
    times = descent.frame_times(max(w.steps_taken for w in walks))
    chart = charts.loss_chart(walks, ["calm", "wild"], 0.0, times)
    spec = spec_of(chart)
    assert spec["encoding"]["time"]["field"] == "frame"
    assert spec["encoding"]["y"]["scale"]["type"] == "log"
    beads = chart.data[chart.data.kind == "path"]
    np.testing.assert_allclose(beads[beads.who == "calm"].loss, walks[0].losses)
    assert (beads.gap > 0).all()  # a log axis cannot show zero
    # The blown-up walk is drawn where it really went, and the axis reaches it.
    assert walks[1].diverged and walks[1].losses.max() > 1e6 * walks[0].losses[0]
    np.testing.assert_allclose(beads[beads.who == "wild"].gap, walks[1].losses)
    low, high = spec["encoding"]["y"]["scale"]["domain"]
    assert low < chart.data.gap.min() and high > chart.data.gap.max()
    for channel in ("color", "shape"):  # the same walker looks as on the map
        assert spec["encoding"][channel]["field"] == "who"
        assert spec["encoding"][channel]["scale"]["domain"] == ["calm", "wild"]
    assert spec["encoding"]["color"]["scale"]["range"] == list(charts.WALKER_COLORS[:2])


def test_loss_chart_at_a_huge_learning_rate_shows_the_blow_up_on_whole_steps():
    s = surfaces.house_surface()
    w = descent.walk_on(s, make("sgd", 10.0), 100)
    assert w.diverged and w.steps_taken == 1
    chart = charts.loss_chart([w], ["huge"], s.lowest_loss, descent.frame_times(1))
    y = spec_of(chart)["encoding"]["y"]
    assert y["scale"]["type"] == "log" and "log scale" in y["title"]
    assert y["scale"]["domain"][1] >= w.losses.max() - s.lowest_loss  # about 2.2e11
    x = spec_of(chart)["encoding"]["x"]
    assert x["axis"]["tickMinStep"] == 1 and x["axis"]["format"] == "d"


def test_slope_chart_draws_the_tangent_and_its_slope():
    curve = age_slice()
    w = descent.walk_slice(curve, make("sgd", 0.005), 10, 40.0)
    spec = spec_of(charts.slope_chart(curve, w, 3))
    datasets = spec["datasets"]
    texts = [row["text"] for rows in datasets.values() for row in rows if "text" in row]
    assert len(texts) == 1 and texts[0].startswith("slope ")
    slope = float(texts[0].split()[1].replace(",", ""))
    assert slope == pytest.approx(w.slopes[3, 0], rel=1e-5)
    visited = [rows for rows in datasets.values() if rows and "step" in rows[0]]
    assert max(len(rows) for rows in visited) == 4  # start + 3 steps so far


@pytest.mark.parametrize("w", [-70.0, 40.0])
@pytest.mark.parametrize("slope", [-4253.3, 4913.3])
def test_slope_label_points_inward_and_away_from_the_tangent(w, slope):
    align, dx, dy = charts.slope_label_side(w, slope, -80.0, 60.0)
    assert (dx > 0) == (w < -10.0) and align == ("left" if dx > 0 else "right")
    # The tangent rises by slope x (horizontal offset); the label sits on the other side of it.
    # Screen y grows downwards, so the label's rise in loss terms is -dy.
    assert slope * dx * -dy < 0


def test_slope_chart_fills_its_column_unless_given_a_width():
    curve = age_slice()
    w = descent.walk_slice(curve, make("sgd", 0.005), 3, 40.0)
    assert "width" not in spec_of(charts.slope_chart(curve, w, 0))
    assert spec_of(charts.slope_chart(curve, w, 0, width=500))["width"] == 500


def test_every_mark_of_the_slope_chart_is_clipped_so_a_blown_up_walk_stays_in_the_frame():
    curve = age_slice()
    w = descent.walk_slice(curve, make("sgd", 0.05), 5, 40.0)  # blows up: steps leave the axes
    assert w.diverged or abs(w.points[-1, 0]) > 500
    layers = spec_of(charts.slope_chart(curve, w, w.steps_taken))["layer"]
    assert all(layer["mark"].get("clip") for layer in layers), [layer["mark"] for layer in layers]
