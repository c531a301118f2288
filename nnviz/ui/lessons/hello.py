"""The "Hello, neural net" page's sections: two kinds of points, the network, training it
live, underfitting and what fixes it, numpy basics on the house example, and the code."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import streamlit as st

from nnviz import codegen
from nnviz.charts.boundary import boundary_spec, points_frame
from nnviz.charts.training import architecture_spec
from nnviz.core import prep
from nnviz.core.formatting import dollars, number
from nnviz.core.plane import evaluate, plane_around
from nnviz.core.spec import NetSpec, TrainConfig, steps_per_epoch
from nnviz.core.trained import TrainedNet
from nnviz.data import two_class
from nnviz.jobs.job import TrainingJob
from nnviz.lessons import house
from nnviz.lessons.hello import (
    FitVerdict,
    fix_settings,
    fixes_table,
    judge_fit,
    reachable_accuracy,
    try_fixes,
)
from nnviz.lessons.hello.arrays import broadcasting_table, dot_product_code, matrix_code
from nnviz.lessons.hello.steps import last_batch_size, steps_table
from nnviz.lessons.multiclass.confidence import chance_accuracy
from nnviz.ui import stage
from nnviz.ui.code_panel import code_tabs
from nnviz.ui.network_controls import (
    ControlKeys,
    NetworkControls,
    batches_between,
    rates_between,
    shape_controls,
    training_controls,
)
from nnviz.ui.page import recall, remember_computed, seed_input
from nnviz.ui.replay_plans import REPLAY_RESOLUTION, ReplayPlan, boundary_plan, dots
from nnviz.ui.training import live_training
from nnviz.ui.urlstate import Param, Params

P = "hello"
SHAPES = ("moons", "circles", "blobs")
VAL_SHARE = 0.2
CLASS_NAMES = ("blue", "orange")
SLOW_TICKS = 15  # slow motion: a few seconds to watch, whatever the number of epochs

DEFAULTS = {
    "shape": "moons", "points": 300, "noise": 0.2, "seed": 0,
    "layers": 2, "nodes": 16, "activation": "relu",
    "epochs": 100, "batch": 32, "lr": 0.01, "optimizer": "adam", "slow": True,
    "w_rooms": 100_000, "w_age": -20_000, "row": 0,
}
CONTROLS = NetworkControls(
    ControlKeys.for_prefix(P), layers=(0, 3), nodes=(1, 32), epochs=(1, 500, 1),
    rates=rates_between(0.0001, 3.0), batches=batches_between(1, 512), defaults=DEFAULTS,
    optimizers=("adam", "sgd", "momentum"))  # the page lists Adam first: it is the default
PARAMS = Params(
    hello_shape=Param(DEFAULTS["shape"], choices=SHAPES),
    hello_points=Param(DEFAULTS["points"], lo=50, hi=1000),
    hello_noise=Param(DEFAULTS["noise"], lo=0.0, hi=1.0),
    hello_seed=Param(DEFAULTS["seed"], lo=0, hi=9999),
    **CONTROLS.params(),
    hello_slow=Param(DEFAULTS["slow"]),
    hello_w_rooms=Param(DEFAULTS["w_rooms"], lo=-200_000, hi=200_000),
    hello_w_age=Param(DEFAULTS["w_age"], lo=-50_000, hi=50_000),
    hello_row=Param(DEFAULTS["row"], lo=0, hi=len(house.TALK_ROWS) - 1),
)


@dataclass(frozen=True)
class Points:
    """The lesson's dots: how they were made, and which are kept aside for validation."""

    shape: str
    count: int
    noise: float
    seed: int
    data: two_class.TwoClassData
    split: prep.Split

    @property
    def n_train(self) -> int:
        return len(self.split.x_train)


@st.cache_data(max_entries=32)
def _dots(shape: str, count: int, noise: float, seed: int) -> two_class.TwoClassData:
    return two_class.make_two_class(shape, count, noise, seed)


def _split(data: two_class.TwoClassData, seed: int) -> prep.Split:
    return prep.split(data.X, data.y, VAL_SHARE, seed, classify=True)


@st.cache_data(max_entries=32)
def _reachable(shape: str, count: int, noise: float, seed: int) -> float:
    s = _split(_dots(shape, count, noise, seed), seed)
    return reachable_accuracy(s.x_train, s.y_train, seed)


def _move_controls(**values) -> None:
    """Button callback: move the page's controls (runs before the widgets are drawn)."""
    for name, value in values.items():
        st.session_state[f"{P}_{name}"] = value


