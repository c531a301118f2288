"""The regression lesson's tables: generated houses, diabetes, blanks, summaries, ranges."""

import io

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import load_diabetes
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LinearRegression
from sklearn.preprocessing import MinMaxScaler, StandardScaler

from nnviz.core.prep import fit_normalizer
from nnviz.data import tabular


def one_house(**changes):
    house = dict(rooms=3, bathrooms=1, size_sqft=1000.0, age_years=0.0, distance_km=0.0,
                 garage=1, school_rating=5.0)
    house.update(changes)
    return pd.DataFrame([house])


# ---- the generated houses ----------------------------------------------------------------

def test_same_seed_same_houses_other_seed_other_houses():
    a = tabular.make_houses(300, seed=7)
    pd.testing.assert_frame_equal(a, tabular.make_houses(300, seed=7))
    assert not a.equals(tabular.make_houses(300, seed=8))


def test_price_rule_by_hand():
    # 30,000 + 150*1,000 + 10,000*3 + 12,000*1 + 20,000*1 + 8,000*5 = 282,000;
    # at the centre the location factor is 0.7 + 0.9 = 1.6; a new house keeps all its value.
    assert tabular.house_price_rule(one_house())[0] == pytest.approx(282_000 * 1.6)
    # At 75 years the age factor is 1 - 0.45 + 0.225 = 0.775, its lowest.
    assert tabular.house_price_rule(one_house(age_years=75.0))[0] == pytest.approx(
        282_000 * 1.6 * 0.775)
    # 5 km out the location factor has fallen to 0.7 + 0.9/e.
    assert tabular.house_price_rule(one_house(distance_km=5.0))[0] == pytest.approx(
        282_000 * (0.7 + 0.9 / np.e))


def test_prices_move_the_way_a_buyer_expects():
    rule = tabular.house_price_rule
    assert rule(one_house(size_sqft=2000.0))[0] > rule(one_house())[0]
    assert rule(one_house(distance_km=10.0))[0] < rule(one_house(distance_km=2.0))[0]
    assert rule(one_house(garage=0))[0] < rule(one_house())[0]
    assert rule(one_house(age_years=40.0))[0] < rule(one_house(age_years=5.0))[0]


def test_without_noise_the_price_is_the_rule_rounded_to_thousands():
    houses = tabular.make_houses(200, seed=1, noise=0.0, missing_fraction=0.0)
    np.testing.assert_allclose(houses["price"], np.round(tabular.house_price_rule(houses), -3))


def test_noise_has_the_asked_spread():
    houses = tabular.make_houses(4000, seed=2, noise=0.1, missing_fraction=0.0)
    log_ratio = np.log(houses["price"] / tabular.house_price_rule(houses))
    assert abs(log_ratio.std() - 0.1) < 0.01
    assert abs(log_ratio.mean()) < 0.01


def test_houses_look_like_houses():
    houses = tabular.make_houses(2000, seed=3)
    assert list(houses.columns) == ["rooms", "bathrooms", "size_sqft", "age_years",
                                    "distance_km", "garage", "school_rating", "price"]
    assert houses["rooms"].between(1, 10).all()
    assert houses["bathrooms"].between(1, 4).all()
    assert houses["size_sqft"].between(450, 4500).all()
    assert houses["age_years"].dropna().between(0, 100).all()
    assert houses["distance_km"].dropna().between(0.3, 45).all()
    assert set(houses["garage"].unique()) == {0, 1}
    assert houses["price"].between(30_000, 3_000_000).all()
    # Bigger houses have more rooms.
    assert np.corrcoef(houses["size_sqft"], houses["rooms"])[0, 1] > 0.5


def test_blanks_only_in_the_gappy_inputs_and_about_as_many_as_asked():
    houses = tabular.make_houses(3000, seed=4, missing_fraction=0.05)
    blanks = houses.isna().sum()
    for column in houses.columns:
        if column in tabular.HOUSE_GAPPY:
            assert 0.035 * 3000 < blanks[column] < 0.065 * 3000
        else:
            assert blanks[column] == 0
    assert tabular.make_houses(100, seed=4, missing_fraction=0.0).isna().sum().sum() == 0


def test_a_straight_line_cannot_fit_the_noiseless_prices():
    # The rule bends (location multiplies, age curves), so a hidden layer has work to do.
    houses = tabular.make_houses(2000, seed=5, noise=0.0, missing_fraction=0.0)
    x, y = houses.drop(columns="price"), houses["price"]
    assert LinearRegression().fit(x, y).score(x, y) < 0.95


