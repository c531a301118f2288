"""A learner's own CSV file as a classification problem: which column is the class, how the
class names and the text columns become numbers, and a stratified split ready to train.

It starts where nnviz.data.csv_upload stops (`read_csv_bytes` gives an Upload whose frame is
a cleaned table) and never raises on the learner's data: every step returns plain-words
problems instead, for the page to print.

    problem = class_column_problem(frame, "species", "multiclass")   # None when usable
    table = prepare(frame, "species", ["bill_mm", "island", ...], "multiclass",
                    missing="fill", val_fraction=0.2, normalization="standardize", seed=0)
    if table.ok:
        x_train, y_train, x_val, y_val = table.arrays()   # float32 inputs, int64 class codes
        table.label_table(), table.new_columns, table.missing_sentence(), table.class_counts()

What happens to the columns, with scikit-learn's own pieces (so the exported script can use
the very same ones):
- the class: names as text, sorted, coded 0, 1, ... by LabelEncoder (nnviz.core.labels' rule);
- numbers stay as they are; text (and true/false) columns are one-hot encoded by
  OneHotEncoder, one new 0/1 column per value, values seen in fewer than `min_frequency`
  training rows grouped into one "other" column (and at most `max_categories` columns per text
  column); the two sit side by side in a ColumnTransformer;
- blanks: the learner's choice, drop the rows or fill them (SimpleImputer: a number column's
  median, a text column's most frequent value, both learned from the training rows);
- the split is nnviz.core.prep's stratified one, and the number columns are normalized with
  numbers learned from the training rows only (the 0/1 columns stay 0/1).
No torch and no streamlit here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.preprocessing import LabelEncoder

from nnviz.core import labels, prep
from nnviz.data.class_data import ClassData
from nnviz.data.csv_upload import too_few_rows
from nnviz.data.encoding import (
    MAX_CATEGORIES,
    MIN_FREQUENCY,
    NUMBER,
    OTHER,  # noqa: F401 - the pages name the "other" column through this module too
    TEXT,
    InputEncoding,
    InputField,
    column_kinds,
    fit_encoding,
    input_fields,
    like_columns,
)
from nnviz.data.tabular import MissingReport, drop_blank_target, handle_missing, numeric_columns

TASKS = ("binary", "multiclass")
MAX_CLASSES = 30  # more classes than this is rarely a class column (an amount, a name, an ID)
MISSING_CHOICES = ("drop", "fill")
MISSING_TITLES = {
    "drop": "Drop rows with a blank",
    "fill": "Fill blanks (numbers: the column's median; text: its most frequent value)",
}
UPLOAD_NAME = "upload"  # ClassData.name of an uploaded table


# ---------------------------------------------------------------------------------------------
# The class column
# ---------------------------------------------------------------------------------------------

def class_names_of(values: pd.Series) -> pd.Series:
    """Each row's class as text ('setosa', '1', '2.5'); blanks stay blank.

    Whole numbers read from a column with blanks arrive as 1.0, 2.0: they are named 1, 2.
    """
    present = values.notna()
    out = pd.Series(pd.NA, index=values.index, dtype=object)
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        out[present] = [_number_name(v) for v in values[present]]
    else:
        out[present] = values[present].astype(str).to_numpy()
    return out


def _number_name(value) -> str:
    value = float(value)
    return str(int(value)) if value.is_integer() else str(value)


def _class_range(task: str) -> tuple[int, int]:
    return (2, 2) if task == "binary" else (2, MAX_CLASSES)


def class_column_candidates(frame: pd.DataFrame, task: str) -> list[str]:
    """Columns that can be the class: exactly 2 distinct values for 'binary', 2 to 30 for
    'multiclass'; text or numbers. (A chosen one can still have a class too small to split:
    `class_column_problem` says so.)"""
    lo, hi = _class_range(task)
    return [str(c) for c in frame.columns
            if lo <= class_names_of(frame[c]).nunique(dropna=True) <= hi]


def default_class_column(frame: pd.DataFrame, task: str) -> str | None:
    """A first guess: the last candidate holding text (labels usually are), else the last one."""
    candidates = class_column_candidates(frame, task)
    text = [c for c in candidates if c not in numeric_columns(frame)]
    return (text or candidates or [None])[-1]


def min_class_rows(val_fraction: float) -> int:
    """Rows a class needs to land in both the training and the validation part of a stratified
    split that keeps `val_fraction` for validation."""
    if val_fraction <= 0:
        return 1
    return max(2, math.ceil(1 / val_fraction - 1e-9), math.ceil(1 / (1 - val_fraction) - 1e-9))


def class_column_problem(frame: pd.DataFrame, column: str | None, task: str,
                         val_fraction: float = 0.2) -> str | None:
    """Why `column` cannot be the class for `task`, in plain words; None when it can."""
    if task not in TASKS:
        return f"Unknown task {task!r}: use one of {', '.join(TASKS)}."
    if column is None or column not in frame.columns:
        return "Choose the column that holds each row's class."
    names = class_names_of(frame[column]).dropna()
    if names.empty:
        return f"'{column}' is completely blank, so it has no classes. Choose another column."
    counts = names.value_counts()
    hi = _class_range(task)[1]
    shown = _values(counts.index)
    if len(counts) == 1:
        return (f"'{column}' holds the same value ('{counts.index[0]}') in every row, so there "
                "is nothing to tell apart. The class column needs at least two different "
                "values.")
    if len(counts) > hi:
        if task == "binary":
            return (f"'{column}' has {len(counts)} classes ({shown}), and a binary network tells "
                    "exactly two apart. Use the multi-class lesson, or choose a column with two "
                    "values (yes/no, 0/1, ...).")
        amount = (" It looks like an amount: the Regression lesson predicts numbers like these."
                  if column in numeric_columns(frame) else
                  " A column with a different value in most rows is usually a name or an ID.")
        return (f"'{column}' has {len(counts)} different values; a class column here has at "
                f"most {MAX_CLASSES} classes.{amount} Choose another column.")
    return _rare_class_problem(column, counts, val_fraction)


def _rare_class_problem(column: str, counts: pd.Series, val_fraction: float) -> str | None:
    need = min_class_rows(val_fraction)
    rare = counts[counts < need]
    if rare.empty:
        return None
    listed = ", ".join(f"'{name}' ({n} row{'s' if n != 1 else ''})"
                       for name, n in list(rare.items())[:5])
    if len(rare) > 5:
        listed += f" and {len(rare) - 5} more classes"
    return (f"In '{column}', {listed} {'has' if len(rare) == 1 else 'have'} too few rows: with "
            f"{val_fraction:.0%} of the rows kept for validation, a class needs at least {need} "
            "rows to appear both in the training part and in the validation part. Add rows of "
            f"{'that class' if len(rare) == 1 else 'those classes'}, merge "
            f"{'it' if len(rare) == 1 else 'them'} into another class in your spreadsheet, or "
            "choose a larger validation share.")


def _values(values, most: int = 4) -> str:
    values = [str(v) for v in values]
    shown = ", ".join(f"'{v}'" for v in values[:most])
    return shown + (f" and {len(values) - most} more" if len(values) > most else "")


def _list(columns, most: int = 5) -> str:
    return _values(columns, most)


# ---------------------------------------------------------------------------------------------
# The input columns
# ---------------------------------------------------------------------------------------------

def input_columns(frame: pd.DataFrame, target: str | None) -> list[str]:
    """Every column except the class: the default inputs (text columns included)."""
    return [str(c) for c in frame.columns if c != target]


def pictures_problem(frame: pd.DataFrame, inputs: list[str]) -> str | None:
    """None when the 2-D pictures (boundary, neuron maps) can be drawn; else what they need."""
    kinds = column_kinds(frame, [c for c in inputs if c in frame.columns])
    numbers = [c for c, k in kinds.items() if k == NUMBER]
    text = [c for c, k in kinds.items() if k == TEXT]
    if len(numbers) == 2 and not text:
        return None
    why = []
    if text:
        why.append(f"{_list(text)} {'hold' if len(text) > 1 else 'holds'} text, which becomes "
                   "extra 0/1 columns")
    if len(numbers) != 2:
        why.append(f"{len(numbers)} number column{'s are' if len(numbers) != 1 else ' is'} "
                   "chosen")
    return ("The pictures of the plane (the boundary, each neuron's map) need exactly two input "
            "columns of numbers, one per axis, and no text columns; here " + " and ".join(why)
            + ". Choose two number columns as the only inputs to see them.")


def check_choice(frame: pd.DataFrame, target: str | None, inputs: list[str], task: str,
                 missing: str = "drop", val_fraction: float = 0.2) -> list[str]:
    """Reasons the class `target` cannot be learned from `inputs` (empty when all is well)."""
    problem = class_column_problem(frame, target, task, val_fraction)
    if problem:
        return [problem]
    if missing not in MISSING_CHOICES:
        return [f"Unknown blank-value choice {missing!r}: use one of {MISSING_CHOICES}."]
    usable = [c for c in inputs if c in frame.columns and c != target]
    if not usable:
        return ["Choose at least one input column to predict the class from."]
    too_few = too_few_rows(frame, target, usable, missing)
    return [too_few] if too_few else []


# ---------------------------------------------------------------------------------------------
# The encoded table
# ---------------------------------------------------------------------------------------------

@dataclass
class Example:
    """One new example turned into the network's inputs (or why it could not be)."""

    x: np.ndarray | None  # (1, n_inputs) float32, normalized like the training rows
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    encoded: pd.DataFrame | None = None  # the encoded row before normalization, named columns

    @property
    def ok(self) -> bool:
        return self.x is not None and not self.problems


