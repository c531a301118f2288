"""Reading a learner's own CSV file, and saying plainly what is wrong with it when it is not usable.

Two steps, both of which return problems instead of raising:
- `read_csv_bytes(name, data)`: is this a table at all? (empty, too large, not text, not CSV,
  a single column, no rows). Text columns that are really numbers ("$212,000", "12 %") are
  turned into numbers; columns with no value at all are dropped, with a note saying so.
- `check_choice(frame, target, inputs)`: can a network learn `target` from `inputs`?
  (target not numeric, too few rows left once blanks are gone, no inputs chosen). Inputs may
  be text: nnviz.data.encoding turns them into numbers.
Every message says what is wrong and what to do about it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from nnviz.data.tabular import numeric_columns

MAX_MB = 20  # the upload widget refuses bigger files itself; read_csv_bytes checks again
MAX_BYTES = MAX_MB * 1024 * 1024
MIN_ROWS = 20  # fewer leaves too little for both a training and a validation part
MAX_ROWS = 20_000  # more is slow to train live; a seeded sample keeps the page quick
SAMPLE_SEED = 0
_DELIMITERS = ",;\t|"
_TEXT_EXTENSIONS = ("csv", "txt", "tsv", "")
# Characters people write around numbers in spreadsheets: currency, thousands, percent.
_NUMBER_DECORATIONS = r"[\s$€£¥,%_']"


@dataclass
class Upload:
    """A read attempt: the frame when usable, else `problem`; `notes` say what was changed."""

    frame: pd.DataFrame | None = None
    problem: str | None = None
    notes: list[str] = field(default_factory=list)
    name: str = ""

    @property
    def ok(self) -> bool:
        return self.problem is None and self.frame is not None


def read_csv_bytes(name: str, data: bytes | None, max_bytes: int = MAX_BYTES) -> Upload:
    """Parse an uploaded file's bytes into a DataFrame, or say why it cannot be used."""
    try:
        upload = _read(name or "the file", data, max_bytes)
    except Exception as error:  # noqa: BLE001 - a learner's file must never crash the page
        return Upload(problem=(
            f"**{name}** could not be read as a table ({type(error).__name__}). Save it from "
            "your spreadsheet as *CSV (comma separated)* and upload it again."), name=name)
    extension = name.rsplit(".", 1)[-1].lower() if "." in (name or "") else ""
    if upload.problem and extension not in _TEXT_EXTENSIONS:
        upload.problem += f" (Its name ends in .{extension}; a CSV file's name ends in .csv.)"
    return upload


def _read(name: str, data: bytes | None, max_bytes: int) -> Upload:
    # Size first: the emptiness check copies the bytes (strip), not worth it for a huge file.
    if data and len(data) > max_bytes:
        size_mb = len(data) / (1024 * 1024)
        return Upload(problem=(
            f"**{name}** is {size_mb:,.1f} MB; files up to {max_bytes / (1024 * 1024):,.0f} MB "
            "are accepted here. Keep fewer rows or columns (a few thousand rows is plenty for "
            "this lesson) and upload it again."), name=name)
    if not data or not data.strip():
        return Upload(problem=(
            f"**{name}** is empty. Upload a CSV file with a header row and at least "
            f"{MIN_ROWS} rows of numbers."), name=name)
    text = _decode(data)
    if text is None:
        return Upload(problem=(
            f"**{name}** is not a text file, so it cannot be a CSV file (is it a spreadsheet, a "
            "picture or a zip?). In your spreadsheet choose *Save as* → *CSV* and upload that."),
            name=name)
    sep = _delimiter(text)
    try:
        # Files separated by ';' come from locales that write 1,5 for one and a half.
        frame = pd.read_csv(io.StringIO(text), sep=sep, skipinitialspace=True,
                            decimal="," if sep == ";" else ".")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error, ValueError) as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else ""
        return Upload(problem=(
            f"**{name}** is not a well-formed CSV file: {first}. Every line should hold the same "
            "number of values separated by commas, with the column names on the first line."),
            name=name)
    return _tidy(name, frame)


def _decode(data: bytes) -> str | None:
    """The bytes as text, or None when they are clearly binary (a zip, an .xlsx, a picture)."""
    if b"\x00" in data[:8192]:
        return None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        control = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\r\n\t")
        return None if control > 8 else text
    return None