def test_houses_table_defaults():
    table = tabular.houses_table(120, seed=0)
    assert table.target == "price" and table.unit == "$"
    assert table.inputs == ["rooms", "bathrooms", "size_sqft", "age_years", "distance_km",
                            "garage", "school_rating"]
    assert table.format_target(212_000) == "$212,000"


def test_asking_for_no_houses_is_refused():
    with pytest.raises(ValueError):
        tabular.make_houses(0)


# ---- diabetes ----------------------------------------------------------------------------

def test_diabetes_is_scikit_learns_data_in_original_units_with_readable_names():
    frame = tabular.load_diabetes_frame()
    reference = load_diabetes(scaled=False)
    assert frame.shape == (442, 11)
    np.testing.assert_array_equal(frame.drop(columns="progression").to_numpy(), reference.data)
    np.testing.assert_array_equal(frame["progression"].to_numpy(), reference.target)
    assert list(frame.columns[:4]) == ["age", "sex", "body_mass_index", "blood_pressure"]
    table = tabular.diabetes_table()
    assert table.target == "progression" and len(table.inputs) == 10
    assert table.format_target(151.0) == "151 points"


# ---- blanks ------------------------------------------------------------------------------

@pytest.fixture
def gappy():
    return pd.DataFrame({
        "a": [1.0, np.nan, 3.0, 4.0, 10.0],
        "b": [2.0, 2.0, np.nan, np.nan, 5.0],
        "y": [1.0, 2.0, 3.0, 4.0, 5.0],
    })


def test_drop_matches_pandas_dropna(gappy):
    cleaned, report = tabular.handle_missing(gappy, "drop")
    pd.testing.assert_frame_equal(cleaned, gappy.dropna().reset_index(drop=True))
    assert report.rows_before == 5 and report.rows_after == 2 and report.rows_dropped == 3
    assert report.blanks_per_column == {"a": 1, "b": 2} and report.total_blanks == 3
    assert "removed 3 of 5 rows" in report.sentence()


@pytest.mark.parametrize("strategy", ["mean", "median"])
def test_fill_matches_scikit_learns_imputer(gappy, strategy):
    cleaned, report = tabular.handle_missing(gappy, strategy)
    expected = SimpleImputer(strategy=strategy).fit_transform(gappy)
    np.testing.assert_allclose(cleaned.to_numpy(), expected)
    assert report.rows_after == 5 and report.rows_dropped == 0
    assert report.fill_values["a"] == pytest.approx(
        {"mean": 4.5, "median": 3.5}[strategy])  # of 1, 3, 4, 10
    assert set(report.fill_values) == {"a", "b"}
    assert strategy in report.sentence()


def test_only_the_chosen_columns_count(gappy):
    cleaned, report = tabular.handle_missing(gappy, "drop", ["a", "y"])
    assert list(cleaned.columns) == ["a", "y"] and len(cleaned) == 4
    assert report.blanks_per_column == {"a": 1}


def test_no_blanks_nothing_to_do():
    frame = pd.DataFrame({"a": [1.0, 2.0], "y": [3.0, 4.0]})
    cleaned, report = tabular.handle_missing(frame, "mean")
    pd.testing.assert_frame_equal(cleaned, frame)
    assert report.sentence() == "No blanks in the chosen columns: nothing to do."


def test_unknown_strategy_is_refused(gappy):
    with pytest.raises(ValueError):
        tabular.handle_missing(gappy, "guess")


def test_rows_without_a_target_go(gappy):
    gappy.loc[1, "y"] = np.nan
    kept, dropped = tabular.drop_blank_target(gappy, "y")
    assert dropped == 1 and len(kept) == 4 and kept["y"].notna().all()


# ---- summaries ---------------------------------------------------------------------------

def test_column_summary_agrees_with_describe():
    houses = tabular.make_houses(500, seed=6)
    houses["city"] = "Springfield"
    summary = tabular.column_summary(houses).set_index("column")
    described = houses.describe().T
    for column in described.index:
        for stat in ("mean", "std", "min", "max"):
            assert summary.loc[column, stat] == pytest.approx(described.loc[column, stat])
        assert summary.loc[column, "present"] == described.loc[column, "count"]
        assert summary.loc[column, "blank"] == houses[column].isna().sum()
        assert summary.loc[column, "kind"] == "number"
    assert summary.loc["city", "kind"] == "text"
    assert np.isnan(summary.loc["city", "mean"]) and summary.loc["city", "distinct"] == 1


