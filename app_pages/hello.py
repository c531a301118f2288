"""Lesson: Hello, neural net. Build a small network, train it live, spot underfitting, and
learn what epochs, batches and numpy arrays are."""

import math

import numpy as np
import pandas as pd
import streamlit as st

from nnviz import codegen
from nnviz.charts.boundary import boundary_spec, points_frame
from nnviz.charts.training import architecture_spec
from nnviz.core import prep
from nnviz.core.engine import OPTIMIZER_LABELS, TrainConfig, Trainer, steps_per_epoch
from nnviz.core.formatting import dollars, number
from nnviz.core.models import NetSpec
from nnviz.core.plane import evaluate, plane_around
from nnviz.core.spec import ACTIVATIONS
from nnviz.data import two_class
from nnviz.lessons import house
from nnviz.lessons.hello import judge_fit, reachable_accuracy, try_fixes
from nnviz.lessons.multiclass.confidence import chance_accuracy
from nnviz.ui import stage
from nnviz.ui.code_panel import code_tabs
from nnviz.ui.training import live_training
from nnviz.ui.urlstate import Param, Params

P = "hello"
SHAPES = ("moons", "circles", "blobs")
BATCH_SIZES = (1, 2, 4, 8, 16, 32, 64, 128, 256, 512)
LEARNING_RATES = (0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
OPTIMIZERS = ("adam", "sgd", "momentum")  # the page lists Adam first: it is the default
VAL_SHARE = 0.2
CLASS_NAMES = ("blue", "orange")

DEFAULTS = {
    "shape": "moons", "points": 300, "noise": 0.2, "seed": 0,
    "layers": 2, "nodes": 16, "activation": "relu",
    "epochs": 100, "batch": 32, "lr": 0.01, "optimizer": "adam", "slow": True,
    "w_rooms": 100_000, "w_age": -20_000, "row": 0,
}
params = Params(
    hello_shape=Param(DEFAULTS["shape"], choices=SHAPES),
    hello_points=Param(DEFAULTS["points"], lo=50, hi=1000),
    hello_noise=Param(DEFAULTS["noise"], lo=0.0, hi=1.0),
    hello_seed=Param(DEFAULTS["seed"], lo=0, hi=9999),
    hello_layers=Param(DEFAULTS["layers"], lo=0, hi=3),
    hello_nodes=Param(DEFAULTS["nodes"], lo=1, hi=32),
    hello_activation=Param(DEFAULTS["activation"], choices=ACTIVATIONS),
    hello_epochs=Param(DEFAULTS["epochs"], lo=1, hi=500),
    hello_batch=Param(DEFAULTS["batch"], choices=BATCH_SIZES),
    hello_lr=Param(DEFAULTS["lr"], choices=LEARNING_RATES),
    hello_optimizer=Param(DEFAULTS["optimizer"], choices=OPTIMIZERS),
    hello_slow=Param(DEFAULTS["slow"]),
    hello_w_rooms=Param(DEFAULTS["w_rooms"], lo=-200_000, hi=200_000),
    hello_w_age=Param(DEFAULTS["w_age"], lo=-50_000, hi=50_000),
    hello_row=Param(DEFAULTS["row"], lo=0, hi=len(house.TALK_ROWS) - 1),
)
params.init()


@st.cache_data(max_entries=32)
def points(shape: str, n: int, noise: float, seed: int) -> two_class.TwoClassData:
    return two_class.make_two_class(shape, n, noise, seed)


@st.cache_data(max_entries=32)
def reachable(shape: str, n: int, noise: float, seed: int) -> float:
    data = points(shape, n, noise, seed)
    s = prep.split(data.X, data.y, VAL_SHARE, seed, classify=True)
    return reachable_accuracy(s.x_train, s.y_train, seed)


def set_values(**values) -> None:
    """Button callback: move the page's controls (runs before the widgets are drawn)."""
    for name, value in values.items():
        st.session_state[f"{P}_{name}"] = value


st.title("Hello, neural net")
stage.explain(
    "The talk's first demo, in PyTorch. Below are dots of two colours. We build a small "
    "network, show it the dots a few at a time, and watch it learn where one colour ends and "
    "the other begins. Along the way: what **underfitting** looks like, what **epochs** and "
    "**batches** are, and the **numpy** arrays every network is made of."
)

# ---- 1. data ------------------------------------------------------------------------------------
st.subheader("1. Two kinds of points")
c1, c2, c3, c4 = st.columns(4)
c1.selectbox("Shape", SHAPES, key=f"{P}_shape", format_func=two_class.SHAPE_TITLES.get)
c2.slider("Points", 50, 1000, step=50, key=f"{P}_points")
c3.slider("Noise", 0.0, 1.0, step=0.05, key=f"{P}_noise",
          help="How far points stray from their shape. Noisy points cap every model's accuracy.")
c4.number_input("Seed", 0, 9999, step=1, key=f"{P}_seed",
                help="Same seed, same points, same starting weights: the same run every time.")
shape, n_points = st.session_state[f"{P}_shape"], int(st.session_state[f"{P}_points"])
noise, seed = float(st.session_state[f"{P}_noise"]), int(st.session_state[f"{P}_seed"])
data = points(shape, n_points, noise, seed)
split = prep.split(data.X, data.y, VAL_SHARE, seed, classify=True)
n_train = len(split.x_train)
stage.explain(
    f"{two_class.SHAPE_NOTES[shape]} {n_train} points are for training; {len(split.x_val)} more "
    "(triangles) are kept aside to check the network on points it never learned from."
)

# ---- 2. network ----------------------------------------------------------------------------------
st.subheader("2. The network")
c1, c2, c3 = st.columns(3)
c1.slider("Hidden layers", 0, 3, key=f"{P}_layers")
c2.slider("Nodes per hidden layer", 1, 32, key=f"{P}_nodes",
          disabled=st.session_state[f"{P}_layers"] == 0)
c3.radio("Activation", ACTIVATIONS, key=f"{P}_activation", horizontal=True,
         help="What each hidden node does to its weighted sum. ReLU: negative becomes 0.")
hidden = (int(st.session_state[f"{P}_nodes"]),) * int(st.session_state[f"{P}_layers"])
spec = NetSpec(2, hidden, st.session_state[f"{P}_activation"], "binary")
diagram, code_box = st.columns([3, 2])
with diagram:
    st.vega_lite_chart(
        architecture_spec(spec.layer_sizes, spec.activation, spec.recipe.output_activation,
                          input_names=("x1", "x2")),
        width="stretch")
with code_box:
    st.code(codegen.model_code(spec), language="python")
    st.caption(f"{spec.n_parameters:,} weights and biases to learn. The last layer gives one "
               "score; the sigmoid turns it into the chance of orange.")

# ---- 3. training ---------------------------------------------------------------------------------
st.subheader("3. Train it")
c1, c2, c3, c4 = st.columns(4)
c1.slider("Epochs", 1, 500, key=f"{P}_epochs",
          help="One epoch = the network has seen every training point once.")
c2.select_slider("Batch size", BATCH_SIZES, key=f"{P}_batch",
                 help="Points per step: the weights change once per batch.")
c3.select_slider("Learning rate", LEARNING_RATES, key=f"{P}_lr", format_func=number)
c4.selectbox("Optimizer", OPTIMIZERS, key=f"{P}_optimizer", format_func=OPTIMIZER_LABELS.get)
epochs, batch = int(st.session_state[f"{P}_epochs"]), int(st.session_state[f"{P}_batch"])
config = TrainConfig(st.session_state[f"{P}_optimizer"], float(st.session_state[f"{P}_lr"]),
                     epochs, batch, seed=seed)

per_epoch = steps_per_epoch(n_train, batch)
last_batch = n_train - (per_epoch - 1) * min(batch, n_train)
m1, m2, m3 = st.columns(3)
m1.metric("Training points", f"{n_train:,}")
m2.metric("Steps per epoch", f"{per_epoch:,}",
          help=f"ceil({n_train} ÷ {batch}) = {per_epoch}")
m3.metric("Total steps", f"{per_epoch * epochs:,}", help=f"{epochs} epochs × {per_epoch} steps")
stage.explain(
    f"**{n_train} points ÷ {batch} per batch = {n_train / batch:.2f}, rounded up: "
    f"{per_epoch} step{'s' if per_epoch != 1 else ''} per epoch** "
    f"(the last batch holds {last_batch} point{'s' if last_batch != 1 else ''}). "
    f"{epochs} epochs × {per_epoch} = **{per_epoch * epochs:,} weight updates** in all. "
    "Smaller batches mean more, noisier steps per epoch: the loss falls sooner per epoch but "
    "wobbles. Bigger batches mean fewer, steadier steps: smoother curves that need more epochs."
)
with st.expander("Steps for every batch size"):
    st.dataframe(pd.DataFrame({
        "batch size": list(BATCH_SIZES),
        "steps per epoch": [steps_per_epoch(n_train, b) for b in BATCH_SIZES],
        f"steps in {epochs} epochs": [steps_per_epoch(n_train, b) * epochs for b in BATCH_SIZES],
    }), hide_index=True)

st.toggle("Slow motion", key=f"{P}_slow",
          help="Spread training over a few seconds so you can watch the curves and the "
               "boundary move. Off: as fast as the machine goes.")
plane = plane_around(data.X, resolution=40)
all_x = np.vstack([split.x_train, split.x_val])
all_y = np.concatenate([split.y_train, split.y_val])
which = ["train"] * n_train + ["validation"] * len(split.x_val)


def draw_boundary(trainer: Trainer) -> None:
    """The network's answer over the whole plane, redrawn live while it trains."""
    proba = evaluate(plane, trainer.predict_proba)
    pts = points_frame(all_x, all_y, CLASS_NAMES, which, predicted=trainer.predict(all_x))
    st.vega_lite_chart(
        boundary_spec(plane, proba, pts, CLASS_NAMES, height=360,
                      title="What the network answers everywhere (shade = chance of orange)"),
        width="stretch")


slow_ticks = 15  # a few seconds to watch, whatever the number of epochs
trainer = live_training(
    P,
    make_trainer=lambda: Trainer(spec, config, split.x_train, split.y_train, split.x_val,
                                 split.y_val),
    settings_signature=(spec, config, shape, n_points, noise),
    extra_draw=draw_boundary,
    epochs_per_tick=math.ceil(epochs / slow_ticks) if st.session_state[f"{P}_slow"] else None,
)

# ---- 4. underfitting -----------------------------------------------------------------------------
st.subheader("4. Underfitting: when it has not learned enough")
stage.explain(
    "A network **underfits** when it gets even its own training points wrong: too few epochs "
    "to finish learning, or too simple a network to bend around the shape. To know what "
    "*good enough* is for these points, the page asks a flexible off-the-shelf model "
    "(scikit-learn's SVC) how many points it can get right."
)
b1, b2, b3 = st.columns(3)
b1.button("Try too few epochs", key=f"{P}_demo_epochs", on_click=set_values,
          kwargs={"epochs": 3}, icon=":material/timer_off:", width="stretch")
b2.button("Try a network with no hidden layer", key=f"{P}_demo_simple", on_click=set_values,
          kwargs={"layers": 0}, icon=":material/horizontal_rule:", width="stretch")
b3.button("Back to the lesson's settings", key=f"{P}_demo_reset", on_click=set_values,
          kwargs={k: DEFAULTS[k] for k in ("epochs", "layers", "nodes", "lr", "batch")},
          icon=":material/undo:", width="stretch")

if trainer is not None:
    cap = reachable(shape, n_points, noise, seed)
    verdict = judge_fit(trainer.history, cap, chance=chance_accuracy(split.y_train))
    if verdict.kind == "untrained" or not trainer.finished:
        st.info("Train the network (to the end) and this section will judge the result.",
                icon=":material/hourglass_empty:")
    elif trainer.diverged:
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
            f"learning rate of {number(config.lr)}, press *Find out what fixes it* below to "
            "try a smaller one and more epochs.",
            icon=":material/block:")
    else:
        st.warning(
            f"**Underfitting.** The network gets only {verdict.train_accuracy:.1%} of its own "
            f"training points right, while {verdict.reachable:.1%} is reachable on these "
            "points. Look at the picture: the boundary does not yet follow the shape.",
            icon=":material/trending_down:")
    if trainer.finished and not trainer.diverged and verdict.kind in ("underfits", "stuck"):
        fixes_key = f"{P}_fixes"
        fixes_for = (spec, config, shape, n_points, noise)
        if st.button("Find out what fixes it", key=f"{P}_find_fix", icon=":material/science:",
                     help="Trains a few variants on the same points with the same seed."):
            st.session_state[fixes_key] = (fixes_for, try_fixes(
                trainer, verdict, max_epochs=500, lr_options=LEARNING_RATES))
        stored = st.session_state.get(fixes_key)
        if stored and stored[0] == fixes_for:
            trials = stored[1]
            st.dataframe(pd.DataFrame({
                "remedy": [t.name for t in trials],
                "change": [t.change for t in trials],
                "training accuracy": [f"{t.train_accuracy:.1%}" for t in trials],
                "validation accuracy": [f"{t.val_accuracy:.1%}" for t in trials],
                "enough?": ["yes" if t.helps else "no" for t in trials],
            }), hide_index=True)
            helpful = [t for t in trials if t.helps]
            if helpful:
                best = helpful[0]
                st.markdown(f"**{best.name.capitalize()}** is enough here ({best.change}).")
                layers = len(best.spec.hidden)
                st.button(
                    f"Use it: {best.change}", key=f"{P}_apply_fix", icon=":material/build:",
                    on_click=set_values,
                    kwargs={"epochs": best.config.epochs, "lr": best.config.lr,
                            "layers": layers,
                            "nodes": best.spec.hidden[0] if layers else DEFAULTS["nodes"]})
            else:
                st.markdown("None of these is enough here: the points may need a bigger change "
                            "(try more layers and epochs together).")

