"""Turning a table's input columns into the numbers a network takes, with scikit-learn's pieces.

Numbers stay as they are; text (and true/false) columns are one-hot encoded by OneHotEncoder,
one new 0/1 column per value, values seen in fewer than `min_frequency` rows grouped into one
"other" column (and at most `max_categories` columns per text column). The two sit side by
side in a ColumnTransformer, so an exported script can use the very same pieces. Blanks are
either gone already or filled by SimpleImputer (a number column's median, a text column's most
frequent value). Both the classifier pages (nnviz.data.class_csv) and Regression use this.

    encoding = fit_encoding(train_rows, ["rooms"], ["city"])
    x = encoding.transform(rows)          # float64, columns encoding.feature_names
    encoding.new_columns                  # which 0/1 column came from which text column, why

No torch and no streamlit here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder

from nnviz.data.tabular import numeric_columns

MIN_FREQUENCY = 5  # a text value seen in fewer fitting rows than this joins "other"
MAX_CATEGORIES = 10  # new columns per text column at most, "other" included
OTHER = "other"
NUMBER, TEXT = "number", "text"
NEW_COLUMNS = ["from column", "new column", "values", "training rows", "why"]


def column_kinds(frame: pd.DataFrame, columns: list[str] | None = None) -> dict[str, str]:
    """'number' or 'text' for each column: true/false and text columns are one-hot encoded."""
    numeric = set(numeric_columns(frame))
    columns = list(frame.columns) if columns is None else columns
    return {str(c): NUMBER if c in numeric else TEXT for c in columns}


def looks_like_an_id(values: pd.Series) -> bool:
    """A text column with a different value in most rows: a name or an ID, nothing general."""
    present = values.dropna()
    distinct = present.nunique()
    return distinct > MAX_CATEGORIES and distinct > 0.5 * max(len(present), 1)


def like_columns(rows: pd.DataFrame, like: pd.DataFrame) -> pd.DataFrame:
    """`rows` with `like`'s columns and dtypes, so an encoder fitted on `like` takes them."""
    out, numeric = pd.DataFrame(index=rows.index), set(numeric_columns(like))
    for column in like.columns:
        values = rows[column] if column in rows else pd.Series(np.nan, index=rows.index)
        if column in numeric:
            out[column] = pd.to_numeric(values, errors="coerce").astype(float)
        else:
            out[column] = values.astype(object)
    return out


def make_encoder(numbers: list[str], texts: list[str], fill: bool,
                 min_frequency: int = MIN_FREQUENCY,
                 max_categories: int = MAX_CATEGORIES,
                 fill_numbers: bool | None = None) -> ColumnTransformer:
    """The scikit-learn preprocessing, unfitted: numbers first (blanks -> median when filling),
    then each text column's one-hot columns (blanks -> most frequent value when filling).
    `fill_numbers` False leaves the numbers alone (Regression fills them before the split)."""
    parts = []
    fill_numbers = fill if fill_numbers is None else fill_numbers
    if numbers:
        parts.append(("numbers", SimpleImputer(strategy="median") if fill_numbers
                      else "passthrough", numbers))
    if texts:
        onehot = OneHotEncoder(min_frequency=int(min_frequency), max_categories=int(max_categories),
                               handle_unknown="infrequent_if_exist", sparse_output=False)
        steps = [("fill", SimpleImputer(strategy="most_frequent"))] if fill else []
        parts.append(("text", Pipeline([*steps, ("onehot", onehot)]), texts))
    return ColumnTransformer(parts, sparse_threshold=0.0)


@dataclass
class InputField:
    """One input of "predict a new example": its kind and what the form can offer."""

    column: str
    kind: str  # 'number' | 'text'
    default: object  # the training rows' median / most frequent value
    options: list = field(default_factory=list)  # text: the values seen in training
    lo: float | None = None  # numbers: the training rows' range
    hi: float | None = None


def input_fields(train: pd.DataFrame, kinds: dict[str, str]) -> list[InputField]:
    """The form for a new example, one field per input column, from the training rows."""
    fields = []
    for column, kind in kinds.items():
        values = train[column].dropna()
        if kind == NUMBER:
            fields.append(InputField(column, NUMBER, float(values.median()),
                                     lo=float(values.min()), hi=float(values.max())))
        else:
            options = sorted(values.unique().tolist(), key=str)
            common = values.value_counts().index[0] if len(values) else None
            fields.append(InputField(column, TEXT, common, options))
    return fields


