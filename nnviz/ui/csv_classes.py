"""The learner's own CSV file on the classifier pages (Binary, Multi-class): the upload, the
class and input pickers, the blanks choice, what happened to the labels and the columns,
"predict a new example" and the script that runs on the same file.

Each page passes its key `prefix` ("mc", "bin"), so its widgets keep their own keys:
`{prefix}_csv_file`, `{prefix}_csv_class`, `{prefix}_csv_inputs`, `{prefix}_csv_missing`.
The reading and its messages are nnviz.data.csv_upload's (as on the Regression page); the
preparation is nnviz.data.class_csv's; this module only draws.

A file cannot travel in a link: a link made on an upload view opens with the built-in data,
and `link_note` tells the receiver why (`remember_link` must run before `Params.init`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from nnviz.codegen import csv_classes as csv_code
from nnviz.core.spec import NetSpec, TrainConfig
from nnviz.core.trained import TrainedNet
from nnviz.data import class_csv, csv_upload
from nnviz.data.encoding import NUMBER, OTHER, InputEncoding, InputField
from nnviz.ui import stage
from nnviz.ui.code_panel import code_tabs
from nnviz.ui.page import halt
from nnviz.ui.urlstate import Params

UPLOAD = "upload"  # the data-source value of "Your own CSV file"
UPLOAD_TITLE = "Your own CSV file"
PREVIEW_ROWS = 200
MAX_TYPED = 24  # inputs offered in "predict a new example"; the rest keep their default
# The column choices survive a trip to the built-in data and back (their widgets vanish then).
KEEP = "session"


# ---- links ------------------------------------------------------------------------------------

def remember_link(source_key: str, prefix: str) -> None:
    """Before `Params.init`: a link that asks for an upload (which it cannot carry) is noted,
    so the page can tell the receiver; the source itself then opens at its default."""
    if source_key not in st.session_state and st.query_params.get(source_key) == UPLOAD:
        st.session_state[f"{prefix}_csv_from_link"] = True


def link_note(source: str, prefix: str) -> None:
    """Tell a receiver of an upload view's link why the built-in data is shown."""
    flag = f"{prefix}_csv_from_link"
    if source == UPLOAD:
        st.session_state.pop(flag, None)
    elif st.session_state.get(flag):
        st.info("This link was shared from a view of the sender's own CSV file. A file cannot "
                "travel inside a link, so the page opens with the built-in data instead. To "
                f"train on a file, choose **{UPLOAD_TITLE}** and upload it (the sender can send "
                "the file itself).", icon=":material/link_off:")


# ---- the upload -------------------------------------------------------------------------------

@dataclass(frozen=True)
class GoodFile:
    """The last usable file of a session: its id, what was read, how to read it again."""

    file_id: str
    upload: csv_upload.Upload = field(compare=False)
    read: csv_code.ReadSettings = field(compare=False)


def read_upload(file, prefix: str) -> csv_upload.Upload:
    """Parse an uploaded file once per upload (its file_id), remembering the last usable one."""
    seen = st.session_state.get(f"{prefix}_upload_parsed")
    if seen is None or seen[0] != file.file_id:
        data = file.getvalue()
        result = csv_upload.read_csv_bytes(file.name, data)
        st.session_state[f"{prefix}_upload_parsed"] = (file.file_id, result)
        if result.ok:
            st.session_state[f"{prefix}_upload_good"] = GoodFile(
                file.file_id, result, csv_code.read_settings(data, result))
    return st.session_state[f"{prefix}_upload_parsed"][1]


def forget_upload(prefix: str) -> None:
    for key in (f"{prefix}_upload_good", f"{prefix}_upload_parsed"):
        st.session_state.pop(key, None)


CLASS_FILE_HELP = ("A header row with column names, then one row per example: a column with "
                   "each row's class, and the columns to predict it from (numbers or text).")


