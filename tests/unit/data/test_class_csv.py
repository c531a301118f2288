"""A learner's CSV as a classification problem: the class column, the encodings (checked against
scikit-learn used directly), blanks both ways, the stratified split, one new example, and the
quality bar: nnviz's engine on the encoded split is as accurate as LogisticRegression."""

import numpy as np
import pandas as pd
import pytest
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import LabelEncoder, OneHotEncoder

from nnviz.core import labels
from nnviz.data import class_csv
from nnviz.data.class_csv import (
    MIN_FREQUENCY,
    check_choice,
    class_column_candidates,
    class_column_problem,
    pictures_problem,
    prepare,
)
from nnviz.data.csv_upload import MIN_ROWS, read_csv_bytes

SPECIES = {  # centre of (bill length, bill depth, flipper length, body mass) per species
    "Adelie": (38.8, 18.3, 190.0, 3700.0),
    "Chinstrap": (48.8, 18.4, 196.0, 3730.0),
    "Gentoo": (47.5, 15.0, 217.0, 5070.0),
}
SPREAD = (2.6, 1.1, 6.5, 450.0)
INPUTS = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g", "island",
          "sex"]


def species_table(n=360, seed=0, blanks=0.04, shares=(0.45, 0.2, 0.35), spread=1.0):
    """Penguin-like rows: a species from four measurements, an island (text, one value rare,
    Gentoo only on Biscoe), a sex (text) and a few blanks everywhere but the species."""
    rng = np.random.default_rng(seed)
    species = rng.choice(list(SPECIES), n, p=list(shares))
    centres = np.array([SPECIES[s] for s in species])
    measured = centres + rng.normal(size=(n, 4)) * np.array(SPREAD) * spread
    island = np.where(species == "Gentoo", "Biscoe",
                      rng.choice(["Dream", "Torgersen", "Biscoe"], n, p=[0.5, 0.3, 0.2]))
    island[rng.choice(n, 3, replace=False)] = "Anvers"  # a rare island
    frame = pd.DataFrame(measured.round(1), columns=INPUTS[:4])
    frame["island"] = island
    frame["sex"] = rng.choice(["female", "male"], n)
    frame["species"] = species
    for column in [*INPUTS]:
        frame.loc[rng.random(n) < blanks, column] = np.nan
    return frame


def uploaded(frame, tmp_path, name="penguins.csv"):
    """The frame as the page has it: written as a CSV file, then read by csv_upload."""
    path = tmp_path / name
    frame.to_csv(path, index=False)
    upload = read_csv_bytes(name, path.read_bytes())
    assert upload.ok, upload.problem
    return upload.frame


@pytest.fixture(scope="module")
def penguins(tmp_path_factory):
    return uploaded(species_table(), tmp_path_factory.mktemp("csv"))


# ---- the class column ----------------------------------------------------------------------

def test_class_candidates_count_distinct_values_of_any_kind():
    rng = np.random.default_rng(1)
    frame = pd.DataFrame({
        "amount": rng.normal(size=80),  # 80 values: not a class
        "thirty": np.arange(80) % 30,  # numbers, 30 classes: the most a multi-class takes
        "thirty_one": np.arange(80) % 31,
        "yes_no": rng.choice(["yes", "no"], 80),
        "flag": np.arange(80) % 2,
        "same": "x",
        "kind": rng.choice(["a", "b", "c"], 80),
    })
    frame.loc[:5, "yes_no"] = np.nan  # blanks are not a class
    assert class_column_candidates(frame, "binary") == ["yes_no", "flag"]
    assert class_column_candidates(frame, "multiclass") == ["thirty", "yes_no", "flag", "kind"]
    assert class_csv.default_class_column(frame, "multiclass") == "kind"  # text preferred
    assert class_csv.default_class_column(frame[["amount", "flag"]], "binary") == "flag"