# ---- 5. numpy basics -----------------------------------------------------------------------------
st.subheader("5. Numpy basics: the house example in arrays")
stage.explain(
    "Networks are arrays of numbers, and numpy is how Python does arithmetic on whole arrays "
    "at once. Here is the talk's house-price network (rooms and age in, price out) written "
    "that way. Move the weights: every number below is recomputed."
)
c1, c2, c3 = st.columns(3)
c1.slider("Weight on rooms", -200_000, 200_000, step=5_000, key=f"{P}_w_rooms")
c2.slider("Weight on age", -50_000, 50_000, step=1_000, key=f"{P}_w_age")
c3.selectbox("House for the dot product", range(len(house.TALK_ROWS)), key=f"{P}_row",
             format_func=lambda i: f"house {i + 1}: {number(house.TALK_ROWS[i].rooms)} rooms, "
                                   f"{number(house.TALK_ROWS[i].age)} years")
net = house.LinearNet(float(st.session_state[f"{P}_w_rooms"]),
                      float(st.session_state[f"{P}_w_age"]))
rooms, age, price = house.as_arrays(house.TALK_ROWS)
w = np.array([net.w_rooms, net.w_age])
X = np.column_stack([rooms, age])
row = int(st.session_state[f"{P}_row"])
one = house.TALK_ROWS[row]
one_prediction = float(net.predict(one.rooms, one.age))
predictions = net.predict(rooms, age)



