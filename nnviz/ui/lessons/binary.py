"""The binary classifier page's sections, in page order. Each draws its part of the lesson from
explicit inputs and returns what later sections need:

    inputs = engineered_inputs(generated_points(), params)  # or cancer_measurements(params)
    setup = network(inputs, params)
    net = train(setup, params)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

import numpy as np
import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from nnviz import codegen
from nnviz.charts import boundary, confusion
from nnviz.charts import features as feature_charts
from nnviz.charts import normalization as race_charts
from nnviz.charts import threshold as threshold_charts
from nnviz.charts.training import curves_spec
from nnviz.codegen import binary_data
from nnviz.core.formatting import count
from nnviz.core.plane import Plane, evaluate, grid_plane, plane_around
from nnviz.core.prep import NORMALIZATION_LABELS, NORMALIZATIONS, RowSplit
from nnviz.core.spec import NetSpec
from nnviz.core.trained import TrainedNet
from nnviz.data import features as input_features
from nnviz.data import two_class
from nnviz.jobs.job import TrainingJob
from nnviz.lessons.binary import problem as binary_problem
from nnviz.lessons.binary import threshold as thresholds
from nnviz.lessons.binary.feature_sweep import accuracy_by_k
from nnviz.lessons.binary.neurons import neuron_table
from nnviz.lessons.binary.normalization_race import race, race_table
from nnviz.lessons.binary.overfitting import detect_overfitting, early_stop_epoch
from nnviz.lessons.binary.settings import (
    DEFAULT_FEATURES,
    OVERFIT_SETUP,
    REMEDIES,
    STRAIGHT_LINE_SETUPS,
    Setup,
    feature_key,
    feature_switches,
    short_run,
    straight_line_setup,
)
from nnviz.ui import csv_classes as csv_ui
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
from nnviz.ui.page import halt, outdated, recall, remember_computed, seed_input
from nnviz.ui.replay_plans import REPLAY_RESOLUTION, ReplayPlan, boundary_plan, dots
from nnviz.ui.training import live_training
from nnviz.ui.urlstate import Param, Params

KEY = "bin"  # the live-training widget's key; every widget key starts with "bin_"
CONTROLS = NetworkControls(
    ControlKeys.for_prefix(KEY, activation="bin_act", optimizer="bin_opt"),
    layers=(0, 4), nodes=(1, 64), epochs=(10, 1000, 10), rates=rates_between(0.0003, 1.0),
    batches=batches_between(8, 128),
    defaults={"layers": 2, "nodes": 8, "lr": 0.01, "epochs": 150, "batch": 32})
L2_CHOICES = (0.0, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1)
X1_SCALES = (1, 10, 100, 1000)
SWEEP_KS = (1, 2, 3, 5, 8, 12, 20, 30)
BOUNDARY_RESOLUTION = 50
NEURON_RESOLUTION = 22
NEURONS_PER_LAYER = 8
# While training runs the neuron pictures (up to 16 of 22 × 22 cells, the heaviest chart here)
# get new data only this many times a run. New data on every redraw kept the browser seconds
# behind the trainer, so a click on Stop seemed to take seconds and dozens of epochs.
# "Watch it learn": spread any run over at most this many redraws. Each one costs the browser
# up to a second here (boundary, 16 neuron pictures, curves), so 20 keeps a run near 20 s.
TICKS_TO_WATCH = 20
# Hence a redraw a second, not five as on lighter pages: the browser queues the redraws it
# cannot keep up with, and a click on Stop waited seconds (and dozens of epochs) behind them.
REDRAW_SECONDS = 1.0
# Controls below the data choice vanish while it asks for a file (or halts on a problem):
# without this, Streamlit forgets their values and they come back at their minimums.
KEEP = "page"


def url_params() -> Params:
    """Every control of the page, as it appears in the URL. (An uploaded file is not: a link
    to an upload view opens with the generated points, and the page says why.)"""
    csv_ui.remember_link("bin_data", KEY)
    return Params(
        bin_data=Param("generated", choices=("generated", "cancer")),
        bin_shape=Param("moons", choices=two_class.SHAPES),
        bin_n=Param(300, lo=20, hi=1000),
        bin_noise=Param(0.2, lo=0.0, hi=1.0),
        bin_seed=Param(0, lo=0, hi=9999),
        bin_x1_scale=Param(1, choices=X1_SCALES),
        **{key: Param(on) for key, on in feature_switches(DEFAULT_FEATURES).items()},
        bin_select=Param("top", choices=("top", "hand")),
        bin_scorer=Param("anova", choices=input_features.SCORERS),
        bin_k=Param(5, lo=1, hi=30),
        bin_hand=Param((), choices=input_features.breast_cancer().feature_names),
        **CONTROLS.params(),
        bin_val=Param(0.3, lo=0.1, hi=0.5),
        bin_norm=Param("standardize", choices=NORMALIZATIONS),
        bin_l2=Param(0.0, choices=L2_CHOICES),
        bin_dropout=Param(0.0, lo=0.0, hi=0.6),
        bin_neurons=Param(True),
        bin_speed=Param("watch", choices=("watch", "fast")),
        bin_threshold=Param(0.5, lo=0.0, hi=1.0),
        bin_judge=Param("validation", choices=("validation", "training")),
    )


def apply(values: dict) -> None:
    """A preset's callback: set these controls."""
    for key, value in values.items():
        st.session_state[key] = value