def test_every_unusable_class_column_says_why():
    rng = np.random.default_rng(2)
    n = 100
    frame = pd.DataFrame({
        "price": rng.normal(200, 30, n), "name": [f"bird {i}" for i in range(n)],
        "same": ["gull"] * n, "blank": np.nan, "kind": rng.choice(["a", "b", "c"], n),
        "rare": ["common"] * (n - 3) + ["rare"] * 3,
    })
    one = class_column_problem(frame, "same", "multiclass")
    assert "same value ('gull') in every row" in one
    amount = class_column_problem(frame, "price", "multiclass")
    assert "100 different values" in amount and "Regression" in amount
    ident = class_column_problem(frame, "name", "multiclass")
    assert "at most 30 classes" in ident and "name or an ID" in ident
    binary = class_column_problem(frame, "kind", "binary")
    assert "3 classes" in binary and "multi-class lesson" in binary
    assert "completely blank" in class_column_problem(frame, "blank", "multiclass")
    assert "Choose the column" in class_column_problem(frame, None, "binary")
    assert "Choose the column" in class_column_problem(frame, "nope", "binary")
    rare = class_column_problem(frame, "rare", "binary", val_fraction=0.2)
    assert "'rare' (3 rows)" in rare and "at least 5 rows" in rare
    assert "validation" in rare
    # A larger validation share needs fewer rows per class: 3 rows fit a 40 % share.
    assert class_column_problem(frame, "rare", "binary", val_fraction=0.4) is None
    assert class_column_problem(frame, "kind", "multiclass") is None
    assert class_csv.min_class_rows(0.2) == 5 and class_csv.min_class_rows(0.5) == 2
    many = pd.DataFrame({"kind": [f"k{i % 12}" for i in range(36)]})
    message = class_column_problem(many, "kind", "multiclass")
    assert "'k0' (3 rows)" in message and "and 7 more classes" in message


def test_choice_problems_for_inputs_and_rows():
    frame = species_table(60, seed=3, blanks=0.0)
    assert check_choice(frame, "species", [], "multiclass") == [
        "Choose at least one input column to predict the class from."]
    assert check_choice(frame, "species", ["species"], "multiclass")  # the class is no input
    gappy = frame.copy()
    gappy.loc[5:, "island"] = np.nan  # nearly every row has a blank island
    dropped = check_choice(gappy, "species", ["bill_length_mm", "island"], "multiclass", "drop")
    assert len(dropped) == 1 and f"least {MIN_ROWS}" in dropped[0]
    assert "'island' are blank" in dropped[0] or "'island'" in dropped[0]
    assert check_choice(gappy, "species", ["bill_length_mm", "island"], "multiclass",
                        "fill") == []
    filled = prepare(gappy, "species", ["bill_length_mm", "island"], "multiclass", "fill")
    assert filled.ok and any("Most values of 'island' are blank" in n for n in filled.notes)
    assert "Unknown blank-value choice" in check_choice(frame, "species", ["island"],
                                                        "multiclass", "guess")[0]
    table = prepare(gappy, "species", ["bill_length_mm", "island"], "multiclass", "drop")
    assert not table.ok and table.problems == dropped  # prepare says the same, never raises


def test_prepare_turns_a_late_problem_into_words_not_an_exception():
    frame = species_table(200, seed=4, blanks=0.0)
    # Blanks only in the rows of a class: dropping them leaves that class too small to split.
    frame.loc[frame.index[frame.species == "Chinstrap"][2:], "island"] = np.nan
    table = prepare(frame, "species", ["island", "bill_length_mm"], "multiclass", "drop")
    assert not table.ok and "'Chinstrap' (2 rows)" in table.problems[0]
    assert prepare(frame, "species", ["island"], "multiclass", normalization="log").problems


# ---- the labels ----------------------------------------------------------------------------

def test_class_codes_are_label_encoders_and_the_lessons(penguins):
    table = prepare(penguins, "species", INPUTS, "multiclass", "fill")
    assert table.ok, table.problems
    names = penguins["species"].dropna().astype(str).to_numpy()
    reference = LabelEncoder().fit(names)
    assert table.class_names == tuple(reference.classes_) == labels.classes_of(names)
    np.testing.assert_array_equal(table.codes, reference.transform(names))
    np.testing.assert_array_equal(table.codes, labels.encode(names, table.class_names))

    shown = table.label_table()
    assert list(shown["class name"]) == list(reference.classes_)
    assert list(shown["code"]) == [0, 1, 2]
    assert list(shown["rows"]) == [int((names == c).sum()) for c in reference.classes_]
    hot = shown[[f"is {c}" for c in reference.classes_]].to_numpy()
    np.testing.assert_array_equal(hot, np.eye(3, dtype=int))  # each class's one-hot target
    sample = table.encoded_rows(extra=3)
    assert set(sample["class name"]) == set(reference.classes_)
    np.testing.assert_array_equal(sample["code"], table.codes[sample["row"]])


