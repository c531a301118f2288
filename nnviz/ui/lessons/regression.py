"""The regression page's sections, in lesson order: choose the data, look at it, clean it,
split and normalize it, shape and train the network, compare topologies, judge the result,
predict a new example, show the code. Each takes what earlier sections chose and returns what
later ones need. `url_params()` are the page's settings in the URL; sections that may stop the
page early take them, so the URL stays in step."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import streamlit as st

from nnviz import codegen
from nnviz.charts import regression as charts
from nnviz.charts.training import architecture_spec, curves_spec
from nnviz.codegen import csv_regression
from nnviz.core.formatting import md
from nnviz.core.prep import NORMALIZATION_LABELS, NORMALIZATIONS, Prepared
from nnviz.core.spec import NetSpec, TrainConfig
from nnviz.core.trained import TrainedNet
from nnviz.data import csv_upload, tabular
from nnviz.data.encoding import NUMBER, column_kinds
from nnviz.jobs.job import TrainingJob
from nnviz.lessons import regression
from nnviz.lessons.regression.inputs import Inputs, encode_inputs
from nnviz.lessons.regression.new_example import outside_training, whole_numbers
from nnviz.lessons.regression.notice import WHAT_TO_NOTICE
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
from nnviz.ui.replay_plans import ReplayPlan, scatter_plan
from nnviz.ui.training import is_running, live_training
from nnviz.ui.urlstate import Param, Params

CONTROLS = NetworkControls(
    ControlKeys.for_prefix("reg", activation="reg_act", optimizer="reg_opt"),
    layers=(0, 4), nodes=(1, 128), epochs=(5, 500, 5), rates=rates_between(0.0003, 1.0),
    batches=batches_between(8, 128),
    defaults={"layers": 1, "nodes": 16, "lr": 0.003, "epochs": 100, "batch": 32})
PREVIEW_ROWS = 200
REPLAY_ROWS = 300  # dots in the replayed predicted-vs-actual picture
MAX_TYPED = 24  # inputs offered for typing a new example; the rest take their median
# Controls below the data choice vanish while it asks for a file (or halts on a problem):
# without this, Streamlit forgets their values and they come back at their minimums.
KEEP = "page"


def url_params() -> Params:
    """Every setting of the page, as it appears in the URL."""
    return Params(
        reg_source=Param(tabular.HOUSES, choices=tabular.SOURCES),
        reg_rows=Param(500, lo=tabular.HOUSE_ROWS[0], hi=tabular.HOUSE_ROWS[1]),
        reg_seed=Param(0, lo=0, hi=9999),
        reg_missing=Param("drop", choices=tabular.MISSING_STRATEGIES),
        reg_val=Param(0.2, lo=0.1, hi=0.5),
        reg_norm=Param("standardize", choices=NORMALIZATIONS),
        **CONTROLS.params(),
        # Column choices of the built-in tables ("" and () mean: the table's own defaults).
        **{f"reg_target_{source}": Param("") for source in (tabular.HOUSES, tabular.DIABETES)},
        **{f"reg_inputs_{source}": Param(()) for source in (tabular.HOUSES, tabular.DIABETES)},
    )


@dataclass(frozen=True)
class Data:
    source: str  # one of tabular.SOURCES
    seed: int
    table: tabular.Table
    data_id: str  # which rows these are: a settings signature part
    new_file: bool  # a different uploaded file than last time: its columns start afresh
    file: csv_ui.GoodFile | None = None  # the uploaded file, for the script that reads it


@dataclass(frozen=True)
class Choice:
    target: str
    inputs: list[str]
    strategy: str  # what to do with blanks
    cleaned: tabular.Cleaned


@dataclass(frozen=True)
class Split:
    inputs: Inputs  # the chosen columns encoded (text -> 0/1 columns), split, normalized
    val_share: float
    norm: str
    scale: regression.TargetScale  # the network learns a standardized target

    @property
    def prepared(self) -> Prepared:
        return self.inputs.prepared

    @property
    def names(self) -> tuple[str, ...]:
        """The network's inputs: the number columns, then each text column's 0/1 columns."""
        return self.inputs.feature_names


@dataclass(frozen=True)
class Network:
    spec: NetSpec
    config: TrainConfig


# ---- 1. The data ------------------------------------------------------------------------------

@st.cache_data(show_spinner=False, max_entries=16)
def houses(n: int, seed: int) -> tabular.Table:
    return tabular.houses_table(n, seed)


@st.cache_data(show_spinner=False, max_entries=1)
def diabetes() -> tabular.Table:
    return tabular.diabetes_table()


def choose_data(params: Params) -> Data:
    st.subheader("1. Choose the data")
    good = None  # the uploaded file, when the source is one
    source = st.segmented_control("Data", tabular.SOURCES, key="reg_source",
                                  format_func=tabular.SOURCE_TITLES.get,
                                  selection_mode="single", required=True)
    if source == tabular.HOUSES:
        rows_cell, seed_cell = st.columns(2)
        rows = rows_cell.slider("Houses", tabular.HOUSE_ROWS[0], tabular.HOUSE_ROWS[1], step=50,
                                key="reg_rows", help="How many listings to generate.",
                                persist_state=KEEP)
        seed = seed_input("reg_seed", container=seed_cell,
                          help="Same seed, same houses, same split and same starting weights.")
        table, data_id = houses(int(rows), seed), f"houses-{rows}-{seed}"
    else:
        seed = seed_input("reg_seed", help="Same seed, same split and same starting weights.")
        if source == tabular.DIABETES:
            table, data_id = diabetes(), "diabetes"
        else:
            good = uploaded_file(params)
            table, data_id = uploaded_table(good), f"upload-{good.file_id}"
    st.caption(table.about)
    return Data(source, seed, table, data_id, new_file=_new_upload(source, data_id), file=good)


def _new_upload(source: str, data_id: str) -> bool:
    """A different uploaded file starts from default columns; going back and forth between
    the data sources keeps each one's choices."""
    if source != tabular.UPLOAD:
        return False
    new = st.session_state.get("reg_columns_for_upload") != data_id
    st.session_state["reg_columns_for_upload"] = data_id
    return new


