"""Lesson: a network that tells many classes apart: label encoding, softmax, confidence."""

import numpy as np
import streamlit as st

from nnviz import codegen
from nnviz.charts import boundary, confusion
from nnviz.charts import digits as digit_charts
from nnviz.charts import probabilities as prob_charts
from nnviz.charts import softmax as softmax_charts
from nnviz.core import labels
from nnviz.core.plane import evaluate, plane_around
from nnviz.core.prep import NORMALIZATION_LABELS, NORMALIZATIONS
from nnviz.data import class_data
from nnviz.lessons.multiclass import confidence, softmax
from nnviz.ui import stage
from nnviz.ui.code_panel import code_tabs
from nnviz.ui.page import halt
from nnviz.ui.urlstate import Param, Params

TWO_FEATURES = {  # the pair drawn first when a real dataset is cut down to two inputs
    "iris": ("petal length (cm)", "petal width (cm)"),
    "wine": ("flavanoids", "proline"),
}
SOFTMAX_DEFAULTS = (2.0, 1.0, 0.1, -1.0, 0.5)
LEARNING_RATES = (0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
BATCH_SIZES = (8, 16, 32, 64, 128, 256)
MAX_TOY_CLASSES = 5

lesson_params = Params(
    mc_data=Param("iris", choices=class_data.DATASETS),
    mc_inputs=Param("two", choices=("two", "all")),
    mc_fx=Param(TWO_FEATURES["iris"][0]),
    mc_fy=Param(TWO_FEATURES["iris"][1]),
    mc_classes=Param(4, lo=class_data.BLOB_CLASSES[0], hi=class_data.BLOB_CLASSES[1]),
    mc_points=Param(400, lo=class_data.BLOB_SAMPLES[0], hi=class_data.BLOB_SAMPLES[1]),
    mc_spread=Param(1.5, lo=class_data.BLOB_SPREAD[0], hi=class_data.BLOB_SPREAD[1]),
    mc_seed=Param(0, lo=0, hi=9999),
    mc_sm_k=Param(3, lo=2, hi=MAX_TOY_CLASSES),
    mc_sm_which=Param(0, lo=0, hi=MAX_TOY_CLASSES - 1),
    **{f"mc_z{i}": Param(v, lo=-10.0, hi=10.0) for i, v in enumerate(SOFTMAX_DEFAULTS)},
    mc_set=Param("validation", choices=("validation", "training")),
    mc_pick=Param(-1, lo=-1, hi=100_000),
    mc_cm_actual=Param(""),
    mc_cm_pred=Param(""),
)
lesson_params.init()


@st.cache_data(show_spinner=False, max_entries=16)
def load_data(name: str, n_classes: int, n_samples: int, spread: float, seed: int):
    return class_data.load(name, n_classes, n_samples, spread, seed)


@st.cache_data(show_spinner=False, max_entries=16)
def split_data(name: str, n_classes: int, n_samples: int, spread: float, seed: int,
               features: tuple[str, ...], val: float, norm: str):
    data = load_data(name, n_classes, n_samples, spread, seed).select(features)
    return class_data.split_rows(data.X, labels.encode(data.y, data.class_names), val, norm, seed)


def keep_valid(key: str, options, fallback) -> None:
    """A remembered choice that the current dataset does not offer goes back to a default."""
    if st.session_state.get(key) not in options:
        st.session_state[key] = fallback


def fmt_share(value: float) -> str:
    return "–" if value != value else f"{value:.1%}"


def default_pick(judged) -> int:
    """Start with the example the network is least sure of: the most telling one."""
    return int(confidence.least_confident(judged, 1)["row"].iat[0])


def region_chart(trainer, rows, data, codes, table=None, select=None):
    """The network's answer over the input plane (raw units), with every example on top."""
    plane = plane_around(data.X, resolution=60)
    proba = evaluate(plane, lambda pts: trainer.predict_proba(rows.normalizer.transform(pts)))
    split = np.full(len(codes), "train", dtype=object)
    split[rows.val] = "validation"
    predicted = None if table is None else table["predicted code"].to_numpy()
    points = boundary.points_frame(data.X, codes, data.class_names, split, predicted)
    return boundary.boundary_spec(plane, proba, points, data.class_names,
                                  axis_titles=data.feature_names, select_points=select,
                                  height=420)


def example_gallery(data, frame, select: str, columns: int = 3):
    # "row 905: 8 → 1 (99%)" for a mistake, "row 12: 5 (100%)" when right.
    captions = [f"row {r}: {p} ({c:.0%})" if a == p else f"row {r}: {a} → {p} ({c:.0%})"
                for r, a, p, c in zip(frame["row"], frame["actual"], frame["predicted"],
                                      frame["confidence"], strict=True)]
    return digit_charts.digit_gallery_spec(data.images[frame["row"].to_numpy()], captions,
                                           items=frame["row"].tolist(), columns=columns,
                                           size=56,
                                           select_name=select)


def selected(chart_key: str, param: str) -> list[dict]:
    """What a click on an Altair chart selected: a list of {field: value} (empty if none)."""
    event = st.session_state.get(chart_key)
    if not event:
        return []
    return list((event.get("selection") or {}).get(param) or [])


def on_point_click() -> None:
    hits = selected("mc_point_chart", "mc_point")
    if hits and "row" in hits[0]:
        st.session_state["mc_pick"] = int(hits[0]["row"])


def on_gallery_click(chart_key: str, param: str):
    def pick() -> None:
        hits = selected(chart_key, param)
        if hits and "item" in hits[0]:
            st.session_state["mc_pick"] = int(hits[0]["item"])
    return pick


def on_cell_click() -> None:
    hits = selected("mc_cm_chart", "mc_cell")
    if hits and "actual" in hits[0] and "predicted" in hits[0]:
        st.session_state["mc_cm_actual"] = str(hits[0]["actual"])
        st.session_state["mc_cm_pred"] = str(hits[0]["predicted"])


st.title("Multi-class classifier")
stage.explain(
    "Some questions have more than two answers: which of three flower species is this, "
    "which digit did someone write? A network for that ends in **one output per class**. "
    "This lesson follows the three steps that make it work: turn the class names into numbers, "
    "turn the network's raw scores into probabilities with **softmax**, and read how **sure** "
    "the trained network is about each answer."
)

# ---- 1. The data ---------------------------------------------------------------------------
st.subheader("1. Pick the data")
left, right = st.columns([1, 2])
with left:
    st.selectbox("Dataset", class_data.DATASETS, key="mc_data", format_func=class_data.TITLES.get)
    name = st.session_state["mc_data"]
    if name == "blobs":
        st.slider("Classes", *class_data.BLOB_CLASSES, key="mc_classes")
        st.slider("Points", *class_data.BLOB_SAMPLES, step=20, key="mc_points")
        st.slider("Spread of each blob", *class_data.BLOB_SPREAD, step=0.1, key="mc_spread",
                  help="Bigger spread: the blobs overlap and no network can be always right.")
    st.number_input("Seed", 0, 9999, step=1, key="mc_seed",
                    help="Same seed, same data split and same starting weights: same result.")
    try:
        data = load_data(name, st.session_state["mc_classes"], st.session_state["mc_points"],
                         float(st.session_state["mc_spread"]), st.session_state["mc_seed"])
    except ValueError as err:
        halt(f"These settings make no dataset: {err}", lesson_params, tone="error")
    if name in TWO_FEATURES:
        st.radio("Inputs", ("two", "all"), key="mc_inputs", horizontal=True,
                 format_func={"two": "two features (draws the regions)",
                              "all": f"all {data.n_features} features"}.get)
        if st.session_state["mc_inputs"] == "two":
            keep_valid("mc_fx", data.feature_names, TWO_FEATURES[name][0])
            keep_valid("mc_fy", data.feature_names, TWO_FEATURES[name][1])
            st.selectbox("Across", data.feature_names, key="mc_fx")
            st.selectbox("Up", data.feature_names, key="mc_fy")
            if st.session_state["mc_fx"] == st.session_state["mc_fy"]:
                st.warning("Pick two different features; using all of them for now.")
            else:
                data = data.select([st.session_state["mc_fx"], st.session_state["mc_fy"]])

codes = labels.encode(data.y, data.class_names)
two_d = data.n_features == 2
with right:
    counts = class_data.class_counts(data)
    st.markdown(
        f"**{len(data.y)} examples, {data.n_classes} classes, {data.n_features} input"
        f"{'s' if data.n_features > 1 else ''}.** "
        + ", ".join(f"{c}: {n}" for c, n in counts.items())
    )
    if data.images is not None:
        firsts = labels.one_row_per_class(data.y, data.class_names)
        st.vega_lite_chart(digit_charts.digit_gallery_spec(
            data.images[firsts], [f"row {r}: a {data.y[r]}" for r in firsts], items=firsts,
            columns=5, size=60), width="content")
        stage.explain("Each picture is 64 numbers (8 x 8 pixels, 0 = blank, 16 = full ink): "
                      "the network reads them as 64 inputs, row after row.")
    else:
        sample = class_data.preview_rows(len(data.y), 8, st.session_state["mc_seed"])
        st.dataframe(class_data.rows_frame(data, sample), hide_index=True, width="stretch")
        if two_d:
            stage.explain("Two inputs: every example is a dot on a plane, and after training "
                          "the network's answer can be drawn for every spot of that plane.")

# ---- 2. Encode the labels ------------------------------------------------------------------
st.subheader("2. Turn class names into numbers")
stage.explain(
    "A network only computes with numbers, so each class name first gets a **code**: its "
    "position in the sorted list of names. The code then becomes a **one-hot** row: as many "
    "columns as classes, a 1 under the true class and 0 everywhere else. That row is what the "
    "network's outputs are asked to match, which is why the network needs one output per class. "
    "(A single output holding the code would pretend that class 2 lies between class 1 and "
    "class 3, and that a wrong guess of 3 is worse than a wrong guess of 2.)"
)
shown = labels.rows_to_show(data.y, data.class_names, 4, st.session_state["mc_seed"])
enc_left, enc_right = st.columns([3, 1])
enc_left.dataframe(labels.encoding_table(data.y[shown], data.class_names, row_ids=shown),
                   hide_index=True, width="stretch")
enc_right.metric("Classes = outputs of the network", data.n_classes)
enc_right.caption("Codes follow the sorted names: "
                  + ", ".join(f"{c} → {i}" for i, c in enumerate(data.class_names)))

# ---- 3. Softmax ----------------------------------------------------------------------------
st.subheader("3. Softmax: scores become probabilities")
stage.explain(
    "The last layer gives each class a **score** (a *logit*): any number, negative or "
    "positive. Softmax turns the scores into probabilities: it raises *e* to each score, so "
    "every result is positive and a bigger score grows much faster, then divides by the total, "
    "so the shares add up to exactly 1. Set the scores and watch the shares."
)


@st.fragment
def softmax_playground(class_names: tuple[str, ...]) -> None:
    """Only this part reruns when a score moves: the trained network below is not touched."""
    toy_max = min(MAX_TOY_CLASSES, len(class_names))
    if toy_max > 2:
        keep_valid("mc_sm_k", range(2, toy_max + 1), min(3, toy_max))
        st.slider("Classes in this example", 2, toy_max, key="mc_sm_k")
        k = st.session_state["mc_sm_k"]
    else:
        k = 2
    toy_names = list(class_names[:k])
    sm_left, sm_right = st.columns([1, 2])
    with sm_left:
        for i, cname in enumerate(toy_names):
            st.slider(f"Score of {cname}", -10.0, 10.0, step=0.1, key=f"mc_z{i}")
    logits = [float(st.session_state[f"mc_z{i}"]) for i in range(k)]
    probs = softmax.softmax(logits)
    with sm_right:
        st.vega_lite_chart(softmax_charts.scores_and_probabilities_spec(logits, toy_names),
                           width="content")
        st.caption("Together the shares always fill exactly 100%:")
        st.vega_lite_chart(softmax_charts.share_bar_spec(logits, toy_names), width="stretch")
    st.latex(r"p_i = \frac{e^{z_i}}{\sum_j e^{z_j}}")
    frame = softmax_charts.softmax_frame(logits, toy_names)[softmax_charts.TABLE_COLUMNS]
    st.dataframe(frame, hide_index=True, width="stretch", column_config={
        "score": st.column_config.NumberColumn(format="%.2f"),
        "exp(score - max)": st.column_config.NumberColumn(format="%.4f"),
        "probability": st.column_config.NumberColumn(format="%.4f"),
    })
    st.caption(f"Sum of the probabilities: **{probs.sum():.6f}**. Subtracting the largest score "
               "before raising *e* changes no share but keeps huge scores from overflowing.")
    keep_valid("mc_sm_which", range(k), 0)
    st.selectbox("Slide the score of", range(k), key="mc_sm_which",
                 format_func=lambda i: toy_names[i])
    which = st.session_state["mc_sm_which"]
    st.vega_lite_chart(softmax_charts.sweep_spec(logits, toy_names, which), width="stretch")
    lesson_params.publish()  # a fragment rerun skips the page's own publish at the end


softmax_playground(data.class_names)
stage.explain(
    "Notice: adding the same amount to every score changes nothing, only the gaps matter. "
    "And a score 2 points above another gets about 7 times its share (e² ≈ 7.4)."
)

# ---- 4. Train ------------------------------------------------------------------------------
st.subheader("4. Train the network")
stage.explain(
    f"The talk's recipe for many classes: hidden layers with ReLU, then **{data.n_classes} "
    "outputs with softmax**, trained with categorical cross-entropy (the loss is minus the log "
    "of the probability given to the true class) and measured by accuracy."
)
# torch loads only here, so on a cold server the first three parts are already on screen.
from nnviz.core.engine import OPTIMIZER_LABELS, OPTIMIZERS, TrainConfig, Trainer  # noqa: E402
from nnviz.core.models import ACTIVATIONS, NetSpec  # noqa: E402
from nnviz.ui.training import live_training  # noqa: E402

training_params = Params(
    mc_layers=Param(2, lo=1, hi=4),
    mc_nodes=Param(20, lo=2, hi=64),
    mc_act=Param("relu", choices=ACTIVATIONS),
    mc_opt=Param("adam", choices=OPTIMIZERS),
    mc_lr=Param(0.01, choices=LEARNING_RATES),
    mc_epochs=Param(100, lo=5, hi=500),
    mc_batch=Param(32, choices=BATCH_SIZES),
    mc_norm=Param("standardize", choices=NORMALIZATIONS),
    mc_val=Param(0.25, lo=0.0, hi=0.5),
)
training_params.init()


def publish() -> None:
    lesson_params.publish()
    training_params.publish()


c1, c2, c3 = st.columns(3)
with c1:
    st.slider("Hidden layers", 1, 4, key="mc_layers")
    st.slider("Nodes per hidden layer", 2, 64, key="mc_nodes")
    st.selectbox("Activation", ACTIVATIONS, key="mc_act")
with c2:
    st.selectbox("Optimizer", OPTIMIZERS, key="mc_opt", format_func=OPTIMIZER_LABELS.get)
    st.select_slider("Learning rate", LEARNING_RATES, key="mc_lr")
    st.slider("Epochs", 5, 500, step=5, key="mc_epochs")
with c3:
    st.select_slider("Batch size", BATCH_SIZES, key="mc_batch")
    st.selectbox("Normalize inputs", NORMALIZATIONS, key="mc_norm",
                 format_func=NORMALIZATION_LABELS.get)
    st.slider("Validation share", 0.0, 0.5, step=0.05, key="mc_val",
              help="Rows kept out of training, to check the network on examples it never saw.")

features = tuple(data.feature_names)
data_key = (name, st.session_state["mc_classes"], st.session_state["mc_points"],
            float(st.session_state["mc_spread"]), int(st.session_state["mc_seed"]), features)
try:
    rows = split_data(*data_key, float(st.session_state["mc_val"]), st.session_state["mc_norm"])
except ValueError as err:
    halt(f"The data cannot be split this way: {err}", lesson_params, training_params,
         tone="error")

try:
    spec = NetSpec(n_inputs=data.n_features,
                   hidden=(st.session_state["mc_nodes"],) * st.session_state["mc_layers"],
                   activation=st.session_state["mc_act"], task="multiclass",
                   n_classes=data.n_classes)
    config = TrainConfig(optimizer=st.session_state["mc_opt"], lr=float(st.session_state["mc_lr"]),
                         epochs=int(st.session_state["mc_epochs"]),
                         batch_size=int(st.session_state["mc_batch"]),
                         seed=int(st.session_state["mc_seed"]))
except ValueError as err:
    halt(f"These settings make no network: {err}", lesson_params, training_params,
         tone="error")
st.caption(f"Layers: {' → '.join(map(str, spec.layer_sizes))} nodes · "
           f"{spec.n_parameters:,} weights and biases · "
           f"{len(rows.train)} training and {len(rows.val)} validation examples.")


def draw_regions(trainer: Trainer) -> None:
    """Inside the live part: the regions of every class, redrawn as the network learns."""
    if two_d:
        st.vega_lite_chart(region_chart(trainer, rows, data, codes), width="stretch")


trainer = live_training(
    key="mc",
    make_trainer=lambda: Trainer(spec, config, rows.x_train, rows.y_train, rows.x_val,
                                 rows.y_val),
    settings_signature=(data_key, float(st.session_state["mc_val"]),
                        st.session_state["mc_norm"], spec, config),
    extra_draw=draw_regions,
)
if two_d:
    stage.explain("Each colour is the class the network would answer for that spot; the paler "
                  "the shade, the less sure it is. Lines mark where the answer switches. Dots "
                  "are the examples (circles: training, triangles: validation).")

with st.expander("Show the code", icon=":material/code:"):
    code = codegen.CodeSettings(
        spec, config,
        data_code=class_data.data_code(data, st.session_state["mc_points"],
                               float(st.session_state["mc_spread"]),
                               int(st.session_state["mc_seed"])),
        normalization=st.session_state["mc_norm"], val_fraction=float(st.session_state["mc_val"]),
        stratify=rows.stratified, stem="nnviz_multiclass")
    code_tabs(code, "mc")

# ---- 5. How sure is it? --------------------------------------------------------------------
st.subheader("5. How sure is it?")
if trainer is None or trainer.epochs_done == 0:
    halt("Train the network first: then every example gets its probabilities here.",
         lesson_params, training_params)

stage.explain(
    "For every example the network gives each class a probability. The **prediction** is the "
    "class with the biggest one; that probability is the network's **confidence**. A good "
    "classifier is sure when it is right and hesitant when it is wrong."
)
x_all = rows.normalizer.transform(data.X)
table = confidence.probability_table(trainer.predict_proba(x_all), codes, data.class_names)
table.insert(1, "split", np.where(np.isin(table["row"], rows.val), "validation", "training"))
if not len(rows.val):
    st.session_state["mc_set"] = "training"
st.radio("Examples to judge", ("validation", "training"), key="mc_set", horizontal=True,
         disabled=not len(rows.val),
         format_func={"validation": "validation (never trained on)",
                      "training": "training"}.get)
judged = table[table["split"] == st.session_state["mc_set"]]
summary = confidence.summary(judged)
m1, m2, m3 = st.columns(3)
m1.metric("Accuracy", f"{summary['accuracy']:.1%}")
m2.metric("Sure when right", fmt_share(summary["confidence when right"]),
          help="Average confidence of the predictions that are right.")
m3.metric("Sure when wrong", fmt_share(summary["confidence when wrong"]),
          help="Average confidence of the predictions that are wrong.")
if trainer.finished and confidence.learned_little(summary["accuracy"], judged["actual code"]):
    st.warning(
        f"The network barely learned: {summary['accuracy']:.0%} is about what always answering "
        f"the most common class scores ({confidence.chance_accuracy(judged['actual code']):.0%}). "
        "Try a smaller learning rate, normalized inputs, more epochs or a bigger network.",
        icon=":material/trending_flat:")
st.vega_lite_chart(prob_charts.confidence_histogram_spec(judged), width="stretch")

# Pick one example: from the list, by a click on a dot, or by a click on a digit.
st.markdown("#### One example, up close")
row_ids = table["row"].to_numpy()
if st.session_state.get("mc_pick") not in set(row_ids.tolist()):
    st.session_state["mc_pick"] = int(default_pick(judged))
pick_left, pick_right = st.columns([1, 2])
with pick_left:
    st.selectbox("Example", row_ids.tolist(), key="mc_pick",
                 format_func=lambda r: f"row {r}: {data.y[r]} ({table['split'].iat[r]})")
    picked = table.iloc[int(st.session_state["mc_pick"])]  # table row i is dataset row i
    if data.images is not None:
        st.vega_lite_chart(digit_charts.digit_image_spec(data.images[picked["row"]], size=150),
                           width="content")
    scores = trainer.outputs(x_all[[picked["row"]]])[0]
    st.caption("The network's scores for this example: "
               + ", ".join(f"{c} {z:.2f}" for c, z in zip(data.class_names, scores, strict=True))
               + f". Softmax turns them into the bars; the loss here is "
               f"−log {picked['p(actual)']:.3f} = "
               f"{softmax.cross_entropy(softmax.softmax(scores), int(picked['actual code'])):.3f}.")
with pick_right:
    verdict = "right" if picked["correct"] else "wrong"
    st.markdown(f"**Actually {picked['actual']}, predicted {picked['predicted']}**: "
                f"{picked['confidence']:.1%} sure, and {verdict}.")
    st.vega_lite_chart(prob_charts.probability_bars_spec(
        [picked[confidence.prob_column(c)] for c in data.class_names], data.class_names,
        int(picked["actual code"])), width="stretch")
if two_d:
    stage.explain("Click a dot to inspect it (the big ring marks the one shown above). Dots "
                  "with a dark outline are predicted wrong.")
    chosen = data.X[int(picked["row"])]
    st.vega_lite_chart(prob_charts.with_marked_point(
        region_chart(trainer, rows, data, codes, table, select="mc_point"),
        chosen[0], chosen[1], data.feature_names), width="stretch",
        key="mc_point_chart", on_select=on_point_click, selection_mode="mc_point")

# The extremes.
st.markdown("#### Most and least confident")
# Every listed example comes from the judged set and right or wrong is plain from actual vs
# predicted: four columns keep the confidence readable in a third of the page.
show_cols = ["row", "actual", "predicted", "confidence"]
TABLE_FORMAT = {"row": st.column_config.NumberColumn(width="small"),
                "confidence": st.column_config.NumberColumn(format="percent")}
lists = {
    "Surest predictions": confidence.most_confident(judged, 6),
    "Least sure predictions": confidence.least_confident(judged, 6),
    "Surest mistakes": confidence.confidently_wrong(judged, 6),
}
for i, ((title, frame), col) in enumerate(zip(lists.items(), st.columns(3), strict=True)):
    with col:
        st.markdown(f"**{title}**")
        if frame.empty:
            st.caption("None: every prediction here is right.")
        elif data.images is not None:
            # Two pictures a row: three captioned ones spill into the next column.
            st.vega_lite_chart(example_gallery(data, frame, f"mc_gal{i}", columns=2),
                               width="content",
                               key=f"mc_gallery{i}",
                               on_select=on_gallery_click(f"mc_gallery{i}", f"mc_gal{i}"),
                               selection_mode=f"mc_gal{i}")
        else:
            st.dataframe(frame[show_cols], hide_index=True, width="stretch",
                         column_config=TABLE_FORMAT)

# The confusion matrix, and the examples behind any cell.
st.markdown("#### Confusion matrix")
stage.explain("Rows: the true class. Columns: the prediction. The diagonal holds the right "
              "answers. Click a cell (or choose it below) to list its examples.")
counts = confidence.confusion_counts(judged, data.n_classes)
cm_left, cm_right = st.columns([1, 1])
with cm_left:
    st.vega_lite_chart(confusion.confusion_spec(counts, data.class_names, select="mc_cell"),
                       key="mc_cm_chart", on_select=on_cell_click, selection_mode="mc_cell")
with cm_right:
    default_cell = confidence.busiest_mistake(counts)
    keep_valid("mc_cm_actual", data.class_names, data.class_names[default_cell[0]])
    keep_valid("mc_cm_pred", data.class_names, data.class_names[default_cell[1]])
    st.selectbox("Actual class", data.class_names, key="mc_cm_actual")
    st.selectbox("Predicted class", data.class_names, key="mc_cm_pred")
    cell = confidence.cell_examples(judged, st.session_state["mc_cm_actual"],
                              st.session_state["mc_cm_pred"])
    st.markdown(f"**{len(cell)} example{'s' if len(cell) != 1 else ''}** of "
                f"{st.session_state['mc_cm_actual']} predicted as "
                f"{st.session_state['mc_cm_pred']}, least sure first.")
    if len(cell) and data.images is not None:
        st.vega_lite_chart(example_gallery(data, cell.head(18), "mc_cell_gal"),
                           width="content", key="mc_cell_gallery",
                           on_select=on_gallery_click("mc_cell_gallery", "mc_cell_gal"),
                           selection_mode="mc_cell_gal")
    elif len(cell):
        st.dataframe(cell[show_cols], hide_index=True, width="stretch",
                     column_config=TABLE_FORMAT)

if not stage.on():
    st.info(
        "Notice: the surest mistakes are the interesting ones. With blobs they sit deep inside "
        "another class's cloud; with digits they are often badly written. Confidence is not "
        "the same as being right: it only says how far one score stands above the others.",
        icon=":material/lightbulb:",
    )
publish()