def test_number_classes_are_named_as_written_and_binary_shows_no_one_hot():
    rng = np.random.default_rng(5)
    frame = pd.DataFrame({"x": rng.normal(size=100), "grade": rng.choice([1, 2], 100)})
    frame["grade"] = frame["grade"].astype(float)
    frame.loc[3, "grade"] = np.nan  # a blank makes the column float: 1.0, 2.0
    table = prepare(frame, "grade", ["x"], "binary")
    assert table.ok and table.class_names == ("1", "2") and table.blank_class_rows == 1
    assert list(table.label_table().columns) == ["class name", "code", "rows"]
    assert "without a class dropped" in table.missing_sentence()


# ---- the inputs ----------------------------------------------------------------------------

def test_one_hot_columns_are_scikit_learns_own(penguins):
    table = prepare(penguins, "species", INPUTS, "multiclass", "drop", normalization="none")
    assert table.ok, table.problems
    kept = penguins.dropna(subset=[*INPUTS, "species"]).reset_index(drop=True)
    assert len(table.X) == len(kept)
    train = kept.iloc[table.rows.train_rows]
    reference = OneHotEncoder(min_frequency=MIN_FREQUENCY, max_categories=class_csv.MAX_CATEGORIES,
                              handle_unknown="infrequent_if_exist", sparse_output=False)
    reference.fit(train[["island", "sex"]])
    numbers = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]
    expected = np.hstack([kept[numbers].to_numpy(float),
                          reference.transform(kept[["island", "sex"]])])
    np.testing.assert_array_equal(table.X, expected)
    np.testing.assert_array_equal(table.rows.x_train, expected[table.rows.train_rows])
    assert table.n_inputs == expected.shape[1] == len(table.feature_names)
    assert table.feature_names[:4] == tuple(numbers)
    assert "island: Biscoe" in table.feature_names and "sex: male" in table.feature_names
    assert table.kinds == {**dict.fromkeys(numbers, "number"), "island": "text", "sex": "text"}
    assert any("one 0/1 column per value" in note for note in table.notes)


def test_rare_categories_are_grouped_as_other(tmp_path):
    rng = np.random.default_rng(6)
    n = 300
    colour = rng.choice(["red", "green", "blue"], n)
    colour[:4] = "mauve"  # 4 rows: fewer than 5, even all in training
    colour[4:6] = "teal"
    frame = pd.DataFrame({"size": rng.normal(size=n), "colour": colour,
                          "kind": rng.choice(["a", "b"], n)})
    table = prepare(uploaded(frame, tmp_path), "kind", ["size", "colour"], "binary")
    assert table.ok
    new = table.new_columns
    assert list(new["new column"]) == ["colour: blue", "colour: green", "colour: red",
                                       "colour: other"]
    other = new.iloc[-1]
    train = frame.iloc[table.rows.train_rows]
    rare_in_training = sorted(set(train.colour[train.colour.isin(["mauve", "teal"])]))
    assert other["values"].split(" | ") == rare_in_training
    assert table.grouped == {"colour": rare_in_training}
    example = table.encode_example({"size": 0.1, "colour": rare_in_training[0]})
    assert example.ok and example.encoded["colour: other"].iloc[0] == 1.0
    assert f"'{rare_in_training[0]}' is rare in 'colour'" in example.notes[0]
    assert other["training rows"] == int(train.colour.isin(["mauve", "teal"]).sum())
    counts = train.colour.value_counts()
    for _, row in new.iloc[:-1].iterrows():
        assert row["training rows"] == counts[row["values"]] >= MIN_FREQUENCY
    is_rare = frame.colour.isin(["mauve", "teal"]).to_numpy()
    np.testing.assert_array_equal(table.X[:, -1], is_rare.astype(float))
    # max_categories caps the columns a text column becomes, "other" included.
    capped = prepare(frame, "kind", ["colour"], "binary", max_categories=3)
    assert list(capped.new_columns["new column"])[-1] == "colour: other"
    assert len(capped.new_columns) == 3