# ---- 1 and 2. The data and what the network sees ----------------------------------------------

@dataclass(frozen=True)
class Points:
    """The generated points' settings."""

    shape: str
    n: int
    noise: float
    seed: int
    x1_scale: float


@dataclass(frozen=True, eq=False)
class Inputs:
    """What the network sees, and what later sections need to know of where it came from."""

    problem: binary_problem.BinaryProblem
    seed: int  # the points' seed, and so the split's and the starting weights' (0: the table)
    data_code: str  # the lines of the script (section 7) that make X and y
    scorer: str | None = None  # the table only: how its measurements are ranked
    top_k: int | None = None  # the table only, when the top k are kept: k
    csv: csv_ui.CsvChoice | None = field(default=None)  # the learner's file, prepared


@dataclass(frozen=True)
class UploadProblem(binary_problem.BinaryProblem):
    """A learner's table as a BinaryProblem. With two number inputs its rows lie on a plane
    whose coordinates are the inputs themselves."""

    def inputs_at(self, coordinates: np.ndarray) -> np.ndarray:
        if not self.planar:
            raise ValueError("Only two number inputs lie on a plane.")
        return np.asarray(coordinates, dtype=np.float64)


def choose_data() -> str:
    """Generated points on a plane, the breast-cancer table, or the learner's own CSV file."""
    st.segmented_control(
        "Data", ("generated", "cancer", csv_ui.UPLOAD), key="bin_data", required=True,
        format_func={"generated": "Points on a plane (generated)",
                     "cancer": "Breast cancer (real, 30 measurements)",
                     csv_ui.UPLOAD: csv_ui.UPLOAD_TITLE}.get,
        help="Generated points let you see the boundary; the real table has 30 inputs; your "
             "own file needs a column with two classes.")
    source = st.session_state["bin_data"]
    csv_ui.link_note(source, KEY)
    return source


def own_file(params: Params) -> Inputs:
    """The learner's CSV file: upload, class column (two values), inputs, blanks; prepared
    with the validation share and normalization chosen in section 3."""
    seed = seed_input("bin_seed", help="Same seed, same split and same starting weights: same "
                                       "result.")
    csv = csv_ui.choose_upload(KEY, "binary", params, st.session_state["bin_val"],
                               st.session_state["bin_norm"], seed)
    table = csv.table
    csv_ui.preview(csv)
    csv_ui.label_encoding(table)
    csv_ui.input_encoding(table)
    plane = table.X if csv_ui.pictures_note(table) else None
    problem = UploadProblem(table.X, table.codes, table.feature_names, table.class_names,
                            f"your file {csv.name}", plane)
    return Inputs(problem, seed, "", csv=csv)


def next_seed() -> None:
    st.session_state["bin_seed"] = (int(st.session_state["bin_seed"]) + 1) % 10_000


