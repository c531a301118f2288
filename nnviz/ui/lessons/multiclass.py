"""The multi-class lesson's sections: pick the data, turn class names into numbers, play with
softmax, train, then read how sure the trained network is about each example."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from nnviz import codegen
from nnviz.charts import confusion
from nnviz.charts import digits as digit_charts
from nnviz.charts import probabilities as prob_charts
from nnviz.charts import softmax as softmax_charts
from nnviz.core import labels, prep
from nnviz.core.plane import plane_around
from nnviz.core.prep import NORMALIZATION_LABELS, NORMALIZATIONS
from nnviz.core.spec import NetSpec, TrainConfig
from nnviz.core.trained import TrainedNet
from nnviz.data import class_data
from nnviz.lessons.multiclass import confidence, softmax
from nnviz.lessons.multiclass.pictures import example_gallery, region_chart
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
from nnviz.ui.page import halt, seed_input
from nnviz.ui.replay_plans import REPLAY_RESOLUTION, ReplayPlan, dots, regions_plan
from nnviz.ui.urlstate import Param, Params

TWO_FEATURES = {  # the pair drawn first when a real dataset is cut down to two inputs
    "iris": ("petal length (cm)", "petal width (cm)"),
    "wine": ("flavanoids", "proline"),
}
SOFTMAX_DEFAULTS = (2.0, 1.0, 0.1, -1.0, 0.5)
MAX_TOY_CLASSES = 5
CONTROLS = NetworkControls(
    ControlKeys.for_prefix("mc", activation="mc_act", optimizer="mc_opt"),
    layers=(1, 4), nodes=(2, 64), epochs=(5, 500, 5), rates=rates_between(0.0003, 3.0),
    batches=batches_between(8, 256),
    defaults={"layers": 2, "nodes": 20, "lr": 0.01, "epochs": 100, "batch": 32})
# Every listed example comes from the judged set and right or wrong is plain from actual vs
# predicted: four columns keep the confidence readable in a third of the page.
LIST_COLUMNS = ["row", "actual", "predicted", "confidence"]
# Controls below the data choice vanish while it asks for a file (or halts on a problem):
# without this, Streamlit forgets their values and they come back at their minimums.
KEEP = "page"
LIST_FORMAT = {"row": st.column_config.NumberColumn(width="small"),
               "confidence": st.column_config.NumberColumn(format="percent")}


def url_params() -> Params:
    """Every setting of the page, mirrored in the URL. (An uploaded file is not: a link to an
    upload view opens with the default dataset, and the page says why.)"""
    csv_ui.remember_link("mc_data", "mc")
    return Params(
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
        **CONTROLS.params(),
        mc_norm=Param("standardize", choices=NORMALIZATIONS),
        mc_val=Param(0.25, lo=0.0, hi=0.5),
    )


def keep_valid(key: str, options, fallback) -> None:
    """A remembered choice that the current dataset does not offer goes back to a default."""
    if st.session_state.get(key) not in options:
        st.session_state[key] = fallback


# ---- 1. The data ------------------------------------------------------------------------------

@dataclass(frozen=True)
class DataChoice:
    """The settings that make the dataset (only a blob dataset reads the middle three; an
    uploaded file is `csv`, prepared)."""

    name: str
    n_classes: int
    n_samples: int
    spread: float
    seed: int
    csv: csv_ui.CsvChoice | None = field(default=None)


@st.cache_data(show_spinner=False, max_entries=16)
def load_data(choice: DataChoice) -> class_data.ClassData:
    return class_data.load(choice.name, choice.n_classes, choice.n_samples, choice.spread,
                           choice.seed)


@st.cache_data(show_spinner=False, max_entries=16)
def split_data(choice: DataChoice, features: tuple[str, ...], val: float, norm: str):
    data = load_data(choice).select(features)
    return prep.split_rows(data.X, labels.encode(data.y, data.class_names), val, norm,
                           choice.seed)


def choose_data(params: Params) -> tuple[DataChoice, class_data.ClassData]:
    """The dataset's settings on the left, a first look at it on the right."""
    st.subheader("1. Pick the data")
    csv_ui.link_note(st.session_state.get("mc_data"), "mc")
    left, right = st.columns([1, 2])
    with left:
        choice, data = _data_controls(params)
    if choice.name == csv_ui.UPLOAD:
        return _own_file(choice, params)
    with right:
        _data_overview(data, choice.seed)
    return choice, data