def uploaded_file(prefix: str, params: Params, ask: str, help: str = CLASS_FILE_HELP,
                  file_key: str | None = None, forget_key: str | None = None) -> GoodFile:
    """The uploader, the reason a file is not usable, and the last usable file; halts with
    `ask` until there is one. (The widget keys default to `{prefix}_csv_file` and
    `{prefix}_csv_forget`; the Regression page keeps its own.)"""
    file = st.file_uploader(
        f"Upload a CSV file (up to {csv_upload.MAX_MB} MB)",
        key=file_key or f"{prefix}_csv_file", max_upload_size=csv_upload.MAX_MB, help=help)
    if file is not None:
        result = read_upload(file, prefix)
        if not result.ok:
            st.error(result.problem, icon=":material/error:")
    good: GoodFile | None = st.session_state.get(f"{prefix}_upload_good")
    if good is None:
        halt(ask, params)
    if file is None or file.file_id != good.file_id:
        c1, c2 = st.columns([3, 1])
        c1.caption(f"Still using **{good.upload.name}**, the last usable file you uploaded.")
        c2.button("Forget it", key=forget_key or f"{prefix}_csv_forget", on_click=forget_upload,
                  args=(prefix,), icon=":material/delete:", width="stretch")
    for note in good.upload.notes:
        st.caption(note)
    return good


# ---- the columns ------------------------------------------------------------------------------

@dataclass(frozen=True)
class CsvChoice:
    """An uploaded file prepared for a classifier; `signature` names everything that made it."""

    file: GoodFile
    table: class_csv.ClassTable = field(compare=False)
    signature: tuple

    @property
    def name(self) -> str:
        return self.file.upload.name


def _fresh_file(good: GoodFile, prefix: str) -> bool:
    """A different file than last time starts from its own default columns."""
    key = f"{prefix}_csv_for"
    new = st.session_state.get(key) != good.file_id
    st.session_state[key] = good.file_id
    return new


def class_picker(frame: pd.DataFrame, task: str, prefix: str, new_file: bool,
                 params: Params) -> str:
    """The class column, among the columns that can be one; the others are listed with why."""
    candidates = class_csv.class_column_candidates(frame, task)
    others = [str(c) for c in frame.columns if str(c) not in candidates]
    if not candidates:
        for column in others[:6]:
            st.caption(f"**{column}**: {class_csv.class_column_problem(frame, column, task)}")
        halt("No column of this file can be the class: "
             + ("a binary class column has exactly two different values (yes/no, 0/1, ...)."
                if task == "binary" else
                f"a class column has 2 to {class_csv.MAX_CLASSES} different values.")
             + " Add such a column in your spreadsheet and upload the file again.",
             params, tone="error")
    key = f"{prefix}_csv_class"
    if new_file or st.session_state.get(key) not in candidates:
        st.session_state[key] = class_csv.default_class_column(frame, task)
    target = st.selectbox(
        "Class column (what to predict)", candidates, key=key, persist_state=KEEP,
        help=("Columns with exactly two different values." if task == "binary" else
              f"Columns with 2 to {class_csv.MAX_CLASSES} different values.")
        + " Text or numbers.")
    if others:
        with st.expander(f"Why {len(others)} other column{'s are' if len(others) > 1 else ' is'}"
                         " not offered as the class", icon=":material/help:"):
            for column in others:
                st.markdown(f"**{column}**: {class_csv.class_column_problem(frame, column, task)}")
    return target


def input_picker(frame: pd.DataFrame, target: str, prefix: str, new_file: bool) -> list[str]:
    """The input columns, any kind; all of them by default."""
    key = f"{prefix}_csv_inputs"
    options = class_csv.input_columns(frame, target)
    if new_file or key not in st.session_state:
        st.session_state[key] = options
    st.session_state[key] = [c for c in st.session_state[key] if c in options]
    kinds = class_csv.column_kinds(frame, options)
    return st.multiselect(
        "Input columns (what to predict it from)", options, key=key, persist_state=KEEP,
        format_func=lambda c: f"{c} ({kinds[c]})",
        help="Numbers go in as they are; a text column becomes one 0/1 column per value.")