def generated_points() -> Points:
    c1, c2, c3 = st.columns(3)
    c1.selectbox("Shape", two_class.SHAPES, key="bin_shape", format_func=two_class.SHAPE_TITLES.get)
    c2.slider("Points", 20, 1000, step=10, key="bin_n",
              help="More points make overfitting harder.")
    c3.slider("Noise", 0.0, 1.0, step=0.05, key="bin_noise",
              help="How far points stray from their shape; noisy points overlap.")
    c1, c2, c3 = st.columns(3)
    c1.select_slider(
        "Units of x1", X1_SCALES, key="bin_x1_scale",
        format_func=lambda s: "as generated" if s == 1 else f"× {s}",
        help="Multiply x1 as if it were measured in smaller units (metres to centimetres). "
             "The shape is the same; only the numbers grow. Watch what it does to training "
             "without normalization.")
    seed = seed_input("bin_seed", container=c2,
                      help="Same seed, same points, same starting weights: same result.")
    c3.button("New sample", key="bin_regen", icon=":material/casino:", on_click=next_seed,
              width="stretch", help="Draw a fresh set of points (the next seed).")
    st.caption(two_class.SHAPE_NOTES[st.session_state["bin_shape"]])
    return Points(st.session_state["bin_shape"], int(st.session_state["bin_n"]),
                  float(st.session_state["bin_noise"]), seed,
                  float(st.session_state["bin_x1_scale"]))


@st.cache_data(show_spinner=False, max_entries=32)
def generated(shape: str, n: int, noise: float, seed: int, features: tuple[str, ...],
              x1_scale: float) -> binary_problem.BinaryProblem:
    return binary_problem.generated_problem(shape, n, noise, seed, features, x1_scale)


@st.cache_data(show_spinner=False, max_entries=64)
def feature_picture(name: str, x_range: tuple[float, float], y_range: tuple[float, float],
                    on: bool) -> dict:
    plane = grid_plane(x_range, y_range, resolution=24)
    values = input_features.feature_matrix(plane.points(), [name])
    return feature_charts.plane_pictures_spec(plane, values, [name if on else f"{name} (off)"],
                                              size=84)


FEATURE_CELL = 104  # pixels: a picture (84 px) with its switch; three a row on a phone


def straight_line_buttons(params: Params) -> None:
    defaults = {key: param.default for key, param in params.params.items()}
    # A row that wraps: in four columns the longer labels were cut off ("Circles fro...").
    row = st.container(horizontal=True)
    for shape, (label, inputs) in STRAIGHT_LINE_SETUPS.items():
        row.button(f"{label} from {' and '.join(inputs)} only",
                   key=f"bin_line_{shape}", icon=":material/show_chart:", width="content",
                   on_click=apply, args=(straight_line_setup(shape, defaults),),
                   help="No hidden layer, only these inputs: train and see a straight "
                        "line (in those inputs) do the job.")


def engineered_inputs(points: Points, params: Params) -> Inputs:
    """Each engineered input drawn over the plane, with its switch."""
    stage.explain(
        "The network does not have to get the raw coordinates only. Each input below is a "
        "number computed from the point's x1 and x2, drawn over the plane (blue low, orange "
        "high). With the right inputs, even a network with **no hidden layer** (its boundary "
        "is a straight line in the inputs it gets) can separate the circles (try x1² and x2²) "
        "or XOR (try x1·x2). Set *Hidden layers* to 0 below and see.")
    straight_line_buttons(params)
    raw = two_class.make_two_class(points.shape, points.n, points.noise, points.seed)
    preview = plane_around(raw.X * [points.x1_scale, 1.0], 24)
    names = input_features.FEATURE_NAMES
    pictures = st.container(horizontal=True)  # wraps: several a row on a phone, not one
    for name in names:
        with pictures.container(width=FEATURE_CELL):
            on = bool(st.session_state.get(feature_key(name)))
            st.vega_lite_chart(feature_picture(name, preview.x_range, preview.y_range, on))
            st.checkbox(name, key=feature_key(name))
    chosen = tuple(n for n in names if st.session_state.get(feature_key(n)))
    if not chosen:
        halt("Switch on at least one input: with no inputs the network has nothing to look "
             "at.", params, tone="warning")
    problem = generated(points.shape, points.n, points.noise, points.seed, chosen,
                        points.x1_scale)
    return Inputs(problem, points.seed, binary_data.generated_data_code(
        points.shape, points.n, points.noise, points.seed, problem.input_names, points.x1_scale))