def test_blanks_dropped(penguins):
    table = prepare(penguins, "species", INPUTS, "multiclass", "drop")
    report = table.report
    with_class = penguins.dropna(subset=["species"])
    assert table.blank_class_rows == len(penguins) - len(with_class)
    assert report.rows_before == len(penguins)
    assert report.rows_after == len(with_class.dropna(subset=INPUTS)) == len(table.X)
    assert report.blanks_per_column == {c: int(n) for c, n in
                                        with_class[INPUTS].isna().sum().items() if n}
    sentence = table.missing_sentence()
    dropped = len(with_class) - report.rows_after
    assert f"removed {dropped} of {len(with_class)} rows" in sentence


def test_blanks_filled_with_training_medians_and_most_frequent_values(penguins):
    table = prepare(penguins, "species", INPUTS, "multiclass", "fill", normalization="none")
    with_class = penguins.dropna(subset=["species"]).reset_index(drop=True)
    assert len(table.X) == len(with_class) and not np.isnan(table.X).any()
    train = with_class.iloc[table.rows.train_rows]
    numbers = INPUTS[:4]
    medians = SimpleImputer(strategy="median").fit(train[numbers]).statistics_
    common = SimpleImputer(strategy="most_frequent").fit(
        train[["island", "sex"]].astype(object)).statistics_
    expected = dict(zip(INPUTS, [*medians, *common], strict=True))
    assert table.report.fill_values == {c: expected[c] for c in table.report.blanks_per_column}
    blank = with_class["bill_length_mm"].isna().to_numpy()
    assert blank.any()
    np.testing.assert_allclose(table.X[blank, 0], expected["bill_length_mm"])
    sentence = table.missing_sentence()
    assert "median" in sentence and "most frequent" in sentence
    assert f"all {len(with_class)} rows kept" in sentence


def test_the_split_is_stratified_and_a_rare_class_is_in_both_parts():
    frame = species_table(300, seed=7, blanks=0.0, shares=(0.6, 0.02, 0.38))
    rare = frame.species.value_counts()
    assert rare.min() >= class_csv.min_class_rows(0.2)  # the table this test needs
    table = prepare(frame, "species", INPUTS, "multiclass", seed=3)
    assert table.ok and table.rows.stratified
    counts = table.class_counts()
    assert (counts["validation rows"] > 0).all() and (counts["training rows"] > 0).all()
    val_share = counts["validation rows"] / counts["validation rows"].sum()
    np.testing.assert_allclose(val_share, counts["share"], atol=0.02)
    x_train, y_train, x_val, y_val = table.arrays()
    assert x_train.dtype == np.float32 and y_train.dtype == np.int64
    assert len(x_train) + len(x_val) == len(frame) and x_val.shape[1] == table.n_inputs
    assert set(np.unique(y_val)) == {0, 1, 2}


