"""The code behind a regression network trained on the learner's own CSV file.

    code = csv_regression_settings(choice, spec, config, "flats.csv", read)
    csv_regression_script(code)   # reads flats.csv, prepares it as the page did, trains, prints
    keras_script(code)            # nnviz.codegen's Keras twin works on the same snippet

The snippet repeats the page's steps with pandas and scikit-learn: read the file as the page
did, drop the rows without a target, drop the rows with a blank (or fill blank numbers with
their column's mean / median over the table), pick the training rows with the split the
script makes next, and fit nnviz.data.encoding's ColumnTransformer on them, with the page's
scaler on the number columns. The target is standardized with the training rows' mean and
std, as the page trains. Text only: no torch, no streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass

from nnviz.codegen import CodeSettings, pytorch_script
from nnviz.codegen.csv_classes import SCALERS, ReadSettings, encoder_lines, read_lines
from nnviz.data.encoding import MAX_CATEGORIES, MIN_FREQUENCY


@dataclass(frozen=True)
class RegressionCsv:
    """What the page did to the file: the columns, the blanks choice, the split and scaling."""

    target: str
    numbers: tuple[str, ...]
    texts: tuple[str, ...]
    strategy: str  # 'drop' | 'mean' | 'median' (tabular.MISSING_STRATEGIES)
    val_fraction: float
    normalization: str
    min_frequency: int = MIN_FREQUENCY
    max_categories: int = MAX_CATEGORIES


def csv_regression_data_code(csv: RegressionCsv, csv_name: str,
                             read: ReadSettings | None = None) -> str:
    """The snippet that defines X (encoded, scaled inputs) and a standardized y from the file."""
    fill_text = csv.strategy != "drop" and bool(csv.texts)
    preprocessing = (["OneHotEncoder"] if csv.texts else []) + (
        [SCALERS[csv.normalization]] if csv.numbers and csv.normalization in SCALERS else [])
    imports = ["import pandas as pd", "from sklearn.compose import ColumnTransformer"]
    if fill_text:
        imports.append("from sklearn.impute import SimpleImputer")
    imports += ["from sklearn.model_selection import train_test_split",
                "from sklearn.pipeline import Pipeline"]
    if preprocessing:
        imports.append(f"from sklearn.preprocessing import {', '.join(sorted(preprocessing))}")
    blanks = ["table = table.dropna(subset=NUMBERS + TEXT)  # drop every row with a blank"]
    if csv.strategy != "drop":
        blanks = [f"# A blank number becomes its column's {csv.strategy} (text blanks: below).",
                  f"table[NUMBERS] = table[NUMBERS].fillna(table[NUMBERS].{csv.strategy}())"]
    return "\n".join([
        *imports,
        "",
        f"TARGET = {csv.target!r}  # the column to predict",
        "# Number columns go in as numbers (scaled as on the page), text columns one-hot.",
        f"NUMBERS = {list(csv.numbers)!r}",
        f"TEXT = {list(csv.texts)!r}",
        "",
        *read_lines(csv_name, read or ReadSettings()),
        "table = table.dropna(subset=[TARGET])  # no answer, nothing to learn",
        *blanks,
        "table = table.reset_index(drop=True)",
        "y = table[TARGET].to_numpy(dtype=float)",
        "",
        "# The training rows: the same rows the split below keeps for training.",
        f"train_rows = train_test_split(np.arange(len(y)), test_size={csv.val_fraction!r}, "
        "random_state=SEED)[0]",
        "",
        "# Learned from the training rows only: values per text column, scaling.",
        *encoder_lines(csv.numbers, csv.texts, False, fill_text, csv.normalization,
                       csv.min_frequency, csv.max_categories),
        "prepare.fit(table.iloc[train_rows][NUMBERS + TEXT])",
        "X = prepare.transform(table[NUMBERS + TEXT])",
        "",
        "# The network learns a standardized target, (value - mean) / std, using the training",
        "# rows' mean and std. Multiply an MAE by Y_STD to read it in the target's own units.",
        "Y_MEAN, Y_STD = y[train_rows].mean(), (y[train_rows].std() or 1.0)",
        "y = (y - Y_MEAN) / Y_STD",
    ])


def csv_regression_settings(csv: RegressionCsv, spec, config, csv_name: str,
                            read: ReadSettings | None = None) -> CodeSettings:
    """nnviz.codegen's settings: the scaling happens inside the snippet's ColumnTransformer,
    so codegen's own normalization is off."""
    return CodeSettings(spec, config, csv_regression_data_code(csv, csv_name, read),
                        normalization="none", val_fraction=float(csv.val_fraction),
                        stem="nnviz_regression")


def csv_regression_script(code: CodeSettings) -> str:
    """nnviz.codegen's PyTorch script for `code`, ending with the validation error in the
    target's own units (the page's "Validation mean absolute error")."""
    return pytorch_script(code) + "\n".join([
        'print(f"validation MAE {val_metric * Y_STD:.4f}")',
        "",
    ])