def _own_file(choice: DataChoice, params: Params) -> tuple[DataChoice, class_data.ClassData]:
    """The learner's CSV file, prepared with the split and scaling chosen in section 4."""
    csv = csv_ui.choose_upload("mc", "multiclass", params, st.session_state["mc_val"],
                               st.session_state["mc_norm"], choice.seed)
    data = csv.table.class_data()
    st.markdown(f"**{len(data.y)} examples, {data.n_classes} classes, {len(csv.table.inputs)} "
                f"input column{'s' if len(csv.table.inputs) != 1 else ''}.**")
    csv_ui.preview(csv)
    return DataChoice(choice.name, choice.n_classes, choice.n_samples, choice.spread,
                      choice.seed, csv), data


def _data_controls(params: Params) -> tuple[DataChoice, class_data.ClassData | None]:
    st.selectbox("Dataset", (*class_data.DATASETS, csv_ui.UPLOAD), key="mc_data",
                 format_func=lambda n: class_data.TITLES.get(n, csv_ui.UPLOAD_TITLE))
    name = st.session_state["mc_data"]
    if name == csv_ui.UPLOAD:
        seed = seed_input("mc_seed", help="Same seed, same split and same starting weights: "
                                          "same result.")
        return DataChoice(name, 0, 0, 0.0, seed), None
    if name == "blobs":
        st.slider("Classes", *class_data.BLOB_CLASSES, key="mc_classes")
        st.slider("Points", *class_data.BLOB_SAMPLES, step=20, key="mc_points")
        st.slider("Spread of each blob", *class_data.BLOB_SPREAD, step=0.1, key="mc_spread",
                  help="Bigger spread: the blobs overlap and no network can be always right.")
    seed = seed_input("mc_seed",
                      help="Same seed, same data split and same starting weights: same result.")
    choice = DataChoice(name, int(st.session_state["mc_classes"]),
                        int(st.session_state["mc_points"]), float(st.session_state["mc_spread"]),
                        seed)
    try:
        data = load_data(choice)
    except ValueError as err:
        halt(f"These settings make no dataset: {err}", params, tone="error")
    if name in TWO_FEATURES:
        data = _choose_inputs(data, name)
    return choice, data


def _choose_inputs(data: class_data.ClassData, name: str) -> class_data.ClassData:
    """A real dataset cut down to two features draws its regions; or it keeps them all."""
    st.radio("Inputs", ("two", "all"), key="mc_inputs", horizontal=True, persist_state=KEEP,
             format_func={"two": "two features (draws the regions)",
                          "all": f"all {data.n_features} features"}.get)
    if st.session_state["mc_inputs"] != "two":
        return data
    keep_valid("mc_fx", data.feature_names, TWO_FEATURES[name][0])
    keep_valid("mc_fy", data.feature_names, TWO_FEATURES[name][1])
    across = st.selectbox("Across", data.feature_names, key="mc_fx", persist_state=KEEP)
    up = st.selectbox("Up", data.feature_names, key="mc_fy", persist_state=KEEP)
    if across == up:
        st.warning("Pick two different features; using all of them for now.")
        return data
    return data.select([across, up])


def _data_overview(data: class_data.ClassData, seed: int) -> None:
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
        sample = class_data.preview_rows(len(data.y), 8, seed)
        st.dataframe(class_data.rows_frame(data, sample), hide_index=True, width="stretch")
        if data.n_features == 2:
            stage.explain("Two inputs: every example is a dot on a plane, and after training "
                          "the network's answer can be drawn for every spot of that plane.")


# ---- 2. Encode the labels ---------------------------------------------------------------------