# ---- 1. data ------------------------------------------------------------------------------------

def choose_points() -> Points:
    st.subheader("1. Two kinds of points")
    c1, c2, c3, c4 = st.columns(4)
    shape = c1.selectbox("Shape", SHAPES, key=f"{P}_shape",
                         format_func=two_class.SHAPE_TITLES.get)
    count = int(c2.slider("Points", 50, 1000, step=50, key=f"{P}_points"))
    noise = float(c3.slider(
        "Noise", 0.0, 1.0, step=0.05, key=f"{P}_noise",
        help="How far points stray from their shape. Noisy points cap every model's accuracy."))
    seed = seed_input(f"{P}_seed", container=c4,
                      help="Same seed, same points, same starting weights: the same run every "
                           "time.")
    data = _dots(shape, count, noise, seed)
    points = Points(shape, count, noise, seed, data, _split(data, seed))
    stage.explain(
        f"{two_class.SHAPE_NOTES[shape]} {points.n_train} points are for training; "
        f"{len(points.split.x_val)} more (open shapes) are kept aside to check the network on "
        "points it never learned from."
    )
    return points


# ---- 2. network ----------------------------------------------------------------------------------

def network() -> NetSpec:
    st.subheader("2. The network")
    hidden, activation = shape_controls(CONTROLS, activation_as_radio=True)
    spec = NetSpec(2, hidden, activation, "binary")
    diagram, code_box = st.columns([3, 2])
    with diagram:
        st.vega_lite_chart(
            architecture_spec(spec.layer_sizes, spec.activation, spec.recipe.output_activation,
                              input_names=("x1", "x2")),
            width="stretch")
    with code_box:
        st.code(codegen.model_code(spec), language="python")
        st.caption(f"{spec.n_parameters:,} weights and biases to learn. The last layer gives "
                   "one score; the sigmoid turns it into the chance of orange.")
    return spec


# ---- 3. training ---------------------------------------------------------------------------------

def training_settings(points: Points) -> TrainConfig:
    """The training controls, and what they add up to: steps per epoch and in all."""
    st.subheader("3. Train it")
    choice = training_controls(CONTROLS)
    _steps_explained(points.n_train, choice.epochs, choice.batch_size)
    return choice.config(points.seed)


def _steps_explained(n_train: int, epochs: int, batch: int) -> None:
    per_epoch = steps_per_epoch(n_train, batch)
    last_batch = last_batch_size(n_train, batch)
    m1, m2, m3 = st.columns(3)
    m1.metric("Training points", f"{n_train:,}")
    m2.metric("Steps per epoch", f"{per_epoch:,}",
              help=f"ceil({n_train} ÷ {batch}) = {per_epoch}")
    m3.metric("Total steps", f"{per_epoch * epochs:,}",
              help=f"{epochs} epochs × {per_epoch} steps")
    stage.explain(
        f"**{n_train} points ÷ {batch} per batch = {n_train / batch:.2f}, rounded up: "
        f"{per_epoch} step{'s' if per_epoch != 1 else ''} per epoch** "
        f"(the last batch holds {last_batch} point{'s' if last_batch != 1 else ''}). "
        f"{epochs} epochs × {per_epoch} = **{per_epoch * epochs:,} weight updates** in all. "
        "Smaller batches mean more, noisier steps per epoch: the loss falls sooner per epoch "
        "but wobbles. Bigger batches mean fewer, steadier steps: smoother curves that need more "
        "epochs."
    )
    with st.expander("Steps for every batch size"):
        st.dataframe(steps_table(n_train, epochs, CONTROLS.batches), hide_index=True)


def slow_motion() -> bool:
    return st.toggle("Slow motion", key=f"{P}_slow",
                     help="Spread training over a few seconds so you can watch the curves and "
                          "the boundary move. Off: as fast as the machine goes.")


def train(points: Points, spec: NetSpec, config: TrainConfig, slow: bool) -> TrainedNet | None:
    """The training, with the boundary replayed in the browser as it learns (in a few seconds
    when `slow`)."""
    s = points.split
    return live_training(
        P,
        make_job=lambda: TrainingJob(spec, config, s.x_train, s.y_train, s.x_val, s.y_val),
        settings_signature=_settings_signature(points, spec, config),
        extra_draw=_boundary_drawer(points),
        epochs_per_tick=math.ceil(config.epochs / SLOW_TICKS) if slow else None,
        replay_plan=_replay_plan(points),
    )


