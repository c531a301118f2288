"""Tables for the regression lesson: where they come from and how they are cleaned, with pandas.

Two built-in datasets (generated houses, scikit-learn's diabetes patients), the missing-value
step (drop the rows or fill the blanks), and the summaries the page shows so every change to
the data is visible: per-column statistics and the value ranges before and after normalization.
No torch and no streamlit here: the page draws what these functions return.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from nnviz.core.formatting import dollars

HOUSES = "houses"
DIABETES = "diabetes"
UPLOAD = "upload"
SOURCES = (HOUSES, DIABETES, UPLOAD)
SOURCE_TITLES = {
    HOUSES: "Houses (generated, prices in dollars)",
    DIABETES: "Diabetes patients (scikit-learn, real measurements)",
    UPLOAD: "Your own CSV file",
}

HOUSE_ROWS = (50, 5000)  # fewest and most houses the generator offers
HOUSE_TARGET = "price"
# Inputs the generator leaves a few blanks in, so the missing-value step has work to do.
HOUSE_GAPPY = ("age_years", "distance_km", "school_rating")

MISSING_STRATEGIES = ("drop", "mean", "median")
MISSING_TITLES = {
    "drop": "Drop rows with a blank",
    "mean": "Fill blanks with the column's mean",
    "median": "Fill blanks with the column's median",
}


@dataclass(frozen=True)
class Table:
    """A dataset as the page sees it: a frame, the column to predict, and how to show it."""

    name: str
    frame: pd.DataFrame
    target: str
    unit: str = ""  # "$" formats as dollars; anything else is written after the number
    about: str = ""

    @property
    def inputs(self) -> list[str]:
        """Every column except the target, text ones too: the default choice of inputs."""
        return [str(c) for c in self.frame.columns if c != self.target]

    def format_target(self, value: float) -> str:
        return format_value(value, self.unit)


def format_value(value: float, unit: str = "") -> str:
    """A target value in its own units: $212,000 for prices, 151.2 points otherwise."""
    if unit == "$":  # prices and errors in whole dollars: cents would be false precision
        return dollars(None if value is None else float(np.round(value)))
    if value is None or not np.isfinite(value):
        return "—"
    text = f"{value:,.0f}" if abs(value) >= 1000 else f"{value:,.4g}"
    return f"{text} {unit}".strip()


def numeric_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])
            and not pd.api.types.is_bool_dtype(frame[c])]


# ---------------------------------------------------------------------------------------------
# The generated houses
# ---------------------------------------------------------------------------------------------

def house_price_rule(frame: pd.DataFrame) -> np.ndarray:
    """The price a house 'should' fetch before the market's noise, in dollars.

    Built to be learnable but not a straight sum, so a hidden layer has something to find:
    location multiplies everything (close to the centre is worth much more, fading with
    distance), and age costs value at first but very old houses regain some (period charm).
    """
    base = (30_000 + 150 * frame["size_sqft"] + 10_000 * frame["rooms"]
            + 12_000 * frame["bathrooms"] + 20_000 * frame["garage"]
            + 8_000 * frame["school_rating"])
    location = 0.7 + 0.9 * np.exp(-frame["distance_km"] / 5.0)
    age = frame["age_years"]
    age_factor = 1.0 - 0.006 * age + 0.00004 * age**2  # lowest at 75 years, 0.775
    return np.asarray(base * location * age_factor, dtype=float)


def make_houses(n: int = 500, seed: int = 0, noise: float = 0.08,
                missing_fraction: float = 0.03) -> pd.DataFrame:
    """`n` houses with realistic inputs and a price from `house_price_rule` times market noise.

    `noise` is the spread of the multiplicative noise (0.08: about 8% either way).
    `missing_fraction` of the values in HOUSE_GAPPY are blanked, as in real listings.
    The same arguments always give the same table.
    """
    n = int(n)
    if n < 1:
        raise ValueError("Ask for at least one house.")
    rng = np.random.default_rng(int(seed))
    size = np.clip(rng.normal(1600, 500, n), 450, 4500).round(-1)
    rooms = np.clip(np.round(size / 380 + rng.normal(0, 0.8, n)), 1, 10)
    bathrooms = np.clip(np.round(rooms / 2.5 + rng.normal(0, 0.5, n)), 1, 4)
    frame = pd.DataFrame({
        "rooms": rooms.astype(int),
        "bathrooms": bathrooms.astype(int),
        "size_sqft": size,
        "age_years": rng.integers(0, 101, n),
        "distance_km": np.clip(rng.gamma(2.0, 4.0, n), 0.3, 45).round(1),
        "garage": (rng.random(n) < 0.6).astype(int),
        "school_rating": rng.integers(1, 11, n),
    })
    market = np.exp(rng.normal(0.0, float(noise), n))
    frame[HOUSE_TARGET] = (house_price_rule(frame) * market).round(-3)
    frame = frame.astype({c: float for c in HOUSE_GAPPY})  # a blank needs a float column
    if missing_fraction > 0:
        for column in HOUSE_GAPPY:
            blank = rng.random(n) < float(missing_fraction)
            frame.loc[blank, column] = np.nan
    return frame


def houses_table(n: int = 500, seed: int = 0) -> Table:
    return Table(
        name=HOUSES, frame=make_houses(n, seed), target=HOUSE_TARGET, unit="$",
        about="Generated houses: rooms, bathrooms, size, age, distance to the centre, a garage "
              "and the local school's rating, with a price that depends on them (not in a "
              "straight line) plus some market noise. A few listings have blanks.",
    )


# ---------------------------------------------------------------------------------------------
# scikit-learn's diabetes patients
# ---------------------------------------------------------------------------------------------

# scikit-learn's short names, spelled out (its DESCR describes s1..s6 this way).
DIABETES_NAMES = {
    "bmi": "body_mass_index", "bp": "blood_pressure", "s1": "total_cholesterol",
    "s2": "ldl", "s3": "hdl", "s4": "cholesterol_hdl_ratio", "s5": "log_triglycerides",
    "s6": "blood_sugar", "target": "progression",
}


def load_diabetes_frame() -> pd.DataFrame:
    """442 patients in their original units (not scikit-learn's pre-scaled version)."""
    from sklearn.datasets import load_diabetes

    frame = load_diabetes(scaled=False, as_frame=True).frame
    return frame.rename(columns=DIABETES_NAMES)


def diabetes_table() -> Table:
    return Table(
        name=DIABETES, frame=load_diabetes_frame(), target="progression", unit="points",
        about="442 diabetes patients: age, sex (1 or 2), body mass index, blood pressure and six "
              "blood measurements. The target is a score of how far the disease progressed "
              "one year later (25 to 346 points).",
    )


# ---------------------------------------------------------------------------------------------
# Missing values
# ---------------------------------------------------------------------------------------------

@dataclass
class MissingReport:
    """What the missing-value step did, in numbers the page can print."""

    strategy: str
    rows_before: int
    rows_after: int
    blanks_per_column: dict[str, int] = field(default_factory=dict)  # before the step
    fill_values: dict[str, float] = field(default_factory=dict)  # only when filling
    # Filling: text columns' blanks, left for the encoder (their most frequent value is
    # learned from the training rows, after the split).
    text_blanks: list[str] = field(default_factory=list)

    @property
    def rows_dropped(self) -> int:
        return self.rows_before - self.rows_after

    @property
    def total_blanks(self) -> int:
        return int(sum(self.blanks_per_column.values()))

    def sentence(self) -> str:
        if self.total_blanks == 0:
            return "No blanks in the chosen columns: nothing to do."
        blanks = f"{self.total_blanks:,} blank value{'s' if self.total_blanks != 1 else ''}"
        if self.strategy == "drop":
            return (f"{blanks}; dropping the rows that have one removed {self.rows_dropped:,} of "
                    f"{self.rows_before:,} rows, leaving {self.rows_after:,}.")
        text = ""
        if self.text_blanks:
            listed = ", ".join(f"'{c}'" for c in self.text_blanks)
            text = (f" Text has no {self.strategy}: the blanks of {listed} get the most frequent "
                    "value of the training rows instead.")
        return (f"{blanks}, each filled with its column's {self.strategy}; all "
                f"{self.rows_after:,} rows kept.{text}")


def handle_missing(frame: pd.DataFrame, strategy: str,
                   columns: list[str] | None = None) -> tuple[pd.DataFrame, MissingReport]:
    """Keep `columns` (all by default) and deal with their blanks the way `strategy` says.

    drop:   remove every row with a blank in any of those columns.
    mean / median: replace each blank with its column's mean / median over the rows present;
                   text columns keep their blanks (`report.text_blanks`) for the encoder.
    A row whose *target* is blank cannot teach anything, so callers that fill should drop
    those rows first (`drop_blank_target`).
    """
    if strategy not in MISSING_STRATEGIES:
        raise ValueError(f"Unknown strategy {strategy!r}: use one of {MISSING_STRATEGIES}.")
    columns = list(frame.columns) if columns is None else list(columns)
    data = frame[columns]
    blanks = {c: int(n) for c, n in data.isna().sum().items() if n}
    report = MissingReport(strategy, len(data), len(data), blanks)
    if strategy == "drop":
        data = data.dropna()
    else:
        numbers = data[[c for c in numeric_columns(data) if c in blanks]]
        values = numbers.mean() if strategy == "mean" else numbers.median()
        data = data.fillna(values)
        report.text_blanks = [c for c in blanks if c not in values.index]
        report.fill_values = {c: float(v) for c, v in values.items()}
    report.rows_after = len(data)
    return data.reset_index(drop=True), report


def drop_blank_target(frame: pd.DataFrame, target: str) -> tuple[pd.DataFrame, int]:
    """Rows whose target is blank, removed (there is no answer to learn from); and how many."""
    keep = frame[target].notna()
    return frame[keep].reset_index(drop=True), int((~keep).sum())


@dataclass
class Cleaned:
    """The rows and columns that go into training, and what was done to get them."""

    x: pd.DataFrame  # the chosen inputs; blanks only in text columns, when filling
    y: pd.Series  # the target, no blanks
    report: MissingReport
    blank_targets: int  # rows dropped first because their target was blank
    left_out: dict[str, str]  # column -> why it is not an input


def clean_for_training(frame: pd.DataFrame, target: str, inputs: list[str],
                       strategy: str) -> Cleaned:
    """Keep `inputs` and `target`; drop rows without a target; then drop or fill other blanks.

    Callers check the choice first (csv_upload.check_choice). Text inputs stay text: the
    split and nnviz.data.encoding make them numbers (lessons.regression.inputs).
    """
    inputs = [c for c in inputs if c != target]
    left_out = {str(c): "not chosen as an input"
                for c in frame.columns if c != target and c not in inputs}
    with_target, blank_targets = drop_blank_target(frame[[*inputs, target]], target)
    data, report = handle_missing(with_target, strategy)
    report.rows_before += blank_targets  # the learner sees one count from the original table
    return Cleaned(data[inputs], data[target], report, blank_targets, left_out)


# ---------------------------------------------------------------------------------------------
# Summaries
# ---------------------------------------------------------------------------------------------

def column_summary(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per column: its kind, how many values are present or blank, and its statistics.

    Text columns get blanks for the statistics: they cannot be averaged.
    """
    rows = []
    for column in frame.columns:
        values = frame[column]
        numeric = column in numeric_columns(frame)
        row = {
            "column": str(column),
            "kind": "number" if numeric else "text",
            "present": int(values.notna().sum()),
            "blank": int(values.isna().sum()),
            "distinct": int(values.nunique()),
        }
        stats = ("mean", "std", "min", "max")
        for stat in stats:
            row[stat] = float(getattr(values, stat)()) if numeric and row["present"] else np.nan
        rows.append(row)
    columns = ["column", "kind", "present", "blank", "distinct", "mean", "std", "min", "max"]
    return pd.DataFrame(rows, columns=columns)


def value_ranges(values: np.ndarray | pd.DataFrame, columns: list[str] | None = None,
                 stage: str = "") -> pd.DataFrame:
    """Each column's min, mean and max (long format: one row per column), tagged with `stage`."""
    frame = pd.DataFrame(values, columns=columns) if not isinstance(values, pd.DataFrame) \
        else values
    return pd.DataFrame({
        "column": [str(c) for c in frame.columns],
        "stage": stage,
        "min": frame.min().to_numpy(dtype=float),
        "mean": frame.mean().to_numpy(dtype=float),
        "max": frame.max().to_numpy(dtype=float),
    })


def range_comparison(before: np.ndarray, after: np.ndarray, columns: list[str]) -> pd.DataFrame:
    """Ranges before and after normalization, stacked, for the side-by-side picture."""
    return pd.concat([value_ranges(before, columns, "before"),
                      value_ranges(after, columns, "after")], ignore_index=True)


def range_table(before: np.ndarray, after: np.ndarray, columns: list[str]) -> pd.DataFrame:
    """The same comparison as a compact table: one row per column, 'from .. to' before/after."""
    b = value_ranges(before, columns)
    a = value_ranges(after, columns)
    return pd.DataFrame({
        "column": b["column"],
        "min before": b["min"], "max before": b["max"],
        "min after": a["min"], "max after": a["max"],
    })


def pandas_steps_code(source: str, strategy: str, target: str, inputs: list[str]) -> str:
    """The pandas lines that do what the page just did, for the learner to reuse."""
    load = {
        HOUSES: "df = pd.read_csv('houses.csv')  # the generated houses, downloadable above",
        DIABETES: "from sklearn.datasets import load_diabetes\n"
                  "df = load_diabetes(scaled=False, as_frame=True).frame",
        UPLOAD: "df = pd.read_csv('your_file.csv')",
    }.get(source, "df = pd.read_csv('data.csv')")
    columns = ", ".join(repr(str(c)) for c in [*inputs, target])
    fix = {
        "drop": "df = df.dropna()  # drop every row that has a blank",
        "mean": "df = df.fillna(df.mean(numeric_only=True))  # a blank number: its column's "
                "mean",
        "median": "df = df.fillna(df.median(numeric_only=True))  # a blank number: its "
                  "column's median",
    }[strategy]
    return "\n".join([
        "import pandas as pd", "", load,
        "df.head()  # the first rows", "df.describe()  # count, mean, std, min, max per column",
        "df.isna().sum()  # blanks per column", "",
        f"df = df[[{columns}]]  # keep the chosen columns",
        f"df = df.dropna(subset=[{str(target)!r}])  # no answer, nothing to learn", fix,
    ])


# ---------------------------------------------------------------------------------------------
# The same table outside the app
# ---------------------------------------------------------------------------------------------

CODE_CSV_NAME = "nnviz_regression_data.csv"


def cleaned_csv(cleaned: Cleaned) -> bytes:
    """The cleaned inputs and target as a CSV file (what the generated script reads)."""
    return cleaned.x.assign(**{cleaned.y.name: cleaned.y}).to_csv(index=False).encode()


def regression_data_code(inputs: list[str], target: str, val_fraction: float,
                         csv_name: str = CODE_CSV_NAME) -> str:
    """A snippet for nnviz.codegen that defines X and a standardized y, as the page trains.

    The target's mean and std come from the training rows of the split the script makes next
    (train_test_split with the same share and SEED picks the same rows from y alone).
    """
    columns = ", ".join(repr(str(c)) for c in inputs)
    return "\n".join([
        "import pandas as pd",
        "from sklearn.model_selection import train_test_split",
        "",
        "# The table the page trained on, blanks already handled: save it next to this script.",
        f"table = pd.read_csv({csv_name!r})",
        f"X = table[[{columns}]].to_numpy(dtype=float)",
        f"y = table[{str(target)!r}].to_numpy(dtype=float)",
        "",
        "# The network learns a standardized target, (value - mean) / std, using the training",
        "# rows' mean and std. Multiply an MAE by Y_STD to read it in the target's own units.",
        f"y_train_rows = train_test_split(y, test_size={float(val_fraction)!r}, "
        "random_state=SEED)[0]",
        "Y_MEAN, Y_STD = y_train_rows.mean(), (y_train_rows.std() or 1.0)",
        "y = (y - Y_MEAN) / Y_STD",
    ])
