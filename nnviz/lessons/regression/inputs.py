"""A regression table's chosen columns as the network's inputs, any kind of column.

The rows are split first, then nnviz.data.encoding is fitted on the training rows only
(numbers as they are, text one-hot, a text blank left by a filling choice gets the training
rows' most frequent value), then the number columns are normalized (0/1 columns stay 0/1).
A table of numbers only comes out exactly as nnviz.core.prep.prepare makes it.

    inputs = encode_inputs(cleaned.x, cleaned.y, 0.2, "standardize", seed=0, fill=False)
    inputs.prepared.split.x_train        # what the network trains on
    inputs.encoding.new_columns          # the 0/1 columns text became, and why
    inputs.example({"rooms": 3, "city": "York"})   # one new row, encoded (not normalized)

No torch and no streamlit here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from nnviz.core import prep
from nnviz.data.encoding import (
    NUMBER,
    TEXT,
    InputEncoding,
    InputField,
    column_kinds,
    fit_encoding,
    input_fields,
)


@dataclass(frozen=True)
class Inputs:
    """The encoded, split and normalized inputs, and what the encoding did."""

    prepared: prep.Prepared  # raw: encoded, before normalization; split: normalized
    encoding: InputEncoding  # fitted on the training rows
    train_rows: np.ndarray  # row numbers into the cleaned table
    val_rows: np.ndarray
    notes: tuple[str, ...] = ()

    @property
    def feature_names(self) -> tuple[str, ...]:
        return self.encoding.feature_names

    @property
    def kinds(self) -> dict[str, str]:
        return {**{c: NUMBER for c in self.encoding.numbers},
                **{c: TEXT for c in self.encoding.texts}}

    def fields(self, x: pd.DataFrame) -> list[InputField]:
        """The form for a new example: one field per chosen column, in the table's order."""
        kinds = self.kinds
        return input_fields(x.iloc[self.train_rows], {c: kinds[c] for c in x.columns})

    def example(self, values: dict) -> tuple[np.ndarray, list[str]]:
        """One new example {column: value} as the network's inputs before normalization, and
        notes on text values the training rows never had (or had too rarely)."""
        notes = [note for c, v in values.items() if (note := self.encoding.value_note(c, v))]
        return self.encoding.transform(pd.DataFrame([values]))[0], notes


def encode_inputs(x: pd.DataFrame, y, val_fraction: float, normalization: str, seed: int,
                  fill: bool) -> Inputs:
    """Split the rows of `x` (the chosen columns) and `y`, encode with what the training rows
    hold, normalize the number columns. `fill`: text blanks get the most frequent value
    (numbers are filled, or their rows dropped, before this step)."""
    y = np.asarray(y, dtype=float)
    kinds = column_kinds(x)
    numbers = [c for c, k in kinds.items() if k == NUMBER]
    texts = [c for c, k in kinds.items() if k == TEXT]
    # The split depends only on the row count and the seed: split the row numbers.
    rows = prep.split(np.arange(len(x)).reshape(-1, 1), y, val_fraction, seed)
    train, val = rows.x_train.ravel(), rows.x_val.ravel()
    encoding = fit_encoding(x.iloc[train], numbers, texts, fill=fill, fill_numbers=False)
    encoded = encoding.transform(x)
    raw = prep.Split(encoded[train], encoded[val], y[train], y[val])
    normalizer = prep.fit_normalizer(normalization, raw.x_train,
                                     columns=len(numbers) if texts else None)
    scaled = prep.Split(normalizer.transform(raw.x_train), normalizer.transform(raw.x_val),
                        raw.y_train, raw.y_val)
    return Inputs(prep.Prepared(scaled, raw, normalizer), encoding, train, val,
                  tuple(encoding.text_notes(x.iloc[train])))