def uploaded_file(params: Params) -> csv_ui.GoodFile:
    """The learner's last usable file; halts (with the reason on screen) if there is none."""
    return csv_ui.uploaded_file(
        "reg", params, "Upload a CSV file to train on your own numbers, or pick one of the "
        "built-in tables above.", file_key="reg_file", forget_key="reg_forget",
        help="A header row with column names, then one row per example. Pick the column to "
             "predict and the input columns below: numbers or text.")


def uploaded_table(good: csv_ui.GoodFile) -> tabular.Table:
    result = good.upload
    target, _ = csv_upload.default_choice(result.frame)
    return tabular.Table(name=tabular.UPLOAD, frame=result.frame, target=target,
                         about=f"Your file **{result.name}**: {len(result.frame):,} rows, "
                               f"{len(result.frame.columns)} columns.")


# ---- 2. Look at it ----------------------------------------------------------------------------

def look_at(data: Data) -> None:
    st.subheader("2. Look at it with pandas")
    stage.explain(
        "A pandas **DataFrame** is a table with named columns. Before training, look: how many "
        "rows, what each column holds, its typical values, and where values are **missing**. "
        "A network cannot take a blank, so every blank must be dealt with.")
    frame = data.table.frame
    preview, summary = st.tabs([
        f"First rows ({min(len(frame), PREVIEW_ROWS)} of {len(frame):,})",
        "Summary of each column"])
    preview.dataframe(frame.head(PREVIEW_ROWS), height=260)
    summary_frame = tabular.column_summary(frame)
    summary.dataframe(summary_frame, hide_index=True, column_config={
        stat: st.column_config.NumberColumn(format="%.4g")
        for stat in ("mean", "std", "min", "max")})
    blanks = int(summary_frame["blank"].sum())
    st.caption(f"{len(frame):,} rows × {len(frame.columns)} columns · {blanks:,} blank "
               f"value{'s' if blanks != 1 else ''}.")
    if data.source == tabular.HOUSES:
        st.download_button("Download these houses as CSV", frame.to_csv(index=False).encode(),
                           "houses.csv", key="reg_dl_houses", icon=":material/download:")