def blanks_choice(prefix: str) -> str:
    key = f"{prefix}_csv_missing"
    st.session_state.setdefault(key, "drop")
    return st.radio("Blank values", class_csv.MISSING_CHOICES, key=key, horizontal=True,
                    persist_state=KEEP,
                    format_func=class_csv.MISSING_TITLES.get,
                    help="Dropping loses whole rows; filling keeps them with a guessed value.")


def _prepared(frame: pd.DataFrame, signature: tuple, prefix: str, **settings
              ) -> class_csv.ClassTable:
    """class_csv.prepare, once per choice of the session (a rerun reuses it)."""
    key = f"{prefix}_csv_table"
    seen = st.session_state.get(key)
    if seen is None or seen[0] != signature:
        st.session_state[key] = (signature, class_csv.prepare(frame, **settings))
    return st.session_state[key][1]


def choose_upload(prefix: str, task: str, params: Params, val_fraction: float,
                  normalization: str, seed: int) -> CsvChoice:
    """Upload, class column, inputs, blanks: the file prepared with the page's validation
    share, normalization and seed. Halts, saying why, while it cannot be trained on."""
    stage.explain("Your file needs a header row, a column holding each row's **class**, and "
                  "columns to predict it from. Numbers go in as they are; text columns are "
                  "turned into numbers below.")
    good = uploaded_file(prefix, params, "Upload a CSV file to train on your own table, or "
                                         "pick one of the built-in datasets above.")
    frame = good.upload.frame
    st.caption(f"Your file **{good.upload.name}**: {len(frame):,} rows, "
               f"{len(frame.columns)} columns.")
    new_file = _fresh_file(good, prefix)
    left, right = st.columns([1, 2])
    with left:
        target = class_picker(frame, task, prefix, new_file, params)
    with right:
        inputs = input_picker(frame, target, prefix, new_file)
    missing = blanks_choice(prefix)
    settings = dict(target=target, inputs=list(inputs), task=task, missing=missing,
                    val_fraction=float(val_fraction), normalization=normalization,
                    seed=int(seed))
    signature = (good.file_id, *(tuple(v) if isinstance(v, list) else v
                                 for v in settings.values()))
    table = _prepared(frame, signature, prefix, **settings)
    if not table.ok:
        for problem in table.problems:
            st.error(problem, icon=":material/error:")
        halt("Change the choice above and the lesson continues.", params)
    st.markdown(table.missing_sentence())
    return CsvChoice(good, table, signature)


# ---- what the page shows about the table ------------------------------------------------------

def preview(csv: CsvChoice) -> None:
    frame = csv.file.upload.frame
    st.dataframe(frame.head(PREVIEW_ROWS), height=240)


def label_encoding(table: class_csv.ClassTable) -> None:
    """Every class with its code (and its one-hot row on multi-class), and the counts."""
    st.markdown("**Every class of your file and its code**"
                + (" and one-hot row" if table.task == "multiclass" else ""))
    st.dataframe(table.label_table(), hide_index=True, width="stretch")
    counts = table.class_counts()
    st.markdown("**Rows per class**, and how the stratified split shared them out (each class "
                "keeps about the same share in both parts):")
    st.dataframe(counts, hide_index=True, width="stretch", column_config={
        "share": st.column_config.NumberColumn(format="percent")})
    note = table.imbalance_note()
    if note:
        st.warning(note, icon=":material/balance:")


def input_encoding(table: class_csv.ClassTable) -> None:
    """Which columns the network reads, which new 0/1 columns text became, and why."""
    encoding_tables(table.encoding, table.notes)


def encoding_tables(encoding: InputEncoding, notes: list[str]) -> None:
    """An encoding's notes, its new 0/1 columns with the rare values each "other" groups, and
    the network's inputs (shared by the classifier pages and Regression)."""
    st.markdown("#### How your input columns became numbers")
    for note in notes:
        st.info(note, icon=":material/info:")
    if len(encoding.new_columns):
        st.markdown("**New 0/1 columns made from text** (one-hot encoding):")
        st.dataframe(encoding.new_columns, hide_index=True, width="stretch")
        for column, values in encoding.grouped.items():
            st.caption(f"In **{column}**, {len(values)} rare value"
                       f"{'s' if len(values) != 1 else ''} share one '{OTHER}' column: "
                       "too few rows each to learn anything general from.")
    else:
        st.caption("Every input column holds numbers: no new columns were needed.")
    n = len(encoding.feature_names)
    st.caption(f"The network's {n} input{'s' if n != 1 else ''}: "
               + ", ".join(encoding.feature_names) + ".")