def _replay_plan(points: Points) -> ReplayPlan:
    """The boundary, recorded by the worker on a grid and played in the browser."""
    s = points.split
    examples = dots(np.vstack([s.x_train, s.x_val]), np.concatenate([s.y_train, s.y_val]),
                    np.arange(len(s.x_train) + len(s.x_val)) >= len(s.x_train))
    return boundary_plan(plane_around(points.data.X, resolution=REPLAY_RESOLUTION),
                         lambda coordinates: coordinates, examples)


def _settings_signature(points: Points, spec: NetSpec, config: TrainConfig) -> tuple:
    """What a trained network (and the fixes tried on it) belongs to; the seed is in config."""
    return spec, config, points.shape, points.count, points.noise


def _boundary_drawer(points: Points) -> Callable[[TrainedNet], None]:
    plane = plane_around(points.data.X, resolution=40)
    s = points.split
    all_x = np.vstack([s.x_train, s.x_val])
    all_y = np.concatenate([s.y_train, s.y_val])
    which = ["train"] * len(s.x_train) + ["validation"] * len(s.x_val)

    def draw_boundary(net: TrainedNet) -> None:
        """The network's answer over the whole plane, drawn once training stops."""
        proba = evaluate(plane, net.predict_proba)
        pts = points_frame(all_x, all_y, CLASS_NAMES, which, predicted=net.predict(all_x))
        st.vega_lite_chart(
            boundary_spec(plane, proba, pts, CLASS_NAMES, height=360,
                          title="What the network answers everywhere (shade = chance of orange)"),
            width="stretch")

    return draw_boundary


# ---- 4. underfitting -----------------------------------------------------------------------------

def underfitting(points: Points, spec: NetSpec, config: TrainConfig,
                 net: TrainedNet | None) -> None:
    """Buttons that cause underfitting, the verdict on the trained network, and its fixes."""
    st.subheader("4. Underfitting: when it has not learned enough")
    stage.explain(
        "A network **underfits** when it gets even its own training points wrong: too few "
        "epochs to finish learning, or too simple a network to bend around the shape. To know "
        "what *good enough* is for these points, the page asks a flexible off-the-shelf model "
        "(scikit-learn's SVC) how many points it can get right."
    )
    _demo_buttons()
    if net is None:
        return
    cap = _reachable(points.shape, points.count, points.noise, points.seed)
    verdict = judge_fit(net.history, cap, chance=chance_accuracy(points.split.y_train))
    _say_verdict(net, verdict, config.lr)
    if net.finished and not net.diverged and verdict.kind in ("underfits", "stuck"):
        _offer_fixes(net, verdict, _settings_signature(points, spec, config))


def _demo_buttons() -> None:
    b1, b2, b3 = st.columns(3)
    b1.button("Try too few epochs", key=f"{P}_demo_epochs", on_click=_move_controls,
              kwargs={"epochs": 3}, icon=":material/timer_off:", width="stretch")
    b2.button("Try a network with no hidden layer", key=f"{P}_demo_simple",
              on_click=_move_controls, kwargs={"layers": 0}, icon=":material/horizontal_rule:",
              width="stretch")
    b3.button("Back to the lesson's settings", key=f"{P}_demo_reset", on_click=_move_controls,
              kwargs={k: DEFAULTS[k] for k in ("epochs", "layers", "nodes", "lr", "batch")},
              icon=":material/undo:", width="stretch")


def _say_verdict(net: TrainedNet, verdict: FitVerdict, lr: float) -> None:
    if verdict.kind == "untrained" or not net.finished:
        st.info("Train the network (to the end) and this section will judge the result.",
                icon=":material/hourglass_empty:")
    elif net.diverged:
        st.warning("Training blew up, so there is nothing to judge: lower the learning rate.")
    elif verdict.kind == "fits":
        st.success(
            f"No underfitting: the network gets {verdict.train_accuracy:.1%} of its training "
            f"points right, and the reference model reaches {verdict.reachable:.1%} on points "
            "it did not see. These points do not allow much better.", icon=":material/check:")
    elif verdict.kind == "stuck":
        st.warning(
            f"**It learned nothing.** The network gets {verdict.train_accuracy:.1%} of its "
            f"training points right, no better than always answering the commoner colour "
            f"({verdict.chance:.1%}). A network that is merely too small or too briefly trained "
            "still learns something. Either its steps are far too big (the weights are thrown "
            "about until the nodes stop responding; the loss jumps or stays high) or far too "
            "small or too few (the weights have barely moved from where they started). At a "
            f"learning rate of {number(lr)}, press *Find out what fixes it* below to "
            "try a smaller one and more epochs.",
            icon=":material/block:")
    else:
        st.warning(
            f"**Underfitting.** The network gets only {verdict.train_accuracy:.1%} of its own "
            f"training points right, while {verdict.reachable:.1%} is reachable on these "
            "points. Look at the picture: the boundary does not yet follow the shape.",
            icon=":material/trending_down:")