# ---- 3. Clean it ------------------------------------------------------------------------------

def choose_columns(data: Data, params: Params) -> Choice:
    st.subheader("3. Choose the columns and deal with blanks")
    frame = data.table.frame
    target, inputs = column_pickers(data)
    strategy = st.radio("Blank values", tabular.MISSING_STRATEGIES, key="reg_missing",
                        horizontal=True, format_func=tabular.MISSING_TITLES.get,
                        persist_state=KEEP,
                        help="Dropping loses whole rows; filling keeps them with a guessed value.")
    problems = csv_upload.check_choice(frame, target, inputs, strategy)
    if problems:
        for problem in problems:
            st.error(problem, icon=":material/error:")
        halt("Change the choice above and the lesson continues.", params)
    hint = csv_upload.target_hint(frame, target)
    if hint:
        st.info(hint, icon=":material/category:")
    cleaned = tabular.clean_for_training(frame, target, inputs, strategy)
    st.markdown(cleaned.report.sentence())
    if cleaned.blank_targets:
        st.caption(f"{cleaned.blank_targets:,} row(s) had no {target} at all and were dropped "
                   "first: there is no answer to learn from.")
    if cleaned.left_out:
        st.caption("Left out: " + "; ".join(f"**{c}** ({why})"
                                            for c, why in cleaned.left_out.items()))
    with st.expander("The same steps in pandas", icon=":material/code:"):
        st.code(tabular.pandas_steps_code(data.source, strategy, target, inputs),
                language="python")
    return Choice(target, inputs, strategy, cleaned)


def column_pickers(data: Data) -> tuple[str, list[str]]:
    """Target and input pickers. Choices are kept per source; a new file starts from defaults."""
    table = data.table
    columns = [str(c) for c in table.frame.columns]
    t_key, i_key = f"reg_target_{data.source}", f"reg_inputs_{data.source}"
    if data.new_file or st.session_state.get(t_key) not in columns:
        st.session_state[t_key] = table.target
        if data.new_file:
            st.session_state[i_key] = ()
    if st.session_state.get(i_key, ()) == ():  # untouched (a cleared box is an empty list)
        st.session_state[i_key] = [c for c in table.inputs if c != st.session_state[t_key]]
    target_col, inputs_col = st.columns([1, 2])
    # persist_state: a source's choices survive while another source is shown.
    target = target_col.selectbox("Column to predict (the target)", columns, key=t_key,
                                  persist_state="session")
    options = [c for c in columns if c != target]
    st.session_state[i_key] = [c for c in st.session_state.get(i_key, []) if c in options]
    kinds = column_kinds(table.frame, options)
    text = any(kind != NUMBER for kind in kinds.values())
    inputs = inputs_col.multiselect(
        "Input columns (the network's inputs)", options, key=i_key,
        format_func=(lambda c: f"{c} ({kinds[c]})") if text else str,
        help="Columns you leave out are dropped before training. Numbers go in as they are; "
             "a text column becomes one 0/1 column per value (section 4).",
        persist_state="session")
    return target, inputs


# ---- 4. Split and normalize -------------------------------------------------------------------