def test_numbers_are_standardized_on_training_rows_and_zero_one_columns_stay(penguins):
    table = prepare(penguins, "species", INPUTS, "multiclass", "fill", seed=2)
    x_train, _, x_val, _ = table.arrays()
    np.testing.assert_allclose(x_train[:, :4].mean(axis=0), 0, atol=1e-5)
    np.testing.assert_allclose(x_train[:, :4].std(axis=0), 1, atol=1e-4)
    assert set(np.unique(x_train[:, 4:])) <= {0.0, 1.0} and set(np.unique(x_val[:, 4:])) <= {0, 1}
    raw = table.X[table.rows.val_rows, :4]
    train_raw = table.X[table.rows.train_rows, :4]
    np.testing.assert_allclose(x_val[:, :4], (raw - train_raw.mean(0)) / train_raw.std(0),
                               rtol=1e-5, atol=1e-5)
    minmax = prepare(penguins, "species", INPUTS, "multiclass", "fill", normalization="minmax")
    np.testing.assert_allclose(minmax.rows.x_train[:, :4].min(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(minmax.rows.x_train[:, :4].max(axis=0), 1, atol=1e-12)


def test_imbalance_is_named_when_one_class_dominates():
    rng = np.random.default_rng(8)
    n = 200
    frame = pd.DataFrame({"x": rng.normal(size=n),
                          "ill": np.where(np.arange(n) < 170, "healthy", "ill")})
    note = prepare(frame, "ill", ["x"], "binary").imbalance_note()
    assert "'healthy' is 85% of the rows" in note and "already 85% accurate" in note
    frame["ill"] = rng.choice(["healthy", "ill"], n)
    assert prepare(frame, "ill", ["x"], "binary").imbalance_note() is None


def test_pictures_need_exactly_two_number_columns(penguins):
    assert pictures_problem(penguins, ["bill_length_mm", "bill_depth_mm"]) is None
    text = pictures_problem(penguins, ["bill_length_mm", "bill_depth_mm", "island"])
    assert "'island' holds text" in text and "two input columns of numbers" in text
    three = pictures_problem(penguins, INPUTS[:3])
    assert "3 number columns are chosen" in three
    table = prepare(penguins, "species", INPUTS[:2], "multiclass")
    assert table.pictures_problem() is None


# ---- one new example -----------------------------------------------------------------------

def test_a_new_example_is_encoded_like_the_training_rows(penguins):
    table = prepare(penguins, "species", INPUTS, "multiclass", "fill")
    row = int(table.rows.train_rows[0])
    raw = table.frame.iloc[row]
    values = {c: raw[c] for c in INPUTS}
    values["bill_length_mm"] = str(values["bill_length_mm"])  # a number typed as text
    example = table.encode_example(values)
    assert example.ok, example.problems
    np.testing.assert_allclose(example.x[0], table.rows.x_train[0], rtol=1e-5, atol=1e-6)

    fields = {f.column: f for f in table.example_fields()}
    assert fields["island"].kind == "text" and "Dream" in fields["island"].options
    assert fields["body_mass_g"].lo < fields["body_mass_g"].default < fields["body_mass_g"].hi

    unseen = table.encode_example({**values, "island": "Atlantis", "bill_length_mm": None})
    assert unseen.ok and unseen.encoded["island: other"].iloc[0] == 1.0
    assert any("never appeared" in n for n in unseen.notes)
    assert any("filled with" in n for n in unseen.notes)
    assert unseen.encoded["bill_length_mm"].iloc[0] == table.report.fill_values.get(
        "bill_length_mm", fields["bill_length_mm"].default)

    bad = table.encode_example({**values, "body_mass_g": "heavy"})
    assert not bad.ok and "'body_mass_g' takes a number" in bad.problems[0]
    dropped = prepare(penguins, "species", INPUTS, "multiclass", "drop")
    blank = dropped.encode_example({**values, "sex": ""})
    assert not blank.ok and "Give a value for 'sex'" in blank.problems[0]


# ---- the quality bar -----------------------------------------------------------------------

def test_the_engine_on_the_encoded_split_matches_logistic_regression(tmp_path):
    """On a species-from-measurements table with text columns and blanks, nnviz's network
    reaches LogisticRegression's held-out accuracy on the same encoded split (2 points)."""
    from nnviz.core.engine import Trainer
    from nnviz.core.spec import NetSpec, TrainConfig

    # Classes that overlap a little, so neither model is trivially perfect. (Checked on ten
    # such tables: the network ends 0 to 1 point from the reference, either side.)
    frame = uploaded(species_table(900, seed=11, spread=1.3), tmp_path)
    table = prepare(frame, "species", INPUTS, "multiclass", "fill", val_fraction=0.3, seed=0)
    assert table.ok and table.rows.stratified
    x_train, y_train, x_val, y_val = table.arrays()
    reference = LogisticRegression(max_iter=2000).fit(x_train, y_train)
    reference_accuracy = reference.score(x_val, y_val)

    spec = NetSpec(table.n_inputs, (16,), "relu", "multiclass", n_classes=table.n_classes)
    trainer = Trainer(spec, TrainConfig("adam", 0.01, 60, 32, weight_decay=0.01, seed=0),
                      x_train, y_train, x_val, y_val)
    trainer.run()
    accuracy = float(np.mean(trainer.predict(x_val) == y_val))
    assert 0.6 < reference_accuracy < 0.995  # the table is neither hopeless nor trivial
    assert accuracy >= reference_accuracy - 0.02, (accuracy, reference_accuracy)
    assert accuracy == pytest.approx(trainer.history.val_metric.iloc[-1], abs=1e-6)