@dataclass
class InputEncoding:
    """A fitted encoder and what it did: the network's input names, the table of 0/1 columns
    each text column became, and the rare values each text column's "other" column groups."""

    encoder: ColumnTransformer
    numbers: list[str]
    texts: list[str]
    like: pd.DataFrame  # a row of the fitted table: the columns and dtypes transform expects
    feature_names: tuple[str, ...] = ()
    new_columns: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=NEW_COLUMNS))
    grouped: dict[str, list] = field(default_factory=dict)

    def transform(self, rows: pd.DataFrame) -> np.ndarray:
        """The network's inputs (before normalization) for `rows` of the uploaded columns."""
        return np.asarray(self.encoder.transform(like_columns(rows, self.like)),
                          dtype=np.float64)

    def fill_values(self, blanks: dict[str, int]) -> dict:
        """The value each blank column's blanks were filled with (a filling encoder only)."""
        values = {}
        numbers = self.encoder.named_transformers_["numbers"] if self.numbers else None
        if hasattr(numbers, "statistics_"):  # not when the numbers pass through as they are
            values.update(zip(self.numbers, numbers.statistics_, strict=True))
        steps = self.encoder.named_transformers_["text"].named_steps if self.texts else {}
        if "fill" in steps:
            values.update(zip(self.texts, steps["fill"].statistics_, strict=True))
        return {c: (float(v) if c in self.numbers else v) for c, v in values.items()
                if c in blanks}

    def value_note(self, column: str, value) -> str | None:
        """What a new example's text `value` becomes when it is unseen or rare; else None."""
        if column not in self.texts:
            return None
        onehot = self.encoder.named_transformers_["text"].named_steps["onehot"]
        seen = {str(v) for v in onehot.categories_[self.texts.index(column)]}
        if str(value) not in seen:
            goes = (f"'{OTHER}'" if self.grouped.get(column) else
                    "none of its values (every one of its 0/1 columns is 0)")
            return (f"'{value}' never appeared in '{column}' in the training rows: it counts as "
                    f"{goes}.")
        if str(value) in {str(v) for v in self.grouped.get(column, [])}:
            return f"'{value}' is rare in '{column}': it counts as '{OTHER}'."
        return None

    def text_notes(self, rows: pd.DataFrame) -> list[str]:
        """Plain notes on the text columns of the fitting `rows`: what they became, and which
        look like names or IDs."""
        if not self.texts:
            return []
        n_new, many = len(self.new_columns), len(self.texts) > 1
        notes = [f"{_listed(self.texts)} {'hold' if many else 'holds'} text, and a network only "
                 f"takes numbers: each became one 0/1 column per value ({n_new} new column"
                 f"{'s' if n_new != 1 else ''} in all), so the network has "
                 f"{len(self.feature_names)} inputs."]
        for column in self.texts:
            if looks_like_an_id(rows[column]):
                notes.append(
                    f"'{column}' has a different value in most rows ({rows[column].nunique()} "
                    f"values in {len(rows)} rows): it looks like a name or an ID, which tells the "
                    f"network nothing general. Most of its values are grouped as '{OTHER}'; "
                    "consider leaving it out.")
        return notes


def fit_encoding(rows: pd.DataFrame, numbers: list[str], texts: list[str], fill: bool = False,
                 min_frequency: int = MIN_FREQUENCY,
                 max_categories: int = MAX_CATEGORIES,
                 fill_numbers: bool | None = None) -> InputEncoding:
    """An encoder fitted on `rows` (the training rows), with the names and tables it made."""
    table = like_columns(rows, rows[[*numbers, *texts]])
    encoder = make_encoder(numbers, texts, fill, min_frequency, max_categories,
                           fill_numbers).fit(table)
    out = InputEncoding(encoder, list(numbers), list(texts), table.head(1))
    names, new_rows = list(numbers), []
    if texts:
        onehot = encoder.named_transformers_["text"].named_steps["onehot"]
        for column, categories, rare in zip(texts, onehot.categories_,
                                            onehot.infrequent_categories_, strict=True):
            rare = [] if rare is None else list(rare)
            counts = table[column].dropna().astype(str).value_counts()
            for value in [c for c in categories if not any(c == r for r in rare)]:
                names.append(f"{column}: {value}")
                new_rows.append({"from column": column, "new column": f"{column}: {value}",
                                 "values": str(value),
                                 "training rows": int(counts.get(str(value), 0)),
                                 "why": f"1 when '{column}' is '{value}', else 0"})
            if rare:
                out.grouped[column] = rare
                names.append(f"{column}: {OTHER}")
                why = (f"1 for the rare values of '{column}' (each in fewer than "
                       f"{min_frequency} training rows, or beyond the {max_categories} most "
                       "common), and for values never seen in training; else 0")
                new_rows.append({"from column": column, "new column": f"{column}: {OTHER}",
                                 "values": " | ".join(str(r) for r in rare),
                                 "training rows": int(sum(counts.get(str(r), 0) for r in rare)),
                                 "why": why})
    out.feature_names = tuple(names)
    out.new_columns = pd.DataFrame(new_rows, columns=NEW_COLUMNS)
    return out


def _listed(columns, most: int = 5) -> str:
    columns = [str(c) for c in columns]
    shown = ", ".join(f"'{c}'" for c in columns[:most])
    return shown + (f" and {len(columns) - most} more" if len(columns) > most else "")