def _delimiter(text: str) -> str:
    """Comma unless the first lines clearly use another separator (European files use ';')."""
    sample = "\n".join(text.splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        return ","


def _tidy(name: str, frame: pd.DataFrame) -> Upload:
    notes: list[str] = []
    frame.columns = [str(c).strip() for c in frame.columns]
    # A spreadsheet's leftover row numbers ("Unnamed: 0") carry nothing to learn from.
    index_like = [c for c in frame.columns if c.startswith("Unnamed:")]
    if index_like and len(index_like) < len(frame.columns):
        frame = frame.drop(columns=index_like)
        notes.append(f"Dropped {len(index_like)} column(s) without a name.")
    if len(frame.columns) < 2:
        return Upload(problem=(
            f"**{name}** has a single column. A network needs at least two: one to predict and "
            "at least one to predict it from. Check that the values are separated by commas "
            "(or semicolons) and that the first line names every column."), name=name)
    if len(frame) == 0:
        return Upload(problem=(
            f"**{name}** has column names but no rows of data. Add at least {MIN_ROWS} rows "
            "under the header and upload it again."), name=name)
    frame, converted = _numbers_from_text(frame)
    if converted:
        notes.append("Read as numbers: " + ", ".join(converted) + " (currency signs, thousands "
                     "separators and % removed).")
    frame = frame.replace([np.inf, -np.inf], np.nan)
    empty = [c for c in frame.columns if frame[c].isna().all()]
    if empty:
        frame = frame.drop(columns=empty)
        notes.append(f"Dropped {_list(empty)}: no values at all (every cell is blank).")
    if len(frame.columns) == 0:
        return Upload(problem=(
            f"Every column of **{name}** is blank. Fill in the values and upload it again."),
            name=name)
    if len(frame.columns) < 2:
        return Upload(problem=(
            f"Only one column of **{name}** has any values ({_list(empty)} are completely blank). "
            "A network needs one column to predict and at least one to predict it from: fill in "
            "the blank columns or add another column."), name=name)
    if len(frame) > MAX_ROWS:
        notes.append(f"Kept a random {MAX_ROWS:,} of the {len(frame):,} rows so training stays "
                     "quick.")
        frame = frame.sample(MAX_ROWS, random_state=SAMPLE_SEED).sort_index()
    return Upload(frame=frame.reset_index(drop=True), notes=notes, name=name)


def _numbers_from_text(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Text columns whose every value is a number once decorations are removed, as numbers."""
    converted = []
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_numeric_dtype(values) or values.notna().sum() == 0:
            continue
        present = values.dropna().astype(str)
        cleaned = present.str.replace(_NUMBER_DECORATIONS, "", regex=True)
        cleaned = cleaned.replace({"": np.nan})
        numbers = pd.to_numeric(cleaned, errors="coerce")
        if numbers.notna().all():
            frame[column] = pd.to_numeric(
                values.astype("string").str.replace(_NUMBER_DECORATIONS, "", regex=True),
                errors="coerce").astype(float)
            converted.append(column)
    return frame, converted


def _list(columns: list[str], most: int = 5) -> str:
    shown = ", ".join(f"'{c}'" for c in columns[:most])
    return shown + (f" and {len(columns) - most} more" if len(columns) > most else "")


def default_choice(frame: pd.DataFrame) -> tuple[str, list[str]]:
    """A sensible first guess: predict the last numeric column from every other column."""
    numeric = numeric_columns(frame)
    target = str(numeric[-1] if numeric else frame.columns[-1])
    return target, [str(c) for c in frame.columns if c != target]


def check_choice(frame: pd.DataFrame, target: str | None, inputs: list[str],
                 missing: str = "drop") -> list[str]:
    """Reasons `target` cannot be learned from `inputs` in `frame` (empty when all is well).

    `missing` is the learner's blank-value choice: with "drop", rows with any blank in the
    chosen columns are lost, so that is what 'enough rows' is counted after.
    """
    problems = []
    if target is None or target not in frame.columns:
        return ["Choose the column to predict."]
    values = frame[target]
    if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        examples = ", ".join(f"'{v}'" for v in values.dropna().astype(str).unique()[:3])
        problems.append(
            f"The column to predict, '{target}', holds text ({examples}), but regression predicts "
            "a number. Choose a column of numbers to predict; to sort rows into categories "
            "instead, use the classification lessons.")
        return problems
    if values.notna().sum() == 0:
        problems.append(f"The column to predict, '{target}', is completely blank. Choose another.")
        return problems
    usable = [c for c in inputs if c in frame.columns and c != target]
    if not usable:  # text inputs are fine: nnviz.data.encoding turns them into 0/1 columns
        problems.append("Choose at least one input column to predict from.")
    if problems:
        return problems
    too_few = too_few_rows(frame, target, usable, missing)
    return [too_few] if too_few else []


def too_few_rows(frame: pd.DataFrame, target: str, inputs: list[str], missing: str) -> str | None:
    """Why too few rows survive the blank-value step (`missing` 'drop' or a filling), with a
    hint at the mostly blank inputs when dropping is what cost them; None when enough do."""
    rows = rows_left(frame, target, inputs, missing)
    if rows >= MIN_ROWS:
        return None
    blank_heavy = [c for c in inputs if frame[c].isna().mean() > 0.5]
    hint = (f" Most values of {_list(blank_heavy)} are blank: leave "
            f"{'them' if len(blank_heavy) > 1 else 'it'} out, or fill blanks instead of "
            "dropping rows." if blank_heavy and missing == "drop" else
            " Add more rows to the file.")
    return (f"Only {rows} usable row{'s' if rows != 1 else ''} left, and training needs at least "
            f"{MIN_ROWS} (some to learn from, some to check on).{hint}")


def target_hint(frame: pd.DataFrame, target: str) -> str | None:
    """A gentle note when a numeric target looks like categories (e.g. only 0 and 1)."""
    values = frame[target].dropna()
    distinct = values.nunique()
    if 2 <= distinct <= 10 and len(values) >= 5 * distinct and (values == values.round()).all():
        shown = ", ".join(f"{v:g}" for v in sorted(values.unique())[:10])
        return (f"'{target}' only takes {distinct} values ({shown}): that looks like categories "
                "rather than an amount. Regression will predict numbers in between; for "
                "choosing a category, the classification lessons fit better.")
    return None


def rows_left(frame: pd.DataFrame, target: str, inputs: list[str], missing: str) -> int:
    """Rows that survive the blank-value step: a blank target always drops the row."""
    has_target = frame[target].notna()
    if missing == "drop":
        return int((has_target & frame[inputs].notna().all(axis=1)).sum())
    return int(has_target.sum())