def py(value: float) -> str:
    """A number as Python source: 100_000, -0.5 (never a thousands comma)."""
    value = float(value) + 0.0  # no "-0"
    return f"{int(value):_}" if value.is_integer() else repr(value)


left, right = st.columns(2)
with left:
    st.markdown("**One house: a dot product.** Two arrays of the same shape, multiplied "
                "pair by pair and added up.")
    st.code(
        f"x = np.array([{py(one.rooms)}, {py(one.age)}])  # rooms, age\n"
        f"w = np.array([{py(net.w_rooms)}, {py(net.w_age)}])\n"
        f"x.shape, w.shape  # {(2,)}, {(2,)}\n"
        f"x @ w  # {house.weighted_sum_text((one.rooms, one.age), w, number)}\n"
        f"# -> {py(one_prediction)}",
        language="python")
    st.metric(f"Predicted price, house {row + 1}", dollars(one_prediction))
with right:
    st.markdown("**All houses at once: a matrix times a vector.** Each row of `X` is a "
                "house; one `@` gives every prediction.")
    st.code(
        f"X = np.array({[[int(a), int(b)] for a, b in X]})\n"
        f"X.shape  # {X.shape}\n"
        f"X @ w  # shape {predictions.shape}\n"
        f"# -> {[py(p) for p in predictions]}".replace("'", ""),
        language="python")