def encode_labels(data: class_data.ClassData, choice: DataChoice) -> None:
    st.subheader("2. Turn class names into numbers")
    seed = choice.seed
    stage.explain(
        "A network only computes with numbers, so each class name first gets a **code**: its "
        "position in the sorted list of names. The code then becomes a **one-hot** row: as many "
        "columns as classes, a 1 under the true class and 0 everywhere else. That row is what "
        "the network's outputs are asked to match, which is why the network needs one output "
        "per class. (A single output holding the code would pretend that class 2 lies between "
        "class 1 and class 3, and that a wrong guess of 3 is worse than a wrong guess of 2.)"
    )
    shown = labels.rows_to_show(data.y, data.class_names, 4, seed)
    left, right = st.columns([3, 1])
    left.dataframe(labels.encoding_table(data.y[shown], data.class_names, row_ids=shown),
                   hide_index=True, width="stretch")
    right.metric("Classes = outputs of the network", data.n_classes)
    right.caption("Codes follow the sorted names: "
                  + ", ".join(f"{c} → {i}" for i, c in enumerate(data.class_names)))
    if choice.csv is not None:
        csv_ui.label_encoding(choice.csv.table)
        csv_ui.input_encoding(choice.csv.table)


# ---- 3. Softmax -------------------------------------------------------------------------------

def softmax_playground(class_names: tuple[str, ...], params: Params) -> None:
    st.subheader("3. Softmax: scores become probabilities")
    stage.explain(
        "The last layer gives each class a **score** (a *logit*): any number, negative or "
        "positive. Softmax turns the scores into probabilities: it raises *e* to each score, so "
        "every result is positive and a bigger score grows much faster, then divides by the "
        "total, so the shares add up to exactly 1. Set the scores and watch the shares."
    )
    _softmax_toy(class_names, params)
    stage.explain(
        "Notice: adding the same amount to every score changes nothing, only the gaps matter. "
        "And a score 2 points above another gets about 7 times its share (e² ≈ 7.4)."
    )


@st.fragment
def _softmax_toy(class_names: tuple[str, ...], params: Params) -> None:
    """Only this part reruns when a score moves: the trained network below is not touched."""
    toy_max = min(MAX_TOY_CLASSES, len(class_names))
    if toy_max > 2:
        keep_valid("mc_sm_k", range(2, toy_max + 1), min(3, toy_max))
        k = st.slider("Classes in this example", 2, toy_max, key="mc_sm_k", persist_state=KEEP)
    else:
        k = 2
    toy_names = list(class_names[:k])
    left, right = st.columns([1, 2])
    with left:
        for i, cname in enumerate(toy_names):
            st.slider(f"Score of {cname}", -10.0, 10.0, step=0.1, key=f"mc_z{i}",
                      persist_state=KEEP)
    logits = [float(st.session_state[f"mc_z{i}"]) for i in range(k)]
    with right:
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
    st.caption(f"Sum of the probabilities: **{softmax.softmax(logits).sum():.6f}**. Subtracting "
               "the largest score before raising *e* changes no share but keeps huge scores "
               "from overflowing.")
    keep_valid("mc_sm_which", range(k), 0)
    which = st.selectbox("Slide the score of", range(k), key="mc_sm_which",
                         format_func=lambda i: toy_names[i], persist_state=KEEP)
    st.vega_lite_chart(softmax_charts.sweep_spec(logits, toy_names, which), width="stretch")
    params.publish()  # a fragment rerun skips the page's own publish at the end


# ---- 4. Train ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Setup:
    """What the network trains on and how; `signature` names it, for a fresh network on change."""

    rows: prep.RowSplit
    spec: NetSpec
    config: TrainConfig
    normalization: str
    val_fraction: float
    signature: tuple
    plane: bool = False  # two number inputs: the class regions can be drawn
    no_plane: str | None = None  # on an upload without them: what the pictures would need


