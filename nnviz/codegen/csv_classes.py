"""The code behind a classifier trained on the learner's own CSV file.

    code = csv_code_settings(table, spec, config, "penguins.csv")   # table: class_csv.prepare
    csv_pytorch_script(code)   # reads penguins.csv, prepares it as the page did, trains, prints
    keras_script(code)         # nnviz.codegen's Keras twin works on the same snippet

The data snippet does with pandas and scikit-learn exactly what nnviz.data.class_csv did on
the page: drop the rows without a class (and, if chosen, the rows with a blank input), code
the class names with LabelEncoder, pick the training rows with the split the script makes
next (train_test_split on the same row count, codes and SEED picks the same rows), and fit the
same ColumnTransformer on those rows: numbers (median for blanks, then the page's scaler),
text one-hot encoded with the same rare-value grouping. nnviz.codegen writes the rest (the
network, the seeded loop), so the script prints the page's validation accuracy. Text only.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pandas as pd

from nnviz.codegen import CodeSettings, pytorch_script
from nnviz.data import csv_upload

SCALERS = {"standardize": "StandardScaler", "minmax": "MinMaxScaler"}  # scikit-learn, by name


@dataclass(frozen=True)
class ReadSettings:
    """How the page read the file, so the script reads the same table from it."""

    sep: str = ","
    decimal: str = "."
    numbers_from_text: tuple[str, ...] = ()  # columns whose "$1,200" / "12 %" became numbers
    sampled: bool = False  # more than csv_upload.MAX_ROWS rows: the page kept a seeded sample


def read_settings(data: bytes | None, upload: csv_upload.Upload | None = None) -> ReadSettings:
    """What csv_upload.read_csv_bytes did to these bytes (`upload`, read again when not
    given), in settings the script can repeat.

    Falls back to a plain comma-separated read when the bytes are not a readable table (the
    page does not train on those anyway).
    """
    try:
        # csv_upload's own decoding and separator sniffing (private there; see the report).
        text = csv_upload._decode(data or b"")
        if text is None:
            return ReadSettings()
        sep = csv_upload._delimiter(text)
        decimal = "," if sep == ";" else "."
        raw = pd.read_csv(io.StringIO(text), sep=sep, skipinitialspace=True, decimal=decimal)
        raw.columns = [str(c).strip() for c in raw.columns]
        upload = upload or csv_upload.read_csv_bytes("file.csv", data)
        converted = ()
        if upload.ok:
            converted = tuple(
                c for c in upload.frame.columns if c in raw.columns
                and pd.api.types.is_numeric_dtype(upload.frame[c])
                and not pd.api.types.is_numeric_dtype(raw[c]))
        return ReadSettings(sep, decimal, converted, len(raw) > csv_upload.MAX_ROWS)
    except Exception:  # noqa: BLE001 - a learner's file must never crash the page
        return ReadSettings()


def read_lines(csv_name: str, read: ReadSettings) -> list[str]:
    """The lines that read the learner's file into `table` as the page read it."""
    options = "skipinitialspace=True"
    if read.sep != ",":
        options = f"sep={read.sep!r}, decimal={read.decimal!r}, " + options
    lines = [
        f"CSV_PATH = {csv_name!r}  # your file: keep it next to this script",
        f"table = pd.read_csv(CSV_PATH, {options})",
        "table.columns = [str(c).strip() for c in table.columns]",
    ]
    if read.numbers_from_text:
        listed = ", ".join(repr(c) for c in read.numbers_from_text)
        decorations = csv_upload._NUMBER_DECORATIONS
        lines += [
            "# Numbers written with currency signs, thousands separators or % become numbers.",
            f"for column in [{listed}]:",
            "    table[column] = pd.to_numeric(table[column].astype('string').str.replace(",
            f"        {decorations!r}, '', regex=True), errors='coerce').astype(float)",
        ]
    lines.append("table = table.replace([np.inf, -np.inf], np.nan)")
    if read.sampled:
        lines.append(f"table = table.sample({csv_upload.MAX_ROWS}, "
                     f"random_state={csv_upload.SAMPLE_SEED}).sort_index()  # as the page did")
    return lines


def _encoder_lines(table) -> list[str]:
    fill = table.missing == "fill"
    return encoder_lines(table.numbers, table.texts, fill, fill, table.normalization,
                         table.min_frequency, table.max_categories)