st.markdown("**Broadcasting.** `X * w` multiplies a (3, 2) array by a (2,) one: numpy repeats "
            "`w` down every row, so each column meets its own weight. Adding along each row "
            "(`.sum(axis=1)`) gives the same predictions as `X @ w`; subtracting the prices, "
            "again for all rows at once, gives each house's error.")
products = X * w + 0.0  # + 0.0 turns -0 into 0
st.dataframe(pd.DataFrame({
    "rooms × w_rooms": [number(v) for v in products[:, 0]],
    "age × w_age": [number(v) for v in products[:, 1]],
    "(X * w).sum(axis=1)": [dollars(v) for v in products.sum(axis=1)],
    "price": [dollars(v) for v in price],
    "prediction - price": [dollars(v) for v in predictions - price],
}), hide_index=True)

# ---- 6. code -------------------------------------------------------------------------------------
st.subheader("6. Show the code")
stage.explain("The same data, network and training as above, as a script you can run at home. "
              "The PyTorch one prints the numbers this page drew.")
code = codegen.CodeSettings(spec, config,
                            codegen.two_class_data_code(shape, n_points, noise, seed),
                            normalization="none", val_fraction=VAL_SHARE,
                            stratify=split.stratified, stem="nnviz_hello")
code_tabs(code, P)

params.publish()