def about_the_cancer_table() -> None:
    stage.explain(
        "569 tumours, each described by 30 measurements of its cell nuclei (radius, texture, "
        "smoothness...), and whether it was **malignant** or **benign**. Not every "
        "measurement helps: some say almost the same as another, some say little. Feature "
        "selection keeps the telling ones. Let a scikit-learn scorer rank them and keep the "
        "top *k*, or pick by hand, then train and compare validation accuracy.")


@st.cache_data(show_spinner=False, max_entries=8)
def cancer_scores(scorer: str) -> pd.DataFrame:
    data = input_features.breast_cancer()
    return input_features.score_features(data.X, data.y, scorer, data.feature_names)


@st.cache_data(show_spinner=False, max_entries=16)
def cancer_top(k: int, scorer: str) -> tuple[int, ...]:
    data = input_features.breast_cancer()
    return tuple(int(c) for c in input_features.top_k(data.X, data.y, k, scorer))


def hand_picked(feature_names: tuple[str, ...], scores: pd.DataFrame) -> tuple[int, ...]:
    # The untouched default is an empty tuple (a cleared box is an empty list): start from
    # the top 3.
    if st.session_state.get("bin_hand", ()) == ():
        st.session_state["bin_hand"] = list(scores["feature"][:3])
    st.multiselect("Measurements", feature_names, key="bin_hand")
    picked = set(st.session_state["bin_hand"])
    return tuple(i for i, n in enumerate(feature_names) if n in picked)


def cancer_measurements(params: Params) -> Inputs:
    """Which of the 30 measurements the network gets: the top k by a score, or by hand."""
    c1, c2 = st.columns([2, 3])
    with c1:
        st.radio("Choose features", ("top", "hand"), key="bin_select", horizontal=True,
                 format_func={"top": "Top k by a score", "hand": "By hand"}.get)
        scorer = st.selectbox("Scorer", input_features.SCORERS, key="bin_scorer",
                              format_func=input_features.SCORER_LABELS.get)
        scores = cancer_scores(scorer)
        top_k = None
        if st.session_state["bin_select"] == "top":
            top_k = int(st.slider("k (how many to keep)", 1, 30, key="bin_k"))
            columns = cancer_top(top_k, scorer)
        else:
            columns = hand_picked(input_features.breast_cancer().feature_names, scores)
        st.caption(f"The network gets **{len(columns)}** of 30 measurements.")
    with c2:
        st.vega_lite_chart(feature_charts.feature_scores_spec(scores, columns),
                           width="stretch")
    if not columns:
        halt("Pick at least one measurement: with no inputs the network has nothing to look "
             "at.", params, tone="warning")
    return Inputs(binary_problem.cancer_problem(columns), 0,
                  binary_data.cancer_data_code(columns), scorer, top_k)


# ---- 3. The network and its training -----------------------------------------------------------

def network(inputs: Inputs, params: Params) -> Setup:
    """The network's shape, how it trains, and how the data is split and normalized."""
    n1, n2, n3, n4 = st.columns(4)
    t1, t2, t3, t4 = st.columns(4)
    hidden, activation = shape_controls(
        CONTROLS, cells=(n1, n2, n3),
        layers_help="0 = no hidden layer: the inputs go straight to the sigmoid (a straight "
                    "boundary in those inputs).", persist_state=KEEP)
    choice = training_controls(CONTROLS, cells=(n4, t1, t2, t3), persist_state=KEEP)
    val_fraction = float(t4.slider(
        "Validation share", 0.1, 0.5, step=0.05, key="bin_val", persist_state=KEEP,
        help="Examples kept out of training, to see how the network does on new ones."))
    r1, r2, r3 = st.columns([2, 1, 1])
    normalization = r1.radio("Normalize inputs", NORMALIZATIONS, key="bin_norm", horizontal=True,
                             persist_state=KEEP,
                             format_func=NORMALIZATION_LABELS.get,
                             help="Fitted on the training rows only, then applied to every input.")
    l2 = r2.select_slider("L2 weight decay", L2_CHOICES, key="bin_l2", persist_state=KEEP,
                          help="Pulls every weight a little toward 0 at each step: big weights "
                               "cost.")
    dropout = r3.slider("Dropout", 0.0, 0.6, step=0.05, key="bin_dropout", persist_state=KEEP,
                        help="During training, switch off this share of hidden nodes at random "
                             "each step.")
    problem = inputs.problem
    try:
        spec = NetSpec(problem.n_inputs, hidden, activation, "binary",
                       dropout=float(dropout) if hidden else 0.0)
        config = choice.config(inputs.seed, weight_decay=float(l2))
        split = (inputs.csv.table.rows if inputs.csv is not None else
                 binary_problem.split_problem(problem, val_fraction, normalization, inputs.seed))
    except ValueError as why:
        halt(str(why), params, tone="warning")
    sizes = " → ".join(str(s) for s in spec.layer_sizes)
    st.caption(f"Layers {sizes} (the last is the sigmoid output) · "
               f"{count(spec.n_parameters, 'weight and bias', 'weights and biases')} · "
               f"{count(len(split.train_rows), 'training example')} and "
               f"{count(len(split.val_rows), 'validation example')}.")
    return Setup(problem, spec, config, split, val_fraction, normalization)