def split_and_normalize(data: Data, choice: Choice, params: Params) -> Split:
    st.subheader("4. Split and normalize")
    stage.explain(
        "The **validation** rows are hidden from training: the error on them says how the "
        "network will do on data it has never seen. **Normalizing** puts every input on a "
        "similar scale (a size in square feet is in the thousands, a garage is 0 or 1); its "
        "numbers are learned from the training rows only.")
    c1, c2 = st.columns(2)
    val_share = float(c1.slider("Validation share", 0.1, 0.5, step=0.05, key="reg_val",
                                persist_state=KEEP,
                                help="The fraction of rows held back to check the network."))
    norm = c2.radio("Normalization", NORMALIZATIONS, key="reg_norm",
                    format_func=NORMALIZATION_LABELS.get, persist_state=KEEP)
    try:
        encoded = encode_inputs(choice.cleaned.x, choice.cleaned.y, val_share, norm, data.seed,
                                fill=choice.strategy != "drop")
    except ValueError as problem:
        halt(str(problem), params, tone="error")
    except Exception as error:  # noqa: BLE001 - a learner's file must never crash the page
        halt(f"These columns could not be turned into the network's inputs "
             f"({type(error).__name__}: {error}). Leave out the column that looks odd, or save "
             "the file again from your spreadsheet as CSV.", params, tone="error")
    prepared, table = encoded.prepared, data.table
    s, raw, inputs = prepared.split, prepared.raw, list(encoded.feature_names)
    scale = regression.TargetScale.fit(s.y_train)
    st.caption(f"**{len(s.x_train):,}** rows to train on, **{len(s.x_val):,}** to validate. "
               f"The network also learns a standardized {choice.target} (mean "
               f"{md(table.format_target(scale.center))}, "
               f"spread {md(table.format_target(scale.scale))}); "
               f"every error below is converted back to {choice.target}'s own units.")
    if encoded.encoding.texts:
        text_columns(encoded, choice)
    ranges = tabular.range_comparison(raw.x_train, s.x_train, inputs)
    st.vega_lite_chart(charts.range_chart(ranges), width="content")
    if len(inputs) > charts.MOST_RANGES:
        st.caption(f"The picture shows the first {charts.MOST_RANGES} of {len(inputs)} inputs; "
                   "*Ranges as numbers* lists them all.")
    with st.expander("Ranges as numbers"):
        st.dataframe(tabular.range_table(raw.x_train, s.x_train, inputs), hide_index=True,
                     column_config={c: st.column_config.NumberColumn(format="%.4g") for c in
                                    ("min before", "max before", "min after", "max after")})
    return Split(encoded, val_share, norm, scale)


def text_columns(encoded: Inputs, choice: Choice) -> None:
    """What the text inputs became (the classifier pages' tables), and their blanks' fill."""
    csv_ui.encoding_tables(encoded.encoding, list(encoded.notes))
    st.caption("Normalization (below) scales the number columns only: the 0/1 columns stay "
               "0 and 1.")
    fills = encoded.encoding.fill_values(choice.cleaned.report.blanks_per_column)
    if fills:
        st.caption("Blank text filled with the training rows' most frequent value: "
                   + ", ".join(f"**{c}** → '{v}'" for c, v in fills.items()) + ".")


# ---- 5. The network and its training ----------------------------------------------------------

def network(data: Data, choice: Choice, split: Split) -> Network:
    st.subheader("5. The network and its training")
    hidden, activation = shape_controls(
        CONTROLS, persist_state=KEEP,
        layers_help="0 = no hidden layer: a weighted sum of the inputs (linear regression).")
    training = training_controls(CONTROLS, persist_state=KEEP)
    spec = NetSpec(n_inputs=len(split.names), hidden=hidden, activation=activation,
                   task="regression")
    picture, words = st.columns([3, 2])
    picture.vega_lite_chart(architecture_spec(spec.layer_sizes, spec.activation, "linear",
                                              input_names=split.names, height=240),
                            width="stretch")
    words.markdown(f"**{spec.n_parameters:,}** weights and biases to learn from "
                   f"**{len(split.prepared.split.x_train):,}** rows.")
    words.caption("The loss curves are the mean squared error on the standardized target; the "
                  f"error curves beside them are in {choice.target}'s own units.")
    return Network(spec, training.config(data.seed))