def set_up_network(choice: DataChoice, data: class_data.ClassData, params: Params) -> Setup:
    """The network's controls, the data split they ask for, and the network they make."""
    st.subheader("4. Train the network")
    stage.explain(
        f"The talk's recipe for many classes: hidden layers with ReLU, then **{data.n_classes} "
        "outputs with softmax**, trained with categorical cross-entropy (the loss is minus the "
        "log of the probability given to the true class) and measured by accuracy."
    )
    c1, c2, c3 = st.columns(3)
    hidden, activation = shape_controls(CONTROLS, cells=(c1, c1, c1), persist_state=KEEP)
    training = training_controls(CONTROLS, cells=(c2, c2, c2, c3), persist_state=KEEP)
    normalization = c3.selectbox("Normalize inputs", NORMALIZATIONS, key="mc_norm",
                                 format_func=NORMALIZATION_LABELS.get, persist_state=KEEP)
    val_fraction = float(c3.slider(
        "Validation share", 0.0, 0.5, step=0.05, key="mc_val", persist_state=KEEP,
        help="Rows kept out of training, to check the network on examples it never saw."))

    features = tuple(data.feature_names)
    try:
        rows = (choice.csv.table.rows if choice.csv is not None else
                split_data(choice, features, val_fraction, normalization))
    except ValueError as err:
        halt(f"The data cannot be split this way: {err}", params, tone="error")
    try:
        spec = NetSpec(n_inputs=data.n_features, hidden=hidden, activation=activation,
                       task="multiclass", n_classes=data.n_classes)
        config = training.config(choice.seed)
    except ValueError as err:
        halt(f"These settings make no network: {err}", params, tone="error")
    st.caption(f"Layers: {' → '.join(map(str, spec.layer_sizes))} nodes · "
               f"{spec.n_parameters:,} weights and biases · "
               f"{len(rows.train_rows)} training and {len(rows.val_rows)} validation examples.")
    no_plane = choice.csv.table.pictures_problem() if choice.csv is not None else None
    return Setup(rows, spec, config, normalization, val_fraction,
                 signature=(choice, features, val_fraction, normalization, spec, config),
                 plane=data.n_features == 2 and no_plane is None, no_plane=no_plane)


def train(setup: Setup, data: class_data.ClassData) -> TrainedNet | None:
    """The training, with the regions of every class replayed in the browser as it learns."""
    # torch loads only here, so on a cold server the first parts are already on screen.
    from nnviz.jobs.job import TrainingJob
    from nnviz.ui.training import live_training

    rows = setup.rows
    two_d = setup.plane
    if setup.no_plane:
        st.caption(setup.no_plane)

    def draw_regions(net: TrainedNet) -> None:
        st.vega_lite_chart(region_chart(net, rows, data), width="stretch")

    net = live_training(
        key="mc",
        make_job=lambda: TrainingJob(setup.spec, setup.config, rows.x_train, rows.y_train,
                                     rows.x_val, rows.y_val),
        settings_signature=setup.signature,
        extra_draw=draw_regions if two_d else None,
        replay_plan=_replay_plan(rows, data) if two_d else None,
    )
    if two_d:
        stage.explain("Each colour is the class the network would answer for that spot; the "
                      "paler the shade, the less sure it is. Lines mark where the answer "
                      "switches. Dots are the examples (one shape per class; solid: "
                      "training, open: validation).")
    return net


def _replay_plan(rows: prep.RowSplit, data: class_data.ClassData) -> ReplayPlan:
    """The class regions, recorded by the worker on a grid and played in the browser."""
    codes = labels.encode(data.y, data.class_names)
    examples = dots(data.X, codes, rows.split_labels(len(codes)) == "validation")
    return regions_plan(plane_around(data.X, resolution=REPLAY_RESOLUTION),
                        rows.normalizer.transform, examples, len(data.class_names))


def show_code(setup: Setup, choice: DataChoice, data: class_data.ClassData) -> None:
    with st.expander("Show the code", icon=":material/code:"):
        if choice.csv is not None:
            csv_ui.code_export(choice.csv, setup.spec, setup.config, "mc")
            return
        code = codegen.CodeSettings(
            setup.spec, setup.config,
            data_code=class_data.data_code(data, choice.n_samples, choice.spread, choice.seed),
            normalization=setup.normalization, val_fraction=setup.val_fraction,
            stratify=setup.rows.stratified, stem="nnviz_multiclass")
        code_tabs(code, "mc")


# ---- 5. How sure is it? -----------------------------------------------------------------------