@dataclass
class ClassTable:
    """An uploaded table ready to train a classifier, and everything the page shows about how
    it got there. When `ok` is False, `problems` says why and the other fields are not to be
    relied on (they are filled only as far as preparation got)."""

    problems: list[str] = field(default_factory=list)
    task: str = "multiclass"
    target: str = ""
    inputs: list[str] = field(default_factory=list)  # the uploaded columns used
    kinds: dict[str, str] = field(default_factory=dict)  # input column -> 'number' | 'text'
    missing: str = "drop"
    val_fraction: float = 0.2
    normalization: str = "standardize"
    seed: int = 0
    min_frequency: int = MIN_FREQUENCY
    max_categories: int = MAX_CATEGORIES
    frame: pd.DataFrame | None = None  # the rows kept, chosen columns, values as uploaded
    names: np.ndarray | None = None  # each kept row's class name
    class_names: tuple[str, ...] = ()
    codes: np.ndarray | None = None  # each kept row's class code (int64)
    X: np.ndarray | None = None  # the encoded inputs of every kept row, before normalization
    rows: prep.RowSplit | None = None  # the split, normalized, with row numbers into `frame`
    encoding: InputEncoding | None = None  # fitted on the training rows
    label_encoder: LabelEncoder | None = None
    report: MissingReport | None = None
    blank_class_rows: int = 0  # rows dropped first: no class, nothing to learn
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and self.rows is not None

    @property
    def feature_names(self) -> tuple[str, ...]:
        """The network's input columns, in order."""
        return self.encoding.feature_names if self.encoding else ()

    @property
    def new_columns(self) -> pd.DataFrame | None:
        """Which 0/1 columns came from which text column, and why."""
        return self.encoding.new_columns if self.encoding else None

    @property
    def grouped(self) -> dict[str, list]:
        """Each text column's rare values, grouped in its "other" column."""
        return self.encoding.grouped if self.encoding else {}

    @property
    def n_inputs(self) -> int:
        return len(self.feature_names)

    @property
    def n_classes(self) -> int:
        return len(self.class_names)

    @property
    def numbers(self) -> list[str]:
        return [c for c in self.inputs if self.kinds[c] == NUMBER]

    @property
    def texts(self) -> list[str]:
        return [c for c in self.inputs if self.kinds[c] == TEXT]

    # ---- what the network trains on ---------------------------------------------------------

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """x_train, y_train, x_val, y_val for nnviz.core.engine.Trainer: float32 normalized
        inputs, int64 class codes."""
        r = self.rows
        return (r.x_train.astype(np.float32), r.y_train.astype(np.int64),
                r.x_val.astype(np.float32), r.y_val.astype(np.int64))

    def class_data(self) -> ClassData:
        """The kept rows as the multi-class lesson's ClassData (encoded, not yet normalized
        inputs; `rows.normalizer.transform` makes them the network's), for the page's
        existing tables and pictures."""
        return ClassData(UPLOAD_NAME, self.X, self.names, self.feature_names, self.class_names)

    # ---- the labels -------------------------------------------------------------------------

    def label_table(self) -> pd.DataFrame:
        """One row per class: its name, its code, its rows; for multi-class also its one-hot
        row (the network's target for that class)."""
        table = labels.encoding_table(list(self.class_names), self.class_names)
        table.insert(2, "rows", [int(np.sum(self.names == c)) for c in self.class_names])
        if self.task == "binary":
            table = table[["class name", "code", "rows"]]
        return table

    def encoded_rows(self, extra: int = 4) -> pd.DataFrame:
        """A few rows (the first of each class and `extra` seeded others) with their class
        name, code and one-hot columns, as the lesson's "encode labels" step shows them."""
        shown = labels.rows_to_show(self.names, self.class_names, extra, self.seed)
        table = labels.encoding_table(self.names[shown], self.class_names, row_ids=shown)
        return table[["row", "class name", "code"]] if self.task == "binary" else table

    def class_counts(self) -> pd.DataFrame:
        """Rows per class, overall and in each part of the split, and each class's share."""
        train = np.bincount(self.rows.y_train, minlength=self.n_classes)
        val = np.bincount(self.rows.y_val, minlength=self.n_classes)
        total = train + val
        return pd.DataFrame({
            "class name": list(self.class_names), "code": np.arange(self.n_classes),
            "rows": total, "share": total / total.sum(),
            "training rows": train, "validation rows": val,
        })

    def imbalance_note(self) -> str | None:
        """A plain note when one class dominates: always answering it already scores its share.

        'Dominates' means the commonest class holds at least half of the rows, and clearly more
        than an even share (70 % of two classes, 50 % of three or more).
        """
        counts = self.class_counts()
        top = int(counts["rows"].idxmax())
        share = float(counts["share"][top])
        if share < max(0.5, 1.4 / self.n_classes):
            return None
        name = self.class_names[top]
        return (f"'{name}' is {share:.0%} of the rows. A network that always answers '{name}', "
                f"whatever the inputs, is already {share:.0%} accurate: judge the validation "
                f"accuracy against {share:.0%}, not against 0 %, and look at how the other "
                f"class{'es are' if self.n_classes > 2 else ' is'} predicted (the confusion "
                "matrix, precision and recall).")

    # ---- what happened to the inputs --------------------------------------------------------

    def missing_sentence(self) -> str:
        """What the blank-value step did, counted on the uploaded table."""
        parts = []
        if self.blank_class_rows:
            parts.append(f"{self.blank_class_rows:,} row{'s' if self.blank_class_rows != 1 else ''}"
                         f" without a class dropped (there is no answer to learn from).")
        report = self.report
        if report.total_blanks == 0:
            parts.append("No blanks in the chosen input columns: nothing to fill or drop.")
            return " ".join(parts)
        blanks = f"{report.total_blanks:,} blank value{'s' if report.total_blanks != 1 else ''}"
        where = ", ".join(f"'{c}' {n:,}" for c, n in report.blanks_per_column.items())
        if self.missing == "drop":
            rows_before = report.rows_before - self.blank_class_rows
            parts.append(f"{blanks} in the inputs ({where}); dropping the rows that have one "
                         f"removed {rows_before - report.rows_after:,} of {rows_before:,} rows, "
                         f"leaving {report.rows_after:,}.")
        else:
            how = {NUMBER: "median", TEXT: "most frequent"}
            fills = ", ".join(f"'{c}' with {_shown(v)} ({how[self.kinds[c]]})"
                              for c, v in report.fill_values.items())
            parts.append(f"{blanks} in the inputs ({where}), filled with values learned from the "
                         f"training rows: {fills}; all {report.rows_after:,} rows kept.")
        return " ".join(parts)

    def encoded_frame(self, rows=None, normalized: bool = False) -> pd.DataFrame:
        """The network's inputs for `rows` (row numbers into `frame`; all by default) as a
        named table: before normalization, or after when `normalized`."""
        rows = np.arange(len(self.X)) if rows is None else np.asarray(rows, dtype=np.int64)
        x = self.X[rows]
        if normalized:
            x = self.rows.normalizer.transform(x)
        return pd.DataFrame(x, columns=list(self.feature_names), index=rows)

    # ---- one new example --------------------------------------------------------------------

    def example_fields(self) -> list[InputField]:
        """The form for "predict a new example": one field per uploaded input column."""
        train = self.frame.iloc[self.rows.train_rows]
        return input_fields(train, {c: self.kinds[c] for c in self.inputs})

    def encode_example(self, values: dict) -> Example:
        """One new example, {uploaded column: value}, as the network's normalized inputs.

        Numbers may come as text ('5.1'); a blank is filled as the training blanks were when
        filling was chosen, else it is a problem. A text value never seen in training goes to
        the column's "other" column when it has one (else all its 0/1 columns are 0).
        """
        problems, notes, row = [], [], {}
        for f in self.example_fields():
            value = values.get(f.column)
            blank = value is None or (isinstance(value, str) and not value.strip()) or (
                isinstance(value, float) and math.isnan(value))
            if blank:
                if self.missing == "drop":
                    problems.append(f"Give a value for '{f.column}' (rows with blanks were "
                                    "dropped, so the network never learned what a blank means).")
                else:
                    notes.append(f"'{f.column}' is blank: filled with {_shown(f.default)}, as "
                                 "blanks in the training rows were.")
                row[f.column] = np.nan if f.kind == NUMBER else None
                continue
            if f.kind == NUMBER:
                try:
                    number = float(value.strip()) if isinstance(value, str) else float(value)
                except (TypeError, ValueError):
                    problems.append(f"'{f.column}' takes a number; '{value}' is not one.")
                    continue
                if not math.isfinite(number):
                    problems.append(f"'{f.column}' takes a finite number.")
                    continue
                row[f.column] = number
            else:
                known = {str(o): o for o in f.options}
                value = known.get(str(value), value)
                note = self.encoding.value_note(f.column, value)
                if note:
                    notes.append(note)
                row[f.column] = value
        if problems:
            return Example(None, problems, notes)
        encoded = self.encoding.transform(pd.DataFrame([row]))
        x = self.rows.normalizer.transform(encoded).astype(np.float32)
        return Example(x, [], notes, pd.DataFrame(encoded, columns=list(self.feature_names)))

    def pictures_problem(self) -> str | None:
        """None when the 2-D pictures can be drawn, else what they would need."""
        return pictures_problem(self.frame, self.inputs)