def pictures_note(table: class_csv.ClassTable) -> bool:
    """True when the 2-D pictures can be drawn; otherwise says what they would need."""
    problem = table.pictures_problem()
    if problem:
        st.caption(problem)
    return problem is None


# ---- a new example ----------------------------------------------------------------------------

def field_input(f: InputField, key: str):
    """One input of a new example: a number box, or a select of the training values that
    also takes a new one."""
    if f.kind == NUMBER:
        return st.number_input(f.column, value=float(f.default), key=key, format="%.4g",
                               help=f"Training rows: {f.lo:,.4g} to {f.hi:,.4g}.")
    return st.selectbox(f.column, f.options, key=key, accept_new_options=True,
                        index=f.options.index(f.default) if f.default in f.options else 0,
                        help="A value of the training rows, or type a new one.")


def new_example(table: class_csv.ClassTable, net: TrainedNet, prefix: str,
                threshold: float | None = None) -> None:
    """A form with one input per uploaded column (its kind), and what the network answers:
    the likeliest class, or on a binary page the second class when its probability reaches
    `threshold`."""
    st.markdown("#### Predict a new example")
    stage.explain("Type a new row: it goes through the same steps as the training rows (text "
                  "to 0/1 columns, the same scaling), then through the network.")
    fields = table.example_fields()
    cells = st.columns(min(4, len(fields[:MAX_TYPED])))
    values = {}
    for i, f in enumerate(fields):
        if i < MAX_TYPED:
            with cells[i % len(cells)]:
                values[f.column] = field_input(f, f"{prefix}_csv_new_{i}")
        else:
            values[f.column] = f.default
    if len(fields) > MAX_TYPED:
        st.caption(f"The other {len(fields) - MAX_TYPED} inputs keep their typical value.")
    example = table.encode_example(values)
    for note in example.notes:
        st.caption(note)
    if not example.ok:
        for problem in example.problems:
            st.error(problem, icon=":material/error:")
        return
    proba = net.predict_proba(example.x)[0]
    probs = [1 - float(proba), float(proba)] if table.task == "binary" else list(map(float, proba))
    if threshold is None:
        best = max(range(len(probs)), key=probs.__getitem__)
        st.markdown(f"**The network answers {table.class_names[best]}**, {probs[best]:.1%} "
                    "sure.")
    else:
        best = int(probs[1] >= threshold)
        st.markdown(f"**The network answers {table.class_names[best]}**: the probability of "
                    f"{table.class_names[1]} is {probs[1]:.1%}, "
                    f"{'at or above' if best else 'below'} the threshold {threshold:.2f}.")
    st.dataframe(pd.DataFrame({"class name": list(table.class_names), "probability": probs}),
                 hide_index=True, width="stretch",
                 column_config={"probability": st.column_config.NumberColumn(format="percent")})
    with st.expander("The row as the network's inputs (before scaling)"):
        st.dataframe(example.encoded, hide_index=True)


# ---- the code ---------------------------------------------------------------------------------

def code_export(csv: CsvChoice, spec: NetSpec, config: TrainConfig, key: str) -> None:
    """The PyTorch and Keras scripts that read the same file, prepare it as the page did and
    train the same network; keys `{key}_dl_torch/_keras`."""
    code = csv_code.csv_code_settings(csv.table, spec, config, csv.name, csv.file.read)
    st.caption(f"Keep **{csv.name}** next to the script: it reads the file, encodes it as "
               "above, splits it the same way and trains the same network.")
    code_tabs(code, key, pytorch=csv_code.csv_pytorch_script(code))