def how_sure(net: TrainedNet | None, rows: prep.RowSplit, data: class_data.ClassData,
             params: Params) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every example's probabilities (the whole table, and the part being judged), summed up.
    Stops the page while the network is untrained."""
    st.subheader("5. How sure is it?")
    if net is None or net.epochs_done == 0:
        halt("Train the network first: then every example gets its probabilities here.",
             params)
    stage.explain(
        "For every example the network gives each class a probability. The **prediction** is "
        "the class with the biggest one; that probability is the network's **confidence**. A "
        "good classifier is sure when it is right and hesitant when it is wrong."
    )
    proba = net.predict_proba(rows.normalizer.transform(data.X))
    table = confidence.judged_table(proba, labels.encode(data.y, data.class_names),
                                    data.class_names, rows.val_rows)
    if not len(rows.val_rows):
        st.session_state["mc_set"] = "training"
    judged_set = st.radio("Examples to judge", ("validation", "training"), key="mc_set",
                          horizontal=True, disabled=not len(rows.val_rows),
                          format_func={"validation": "validation (never trained on)",
                                       "training": "training"}.get)
    judged = table[table["split"] == judged_set]
    _summary(judged, net.finished)
    st.vega_lite_chart(prob_charts.confidence_histogram_spec(judged), width="stretch")
    return table, judged


def _summary(judged: pd.DataFrame, finished: bool) -> None:
    summary = confidence.summary(judged)
    m1, m2, m3 = st.columns(3)
    m1.metric("Accuracy", f"{summary['accuracy']:.1%}")
    m2.metric("Sure when right", confidence.share_text(summary["confidence when right"]),
              help="Average confidence of the predictions that are right.")
    m3.metric("Sure when wrong", confidence.share_text(summary["confidence when wrong"]),
              help="Average confidence of the predictions that are wrong.")
    if finished and confidence.learned_little(summary["accuracy"], judged["actual code"]):
        st.warning(
            f"The network barely learned: {summary['accuracy']:.0%} is about what always "
            "answering the most common class scores "
            f"({confidence.chance_accuracy(judged['actual code']):.0%}). Try a smaller "
            "learning rate, normalized inputs, more epochs or a bigger network.",
            icon=":material/trending_flat:")


def _selected(chart_key: str, param: str) -> list[dict]:
    """What a click on an Altair chart selected: a list of {field: value} (empty if none)."""
    event = st.session_state.get(chart_key)
    if not event:
        return []
    return list((event.get("selection") or {}).get(param) or [])


def _pick_clicked(chart_key: str, param: str, field: str) -> None:
    """A click on a dot (its `row`) or a picture (its `item`) shows that example up close."""
    hits = _selected(chart_key, param)
    if hits and field in hits[0]:
        st.session_state["mc_pick"] = int(hits[0][field])


def _cell_clicked() -> None:
    hits = _selected("mc_cm_chart", "mc_cell")
    if hits and "actual" in hits[0] and "predicted" in hits[0]:
        st.session_state["mc_cm_actual"] = str(hits[0]["actual"])
        st.session_state["mc_cm_pred"] = str(hits[0]["predicted"])


def _clickable_gallery(data: class_data.ClassData, frame: pd.DataFrame, name: str, key: str,
                       columns: int = 3) -> None:
    """The examples' pictures; a click on one picks it."""
    st.vega_lite_chart(example_gallery(data, frame, name, columns=columns), width="content",
                       key=key, on_select=functools.partial(_pick_clicked, key, name, "item"),
                       selection_mode=name)


def _example_table(frame: pd.DataFrame) -> None:
    st.dataframe(frame[LIST_COLUMNS], hide_index=True, width="stretch",
                 column_config=LIST_FORMAT)