def _shown(value) -> str:
    if isinstance(value, int | float | np.floating | np.integer) and not isinstance(value, bool):
        return f"{float(value):,.4g}"
    return f"'{value}'"


def _scaler(kind: str, n_numbers: int, x_train: np.ndarray) -> prep.Normalizer:
    """nnviz.core.prep's normalization, applied to the first `n_numbers` columns only (the
    number columns; the 0/1 columns after them pass through unchanged)."""
    return prep.fit_normalizer(kind, x_train, columns=n_numbers)


def prepare(frame: pd.DataFrame, target: str | None, inputs: list[str], task: str,
            missing: str = "drop", val_fraction: float = 0.2,
            normalization: str = "standardize", seed: int = 0,
            min_frequency: int = MIN_FREQUENCY,
            max_categories: int = MAX_CATEGORIES) -> ClassTable:
    """Everything from the uploaded table to a normalized, stratified split (see the module's
    docstring); problems instead of exceptions."""
    settings = dict(task=task, target=str(target), missing=missing,
                    val_fraction=float(val_fraction), normalization=normalization,
                    seed=int(seed), min_frequency=int(min_frequency),
                    max_categories=int(max_categories))
    problems = check_choice(frame, target, inputs, task, missing, val_fraction)
    if not problems and normalization not in prep.NORMALIZATIONS:
        problems = [f"Unknown normalization {normalization!r}: use one of "
                    f"{', '.join(prep.NORMALIZATIONS)}."]
    if problems:
        return ClassTable(problems, **settings)
    try:
        return _prepare(frame, target, inputs, settings)
    except Exception as error:  # noqa: BLE001 - a learner's file must never crash the page
        return ClassTable([f"This table could not be prepared for training "
                           f"({type(error).__name__}: {error}). Check the chosen columns, or "
                           "save the file again from your spreadsheet as CSV."], **settings)


