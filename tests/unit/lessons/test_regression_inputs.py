"""Regression on a table with text columns: the encoded inputs against a ColumnTransformer
fitted independently, the split against prep's, new examples, and the quality bar (nnviz's
engine within 10 % of scikit-learn's MLPRegressor on the same encoded split)."""

import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.compose import ColumnTransformer
from sklearn.exceptions import ConvergenceWarning
from sklearn.impute import SimpleImputer
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from nnviz.core.prep import prepare
from nnviz.data import tabular
from nnviz.lessons import regression
from nnviz.lessons.regression.inputs import encode_inputs

HOODS = {"Old Town": 1.35, "Riverside": 1.2, "Harbour": 1.1, "Hillside": 1.0,
         "Station": 0.9, "Ring Road": 0.8}
NUMBERS = ["size_m2", "rooms", "age_years"]
TEXTS = ["neighbourhood", "heating"]


def housing_table(n=400, seed=0, blanks=0.04) -> pd.DataFrame:
    """Flats with numbers, a neighbourhood that scales the price, a heating type that adds to
    it, two rare neighbourhoods (grouped as 'other'), an ID column and a few blanks."""
    rng = np.random.default_rng(seed)
    hood = rng.choice(list(HOODS), n)
    hood[:3] = ["Castle", "Castle", "Docks"]  # rare: fewer than MIN_FREQUENCY rows each
    size = rng.uniform(30, 180, n).round(1)
    rooms = np.clip(np.round(size / 30 + rng.normal(0, 0.6, n)), 1, 7)
    age = rng.integers(0, 90, n).astype(float)
    heating = rng.choice(["gas", "heat pump", "electric"], n, p=[0.6, 0.25, 0.15])
    factor = np.array([HOODS.get(h, 1.0) for h in hood])
    price = (factor * (900 * size + 6000 * rooms - 150 * age + 40_000)
             + np.where(heating == "heat pump", 15_000, 0) + rng.normal(0, 8000, n))
    frame = pd.DataFrame({"listing": [f"L{i:05d}" for i in range(n)], "size_m2": size,
                          "rooms": rooms, "age_years": age, "neighbourhood": hood,
                          "heating": heating, "price": price.round(-2)})
    for column in ("age_years", "neighbourhood", "heating"):
        frame.loc[rng.random(n) < blanks, column] = np.nan
    return frame


def cleaned(frame, strategy, inputs=(*NUMBERS, *TEXTS)):
    return tabular.clean_for_training(frame, "price", list(inputs), strategy)


@pytest.mark.parametrize("strategy", tabular.MISSING_STRATEGIES)
def test_the_encoded_inputs_equal_an_independent_column_transformer(strategy):
    c = cleaned(housing_table(), strategy)
    got = encode_inputs(c.x, c.y, 0.25, "standardize", seed=3, fill=strategy != "drop")

    rows = np.arange(len(c.x))
    train, val = train_test_split(rows, test_size=0.25, random_state=3)
    onehot = OneHotEncoder(min_frequency=5, max_categories=10, handle_unknown="infrequent_if_exist",
                           sparse_output=False)
    text = (make_pipeline(SimpleImputer(strategy="most_frequent"), onehot)
            if strategy != "drop" else onehot)
    reference = ColumnTransformer([("numbers", StandardScaler(), NUMBERS),
                                   ("text", text, TEXTS)], sparse_threshold=0.0)
    reference.fit(c.x.iloc[train])
    np.testing.assert_allclose(got.prepared.split.x_train, reference.transform(c.x.iloc[train]),
                               atol=1e-12)
    np.testing.assert_allclose(got.prepared.split.x_val, reference.transform(c.x.iloc[val]),
                               atol=1e-12)
    np.testing.assert_array_equal(got.prepared.split.y_val, c.y.to_numpy()[val])
    np.testing.assert_array_equal(got.val_rows, val)
    # The names: numbers, then one column per common neighbourhood, then the grouped ones.
    assert got.feature_names[:3] == tuple(NUMBERS)
    assert "neighbourhood: other" in got.feature_names
    assert sorted(got.encoding.grouped["neighbourhood"]) == ["Castle", "Docks"]
    assert got.feature_names[-3:] == ("heating: electric", "heating: gas", "heating: heat pump")
    assert len(got.feature_names) == got.prepared.split.x_train.shape[1]


def test_the_blanks_step_fills_numbers_and_leaves_text_to_the_encoder():
    frame = housing_table()
    c = cleaned(frame, "median")
    assert c.x[NUMBERS].notna().all().all() and c.x["neighbourhood"].isna().any()
    assert c.report.text_blanks == TEXTS and "most frequent value" in c.report.sentence()
    got = encode_inputs(c.x, c.y, 0.2, "none", seed=0, fill=True)
    train = c.x.iloc[got.train_rows]
    fills = got.encoding.fill_values(c.report.blanks_per_column)
    assert fills == {t: train[t].mode()[0] for t in TEXTS}  # learned from the training rows
    dropped = cleaned(frame, "drop")
    assert dropped.x.notna().all().all() and dropped.report.rows_dropped > 0