def overfitting_presets() -> DeltaGenerator:
    """Set up overfitting, then one remedy a button. Returns the cell left for the early
    stopping button, which needs a trained network (see early_stopping)."""
    with st.expander("Show me overfitting, then fix it", icon=":material/science:",
                     expanded=not stage.on()):
        st.markdown(
            "**Overfitting**: the network learns the training examples *by heart*, noise and "
            "all, and gets worse on examples it has not seen. It needs three things: little "
            "data, a lot of noise, and a network big enough to memorise. Set that up, train, "
            "and watch the validation loss turn up while the training loss keeps falling. Then "
            "try a remedy (each one changes a single setting) and train again.")
        st.button("Set up overfitting", key="bin_overfit", icon=":material/warning:",
                  on_click=apply, args=(OVERFIT_SETUP,), type="primary")
        cells = st.columns(len(REMEDIES) + 1)
        for cell, (name, (values, label, what)) in zip(cells, REMEDIES.items(), strict=False):
            cell.button(label, key=f"bin_fix_{name}", on_click=apply, args=(values,),
                        width="stretch", help=what)
    return cells[-1]


def feature_sweep(inputs: Inputs, setup: Setup) -> None:
    """Validation accuracy for several k: how many measurements are worth having."""
    with st.expander("How many measurements are worth having?", icon=":material/tune:",
                     expanded=not stage.on()):
        st.markdown(
            "Train the network above once for each of several *k*, keeping the top *k* "
            "measurements by the chosen scorer (a short run each, same split, same seed). "
            "Where the curve flattens, more inputs stop helping.")
        spec, short = setup.spec, short_run(setup.config)
        signature = (inputs.scorer, spec.hidden, spec.activation, setup.config,
                     setup.val_fraction, setup.normalization)
        if st.button("Compare k", key="bin_sweep", icon=":material/stacked_line_chart:"):
            data = input_features.breast_cancer()
            with st.spinner("Training one network per k..."):
                remember_computed("bin_sweep_result", signature, lambda: accuracy_by_k(
                    data.X, data.y, SWEEP_KS, inputs.scorer, spec.hidden, short,
                    setup.val_fraction, setup.normalization, activation=spec.activation,
                    feature_names=data.feature_names))
        swept = recall("bin_sweep_result", signature)
        if swept is not None:
            st.altair_chart(feature_charts.accuracy_by_k_chart(swept, inputs.top_k),
                            width="stretch")
            st.caption(f"Each point: {count(short.epochs, 'epoch')}. Hover a point to see "
                       "which measurements it kept.")
        elif outdated("bin_sweep_result", signature):
            st.caption("The settings changed since the last comparison: run it again.")


# ---- 4. Train it and watch -------------------------------------------------------------------

@dataclass(frozen=True)
class Planes:
    """The grids the pictures are drawn on: the boundary's, and the neurons' (coarser)."""

    boundary: Plane
    neurons: Plane