def _prepare(frame: pd.DataFrame, target: str, inputs: list[str], settings: dict) -> ClassTable:
    missing = settings["missing"]
    val_fraction, seed = settings["val_fraction"], settings["seed"]
    inputs = [str(c) for c in frame.columns if c in inputs and c != target]  # the file's order
    kinds = column_kinds(frame, inputs)
    numbers = [c for c in inputs if kinds[c] == NUMBER]
    texts = [c for c in inputs if kinds[c] == TEXT]
    out = ClassTable(inputs=inputs, kinds=kinds, **settings)

    data, out.blank_class_rows = drop_blank_target(frame[[*inputs, target]], target)
    if missing == "drop":
        data, report = handle_missing(data, "drop", [*inputs, target])  # the class has none
    else:
        blanks = {c: int(n) for c, n in data[inputs].isna().sum().items() if n}
        report = MissingReport("fill", len(data), len(data), blanks)
    report.rows_before += out.blank_class_rows  # one count from the uploaded table
    out.report = report

    names = class_names_of(data[target]).to_numpy(dtype=str)
    counts = pd.Series(names).value_counts()
    problem = _rare_class_problem(target, counts, val_fraction) if len(counts) > 1 else (
        f"After dropping the rows with blanks only one class is left in '{target}'. Fill "
        "blanks instead of dropping rows, or leave out the inputs with many blanks.")
    if problem:
        out.problems = [problem]
        return out
    out.label_encoder = LabelEncoder().fit(names)
    out.class_names = labels.classes_of(names)  # the same sorted names LabelEncoder keeps
    out.codes = out.label_encoder.transform(names).astype(np.int64)
    out.names = names

    try:
        parts = prep.split(np.arange(len(names)).reshape(-1, 1), out.codes, val_fraction, seed,
                           classify=True)
    except ValueError as error:
        out.problems = [str(error)]
        return out
    train, val = parts.x_train.ravel(), parts.x_val.ravel()
    missing_from = [c for c in range(len(out.class_names))
                    if val_fraction > 0 and not (np.any(out.codes[train] == c)
                                                 and np.any(out.codes[val] == c))]
    if missing_from:
        out.problems = [
            f"Not every class could be put in both the training and the validation part "
            f"({_values(out.class_names[c] for c in missing_from)} could not): there are too few "
            "rows for so many classes. Use a larger validation share, more rows, or fewer "
            "classes."]
        return out

    table = like_columns(data[inputs], data[inputs])
    out.encoding = fit_encoding(table.iloc[train], numbers, texts, missing == "fill",
                                settings["min_frequency"], settings["max_categories"])
    x = out.encoding.transform(table)
    out.X, out.frame = x, data
    if missing == "fill":
        report.fill_values = out.encoding.fill_values(report.blanks_per_column)
    normalizer = _scaler(settings["normalization"], len(numbers), x[train])
    out.rows = prep.RowSplit(train, val, normalizer, normalizer.transform(x[train]),
                             normalizer.transform(x[val]), out.codes[train], out.codes[val],
                             parts.stratified)
    out.notes = _notes(out, table.iloc[train])
    return out


def _notes(out: ClassTable, train: pd.DataFrame) -> list[str]:
    notes = out.encoding.text_notes(train)
    if out.missing == "fill":
        rows = out.report.rows_after
        mostly = [c for c, n in out.report.blanks_per_column.items() if n > rows / 2]
        if mostly:
            notes.append(f"Most values of {_list(mostly)} are blank, so most rows got the same "
                         "filled-in value there: such a column tells the network little. "
                         "Consider leaving it out.")
    if not out.rows.stratified:
        notes.append("The split could not keep each class's share exactly (too few rows for "
                     "so many classes), so it is a plain random split.")
    return notes