def encoder_lines(numbers, texts, fill_numbers: bool, fill_text: bool, normalization: str,
                  min_frequency: int, max_categories: int) -> list[str]:
    """The lines that define `prepare`: nnviz.data.encoding.make_encoder's ColumnTransformer
    with the page's scaler on the number columns (NUMBERS and TEXT name the columns)."""
    lines, parts = [], []
    if numbers:
        steps = []
        if fill_numbers:
            steps.append('    ("fill", SimpleImputer(strategy="median")),  # blank -> median')
        if normalization in SCALERS:
            steps.append(f'    ("scale", {SCALERS[normalization]}()),')
        if steps:
            lines += ["numbers = Pipeline([", *steps, "])"]
            parts.append('("numbers", numbers, NUMBERS)')
        else:
            parts.append('("numbers", "passthrough", NUMBERS)')
    if texts:
        lines.append("text = Pipeline([")
        if fill_text:
            lines.append('    ("fill", SimpleImputer(strategy="most_frequent")),  '
                         "# blank -> most frequent value")
        lines += [
            f"    # One 0/1 column per value; values in fewer than {min_frequency} "
            "training rows share one",
            f"    # 'other' column (at most {max_categories} columns per text column).",
            f'    ("onehot", OneHotEncoder(min_frequency={min_frequency}, '
            f"max_categories={max_categories},",
            '                             handle_unknown="infrequent_if_exist", '
            "sparse_output=False)),",
            "])",
        ]
        parts.append('("text", text, TEXT)')
    return [*lines, f"prepare = ColumnTransformer([{', '.join(parts)}], sparse_threshold=0.0)"]


def csv_data_code(table, csv_name: str, read: ReadSettings | None = None) -> str:
    """The snippet that defines X (the encoded, scaled inputs) and y (class codes) from the
    CSV file, for nnviz.codegen's scripts; `table` is a prepared class_csv.ClassTable."""
    read = read or ReadSettings()
    numeric_class = table.frame is not None and pd.api.types.is_numeric_dtype(
        table.frame[table.target]) and not pd.api.types.is_bool_dtype(table.frame[table.target])
    imports = ["import pandas as pd", "from sklearn.compose import ColumnTransformer"]
    if table.missing == "fill":
        imports.append("from sklearn.impute import SimpleImputer")
    imports += ["from sklearn.model_selection import train_test_split",
                "from sklearn.pipeline import Pipeline"]
    preprocessing = ["LabelEncoder"]
    if table.texts:
        preprocessing.append("OneHotEncoder")
    if table.numbers and table.normalization in SCALERS:
        preprocessing.append(SCALERS[table.normalization])
    imports.append(f"from sklearn.preprocessing import {', '.join(sorted(preprocessing))}")
    names = ("table[CLASS].map(lambda v: str(int(v)) if float(v).is_integer() else str(v))"
             if numeric_class else "table[CLASS].astype(str)")
    drop = ["table = table.dropna(subset=[CLASS])  # a row without a class teaches nothing"]
    if table.missing == "drop":
        drop.append("table = table.dropna(subset=NUMBERS + TEXT)  # drop rows with a blank input")
    stratify = ", stratify=y" if table.rows.stratified else ""
    if table.val_fraction > 0:
        train_rows = [
            "# The training rows: the same rows the split below keeps for training.",
            f"train_rows = train_test_split(np.arange(len(y)), test_size={table.val_fraction!r}, "
            f"random_state=SEED{stratify})[0]",
        ]
    else:
        train_rows = ["train_rows = np.arange(len(y))  # no validation rows"]
    return "\n".join([
        *imports,
        "",
        f"CLASS = {table.target!r}  # the column to predict",
        "# Number columns go in as numbers (scaled as on the page), text columns one-hot.",
        f"NUMBERS = {list(table.numbers)!r}",
        f"TEXT = {list(table.texts)!r}",
        "",
        *read_lines(csv_name, read),
        *drop,
        "table = table.reset_index(drop=True)",
        "",
        "# Class names become codes 0, 1, ...: LabelEncoder sorts the names.",
        f"labels = LabelEncoder().fit({names})",
        f"y = labels.transform({names})",
        'print("classes (code = position):", list(labels.classes_))',
        "",
        *train_rows,
        "",
        "# Learned from the training rows only: medians, values per text column, scaling.",
        *_encoder_lines(table),
        "prepare.fit(table.iloc[train_rows][NUMBERS + TEXT])",
        "X = prepare.transform(table[NUMBERS + TEXT])",
    ])


def csv_code_settings(table, spec, config, csv_name: str, read: ReadSettings | None = None,
                      stem: str = "nnviz_csv") -> CodeSettings:
    """nnviz.codegen's settings for a network trained on the prepared `table`; the scaling
    happens inside the snippet's ColumnTransformer, so codegen's own normalization is off.

    The script splits with the training seed, so the table must have been prepared with the
    same seed (`class_csv.prepare(..., seed=config.seed)`) for it to pick the page's rows.
    """
    if int(table.seed) != int(config.seed):
        raise ValueError(f"The table was split with seed {table.seed} but the network trains "
                         f"with seed {config.seed}: prepare the table with the training seed.")
    return CodeSettings(spec, config, csv_data_code(table, csv_name, read), normalization="none",
                        val_fraction=float(table.val_fraction), stratify=table.rows.stratified,
                        stem=stem)


def csv_pytorch_script(code: CodeSettings) -> str:
    """nnviz.codegen's PyTorch script for `code`, ending with the validation accuracy."""
    return pytorch_script(code) + "\n".join([
        'print(f"validation accuracy {val_metric:.4f}")',
        "",
    ])
