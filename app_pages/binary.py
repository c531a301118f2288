"""Lesson: a binary classifier. Data, input features, overfitting, normalization, threshold."""

import numpy as np
import streamlit as st

from nnviz import codegen
from nnviz.charts import boundary, confusion
from nnviz.charts import features as feature_charts
from nnviz.charts import normalization as race_charts
from nnviz.charts import threshold as threshold_charts
from nnviz.charts.training import curves_spec
from nnviz.codegen import binary_data
from nnviz.core.engine import OPTIMIZER_LABELS, OPTIMIZERS, TrainConfig, Trainer
from nnviz.core.formatting import count
from nnviz.core.models import NetSpec
from nnviz.core.plane import evaluate, plane_around
from nnviz.core.prep import NORMALIZATION_LABELS, NORMALIZATIONS
from nnviz.core.spec import ACTIVATIONS
from nnviz.data import features as input_features
from nnviz.data import two_class
from nnviz.lessons.binary import problem as binary_problem
from nnviz.lessons.binary import threshold as thresholds
from nnviz.lessons.binary.feature_sweep import accuracy_by_k
from nnviz.lessons.binary.neurons import neuron_table
from nnviz.lessons.binary.normalization_race import race
from nnviz.lessons.binary.overfitting import detect_overfitting
from nnviz.ui import stage
from nnviz.ui.code_panel import code_tabs
from nnviz.ui.page import halt
from nnviz.ui.training import is_running, live_training
from nnviz.ui.urlstate import Param, Params