def boundary_picture(setup: Setup, plane: Plane, threshold: float, net: TrainedNet) -> None:
    problem, split, names = setup.problem, setup.split, setup.problem.class_names
    proba = evaluate(plane, lambda pts: net.predict_proba(
        binary_problem.network_inputs(problem, split, pts)))
    predicted = thresholds.decide(net.predict_proba(split.normalizer.transform(problem.X)),
                                  threshold)
    points = boundary.points_frame(problem.points, problem.y, names,
                                   split.split_labels(len(problem.y)), predicted)
    # The epoch goes above the chart, not in its title: a chart whose spec stays the same is
    # only refilled with new data in the browser, while a changed spec is rebuilt from scratch.
    st.markdown(f"**P({names[1]}) over the plane, epoch {net.epochs_done}**")
    st.vega_lite_chart(
        boundary.boundary_spec(plane, proba, points, names, threshold=threshold, height=400),
        width="stretch")


def neuron_pictures(setup: Setup, plane: Plane, net: TrainedNet) -> None:
    if not setup.spec.hidden:
        st.caption("No hidden layer, so no hidden neurons to draw: the inputs go straight to "
                   "the output.")
        return
    # Drawn once training stops (the replay shows the run); kept while the network is unchanged.
    drawn = st.session_state.get("bin_neurons_drawn")
    if drawn is None or drawn[0] is not net or drawn[1] != net.steps_done:
        grid = binary_problem.network_inputs(setup.problem, setup.split, plane.points())
        values, labels = neuron_table(net, grid, max_per_layer=NEURONS_PER_LAYER)
        drawn = (net, net.steps_done, feature_charts.plane_pictures_spec(
            plane, values, labels, size=64, columns=min(NEURONS_PER_LAYER, 4)))
        st.session_state["bin_neurons_drawn"] = drawn
    st.vega_lite_chart(drawn[2])
    st.caption("Drawn for the network as it stands when training stops; the replay above "
               "shows the boundary while it learns.")
    if any(h > NEURONS_PER_LAYER for h in setup.spec.hidden):
        st.caption(f"The first {count(NEURONS_PER_LAYER, 'node')} of each layer.")


def overfit_report(net: TrainedNet):
    history = net.history
    return detect_overfitting(history["epoch"], history["train_loss"], history["val_loss"],
                              val_metric=history["val_metric"])


def overfit_note(net: TrainedNet) -> None:
    report = overfit_report(net)
    if report.overfitting:
        show = st.warning if report.severity == "clear" else st.info
        show(report.message, icon=":material/trending_up:")
        st.vega_lite_chart(curves_spec(
            net.history, "train_loss", "val_loss", "loss, with the turn marked",
            net.config.epochs, marks=[(report.best_epoch, f"lowest validation loss "
                                                              f"(epoch {report.best_epoch})")],
            height=320), width="stretch")
    elif len(net.history):
        st.caption(report.message)


def live_picture(setup: Setup, planes: Planes | None, threshold: float, show_neurons: bool,
                 net: TrainedNet) -> None:
    """The boundary, the neurons and the overfitting note: below the replay, once training
    stops (while it runs, the browser replays the boundary)."""
    if planes is not None:
        left, right = st.columns([3, 2])
        with left.container(key="bin_boundary"):
            boundary_picture(setup, planes.boundary, threshold, net)
        with right.container(key="bin_neuron_pictures"):
            st.markdown("**What each hidden neuron responds to**")
            if show_neurons:
                neuron_pictures(setup, planes.neurons, net)
            else:
                st.caption("Switched off below.")
    # Below the pictures: the note turns into a box and a chart mid-run, and above them it
    # pushed the boundary the learner is watching down the page.
    overfit_note(net)