def _offer_fixes(net: TrainedNet, verdict: FitVerdict, signature: tuple) -> None:
    """Try the remedies on a click; show them while the settings they were tried for hold."""
    fixes_key = f"{P}_fixes"
    if st.button("Find out what fixes it", key=f"{P}_find_fix", icon=":material/science:",
                 help="Trains a few variants on the same points with the same seed."):
        remember_computed(fixes_key, signature, lambda: try_fixes(
            net, verdict, max_epochs=500, lr_options=CONTROLS.rates))
    trials = recall(fixes_key, signature)
    if trials is None:
        return
    st.dataframe(fixes_table(trials), hide_index=True)
    helpful = [t for t in trials if t.helps]
    if not helpful:
        st.markdown("None of these is enough here: the points may need a bigger change "
                    "(try more layers and epochs together).")
        return
    best = helpful[0]
    st.markdown(f"**{best.name.capitalize()}** is enough here ({best.change}).")
    st.button(f"Use it: {best.change}", key=f"{P}_apply_fix", icon=":material/build:",
              on_click=_move_controls, kwargs=fix_settings(best, DEFAULTS["nodes"]))


# ---- 5. numpy basics -----------------------------------------------------------------------------

def numpy_basics() -> None:
    """The talk's house-price network as numpy arrays, recomputed as the weights move."""
    st.subheader("5. Numpy basics: the house example in arrays")
    stage.explain(
        "Networks are arrays of numbers, and numpy is how Python does arithmetic on whole "
        "arrays at once. Here is the talk's house-price network (rooms and age in, price out) "
        "written that way. Move the weights: every number below is recomputed."
    )
    rows = house.TALK_ROWS
    c1, c2, c3 = st.columns(3)
    w_rooms = c1.slider("Weight on rooms", -200_000, 200_000, step=5_000, key=f"{P}_w_rooms")
    w_age = c2.slider("Weight on age", -50_000, 50_000, step=1_000, key=f"{P}_w_age")
    row = int(c3.selectbox(
        "House for the dot product", range(len(rows)), key=f"{P}_row",
        format_func=lambda i: f"house {i + 1}: {number(rows[i].rooms)} rooms, "
                              f"{number(rows[i].age)} years"))
    net = house.LinearNet(float(w_rooms), float(w_age))
    rooms, age, price = house.as_arrays(rows)
    w = np.array([net.w_rooms, net.w_age])
    X = np.column_stack([rooms, age])
    one = rows[row]
    one_prediction = float(net.predict(one.rooms, one.age))
    predictions = net.predict(rooms, age)

    left, right = st.columns(2)
    with left:
        st.markdown("**One house: a dot product.** Two arrays of the same shape, multiplied "
                    "pair by pair and added up.")
        st.code(dot_product_code((one.rooms, one.age), w, one_prediction), language="python")
        st.metric(f"Predicted price, house {row + 1}", dollars(one_prediction))
    with right:
        st.markdown("**All houses at once: a matrix times a vector.** Each row of `X` is a "
                    "house; one `@` gives every prediction.")
        st.code(matrix_code(X, predictions), language="python")
    st.markdown("**Broadcasting.** `X * w` multiplies a (3, 2) array by a (2,) one: numpy "
                "repeats `w` down every row, so each column meets its own weight. Adding along "
                "each row (`.sum(axis=1)`) gives the same predictions as `X @ w`; subtracting "
                "the prices, again for all rows at once, gives each house's error.")
    st.dataframe(broadcasting_table(X, w, price, predictions), hide_index=True)


# ---- 6. code -------------------------------------------------------------------------------------

def show_code(points: Points, spec: NetSpec, config: TrainConfig) -> None:
    st.subheader("6. Show the code")
    stage.explain("The same data, network and training as above, as a script you can run at "
                  "home. The PyTorch one prints the numbers this page drew.")
    code = codegen.CodeSettings(
        spec, config,
        codegen.two_class_data_code(points.shape, points.count, points.noise, points.seed),
        normalization="none", val_fraction=VAL_SHARE, stratify=points.split.stratified,
        stem="nnviz_hello")
    code_tabs(code, P)