@pytest.mark.parametrize("kind, reference", [("standardize", StandardScaler),
                                             ("minmax", MinMaxScaler)])
def test_ranges_before_and_after_normalization(kind, reference):
    houses = tabular.make_houses(300, seed=9, missing_fraction=0.0)
    x = houses.drop(columns="price").to_numpy(float)
    after = fit_normalizer(kind, x).transform(x)
    ranges = tabular.range_comparison(x, after, list(houses.columns[:-1]))
    before_part = ranges[ranges["stage"] == "before"]
    after_part = ranges[ranges["stage"] == "after"]
    np.testing.assert_allclose(before_part["min"], x.min(axis=0))
    np.testing.assert_allclose(before_part["max"], x.max(axis=0))
    expected = reference().fit_transform(x)
    np.testing.assert_allclose(after_part["min"], expected.min(axis=0))
    np.testing.assert_allclose(after_part["max"], expected.max(axis=0))
    np.testing.assert_allclose(after_part["mean"], expected.mean(axis=0), atol=1e-12)
    table = tabular.range_table(x, after, list(houses.columns[:-1]))
    np.testing.assert_allclose(table["max after"], expected.max(axis=0))
    np.testing.assert_allclose(table["min before"], x.min(axis=0))


def test_format_value():
    assert tabular.format_value(-12_500.0, "$") == "-$12,500"
    assert tabular.format_value(14_424.59, "$") == "$14,425"  # no false precision in cents
    assert tabular.format_value(float("inf"), "$") == "∞"
    assert tabular.format_value(1234.4, "points") == "1,234 points"
    assert tabular.format_value(0.125) == "0.125"
    assert tabular.format_value(float("nan"), "points") == "—"


# ---- the whole cleaning step ------------------------------------------------------------------

def test_clean_for_training_matches_plain_pandas(gappy):
    gappy.loc[4, "y"] = np.nan
    gappy["city"] = "Leeds"
    cleaned = tabular.clean_for_training(gappy, "y", ["a", "b"], "mean")
    rows = gappy[gappy["y"].notna()]
    expected = rows[["a", "b"]].fillna(rows[["a", "b"]].mean())
    np.testing.assert_allclose(cleaned.x.to_numpy(), expected.to_numpy())
    np.testing.assert_allclose(cleaned.y.to_numpy(), rows["y"].to_numpy())
    assert cleaned.blank_targets == 1
    assert cleaned.report.rows_before == 5 and cleaned.report.rows_after == 4
    assert cleaned.left_out == {"city": "not chosen as an input"}

    dropped = tabular.clean_for_training(gappy, "y", ["a"], "drop")
    expected = gappy[["a", "y"]].dropna()
    np.testing.assert_allclose(dropped.x["a"], expected["a"])
    assert dropped.report.rows_dropped == 2  # one blank target, one blank 'a'
    assert dropped.left_out == {"b": "not chosen as an input", "city": "not chosen as an input"}


@pytest.mark.parametrize("strategy", tabular.MISSING_STRATEGIES)
def test_the_pandas_code_shown_does_what_the_page_did(strategy):
    houses = tabular.make_houses(200, seed=11, missing_fraction=0.1)
    houses.loc[[3, 9], "price"] = np.nan
    inputs = ["rooms", "age_years", "school_rating"]
    code = tabular.pandas_steps_code(tabular.HOUSES, strategy, "price", inputs)
    assert "pd.read_csv('houses.csv')" in code
    steps = code.split("df.isna().sum()  # blanks per column")[1]  # after loading and looking
    namespace = {"df": houses.copy(), "pd": pd}
    exec(steps, namespace)
    cleaned = tabular.clean_for_training(houses, "price", inputs, strategy)
    np.testing.assert_allclose(namespace["df"][inputs].to_numpy(), cleaned.x.to_numpy())
    np.testing.assert_allclose(namespace["df"]["price"].to_numpy(), cleaned.y.to_numpy())


def test_cleaned_csv_round_trips():
    houses = tabular.make_houses(50, seed=12)
    cleaned = tabular.clean_for_training(houses, "price", ["rooms", "distance_km"], "mean")
    back = pd.read_csv(io.BytesIO(tabular.cleaned_csv(cleaned)))
    assert list(back.columns) == ["rooms", "distance_km", "price"]
    np.testing.assert_array_equal(back[["rooms", "distance_km"]].to_numpy(), cleaned.x.to_numpy())
    np.testing.assert_array_equal(back["price"].to_numpy(), cleaned.y.to_numpy())
