"""Lesson: regression. Prepare a table with pandas, split it, train, tune the topology, predict."""

import numpy as np
import streamlit as st

from nnviz import codegen
from nnviz.charts import regression as charts
from nnviz.charts.training import architecture_spec, curves_spec
from nnviz.core.engine import OPTIMIZER_LABELS, OPTIMIZERS, TrainConfig, Trainer
from nnviz.core.formatting import md
from nnviz.core.models import ACTIVATIONS, NetSpec
from nnviz.core.prep import NORMALIZATION_LABELS, NORMALIZATIONS, prepare
from nnviz.data import csv_upload, tabular
from nnviz.lessons import regression
from nnviz.ui import stage
from nnviz.ui.code_panel import code_tabs
from nnviz.ui.page import halt
from nnviz.ui.training import is_running, live_training
from nnviz.ui.urlstate import Param, Params

LEARNING_RATES = (0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
BATCH_SIZES = (8, 16, 32, 64, 128)
COMPARE_SECONDS = 2.0  # a cap per layout, so a comparison never keeps a room waiting
PREVIEW_ROWS = 200
MAX_TYPED = 24  # inputs offered for typing a new example; the rest take their median
# Controls below the data choice vanish while it asks for a file (or halts on a problem):
# without this, Streamlit forgets their values and they come back at their minimums.
KEEP = "page"

params = Params(
    reg_source=Param(tabular.HOUSES, choices=tabular.SOURCES),
    reg_rows=Param(500, lo=tabular.HOUSE_ROWS[0], hi=tabular.HOUSE_ROWS[1]),
    reg_seed=Param(0, lo=0, hi=9999),
    reg_missing=Param("drop", choices=tabular.MISSING_STRATEGIES),
    reg_val=Param(0.2, lo=0.1, hi=0.5),
    reg_norm=Param("standardize", choices=NORMALIZATIONS),
    reg_layers=Param(1, lo=0, hi=4),
    reg_nodes=Param(16, lo=1, hi=128),
    reg_act=Param("relu", choices=ACTIVATIONS),
    reg_opt=Param("adam", choices=OPTIMIZERS),
    reg_lr=Param(0.003, choices=LEARNING_RATES),
    reg_epochs=Param(100, lo=5, hi=500),
    reg_batch=Param(32, choices=BATCH_SIZES),
    # Column choices of the built-in tables ("" and () mean: the table's own defaults).
    **{f"reg_target_{source}": Param("") for source in (tabular.HOUSES, tabular.DIABETES)},
    **{f"reg_inputs_{source}": Param(()) for source in (tabular.HOUSES, tabular.DIABETES)},
)
params.init()


@st.cache_data(show_spinner=False, max_entries=16)
def houses(n: int, seed: int) -> tabular.Table:
    return tabular.houses_table(n, seed)


@st.cache_data(show_spinner=False, max_entries=1)
def diabetes() -> tabular.Table:
    return tabular.diabetes_table()


def read_upload(file) -> csv_upload.Upload:
    """Parse an uploaded file once per upload (its file_id), remembering the last usable one."""
    seen = st.session_state.get("reg_upload_parsed")
    if seen is None or seen[0] != file.file_id:
        result = csv_upload.read_csv_bytes(file.name, file.getvalue())
        st.session_state["reg_upload_parsed"] = (file.file_id, result)
        if result.ok:
            st.session_state["reg_upload_good"] = (file.file_id, result)
    return st.session_state["reg_upload_parsed"][1]


def forget_upload() -> None:
    for key in ("reg_upload_good", "reg_upload_parsed"):
        st.session_state.pop(key, None)


def uploaded_table() -> tuple[tabular.Table, str] | None:
    """The learner's table and an id for it; None (with the reason on screen) if there is none."""
    file = st.file_uploader(
        f"Upload a CSV file (up to {csv_upload.MAX_MB} MB)", key="reg_file",
        max_upload_size=csv_upload.MAX_MB,
        help="A header row with column names, then one row per example. Pick the column to "
             "predict and the input columns below.")
    if file is not None:
        result = read_upload(file)
        if not result.ok:
            st.error(result.problem, icon=":material/error:")
    good = st.session_state.get("reg_upload_good")
    if good is None:
        halt("Upload a CSV file to train on your own numbers, or pick one of the built-in "
             "tables above.", params)
    file_id, result = good
    if file is None or file.file_id != file_id:
        c1, c2 = st.columns([3, 1])
        c1.caption(f"Still using **{result.name}**, the last usable file you uploaded.")
        c2.button("Forget it", key="reg_forget", on_click=forget_upload,
                  icon=":material/delete:", width="stretch")
    for note in result.notes:
        st.caption(note)
    target, _ = csv_upload.default_choice(result.frame)
    table = tabular.Table(name=tabular.UPLOAD, frame=result.frame, target=target,
                      about=f"Your file **{result.name}**: {len(result.frame):,} rows, "
                            f"{len(result.frame.columns)} columns.")
    return table, f"upload-{file_id}"


def choose_columns(table: tabular.Table, source: str, fresh: bool) -> tuple[str, list[str]]:
    """Target and input pickers. Choices are kept per source; a new file starts from defaults."""
    columns = [str(c) for c in table.frame.columns]
    t_key, i_key = f"reg_target_{source}", f"reg_inputs_{source}"
    if fresh or st.session_state.get(t_key) not in columns:
        st.session_state[t_key] = table.target
        if fresh:
            st.session_state[i_key] = ()
    if st.session_state.get(i_key, ()) == ():  # untouched (a cleared box is an empty list)
        st.session_state[i_key] = [c for c in table.inputs if c != st.session_state[t_key]]
    target_col, inputs_col = st.columns([1, 2])
    # persist_state: a source's choices survive while another source is shown.
    target = target_col.selectbox("Column to predict (the target)", columns, key=t_key,
                                  persist_state="session")
    options = [c for c in columns if c != target]
    st.session_state[i_key] = [c for c in st.session_state.get(i_key, []) if c in options]
    inputs = inputs_col.multiselect(
        "Input columns (the network's inputs)", options, key=i_key,
        help="Columns you leave out are dropped before training.", persist_state="session")
    return target, inputs


def in_units(frame, columns, table: tabular.Table):
    """A copy for display with the error columns written in the target's units ($25,310)."""
    shown = frame.copy()
    for column in columns:
        shown[column] = shown[column].map(table.format_target)
    return shown


# The closing hint, for the data in front of the learner.
_TOPOLOGY_HINT = (
    "Much bigger layouts fit the training rows ever better while the validation error stops "
    "improving. Without normalization the same settings learn far more slowly, or blow up.")
WHAT_TO_NOTICE = {
    tabular.HOUSES: "What to notice: a network with no hidden layer is a straight weighted sum, "
                    "and "
                "on the houses it cannot follow how location and age bend the price; one hidden "
                "layer fixes most of that. " + _TOPOLOGY_HINT,
    tabular.DIABETES: "What to notice: with a few hundred patients, validation error is noisy "
                      "and a "
                  "big network overfits quickly; compare a straight weighted sum (no hidden "
                  "layer) with one small hidden layer. " + _TOPOLOGY_HINT,
    tabular.UPLOAD: "What to notice: compare no hidden layer (a straight weighted sum of your "
                "columns) with one hidden layer: if the hidden layer does clearly better on the "
                "validation rows, your target bends in ways a weighted sum cannot follow. "
                + _TOPOLOGY_HINT,
}

# ---- the page --------------------------------------------------------------------------------

st.title("Regression: predict a number")
stage.explain(
    "A **regression** network answers with a number: a price, a dose, a temperature. Its last "
    "node has no activation (it may say any number) and training lowers the **mean squared "
    "error**. Real work starts before the network: load a table with **pandas**, look at it, "
    "deal with blanks, choose the columns, hold some rows back for **validation**, and "
    "**normalize**. Then try network shapes (the **topology**) and see which one does best on "
    "rows it never trained on.")

# ---- 1. The data ------------------------------------------------------------------------------
st.subheader("1. Choose the data")
st.segmented_control("Data", tabular.SOURCES, key="reg_source",
                     format_func=tabular.SOURCE_TITLES.get,
                     selection_mode="single")
if st.session_state.get("reg_source") is None:  # clicking the selected option clears it
    st.session_state["reg_source"] = tabular.HOUSES
source = st.session_state["reg_source"]
seed = int(st.session_state["reg_seed"])

if source == tabular.HOUSES:
    c1, c2 = st.columns(2)
    c1.slider("Houses", tabular.HOUSE_ROWS[0], tabular.HOUSE_ROWS[1], step=50, key="reg_rows",
              help="How many listings to generate.", persist_state=KEEP)
    c2.number_input("Seed", 0, 9999, step=1, key="reg_seed",
                    help="Same seed, same houses, same split and same starting weights.")
    table = houses(int(st.session_state["reg_rows"]), seed)
    data_id = f"houses-{st.session_state['reg_rows']}-{seed}"
elif source == tabular.DIABETES:
    st.number_input("Seed", 0, 9999, step=1, key="reg_seed",
                    help="Same seed, same split and same starting weights.")
    table, data_id = diabetes(), "diabetes"
else:
    st.number_input("Seed", 0, 9999, step=1, key="reg_seed",
                    help="Same seed, same split and same starting weights.")
    table, data_id = uploaded_table()
# A different uploaded file starts from default columns; going back and forth between the
# data sources keeps each one's choices.
fresh_file = source == tabular.UPLOAD and st.session_state.get("reg_columns_for_upload") != data_id
if source == tabular.UPLOAD:
    st.session_state["reg_columns_for_upload"] = data_id
st.caption(table.about)

# ---- 2. Look at it ------------------------------------------------------------------------------
st.subheader("2. Look at it with pandas")
stage.explain(
    "A pandas **DataFrame** is a table with named columns. Before training, look: how many "
    "rows, what each column holds, its typical values, and where values are **missing**. "
    "A network cannot take a blank, so every blank must be dealt with.")
frame = table.frame
preview, summary = st.tabs([f"First rows ({min(len(frame), PREVIEW_ROWS)} of {len(frame):,})",
                            "Summary of each column"])
preview.dataframe(frame.head(PREVIEW_ROWS), height=260)
summary_frame = tabular.column_summary(frame)
summary.dataframe(summary_frame, hide_index=True, column_config={
    stat: st.column_config.NumberColumn(format="%.4g") for stat in ("mean", "std", "min", "max")})
blanks = int(summary_frame["blank"].sum())
st.caption(f"{len(frame):,} rows × {len(frame.columns)} columns · {blanks:,} blank "
           f"value{'s' if blanks != 1 else ''}.")
if source == tabular.HOUSES:
    st.download_button("Download these houses as CSV", frame.to_csv(index=False).encode(),
                       "houses.csv", key="reg_dl_houses", icon=":material/download:")

# ---- 3. Clean it ------------------------------------------------------------------------------
st.subheader("3. Choose the columns and deal with blanks")
target, inputs = choose_columns(table, source, fresh_file)
st.radio("Blank values", tabular.MISSING_STRATEGIES, key="reg_missing", horizontal=True,
         format_func=tabular.MISSING_TITLES.get, persist_state=KEEP,
         help="Dropping loses whole rows; filling keeps them with a guessed value.")
strategy = st.session_state["reg_missing"]
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
    st.caption(f"{cleaned.blank_targets:,} row(s) had no {target} at all and were dropped first: "
               "there is no answer to learn from.")
if cleaned.left_out:
    st.caption("Left out: " + "; ".join(f"**{c}** ({why})" for c, why in cleaned.left_out.items()))
with st.expander("The same steps in pandas", icon=":material/code:"):
    st.code(tabular.pandas_steps_code(source, strategy, target, inputs), language="python")

# ---- 4. Split and normalize -------------------------------------------------------------------
st.subheader("4. Split and normalize")
stage.explain(
    "The **validation** rows are hidden from training: the error on them says how the network "
    "will do on data it has never seen. **Normalizing** puts every input on a similar scale "
    "(a size in square feet is in the thousands, a garage is 0 or 1); its numbers are learned "
    "from the training rows only.")
c1, c2 = st.columns(2)
c1.slider("Validation share", 0.1, 0.5, step=0.05, key="reg_val", persist_state=KEEP,
          help="The fraction of rows held back to check the network.")
c2.radio("Normalization", NORMALIZATIONS, key="reg_norm", format_func=NORMALIZATION_LABELS.get,
         persist_state=KEEP)
val_share = float(st.session_state["reg_val"])
norm = st.session_state["reg_norm"]
try:
    prepared = prepare(cleaned.x.to_numpy(float), cleaned.y.to_numpy(float), val_share, norm,
                       seed)
except ValueError as problem:
    halt(str(problem), params, tone="error")
s, raw = prepared.split, prepared.raw
scale = regression.TargetScale.fit(s.y_train)
st.caption(f"**{len(s.x_train):,}** rows to train on, **{len(s.x_val):,}** to validate. "
           f"The network also learns a standardized {target} (mean "
           f"{md(table.format_target(scale.center))}, "
           f"spread {md(table.format_target(scale.scale))}); "
           f"every error below is converted back to {target}'s own units.")
ranges = tabular.range_comparison(raw.x_train, s.x_train, inputs)
st.vega_lite_chart(charts.range_chart(ranges), width="content")
if len(inputs) > charts.MOST_RANGES:
    st.caption(f"The picture shows the first {charts.MOST_RANGES} of {len(inputs)} inputs; "
               "*Ranges as numbers* lists them all.")
with st.expander("Ranges as numbers"):
    st.dataframe(tabular.range_table(raw.x_train, s.x_train, inputs), hide_index=True,
                 column_config={c: st.column_config.NumberColumn(format="%.4g") for c in
                                ("min before", "max before", "min after", "max after")})

# ---- 5. The network and its training ----------------------------------------------------------
st.subheader("5. The network and its training")
n1, n2, n3, n4 = st.columns(4)
n1.slider("Hidden layers", 0, 4, key="reg_layers", persist_state=KEEP,
          help="0 = no hidden layer: a weighted sum of the inputs (linear regression).")
n2.slider("Nodes per hidden layer", 1, 128, key="reg_nodes", persist_state=KEEP,
          disabled=int(st.session_state["reg_layers"]) == 0)
n3.selectbox("Activation", ACTIVATIONS, key="reg_act", persist_state=KEEP)
n4.selectbox("Optimizer", OPTIMIZERS, key="reg_opt", format_func=OPTIMIZER_LABELS.get,
             persist_state=KEEP)
t1, t2, t3 = st.columns(3)
t1.select_slider("Learning rate", LEARNING_RATES, key="reg_lr", persist_state=KEEP)
t2.slider("Epochs", 5, 500, step=5, key="reg_epochs", persist_state=KEEP)
t3.select_slider("Batch size", BATCH_SIZES, key="reg_batch", persist_state=KEEP)

hidden = (int(st.session_state["reg_nodes"]),) * int(st.session_state["reg_layers"])
spec = NetSpec(n_inputs=len(inputs), hidden=hidden, activation=st.session_state["reg_act"],
               task="regression")
config = TrainConfig(optimizer=st.session_state["reg_opt"], lr=float(st.session_state["reg_lr"]),
                     epochs=int(st.session_state["reg_epochs"]),
                     batch_size=int(st.session_state["reg_batch"]), seed=seed)
picture, words = st.columns([3, 2])
picture.vega_lite_chart(architecture_spec(spec.layer_sizes, spec.activation, "linear",
                                          input_names=tuple(inputs), height=240), width="stretch")
words.markdown(f"**{spec.n_parameters:,}** weights and biases to learn from "
               f"**{len(s.x_train):,}** rows.")
words.caption("The loss curves are the mean squared error on the standardized target; the "
              f"error curves beside them are in {target}'s own units.")

key = f"reg_{source}"  # one trainer per data source: switching back keeps what was trained
signature = (data_id, target, tuple(inputs), strategy, val_share, norm, spec, config)


def live_errors(trainer: Trainer) -> None:
    """Drawn with the live curves: the error in the target's units, and the dots closing in."""
    if not len(trainer.history):
        return
    if regression.blew_up(trainer) and not trainer.diverged:  # the widget reports infinities itself
        st.error(regression.blow_up_message(trainer), icon=":material/error:")
    history = regression.history_in_units(trainer.history, scale)
    last = history.iloc[-1]
    m1, m2 = st.columns(2)
    m1.metric("Training error (mean absolute)", table.format_target(last.train_metric))
    m2.metric("Validation error (mean absolute)", table.format_target(last.val_metric),
              help="How far off the network is, on average, for rows it never trained on.")
    c1, c2 = st.columns(2)
    c1.vega_lite_chart(curves_spec(history, "train_metric", "val_metric",
                                   f"mean absolute error ({table.unit or target})",
                                   config.epochs, log_scale=True), width="stretch")
    with c2:
        val = regression.chart_rows(regression.prediction_frame({"validation": (
            s.y_val, scale.to_units(
            trainer.predict(s.x_val)))}))
        st.vega_lite_chart(charts.predicted_vs_actual(val, target, table.unit, height=240),
                        width="stretch")


trainer = live_training(
    key=key,
    make_trainer=lambda: Trainer(spec, config, s.x_train, scale.to_scaled(s.y_train), s.x_val,
                                 scale.to_scaled(s.y_val)),
    settings_signature=signature, extra_draw=live_errors, show_metric=False, log_loss=True)

# ---- 6. Compare topologies --------------------------------------------------------------------
st.subheader("6. Which topology generalizes?")
stage.explain(
    "Bigger is not always better. Train a few layouts with the same data, split, optimizer, "
    "learning rate, epochs and batch size, and compare their **validation** error: the one "
    "that does best on unseen rows is the one to keep.")
layouts = regression.topologies_to_compare(hidden)
st.caption("Layouts: " + ", ".join(f"**{name}** ({regression.hidden_label(h)})"
                                   for name, h in layouts.items()))
if st.button("Compare them", key="reg_compare", icon=":material/compare_arrows:",
             disabled=is_running(key)):
    bar = st.progress(0.0, text="Starting…")
    comparison = regression.compare_topologies(
        layouts, spec.activation, config, s.x_train, s.y_train, s.x_val, s.y_val, scale,
        seconds_each=COMPARE_SECONDS,
        on_progress=lambda f, name: bar.progress(f, text=f"Training {name}…" if name else "Done"))
    bar.empty()
    st.session_state["reg_comparison"] = (signature, comparison)
stored = st.session_state.get("reg_comparison")
if stored is not None and stored[0] == signature:
    comparison = stored[1]
    st.vega_lite_chart(charts.topology_curves(comparison.curves, table.unit), width="stretch")
    st.dataframe(in_units(comparison.table, ("training MAE", "validation MAE"), table),
                 hide_index=True, column_config={
                     "validation R²": st.column_config.NumberColumn(format="%.3f")})
    best = regression.best_topology(comparison.table)
    if best:
        st.success(f"Lowest validation error: **{best}**.", icon=":material/trophy:")
elif stored is not None:
    st.caption("The settings changed since the last comparison: compare again to update it.")

# ---- 7. Results -------------------------------------------------------------------------------
st.subheader("7. How good is it?")
if trainer is None or trainer.epochs_done == 0:
    halt("Train the network (section 5) and its predictions appear here.", params)
if regression.blew_up(trainer):
    halt("Training blew up, so there are no predictions worth showing. Lower the learning "
         "rate or normalize the inputs, then train again.", params, tone="error")
results = regression.prediction_frame({
    "training": (s.y_train, scale.to_units(trainer.predict(s.x_train))),
    "validation": (s.y_val, scale.to_units(trainer.predict(s.x_val))),
})
errors = regression.error_table(results).set_index("part")
baseline = regression.baseline_mae(s.y_train, s.y_val)
m1, m2, m3 = st.columns(3)
m1.metric("Validation mean absolute error", table.format_target(errors.loc["validation", "MAE"]),
          help="On average the prediction is this far from the true value, in its own units.")
m2.metric("Validation R²", f"{errors.loc['validation', 'R²']:.3f}",
          help="1 is perfect; 0 is no better than always guessing the average; below 0 is "
               "worse than that.")
m3.metric("Always guessing the average", table.format_target(baseline),
          help="The error of a 'model' that answers the training rows' average every time.")
if trainer.epochs_done < trainer.config.epochs:
    st.caption(f"After {trainer.epochs_done} of {trainer.config.epochs} epochs.")
c1, c2 = st.columns(2)
shown = regression.chart_rows(results)
c1.vega_lite_chart(charts.predicted_vs_actual(shown, target, table.unit), width="stretch")
c2.vega_lite_chart(charts.residual_scatter(shown, table.unit, height=360), width="stretch")
if len(shown) < len(results):
    st.caption(f"The scatters show {len(shown):,} of {len(results):,} rows, picked at random; "
               "the numbers use every row.")
c1, c2 = st.columns([3, 2])
c1.vega_lite_chart(charts.residual_histogram(results, table.unit), width="stretch")
c2.dataframe(in_units(errors.reset_index(), ("MAE", "RMSE"), table), hide_index=True,
             column_config={"R²": st.column_config.NumberColumn(format="%.3f")})
warning = regression.advice(results, trainer.history, baseline, normalized=norm != "none")
if warning:
    c2.warning(warning, icon=":material/warning:")

# ---- 8. Predict a new example -----------------------------------------------------------------
st.subheader("8. Predict a new example")
stage.explain("Type the inputs of an example the network has never seen. They go through the "
              "same normalization as the training rows, then through the network.")
values = np.array(cleaned.x.median(), dtype=float)  # inputs beyond MAX_TYPED: the median
typed = inputs[:MAX_TYPED]
for i, (column, box) in enumerate(zip(typed, st.columns(min(len(typed), 4)) * len(typed),
                                      strict=False)):
    values_col = cleaned.x[column]
    whole = bool(np.all(np.mod(values_col, 1) == 0))
    new_key = f"reg_new_{source}_{column}"
    if new_key not in st.session_state or st.session_state.get(f"{new_key}__for") != data_id:
        st.session_state[new_key] = float(values_col.median())
        st.session_state[f"{new_key}__for"] = data_id
    values[i] = box.number_input(column, key=new_key, step=1.0 if whole else None,
                                 format="%g", persist_state="session")
if len(inputs) > MAX_TYPED:
    st.caption(f"The other {len(inputs) - MAX_TYPED} inputs are set to their median.")
guess = float(regression.predict_in_units(trainer.predict, prepared.normalizer, scale, values)[0])
st.metric(f"Predicted {target}", table.format_target(guess),
          help="Give or take about the validation error above.")
low, high = raw.x_train.min(axis=0), raw.x_train.max(axis=0)
outside = [c for c, v, lo, hi in zip(inputs, values, low, high, strict=True) if not lo <= v <= hi]
if outside:
    st.caption("Outside anything seen in training: " + ", ".join(outside) + ". A network "
               "guesses poorly far from its data.")

# ---- 9. The code ------------------------------------------------------------------------------
with st.expander("Show the code", icon=":material/code:"):
    code = codegen.CodeSettings(spec, config,
                                data_code=tabular.regression_data_code(inputs, target, val_share),
                                normalization=norm, val_fraction=val_share,
                                stem="nnviz_regression")
    st.download_button("Download the table the script reads", tabular.cleaned_csv(cleaned),
                       tabular.CODE_CSV_NAME, key="reg_dl_data", icon=":material/download:")
    code_tabs(code, "reg")

if not stage.on():
    st.info(WHAT_TO_NOTICE[source], icon=":material/lightbulb:")
params.publish()