def one_example(net: TrainedNet, rows: prep.RowSplit, data: class_data.ClassData,
                table: pd.DataFrame, judged: pd.DataFrame, plane: bool) -> None:
    """One example, picked from the list, by a click on a dot, or by a click on a digit."""
    st.markdown("#### One example, up close")
    row_ids = table["row"].tolist()
    if st.session_state.get("mc_pick") not in set(row_ids):
        st.session_state["mc_pick"] = confidence.least_sure_row(judged)
    left, right = st.columns([1, 2])
    with left:
        row = int(st.selectbox(
            "Example", row_ids, key="mc_pick",
            format_func=lambda r: f"row {r}: {data.y[r]} ({table['split'].iat[r]})"))
        picked = table.iloc[row]  # table row i is dataset row i
        if data.images is not None:
            st.vega_lite_chart(digit_charts.digit_image_spec(data.images[row], size=150),
                               width="content")
        scores = net.outputs(rows.normalizer.transform(data.X[[row]]))[0]
        loss = softmax.cross_entropy(softmax.softmax(scores), int(picked["actual code"]))
        st.caption("The network's scores for this example: "
                   + ", ".join(f"{c} {z:.2f}"
                               for c, z in zip(data.class_names, scores, strict=True))
                   + f". Softmax turns them into the bars; the loss here is "
                   f"−log {picked['p(actual)']:.3f} = {loss:.3f}.")
    with right:
        verdict = "right" if picked["correct"] else "wrong"
        st.markdown(f"**Actually {picked['actual']}, predicted {picked['predicted']}**: "
                    f"{picked['confidence']:.1%} sure, and {verdict}.")
        st.vega_lite_chart(prob_charts.probability_bars_spec(
            [picked[confidence.prob_column(c)] for c in data.class_names], data.class_names,
            int(picked["actual code"])), width="stretch")
    if plane:
        stage.explain("Click a dot to inspect it (the big ring marks the one shown above). Dots "
                      "with a dark outline are predicted wrong.")
        regions = region_chart(net, rows, data, table["predicted code"].to_numpy(),
                               select="mc_point")
        x, y = data.X[row]
        st.vega_lite_chart(prob_charts.with_marked_point(regions, x, y, data.feature_names),
                           width="stretch", key="mc_point_chart",
                           on_select=functools.partial(_pick_clicked, "mc_point_chart",
                                                       "mc_point", "row"),
                           selection_mode="mc_point")


def predict_new(net: TrainedNet, choice: DataChoice) -> None:
    """On an uploaded file: a new row, typed column by column, through the network."""
    if choice.csv is not None:
        csv_ui.new_example(choice.csv.table, net, "mc")


def most_and_least_confident(judged: pd.DataFrame, data: class_data.ClassData) -> None:
    st.markdown("#### Most and least confident")
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
                _clickable_gallery(data, frame, f"mc_gal{i}", f"mc_gallery{i}", columns=2)
            else:
                _example_table(frame)


def confusion_matrix(judged: pd.DataFrame, data: class_data.ClassData) -> None:
    """The confusion matrix, and the examples behind any cell."""
    st.markdown("#### Confusion matrix")
    stage.explain("Rows: the true class. Columns: the prediction. The diagonal holds the right "
                  "answers. Click a cell (or choose it below) to list its examples.")
    counts = confidence.confusion_counts(judged, data.n_classes)
    left, right = st.columns([1, 1])
    with left:
        st.vega_lite_chart(confusion.confusion_spec(counts, data.class_names, select="mc_cell"),
                           key="mc_cm_chart", on_select=_cell_clicked, selection_mode="mc_cell")
    with right:
        default_actual, default_predicted = confidence.busiest_mistake(counts)
        keep_valid("mc_cm_actual", data.class_names, data.class_names[default_actual])
        keep_valid("mc_cm_pred", data.class_names, data.class_names[default_predicted])
        actual = st.selectbox("Actual class", data.class_names, key="mc_cm_actual")
        predicted = st.selectbox("Predicted class", data.class_names, key="mc_cm_pred")
        cell = confidence.cell_examples(judged, actual, predicted)
        st.markdown(f"**{len(cell)} example{'s' if len(cell) != 1 else ''}** of "
                    f"{actual} predicted as {predicted}, least sure first.")
        if len(cell) and data.images is not None:
            _clickable_gallery(data, cell.head(18), "mc_cell_gal", "mc_cell_gallery")
        elif len(cell):
            _example_table(cell)


def closing_note() -> None:
    if not stage.on():
        st.info(
            "Notice: the surest mistakes are the interesting ones. With blobs they sit deep "
            "inside another class's cloud; with digits they are often badly written. Confidence "
            "is not the same as being right: it only says how far one score stands above the "
            "others.",
            icon=":material/lightbulb:",
        )