KEY = "bin"  # the live-training widget's key; every widget key starts with "bin_"
LEARNING_RATES = (0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
BATCH_SIZES = (8, 16, 32, 64, 128)
L2_CHOICES = (0.0, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1)
X1_SCALES = (1, 10, 100, 1000)
SWEEP_KS = (1, 2, 3, 5, 8, 12, 20, 30)
RACE_EPOCHS = 40  # the normalization race is a short sprint: about a second on two cores
BOUNDARY_RESOLUTION = 50
NEURON_RESOLUTION = 22
NEURONS_PER_LAYER = 8
# While training runs the neuron pictures (up to 16 of 22 × 22 cells, the heaviest chart here)
# get new data only this many times a run. New data on every redraw kept the browser seconds
# behind the trainer, so a click on Stop seemed to take seconds and dozens of epochs.
NEURON_REFRESHES = 5
DEFAULT_FEATURES = ("x1", "x2")
# "Watch it learn": spread any run over at most this many redraws. Each one costs the browser
# up to a second here (boundary, 16 neuron pictures, curves), so 20 keeps a run near 20 s.
TICKS_TO_WATCH = 20
# Hence a redraw a second, not five as on lighter pages: the browser queues the redraws it
# cannot keep up with, and a click on Stop waited seconds (and dozens of epochs) behind them.
REDRAW_SECONDS = 1.0


def feature_key(name: str) -> str:
    return f"bin_f_{input_features.FEATURE_KEYS[name]}"


params = Params(
    bin_data=Param("generated", choices=("generated", "cancer")),
    bin_shape=Param("moons", choices=two_class.SHAPES),
    bin_n=Param(300, lo=20, hi=1000),
    bin_noise=Param(0.2, lo=0.0, hi=1.0),
    bin_seed=Param(0, lo=0, hi=9999),
    bin_x1_scale=Param(1, choices=X1_SCALES),
    **{feature_key(n): Param(n in DEFAULT_FEATURES) for n in input_features.FEATURE_NAMES},
    bin_select=Param("top", choices=("top", "hand")),
    bin_scorer=Param("anova", choices=input_features.SCORERS),
    bin_k=Param(5, lo=1, hi=30),
    bin_hand=Param((), choices=input_features.breast_cancer().feature_names),
    bin_layers=Param(2, lo=0, hi=4),
    bin_nodes=Param(8, lo=1, hi=64),
    bin_act=Param("relu", choices=ACTIVATIONS),
    bin_opt=Param("adam", choices=OPTIMIZERS),
    bin_lr=Param(0.01, choices=LEARNING_RATES),
    bin_epochs=Param(150, lo=10, hi=1000),
    bin_batch=Param(32, choices=BATCH_SIZES),
    bin_val=Param(0.3, lo=0.1, hi=0.5),
    bin_norm=Param("standardize", choices=NORMALIZATIONS),
    bin_l2=Param(0.0, choices=L2_CHOICES),
    bin_dropout=Param(0.0, lo=0.0, hi=0.6),
    bin_neurons=Param(True),
    bin_speed=Param("watch", choices=("watch", "fast")),
    bin_threshold=Param(0.5, lo=0.0, hi=1.0),
    bin_judge=Param("validation", choices=("validation", "training")),
)
params.init()


@st.cache_data(show_spinner=False, max_entries=32)
def generated(shape: str, n: int, noise: float, seed: int, features: tuple[str, ...],
              x1_scale: float) -> binary_problem.BinaryProblem:
    return binary_problem.generated_problem(shape, n, noise, seed, features, x1_scale)


@st.cache_data(show_spinner=False, max_entries=8)
def cancer_scores(scorer: str):
    data = input_features.breast_cancer()
    return input_features.score_features(data.X, data.y, scorer, data.feature_names)


@st.cache_data(show_spinner=False, max_entries=16)
def cancer_top(k: int, scorer: str) -> tuple[int, ...]:
    data = input_features.breast_cancer()
    return tuple(int(c) for c in input_features.top_k(data.X, data.y, k, scorer))


@st.cache_data(show_spinner=False, max_entries=64)
def feature_picture(name: str, x_range: tuple[float, float], y_range: tuple[float, float],
                    on: bool) -> dict:
    from nnviz.core.plane import grid_plane

    plane = grid_plane(x_range, y_range, resolution=24)
    values = input_features.feature_matrix(plane.points(), [name])
    return feature_charts.plane_pictures_spec(plane, values, [name if on else f"{name} (off)"],
                                              size=84)


# ---- presets: one click sets up a situation worth looking at --------------------------------

# 40 noisy training points and two layers of 32, learning slowly enough that the validation
# loss first falls for some epochs before it turns: the textbook U. The seed is part of it.
OVERFIT_SETUP = {
    "bin_data": "generated", "bin_shape": "moons", "bin_n": 80, "bin_noise": 0.3,
    "bin_seed": 0, "bin_layers": 2, "bin_nodes": 32, "bin_epochs": 300, "bin_l2": 0.0,
    "bin_dropout": 0.0, "bin_lr": 0.003, "bin_opt": "adam", "bin_batch": 16, "bin_val": 0.5,
    "bin_norm": "standardize", "bin_act": "relu", "bin_x1_scale": 1,
    **{feature_key(n): n in DEFAULT_FEATURES for n in input_features.FEATURE_NAMES},
}
REMEDIES = {  # name: (settings it changes, button label, what it does)
    "more_data": ({"bin_n": 600}, "More data", "600 points instead of a few dozen."),
    "smaller": ({"bin_layers": 1, "bin_nodes": 4}, "Smaller network",
                "One hidden layer of 4 nodes: too small to memorise every point."),
    "l2": ({"bin_l2": 0.03}, "L2 weight decay",
           "Weight decay 0.03: every step pulls the weights a little toward zero."),
    "dropout": ({"bin_dropout": 0.3}, "Dropout",
                "Dropout 0.3: each step trains with a random 30% of hidden nodes switched off."),
}


# "The right inputs make a straight line enough": one click per shape sets up a network with
# no hidden layer that sees only the inputs that shape needs.
STRAIGHT_LINE_SETUPS = {  # shape: (button, the inputs that make it separable by a line)
    "circles": ("Circles", ("x1²", "x2²")),
    "xor": ("XOR", ("x1·x2",)),
}


# Everything else the straight line's result depends on goes back to the page's defaults, so
# the promise holds after a preset (the overfitting one's slow rate) or a stretched x1.
_LINE_RESETS = ("bin_n", "bin_seed", "bin_x1_scale", "bin_norm", "bin_opt", "bin_lr",
                "bin_epochs", "bin_batch", "bin_val", "bin_l2", "bin_dropout")


def straight_line_setup(shape: str) -> dict:
    return {**{key: params.params[key].default for key in _LINE_RESETS},
            "bin_shape": shape, "bin_noise": 0.1, "bin_layers": 0,
            **{feature_key(n): n in STRAIGHT_LINE_SETUPS[shape][1]
               for n in input_features.FEATURE_NAMES}}


def apply(values: dict) -> None:
    for key, value in values.items():
        st.session_state[key] = value


def keep_choice(key: str) -> None:
    """A click on the chosen option of a segmented control unselects it: choose it again."""
    if st.session_state.get(key) is None:
        st.session_state[key] = st.session_state.get(f"{key}_last", params.params[key].default)


def new_sample() -> None:
    st.session_state["bin_seed"] = (int(st.session_state["bin_seed"]) + 1) % 10_000


# ---- the page --------------------------------------------------------------------------------

st.title("Binary classifier")
stage.explain(
    "A binary classifier answers a yes-or-no question: which of **two classes** does this "
    "example belong to? The network ends in one node with a **sigmoid**, which squeezes any "
    "number into 0 to 1: read it as the probability of the second class. Training lowers the "
    "**binary cross-entropy**, a loss that punishes a confident wrong answer hard. Below you "
    "choose the data and what the network sees, train it live, catch it **overfitting**, and "
    "turn its probabilities into decisions."
)

st.subheader("1. The data")
st.segmented_control(
    "Data", ("generated", "cancer"), key="bin_data", selection_mode="single",
    format_func={"generated": "Points on a plane (generated)",
                 "cancer": "Breast cancer (real, 30 measurements)"}.get,
    help="Generated points let you see the boundary; the real table has 30 inputs.",
    on_change=keep_choice, args=("bin_data",))
st.session_state["bin_data_last"] = st.session_state["bin_data"]
planar = st.session_state["bin_data"] == "generated"

if planar:
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
    c2.number_input("Seed", 0, 9999, step=1, key="bin_seed",
                    help="Same seed, same points, same starting weights: same result.")
    c3.button("New sample", key="bin_regen", icon=":material/casino:", on_click=new_sample,
              width="stretch", help="Draw a fresh set of points (the next seed).")
    st.caption(two_class.SHAPE_NOTES[st.session_state["bin_shape"]])

    st.subheader("2. What the network sees: input features")
    stage.explain(
        "The network does not have to get the raw coordinates only. Each input below is a "
        "number computed from the point's x1 and x2, drawn over the plane (blue low, orange "
        "high). With the right inputs, even a network with **no hidden layer** (its boundary "
        "is a straight line in the inputs it gets) can separate the circles (try x1² and x2²) "
        "or XOR (try x1·x2). Set *Hidden layers* to 0 below and see.")
    for column, (shape, (label, inputs)) in zip(st.columns(4), STRAIGHT_LINE_SETUPS.items(),
                                                strict=False):
        column.button(f"{label} from {' and '.join(inputs)} only",
                      key=f"bin_line_{shape}", icon=":material/show_chart:", width="stretch",
                      on_click=apply, args=(straight_line_setup(shape),),
                      help="No hidden layer, only these inputs: train and see a straight "
                           "line (in those inputs) do the job.")
    raw = two_class.make_two_class(st.session_state["bin_shape"], int(st.session_state["bin_n"]),
                             float(st.session_state["bin_noise"]),
                             int(st.session_state["bin_seed"]))
    preview = plane_around(raw.X * [float(st.session_state["bin_x1_scale"]), 1.0], 24)
    names = input_features.FEATURE_NAMES
    for column, name in zip(st.columns(len(names)), names,
                            strict=True):
        with column:
            on = bool(st.session_state.get(feature_key(name)))
            st.vega_lite_chart(feature_picture(name, preview.x_range, preview.y_range, on))
            st.checkbox(name, key=feature_key(name))
    chosen = tuple(n for n in input_features.FEATURE_NAMES if st.session_state.get(feature_key(n)))
    if not chosen:
        halt("Switch on at least one input: with no inputs the network has nothing to look "
             "at.", params, tone="warning")
    problem = generated(st.session_state["bin_shape"], int(st.session_state["bin_n"]),
                        float(st.session_state["bin_noise"]), int(st.session_state["bin_seed"]),
                        chosen, float(st.session_state["bin_x1_scale"]))
else:
    data = input_features.breast_cancer()
    stage.explain(
        "569 tumours, each described by 30 measurements of its cell nuclei (radius, texture, "
        "smoothness...), and whether it was **malignant** or **benign**. Not every "
        "measurement helps: some say almost the same as another, some say little. Feature "
        "selection keeps the telling ones. Let a scikit-learn scorer rank them and keep the "
        "top *k*, or pick by hand, then train and compare validation accuracy.")
    st.subheader("2. Which measurements the network sees")
    c1, c2 = st.columns([2, 3])
    with c1:
        st.radio("Choose features", ("top", "hand"), key="bin_select", horizontal=True,
                 format_func={"top": "Top k by a score", "hand": "By hand"}.get)
        st.selectbox("Scorer", input_features.SCORERS, key="bin_scorer",
                     format_func=input_features.SCORER_LABELS.get)
        scores = cancer_scores(st.session_state["bin_scorer"])
        if st.session_state["bin_select"] == "top":
            st.slider("k (how many to keep)", 1, 30, key="bin_k")
            columns = cancer_top(int(st.session_state["bin_k"]), st.session_state["bin_scorer"])
        else:
            # The untouched default is an empty tuple (a cleared box is an empty list): start
            # from the top 3.
            if st.session_state.get("bin_hand", ()) == ():
                st.session_state["bin_hand"] = list(scores["feature"][:3])
            st.multiselect("Measurements", data.feature_names, key="bin_hand")
            picked = set(st.session_state["bin_hand"])
            columns = tuple(i for i, n in enumerate(data.feature_names) if n in picked)
        st.caption(f"The network gets **{len(columns)}** of 30 measurements.")
    with c2:
        st.vega_lite_chart(feature_charts.feature_scores_spec(scores, columns),
                           width="stretch")
    if not columns:
        halt("Pick at least one measurement: with no inputs the network has nothing to look "
             "at.", params, tone="warning")
    problem = binary_problem.cancer_problem(columns)

# ---- 3. The network and how it trains --------------------------------------------------------

st.subheader("3. The network and its training")
n1, n2, n3, n4 = st.columns(4)
n1.slider("Hidden layers", 0, 4, key="bin_layers",
          help="0 = no hidden layer: the inputs go straight to the sigmoid (a straight boundary "
               "in those inputs).")
n2.slider("Nodes per hidden layer", 1, 64, key="bin_nodes",
          disabled=int(st.session_state["bin_layers"]) == 0)
n3.selectbox("Activation", ACTIVATIONS, key="bin_act")
n4.selectbox("Optimizer", OPTIMIZERS, key="bin_opt", format_func=OPTIMIZER_LABELS.get)
t1, t2, t3, t4 = st.columns(4)
t1.select_slider("Learning rate", LEARNING_RATES, key="bin_lr")
t2.slider("Epochs", 10, 1000, step=10, key="bin_epochs")
t3.select_slider("Batch size", BATCH_SIZES, key="bin_batch")
t4.slider("Validation share", 0.1, 0.5, step=0.05, key="bin_val",
          help="Examples kept out of training, to see how the network does on new ones.")
r1, r2, r3 = st.columns([2, 1, 1])
r1.radio("Normalize inputs", NORMALIZATIONS, key="bin_norm", horizontal=True,
         format_func=NORMALIZATION_LABELS.get,
         help="Fitted on the training rows only, then applied to every input.")
r2.select_slider("L2 weight decay", L2_CHOICES, key="bin_l2",
                 help="Pulls every weight a little toward 0 at each step: big weights cost.")
r3.slider("Dropout", 0.0, 0.6, step=0.05, key="bin_dropout",
          help="During training, switch off this share of hidden nodes at random each step.")

layers = int(st.session_state["bin_layers"])
hidden = (int(st.session_state["bin_nodes"]),) * layers
seed = int(st.session_state["bin_seed"]) if planar else 0
try:
    spec = NetSpec(problem.n_inputs, hidden, st.session_state["bin_act"], "binary",
                   dropout=float(st.session_state["bin_dropout"]) if layers else 0.0)
    config = TrainConfig(st.session_state["bin_opt"], float(st.session_state["bin_lr"]),
                         int(st.session_state["bin_epochs"]), int(st.session_state["bin_batch"]),
                         weight_decay=float(st.session_state["bin_l2"]), seed=seed)
    split = binary_problem.split_problem(problem, float(st.session_state["bin_val"]),
                             st.session_state["bin_norm"], seed)
except ValueError as problem_text:
    halt(str(problem_text), params, tone="warning")
sizes = " → ".join(str(s) for s in spec.layer_sizes)
st.caption(f"Layers {sizes} (the last is the sigmoid output) · "
           f"{count(spec.n_parameters, 'weight and bias', 'weights and biases')} · "
           f"{count(len(split.train_rows), 'training example')} and "
           f"{count(len(split.val_rows), 'validation example')}.")

with st.expander("Show me overfitting, then fix it", icon=":material/science:",
                 expanded=not stage.on()):
    st.markdown(
        "**Overfitting**: the network learns the training examples *by heart*, noise and "
        "all, and gets worse on examples it has not seen. It needs three things: little data, "
        "a lot of noise, and a network big enough to memorise. Set that up, train, and watch "
        "the validation loss turn up while the training loss keeps falling. Then try a remedy "
        "(each one changes a single setting) and train again.")
    st.button("Set up overfitting", key="bin_overfit", icon=":material/warning:",
              on_click=apply, args=(OVERFIT_SETUP,), type="primary")
    cols = st.columns(len(REMEDIES) + 1)
    for column, (name, (values, label, what)) in zip(cols, REMEDIES.items(), strict=False):
        column.button(label, key=f"bin_fix_{name}", on_click=apply, args=(values,),
                      width="stretch", help=what)
    early_box = cols[-1]

if not planar:
    with st.expander("How many measurements are worth having?", icon=":material/tune:",
                     expanded=not stage.on()):
        st.markdown(
            "Train the network above once for each of several *k*, keeping the top *k* "
            "measurements by the chosen scorer (a short run each, same split, same seed). "
            "Where the curve flattens, more inputs stop helping.")
        sweep_signature = (st.session_state["bin_scorer"], spec.hidden, spec.activation,
                           config, float(st.session_state["bin_val"]),
                           st.session_state["bin_norm"])
        if st.button("Compare k", key="bin_sweep", icon=":material/stacked_line_chart:"):
            short = TrainConfig(config.optimizer, config.lr, min(RACE_EPOCHS, config.epochs),
                                config.batch_size, config.weight_decay, config.momentum, 0)
            with st.spinner("Training one network per k..."):
                st.session_state["bin_sweep_result"] = (sweep_signature, accuracy_by_k(
                    data.X, data.y, SWEEP_KS, st.session_state["bin_scorer"], spec.hidden,
                    short, float(st.session_state["bin_val"]), st.session_state["bin_norm"],
                    activation=spec.activation, feature_names=data.feature_names))
        swept = st.session_state.get("bin_sweep_result")
        if swept and swept[0] == sweep_signature:
            current = len(columns) if st.session_state["bin_select"] == "top" else None
            st.altair_chart(feature_charts.accuracy_by_k_chart(swept[1], current),
                            width="stretch")
            st.caption(f"Each point: {count(min(RACE_EPOCHS, config.epochs), 'epoch')}. Hover "
                       "a point to see which measurements it kept.")
        elif swept:
            st.caption("The settings changed since the last comparison: run it again.")

# ---- 4. Train --------------------------------------------------------------------------------

st.subheader("4. Train it and watch")
signature = (problem.title, problem.input_names, int(problem.X.shape[0]),
             float(problem.X.sum()), spec, config, float(st.session_state["bin_val"]),
             st.session_state["bin_norm"])
plane = plane_around(problem.points, BOUNDARY_RESOLUTION) if planar else None
neuron_plane = plane_around(problem.points, NEURON_RESOLUTION) if planar else None
names = problem.class_names


def net_inputs(points: np.ndarray) -> np.ndarray:
    """Plane coordinates -> the normalized inputs the network takes."""
    return split.normalizer.transform(problem.inputs_at(points))


def boundary_picture(trainer: Trainer) -> None:
    threshold = float(st.session_state["bin_threshold"])
    proba = evaluate(plane, lambda pts: trainer.predict_proba(net_inputs(pts)))
    inputs = split.normalizer.transform(problem.X)
    predicted = thresholds.decide(trainer.predict_proba(inputs), threshold)
    points = boundary.points_frame(problem.points, problem.y, names,
                                   split.split_labels(len(problem.y)), predicted)
    # The epoch goes above the chart, not in its title: a chart whose spec stays the same is
    # only refilled with new data in the browser, while a changed spec is rebuilt from scratch.
    st.markdown(f"**P({names[1]}) over the plane, epoch {trainer.epochs_done}**")
    st.vega_lite_chart(
        boundary.boundary_spec(plane, proba, points, names, threshold=threshold, height=400),
        width="stretch")


def neuron_pictures(trainer: Trainer) -> None:
    if not spec.hidden:
        st.caption("No hidden layer, so no hidden neurons to draw: the inputs go straight to "
                   "the output.")
        return
    every = -(-trainer.config.epochs // NEURON_REFRESHES)  # rounded up
    # The same chart again costs the browser nothing: it skips data whose bytes are unchanged.
    moment = (("running", trainer.epochs_done // every) if is_running(KEY)
              else ("stopped", trainer.steps_done))
    drawn = st.session_state.get("bin_neurons_drawn")
    if drawn is None or drawn[0] is not trainer or drawn[1] != moment:
        values, labels = neuron_table(trainer.model, net_inputs(neuron_plane.points()),
                                      max_per_layer=NEURONS_PER_LAYER)
        drawn = (trainer, moment, feature_charts.plane_pictures_spec(
            neuron_plane, values, labels, size=64, columns=min(NEURONS_PER_LAYER, 4)))
        st.session_state["bin_neurons_drawn"] = drawn
    st.vega_lite_chart(drawn[2])
    st.caption(f"While training runs these are redrawn every {count(every, 'epoch')}: they "
               "are the slowest pictures on the page to draw.")
    if any(h > NEURONS_PER_LAYER for h in spec.hidden):
        st.caption(f"The first {count(NEURONS_PER_LAYER, 'node')} of each layer.")


def overfit_report(trainer: Trainer):
    history = trainer.history
    return detect_overfitting(history["epoch"], history["train_loss"], history["val_loss"],
                              val_metric=history["val_metric"])


def overfit_note(trainer: Trainer) -> None:
    report = overfit_report(trainer)
    if report.overfitting:
        show = st.warning if report.severity == "clear" else st.info
        show(report.message, icon=":material/trending_up:")
        st.vega_lite_chart(curves_spec(
            trainer.history, "train_loss", "val_loss", "loss, with the turn marked",
            config.epochs, marks=[(report.best_epoch, f"lowest validation loss "
                                                      f"(epoch {report.best_epoch})")],
            height=320), width="stretch")
    elif len(trainer.history):
        st.caption(report.message)


def live_picture(trainer: Trainer) -> None:
    if planar:
        left, right = st.columns([3, 2])
        with left.container(key="bin_boundary"):
            boundary_picture(trainer)
        with right.container(key="bin_neuron_pictures"):
            st.markdown("**What each hidden neuron responds to**")
            if st.session_state.get("bin_neurons"):
                neuron_pictures(trainer)
            else:
                st.caption("Switched off below.")
    # Below the pictures: the note turns into a box and a chart mid-run, and above them it
    # pushed the boundary the learner is watching down the page.
    overfit_note(trainer)


s1, s2 = st.columns(2)
s1.segmented_control(
    "Speed", ("watch", "fast"), key="bin_speed", selection_mode="single",
    format_func={"watch": "Watch it learn", "fast": "As fast as it goes"}.get,
    help="Watching spreads the run over a few seconds so the boundary can be seen moving.",
    on_change=keep_choice, args=("bin_speed",))
st.session_state["bin_speed_last"] = st.session_state["bin_speed"]
if planar:
    s2.toggle("Draw the hidden neurons while training", key="bin_neurons",
              help="Each small picture is one hidden node's output over the plane.")
watch = st.session_state["bin_speed"] == "watch"
trainer = live_training(
    KEY,
    lambda: Trainer(spec, config, split.x_train, split.y_train, split.x_val, split.y_val),
    signature,
    extra_draw=live_picture,
    epochs_per_tick=-(-config.epochs // TICKS_TO_WATCH) if watch else None,  # rounded up
    tick_seconds=REDRAW_SECONDS,
    # As fast as it goes: train for half of each second, as lighter pages do (0.1 s of 0.2).
    slice_seconds=0.1 if watch else REDRAW_SECONDS / 2,
)
if planar:
    stage.explain(
    "**What to notice.** The background is the network's answer everywhere on the plane: "
    "orange where it says the second class, blue for the first, white where it is unsure. "
    "The black line is where the probability crosses the threshold. Ringed points are the "
    "ones it gets wrong. Each neuron picture shows where one hidden node fires: the first "
    "layer's nodes can only draw straight edges; later layers combine them into curves.")

if trainer is None:
    halt("Change the settings above so that a network can be built.", params, tone="warning")

report = overfit_report(trainer)
# The slider moves in tens; the same seed retraces the same path, so stopping there keeps
# (about) the best model.
early = max(10, int(round((report.best_epoch or 10) / 10.0)) * 10)
with early_box:
    st.button(
        f"Stop at epoch {early}" if report.overfitting else "Stop earlier",
        key="bin_fix_early", width="stretch", disabled=not report.overfitting,
        on_click=apply, args=({"bin_epochs": early},),
        help="Early stopping: train only until the validation loss was lowest (needs a run "
             "that overfitted).")

# ---- 5. Probabilities and decisions ----------------------------------------------------------

st.subheader("5. From a probability to a decision")
stage.explain(
    f"The sigmoid gives each example a probability of being **{names[1]}**. To decide, pick a "
    "**threshold**: at or above it the answer is yes. 0.5 is the usual choice, but not the "
    "only one. A lower threshold catches more of the real positives (higher **recall**) at "
    "the price of more false alarms (lower **precision**). Where the cost of a miss is high, "
    "as with a tumour, that trade is worth it.")
if trainer.epochs_done == 0:
    st.info("Train the network first: then its probabilities can be judged here.",
            icon=":material/info:")
else:
    j1, j2 = st.columns([1, 2])
    j1.radio("Judge on", ("validation", "training"), key="bin_judge", horizontal=True,
             format_func={"validation": "validation examples", "training": "training examples"}
             .get)
    j2.slider("Threshold", 0.0, 1.0, step=0.01, key="bin_threshold")
    threshold = float(st.session_state["bin_threshold"])
    on_val = st.session_state["bin_judge"] == "validation"
    x_judge, y_judge = ((split.x_val, split.y_val) if on_val else
                        (split.x_train, split.y_train))
    proba = trainer.predict_proba(x_judge)
    scores = thresholds.scores_at(y_judge, proba, threshold)
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
    g1, g2, g3 = st.columns(3)
    with g1:
        st.vega_lite_chart(confusion.confusion_spec(scores.matrix, names, cell_size=70,
                                                    title="Confusion matrix"), width="content")
        st.caption(thresholds.outcome_caption(scores, names))
    with g2:
        st.vega_lite_chart(threshold_charts.probability_histogram_spec(
            y_judge, proba, names, threshold), width="stretch")
        st.caption("Where each true class's examples land. Everything right of the dashed "
                   f"line is called {names[1]}.")
    with g3:
        st.vega_lite_chart(threshold_charts.sweep_spec(thresholds.sweep(y_judge, proba), threshold),
                           width="stretch")
        st.caption("Slide the threshold left: recall climbs, precision usually drops.")

# ---- 6. Normalization ------------------------------------------------------------------------

st.subheader("6. Does normalization matter?")
stage.explain(
    "Inputs on very different scales (a radius near 15 next to an area near 700) make some "
    "weights matter far more than others from the start: training zig-zags or crawls. "
    "Normalizing puts every input on a similar scale. Here the same network starts from the "
    "same weights three times, once per kind of normalization, for a short "
    f"{count(min(RACE_EPOCHS, config.epochs), 'epoch')}. Try it on the breast-cancer data, "
    "or make x1 a hundred times bigger, and with plain SGD.")
race_signature = (signature, "race")
if st.button("Race the three normalizations", key="bin_race", icon=":material/speed:"):
    race_config = TrainConfig(config.optimizer, config.lr, min(RACE_EPOCHS, config.epochs),
                              config.batch_size, config.weight_decay, config.momentum, seed)
    with st.spinner("Training three networks..."):
        st.session_state["bin_race_result"] = (
            race_signature,
            race(problem.X, problem.y, spec, race_config,
                 val_fraction=float(st.session_state["bin_val"]), split_seed=seed))
stored = st.session_state.get("bin_race_result")
if stored and stored[0] == race_signature:
    result = stored[1]
    st.altair_chart(race_charts.race_chart(result.history), width="stretch")
    table = result.summary.assign(
        normalization=[NORMALIZATION_LABELS[k] for k in result.summary["normalization"]],
        best_val_accuracy=[thresholds.describe(v) for v in result.summary["best_val_accuracy"]],
        epochs_to_target=["never" if v != v else f"{int(v)}"
                          for v in result.summary["epochs_to_target"]],
    )[["normalization", "best_val_accuracy", "epochs_to_target", "loss_rises", "diverged"]]
    st.dataframe(table, hide_index=True, width="stretch", column_config={
        "normalization": "inputs",
        "best_val_accuracy": "best validation accuracy",
        "epochs_to_target": st.column_config.TextColumn(
            "epochs to 90% validation accuracy"),
        "loss_rises": st.column_config.NumberColumn(
            "epochs where training loss went up", help="A bumpy, unstable descent."),
        "diverged": "blew up",
    })
elif stored:
    st.caption("The settings changed since the last race: run it again to compare.")

# ---- 7. The code ----------------------------------------------------------------------------

st.subheader("7. Show the code")
stage.explain(
    "Everything above as a script to run at home: the same data and inputs, the same split "
    "and normalization, the same network and training. The PyTorch script prints the numbers "
    "this page drew; the Keras one follows the talk's recipe.")
if planar:
    data_code = binary_data.generated_data_code(
        st.session_state["bin_shape"], int(st.session_state["bin_n"]),
        float(st.session_state["bin_noise"]), seed, problem.input_names,
        float(st.session_state["bin_x1_scale"]))
else:
    data_code = binary_data.cancer_data_code(columns)
code = codegen.CodeSettings(spec, config, data_code,
                            normalization=st.session_state["bin_norm"],
                            val_fraction=float(st.session_state["bin_val"]),
                            stratify=split.stratified, stem="nnviz_binary")
code_tabs(code, "bin")

params.publish()