def _trainer_key(data: Data) -> str:
    return f"reg_{data.source}"  # one net per data source: switching back keeps it


def _signature(data: Data, choice: Choice, split: Split, net: Network) -> tuple:
    """Everything a trained network (or a comparison) depends on."""
    return (data.data_id, choice.target, tuple(choice.inputs), choice.strategy,
            split.val_share, split.norm, net.spec, net.config)


def train(data: Data, choice: Choice, split: Split, net: Network) -> TrainedNet | None:
    s, scale = split.prepared.split, split.scale
    return live_training(
        key=_trainer_key(data),
        make_job=lambda: TrainingJob(net.spec, net.config, s.x_train, scale.to_scaled(s.y_train),
                                     s.x_val, scale.to_scaled(s.y_val)),
        settings_signature=_signature(data, choice, split, net),
        extra_draw=functools.partial(live_errors, data.table, choice.target, split,
                                     net.config.epochs),
        show_metric=False, log_loss=True, replay_plan=_replay_plan(split))


def _replay_plan(split: Split) -> ReplayPlan:
    """Predicted against actual for validation rows (training rows if none are kept out),
    recorded by the worker each epoch and played in the browser, in the target's units."""
    s, scale = split.prepared.split, split.scale
    rows, actual = (s.x_val, s.y_val) if len(s.x_val) else (s.x_train, s.y_train)
    shown = slice(0, REPLAY_ROWS)
    return scatter_plan(rows[shown], np.asarray(actual[shown], dtype=float), scale.to_units,
                        lambda history: regression.history_in_units(history, scale))


def live_errors(table: tabular.Table, target: str, split: Split, epochs: int,
                net: TrainedNet) -> None:
    """Drawn with the curves once training stops: the error in the target's units, and the
    dots closed in."""
    if not len(net.history):
        return
    if regression.blew_up(net) and not net.diverged:  # the widget reports infinities
        st.error(regression.blow_up_message(net), icon=":material/error:")
    s, scale = split.prepared.split, split.scale
    history = regression.history_in_units(net.history, scale)
    last = history.iloc[-1]
    m1, m2 = st.columns(2)
    m1.metric("Training error (mean absolute)", table.format_target(last.train_metric))
    m2.metric("Validation error (mean absolute)", table.format_target(last.val_metric),
              help="How far off the network is, on average, for rows it never trained on.")
    c1, c2 = st.columns(2)
    c1.vega_lite_chart(curves_spec(history, "train_metric", "val_metric",
                                   f"mean absolute error ({table.unit or target})",
                                   epochs, log_scale=True), width="stretch")
    val = regression.chart_rows(regression.prediction_frame(
        {"validation": (s.y_val, scale.to_units(net.predict(s.x_val)))}))
    c2.vega_lite_chart(charts.predicted_vs_actual(val, target, table.unit, height=240),
                       width="stretch")


# ---- 6. Compare topologies --------------------------------------------------------------------

def compare_topologies(data: Data, choice: Choice, split: Split, net: Network) -> None:
    st.subheader("6. Which topology generalizes?")
    stage.explain(
        "Bigger is not always better. Train a few layouts with the same data, split, optimizer, "
        "learning rate, epochs and batch size, and compare their **validation** error: the one "
        "that does best on unseen rows is the one to keep.")
    layouts = regression.topologies_to_compare(net.spec.hidden)
    st.caption("Layouts: " + ", ".join(f"**{name}** ({regression.hidden_label(h)})"
                                       for name, h in layouts.items()))
    signature = _signature(data, choice, split, net)
    if st.button("Compare them", key="reg_compare", icon=":material/compare_arrows:",
                 disabled=is_running(_trainer_key(data))):
        remember_computed("reg_comparison", signature, lambda: _train_layouts(layouts, split, net))
    comparison = recall("reg_comparison", signature)
    if comparison is not None:
        table = data.table
        st.vega_lite_chart(charts.topology_curves(comparison.curves, table.unit), width="stretch")
        shown = regression.errors_in_units(comparison.table, ("training MAE", "validation MAE"),
                                           table.format_target)
        st.dataframe(shown, hide_index=True, column_config={
            "validation R²": st.column_config.NumberColumn(format="%.3f")})
        best = regression.best_topology(comparison.table)
        if best:
            st.success(f"Lowest validation error: **{best}**.", icon=":material/trophy:")
    elif outdated("reg_comparison", signature):
        st.caption("The settings changed since the last comparison: compare again to update it.")