def test_numbers_only_is_exactly_prep_prepare():
    table = tabular.houses_table(300, 4)
    c = tabular.clean_for_training(table.frame, "price", table.inputs, "mean")
    got = encode_inputs(c.x, c.y, 0.3, "minmax", seed=4, fill=True)
    want = prepare(c.x.to_numpy(float), c.y.to_numpy(float), 0.3, "minmax", 4)
    np.testing.assert_array_equal(got.prepared.split.x_train, want.split.x_train)
    np.testing.assert_array_equal(got.prepared.raw.x_val, want.raw.x_val)
    assert got.feature_names == tuple(table.inputs) and got.notes == ()


def test_an_id_column_is_named_and_a_new_example_is_encoded():
    c = cleaned(housing_table(), "drop", ["listing", *NUMBERS, "neighbourhood"])
    got = encode_inputs(c.x, c.y, 0.2, "standardize", seed=0, fill=False)
    assert any("'listing'" in note and "ID" in note for note in got.notes)
    fields = {f.column: f for f in got.fields(c.x)}
    assert fields["neighbourhood"].kind == "text" and "Harbour" in fields["neighbourhood"].options
    assert fields["size_m2"].default == pytest.approx(c.x["size_m2"].iloc[got.train_rows].median())
    row, notes = got.example({"listing": "L00001", "size_m2": 80.0, "rooms": 3.0,
                              "age_years": 10.0, "neighbourhood": "Harbour"})
    names = list(got.feature_names)
    assert row[names.index("size_m2")] == 80.0 and row[names.index("neighbourhood: Harbour")] == 1
    assert notes == ["'L00001' is rare in 'listing': it counts as 'other'."]  # an ID's lot
    row, notes = got.example({"listing": "new", "size_m2": 80.0, "rooms": 3.0, "age_years": 10.0,
                              "neighbourhood": "Castle"})
    assert row[names.index("neighbourhood: other")] == 1 and "rare" in notes[-1]
    row, notes = got.example({"listing": "new", "size_m2": 80.0, "rooms": 3.0, "age_years": 10.0,
                              "neighbourhood": "Moon Base"})
    assert row[names.index("neighbourhood: other")] == 1 and "never appeared" in notes[-1]


def page_run(frame, strategy, hidden, config, val=0.25, norm="standardize"):
    """What the Regression page trains on an upload, through nnviz: clean, encode, standardize
    the target, train with the engine. Returns (inputs, scale, trainer)."""
    from nnviz.core.engine import Trainer
    from nnviz.core.spec import NetSpec

    c = cleaned(frame, strategy)
    inputs = encode_inputs(c.x, c.y, val, norm, config.seed, fill=strategy != "drop")
    s = inputs.prepared.split
    scale = regression.TargetScale.fit(s.y_train)
    spec = NetSpec(len(inputs.feature_names), hidden, "relu", "regression")
    trainer = Trainer(spec, config, s.x_train, scale.to_scaled(s.y_train), s.x_val,
                      scale.to_scaled(s.y_val))
    trainer.run()
    return inputs, scale, trainer


@pytest.mark.parametrize("seed", [0, 1])
def test_quality_bar_within_ten_percent_of_mlp_regressor(seed):
    """The same hidden layers, epochs, batch size, optimizer and learning rate, on the same
    encoded, normalized split with the same standardized target."""
    from nnviz.core.spec import TrainConfig

    config = TrainConfig("adam", 0.003, 150, 32, seed=seed)
    frame = housing_table(400, seed=10 + seed)
    inputs, scale, trainer = page_run(frame, "median", (32,), config)
    s = inputs.prepared.split
    ours = regression.mean_absolute_error(s.y_val, scale.to_units(trainer.predict(s.x_val)))

    mlp = MLPRegressor(hidden_layer_sizes=(32,), activation="relu", solver="adam",
                       learning_rate_init=0.003, batch_size=32, max_iter=150, alpha=0.0,
                       n_iter_no_change=150, tol=0.0, random_state=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        mlp.fit(s.x_train, scale.to_scaled(s.y_train))
    theirs = regression.mean_absolute_error(s.y_val, scale.to_units(mlp.predict(s.x_val)))
    baseline = regression.baseline_mae(s.y_train, s.y_val)
    assert theirs < 0.5 * baseline  # the reference learned: the comparison means something
    assert ours <= 1.10 * theirs, (ours, theirs)