def train(setup: Setup, params: Params) -> TrainedNet:
    """Training, replayed in the browser as it goes; the boundary and the hidden neurons once
    it stops."""
    problem, spec, config, split = setup.problem, setup.spec, setup.config, setup.split
    with stage.settings("How it trains"):  # on stage, the sidebar: the replay needs the height
        s1, s2 = stage.columns(2)
    s1.segmented_control(
        "Speed", ("watch", "fast"), key="bin_speed", required=True, persist_state=KEEP,
        format_func={"watch": "Watch it learn", "fast": "As fast as it goes"}.get,
        help="Watching spreads the run over a few seconds so the boundary can be seen moving.")
    if problem.planar:
        s2.toggle("Draw the hidden neurons", key="bin_neurons", persist_state=KEEP,
                  help="Each small picture is one hidden node's output over the plane, drawn "
                       "once training stops.")
    watch = st.session_state["bin_speed"] == "watch"
    planes = (Planes(plane_around(problem.points, BOUNDARY_RESOLUTION),
                     plane_around(problem.points, NEURON_RESOLUTION)) if problem.planar else None)
    # The threshold slider is in section 5, below; moving it reruns the whole page.
    threshold = float(st.session_state["bin_threshold"])
    net = live_training(
        KEY,
        lambda: TrainingJob(spec, config, split.x_train, split.y_train, split.x_val,
                            split.y_val),
        setup.signature,
        extra_draw=partial(live_picture, setup, planes, threshold,
                           bool(st.session_state.get("bin_neurons"))),
        epochs_per_tick=-(-config.epochs // TICKS_TO_WATCH) if watch else None,  # rounded up
        tick_seconds=REDRAW_SECONDS,
        replay_plan=_replay_plan(setup) if problem.planar else None,
    )
    if problem.planar:
        stage.explain(
            "**What to notice.** The background is the network's answer everywhere on the "
            "plane: orange where it says the second class, blue for the first, white where it "
            "is unsure. The black line is where the probability crosses the threshold. Ringed "
            "points are the ones it gets wrong. Each neuron picture shows where one hidden node "
            "fires: the first layer's nodes can only draw straight edges; later layers combine "
            "them into curves.")
    if net is None:
        halt("Change the settings above so that a network can be built.", params, tone="warning")
    return net


def _replay_plan(setup: Setup) -> ReplayPlan:
    """The boundary, recorded by the worker on a grid and played in the browser."""
    problem, split = setup.problem, setup.split
    examples = dots(problem.points, problem.y,
                    split.split_labels(len(problem.y)) == "validation")
    return boundary_plan(
        plane_around(problem.points, REPLAY_RESOLUTION),
        lambda coordinates: binary_problem.network_inputs(problem, split, coordinates), examples)


def early_stopping(net: TrainedNet, cell: DeltaGenerator) -> None:
    """The last button of the overfitting presets: stop where validation loss was lowest."""
    report = overfit_report(net)
    epoch = early_stop_epoch(report.best_epoch)
    cell.button(
        f"Stop at epoch {epoch}" if report.overfitting else "Stop earlier",
        key="bin_fix_early", width="stretch", disabled=not report.overfitting,
        on_click=apply, args=({"bin_epochs": epoch},),
        help="Early stopping: train only until the validation loss was lowest (needs a run "
             "that overfitted).")


# ---- 5. From a probability to a decision -------------------------------------------------------

def score_metrics(scores: thresholds.ThresholdScores, names: tuple[str, str]) -> None:
    m1, m2, m3, m4 = st.columns(4)
    m1.metric("Accuracy", thresholds.describe(scores.accuracy), help="Share of all answers right.")
    m2.metric("Precision", thresholds.describe(scores.precision),
              help=f"Of the examples called {names[1]}, the share that are.")
    m3.metric("Recall", thresholds.describe(scores.recall),
              help=f"Of the real {names[1]} examples, the share found.")
    m4.metric("Examples", f"{scores.n:,}")
    if scores.tp + scores.fp == 0:
        st.caption(f"Precision is undefined: no example reaches the threshold, so none is "
                   f"called {names[1]} and there is nothing to be right about.")
    if scores.tp + scores.fn == 0:
        st.caption(f"Recall is undefined: there is no real {names[1]} example among these "
                   "to find.")


def predict_new(net: TrainedNet, inputs: Inputs) -> None:
    """On an uploaded file: a new row, typed column by column, decided at the threshold."""
    if inputs.csv is not None and net.epochs_done > 0:
        csv_ui.new_example(inputs.csv.table, net, KEY,
                           threshold=float(st.session_state.get("bin_threshold", 0.5)))


def decide(net: TrainedNet, split: RowSplit, names: tuple[str, str]) -> None:
    """A threshold turns the probabilities into decisions: the scores, the confusion matrix,
    where each class lands, and what every threshold would give."""
    stage.explain(
        f"The sigmoid gives each example a probability of being **{names[1]}**. To decide, "
        "pick a **threshold**: at or above it the answer is yes. 0.5 is the usual choice, but "
        "not the only one. A lower threshold catches more of the real positives (higher "
        "**recall**) at the price of more false alarms (lower **precision**). Where the cost "
        "of a miss is high, as with a tumour, that trade is worth it.")
    if net.epochs_done == 0:
        st.info("Train the network first: then its probabilities can be judged here.",
                icon=":material/info:")
        return
    j1, j2 = st.columns([1, 2])
    judged = j1.radio("Judge on", ("validation", "training"), key="bin_judge", horizontal=True,
                      persist_state=KEEP,
                      format_func={"validation": "validation examples",
                                   "training": "training examples"}.get)
    threshold = float(j2.slider("Threshold", 0.0, 1.0, step=0.01, key="bin_threshold",
                                persist_state=KEEP))
    x, y = (split.x_val, split.y_val) if judged == "validation" else (split.x_train,
                                                                      split.y_train)
    proba = net.predict_proba(x)
    scores = thresholds.scores_at(y, proba, threshold)
    score_metrics(scores, names)
    g1, g2, g3 = st.columns(3)
    with g1:
        st.vega_lite_chart(confusion.confusion_spec(scores.matrix, names, cell_size=70,
                                                    title="Confusion matrix"), width="content")
        st.caption(thresholds.outcome_caption(scores, names))
    with g2:
        st.vega_lite_chart(threshold_charts.probability_histogram_spec(
            y, proba, names, threshold), width="stretch")
        st.caption("Where each true class's examples land. Everything right of the dashed "
                   f"line is called {names[1]}.")
    with g3:
        st.vega_lite_chart(threshold_charts.sweep_spec(thresholds.sweep(y, proba), threshold),
                           width="stretch")
        st.caption("Slide the threshold left: recall climbs, precision usually drops.")


# ---- 6. Does normalization matter? -----------------------------------------------------------

RACE_COLUMNS = {
    "normalization": "inputs",
    "best_val_accuracy": "best validation accuracy",
    "epochs_to_target": st.column_config.TextColumn("epochs to 90% validation accuracy"),
    "loss_rises": st.column_config.NumberColumn(
        "epochs where training loss went up", help="A bumpy, unstable descent."),
    "diverged": "blew up",
}


def normalization_race(setup: Setup) -> None:
    """The same network from the same weights, once per normalization."""
    short = short_run(setup.config)
    stage.explain(
        "Inputs on very different scales (a radius near 15 next to an area near 700) make some "
        "weights matter far more than others from the start: training zig-zags or crawls. "
        "Normalizing puts every input on a similar scale. Here the same network starts from "
        "the same weights three times, once per kind of normalization, for a short "
        f"{count(short.epochs, 'epoch')}. Try it on the breast-cancer data, or make x1 a "
        "hundred times bigger, and with plain SGD.")
    signature = (setup.signature, "race")
    if st.button("Race the three normalizations", key="bin_race", icon=":material/speed:"):
        with st.spinner("Training three networks..."):
            remember_computed("bin_race_result", signature, lambda: race(
                setup.problem.X, setup.problem.y, setup.spec, short,
                val_fraction=setup.val_fraction, split_seed=setup.config.seed))
    result = recall("bin_race_result", signature)
    if result is not None:
        st.altair_chart(race_charts.race_chart(result.history), width="stretch")
        st.dataframe(race_table(result.summary), hide_index=True, width="stretch",
                     column_config=RACE_COLUMNS)
    elif outdated("bin_race_result", signature):
        st.caption("The settings changed since the last race: run it again to compare.")


# ---- 7. Show the code ------------------------------------------------------------------------

def show_code(inputs: Inputs, setup: Setup) -> None:
    stage.explain(
        "Everything above as a script to run at home: the same data and inputs, the same "
        "split and normalization, the same network and training. The PyTorch script prints "
        "the numbers this page drew; the Keras one follows the talk's recipe.")
    if inputs.csv is not None:
        csv_ui.code_export(inputs.csv, setup.spec, setup.config, KEY)
        return
    code = codegen.CodeSettings(setup.spec, setup.config, inputs.data_code,
                                normalization=setup.normalization,
                                val_fraction=setup.val_fraction,
                                stratify=setup.split.stratified, stem="nnviz_binary")
    code_tabs(code, KEY)