def _train_layouts(layouts: dict[str, tuple[int, ...]], split: Split,
                   net: Network) -> regression.Comparison:
    """Train every layout, with a progress bar that goes once they are done."""
    s = split.prepared.split
    bar = st.progress(0.0, text="Starting…")
    comparison = regression.compare_topologies(
        layouts, net.spec.activation, net.config, s.x_train, s.y_train, s.x_val, s.y_val,
        split.scale,
        on_progress=lambda f, name: bar.progress(f, text=f"Training {name}…" if name else "Done"))
    bar.empty()
    return comparison


# ---- 7. Results -------------------------------------------------------------------------------

def results(data: Data, choice: Choice, split: Split, net: TrainedNet | None,
            params: Params) -> None:
    """How good the trained network is; halts while there is nothing trained to judge."""
    st.subheader("7. How good is it?")
    if net is None or net.epochs_done == 0:
        halt("Train the network (section 5) and its predictions appear here.", params)
    if regression.blew_up(net):
        halt("Training blew up, so there are no predictions worth showing. Lower the learning "
             "rate or normalize the inputs, then train again.", params, tone="error")
    s, scale, table, target = split.prepared.split, split.scale, data.table, choice.target
    predicted = regression.prediction_frame({
        "training": (s.y_train, scale.to_units(net.predict(s.x_train))),
        "validation": (s.y_val, scale.to_units(net.predict(s.x_val))),
    })
    errors = regression.error_table(predicted).set_index("part")
    baseline = regression.baseline_mae(s.y_train, s.y_val)
    m1, m2, m3 = st.columns(3)
    m1.metric("Validation mean absolute error",
              table.format_target(errors.loc["validation", "MAE"]),
              help="On average the prediction is this far from the true value, in its own units.")
    m2.metric("Validation R²", f"{errors.loc['validation', 'R²']:.3f}",
              help="1 is perfect; 0 is no better than always guessing the average; below 0 is "
                   "worse than that.")
    m3.metric("Always guessing the average", table.format_target(baseline),
              help="The error of a 'model' that answers the training rows' average every time.")
    if net.epochs_done < net.config.epochs:
        st.caption(f"After {net.epochs_done} of {net.config.epochs} epochs.")
    c1, c2 = st.columns(2)
    shown = regression.chart_rows(predicted)
    c1.vega_lite_chart(charts.predicted_vs_actual(shown, target, table.unit), width="stretch")
    c2.vega_lite_chart(charts.residual_scatter(shown, table.unit, height=360), width="stretch")
    if len(shown) < len(predicted):
        st.caption(f"The scatters show {len(shown):,} of {len(predicted):,} rows, picked at "
                   "random; the numbers use every row.")
    c1, c2 = st.columns([3, 2])
    c1.vega_lite_chart(charts.residual_histogram(predicted, table.unit), width="stretch")
    c2.dataframe(regression.errors_in_units(errors.reset_index(), ("MAE", "RMSE"),
                                            table.format_target),
                 hide_index=True,
                 column_config={"R²": st.column_config.NumberColumn(format="%.3f")})
    warning = regression.advice(predicted, net.history, baseline,
                                normalized=split.norm != "none")
    if warning:
        c2.warning(warning, icon=":material/warning:")


# ---- 8. Predict a new example -----------------------------------------------------------------

def predict_new(data: Data, choice: Choice, split: Split, net: TrainedNet) -> None:
    st.subheader("8. Predict a new example")
    stage.explain("Type the inputs of an example the network has never seen. They go through "
                  "the same steps as the training rows (text to 0/1 columns, normalization), "
                  "then through the network.")
    x = choice.cleaned.x
    fields = split.inputs.fields(x)  # inputs beyond MAX_TYPED keep their typical value
    values = {f.column: f.default for f in fields}
    typed = fields[:MAX_TYPED]
    boxes = st.columns(min(len(typed), 4)) * len(typed)
    for f, box in zip(typed, boxes, strict=False):
        with box:
            values[f.column] = _typed_value(f, x[f.column], data)
    if len(fields) > MAX_TYPED:
        st.caption(f"The other {len(fields) - MAX_TYPED} inputs are set to their median (text: "
                   "its most frequent value).")
    row, notes = split.inputs.example(values)
    for note in notes:
        st.caption(note)
    guess = float(regression.predict_in_units(net.predict, split.prepared.normalizer,
                                               split.scale, row)[0])
    st.metric(f"Predicted {choice.target}", data.table.format_target(guess),
              help="Give or take about the validation error above.")
    numbers = list(split.inputs.encoding.numbers)  # the encoded row starts with them
    outside = outside_training(numbers, row[:len(numbers)],
                               split.prepared.raw.x_train[:, :len(numbers)])
    if outside:
        st.caption("Outside anything seen in training: " + ", ".join(outside) + ". A network "
                   "guesses poorly far from its data.")


def _typed_value(f, known, data: Data):
    """One input's box (a select of the training values for text), starting at its typical
    value for each new table."""
    key = f"reg_new_{data.source}_{f.column}"
    if st.session_state.get(f"{key}__for") != data.data_id:
        st.session_state.pop(key, None)
        st.session_state[f"{key}__for"] = data.data_id
    if f.kind != NUMBER:
        return csv_ui.field_input(f, key)  # starts at the most frequent value
    st.session_state.setdefault(key, f.default)
    return st.number_input(f.column, key=key, step=1.0 if whole_numbers(known) else None,
                           format="%g", persist_state="session")


# ---- 9. The code ------------------------------------------------------------------------------

def show_code(data: Data, choice: Choice, split: Split, net: Network) -> None:
    with st.expander("Show the code", icon=":material/code:"):
        if data.file is not None:
            _upload_code(data.file, choice, split, net)
            return
        data_code = tabular.regression_data_code(choice.inputs, choice.target, split.val_share)
        code = codegen.CodeSettings(net.spec, net.config, data_code=data_code,
                                    normalization=split.norm, val_fraction=split.val_share,
                                    stem="nnviz_regression")
        st.download_button("Download the table the script reads",
                           tabular.cleaned_csv(choice.cleaned), tabular.CODE_CSV_NAME,
                           key="reg_dl_data", icon=":material/download:")
        code_tabs(code, "reg")


def _upload_code(good: csv_ui.GoodFile, choice: Choice, split: Split, net: Network) -> None:
    """Scripts that read the learner's own file and prepare it as the page did."""
    encoding = split.inputs.encoding
    csv = csv_regression.RegressionCsv(choice.target, tuple(encoding.numbers),
                                       tuple(encoding.texts), choice.strategy, split.val_share,
                                       split.norm)
    code = csv_regression.csv_regression_settings(csv, net.spec, net.config, good.upload.name,
                                                  good.read)
    st.caption(f"Keep **{good.upload.name}** next to the script: it reads the file, deals with "
               "blanks, encodes the text columns and splits it as above, then trains the same "
               "network.")
    code_tabs(code, "reg", pytorch=csv_regression.csv_regression_script(code))


def what_to_notice(data: Data) -> None:
    """The closing hint, for the data in front of the learner (left out when presenting)."""
    if not stage.on():
        st.info(WHAT_TO_NOTICE[data.source], icon=":material/lightbulb:")
