"""The regression lesson on an uploaded CSV with text columns, under AppTest: the text columns
are inputs by default and become 0/1 columns (the table shown is nnviz's own encoding), the
ID-like column is named, every new control moves without an exception, and the numbers shown
(validation error, a new example's prediction) are nnviz's own."""

import numpy as np
import pytest

from nnviz.data import tabular
from nnviz.lessons import regression
from nnviz.lessons.regression.inputs import encode_inputs
from tests.app.conftest import assert_clean
from tests.app.test_regression import csv_file, metric, open_regression, texts, train_to_end
from tests.unit.lessons.test_regression_inputs import housing_table

COLUMNS = ["listing", "size_m2", "rooms", "age_years", "neighbourhood", "heating"]


def nnviz_inputs(frame, inputs=COLUMNS, strategy="drop", val=0.2, norm="standardize", seed=0):
    """What the page should have made of the file, rebuilt from nnviz directly."""
    cleaned = tabular.clean_for_training(frame, "price", list(inputs), strategy)
    return cleaned, encode_inputs(cleaned.x, cleaned.y, val, norm, seed, strategy != "drop")


@pytest.fixture
def uploaded(tmp_path):
    frame = housing_table(240, seed=5)
    at = open_regression({"reg_source": "upload", "reg_epochs": "20"})
    at.file_uploader(key="reg_file").set_value(csv_file(frame, tmp_path, "flats.csv")).run()
    assert_clean(at)
    return at, frame


def new_columns_shown(at):
    return next(d.value for d in at.dataframe if "new column" in d.value.columns)


def test_text_columns_are_encoded_and_the_numbers_shown_are_nnvizs(uploaded):
    at, frame = uploaded
    assert at.selectbox(key="reg_target_upload").value == "price"
    assert at.multiselect(key="reg_inputs_upload").value == COLUMNS  # text ones too
    cleaned, inputs = nnviz_inputs(frame)
    shown = new_columns_shown(at)
    np.testing.assert_array_equal(shown.to_numpy(), inputs.encoding.new_columns.to_numpy())
    assert "neighbourhood: other" in set(shown["new column"])
    assert any("'listing'" in i.value and "ID" in i.value for i in at.info)
    assert ", ".join(inputs.feature_names) in texts(at)

    trainer = train_to_end(at, "upload")
    assert trainer.spec.n_inputs == len(inputs.feature_names)
    s = inputs.prepared.split
    np.testing.assert_allclose(trainer.data()[0], s.x_train, rtol=1e-6, atol=1e-6)
    scale = regression.TargetScale.fit(s.y_train)
    mae = regression.mean_absolute_error(s.y_val, scale.to_units(trainer.predict(s.x_val)))
    assert metric(at, "Validation mean absolute error") == tabular.format_value(mae)

    # A new flat: a known neighbourhood, then one the training rows never had.
    assert at.selectbox(key="reg_new_upload_neighbourhood").options
    at.selectbox(key="reg_new_upload_neighbourhood").set_value("Harbour").run()
    at.number_input(key="reg_new_upload_size_m2").set_value(95.0).run()
    assert_clean(at)
    values = {c: (at.selectbox(key=f"reg_new_upload_{c}").value
                  if c in ("listing", "neighbourhood", "heating")
                  else at.number_input(key=f"reg_new_upload_{c}").value) for c in COLUMNS}
    assert values["neighbourhood"] == "Harbour" and values["size_m2"] == 95.0
    row, _ = inputs.example(values)
    expected = regression.predict_in_units(trainer.predict, inputs.prepared.normalizer, scale,
                                           row)[0]
    assert metric(at, "Predicted price") == tabular.format_value(expected)
    # (AppTest cannot type a new option; unseen values are tested in the unit tests.)
    rare = inputs.encoding.grouped["neighbourhood"][0]
    at.selectbox(key="reg_new_upload_neighbourhood").set_value(rare).run()
    assert_clean(at)
    assert f"'{rare}' is rare in 'neighbourhood': it counts as 'other'" in texts(at)

    # The script reads the same file and prepares it the same way.
    script = next(c.value for c in at.code if "CSV_PATH" in c.value)
    assert "CSV_PATH = 'flats.csv'" in script and "OneHotEncoder(min_frequency=5" in script
    assert "print(f\"validation MAE" in script


def test_every_new_control_moves_without_breaking_the_page(uploaded):
    at, frame = uploaded
    three = ["size_m2", "neighbourhood", "heating"]
    moves = [  # each move, and the settings the page then has
        (lambda: at.radio(key="reg_missing").set_value("median"), dict(strategy="median")),
        (lambda: at.multiselect(key="reg_inputs_upload").set_value(three),
         dict(strategy="median", inputs=three)),
        (lambda: at.slider(key="reg_val").set_value(0.3),
         dict(strategy="median", inputs=three, val=0.3)),
        (lambda: at.radio(key="reg_missing").set_value("mean"),
         dict(strategy="mean", inputs=three, val=0.3)),
        (lambda: at.radio(key="reg_norm").set_value("minmax"),
         dict(strategy="mean", inputs=three, val=0.3, norm="minmax")),
        (lambda: at.multiselect(key="reg_inputs_upload").set_value(["heating"]),
         dict(strategy="mean", inputs=["heating"], val=0.3, norm="minmax")),
    ]
    for move, settings in moves:
        move().run()
        assert_clean(at)
        cleaned, inputs = nnviz_inputs(frame, **settings)
        np.testing.assert_array_equal(new_columns_shown(at).to_numpy(),
                                      inputs.encoding.new_columns.to_numpy())
        # Text blanks get the training rows' commonest value, and the page says which.
        fills = inputs.encoding.fill_values(cleaned.report.blanks_per_column)
        assert fills and all(f"**{c}** → '{v}'" in texts(at) for c, v in fills.items())
        assert "get the most frequent value of the training rows" in texts(at)
    assert not any("ID" in i.value for i in at.info)  # the ID column was left out
    trainer = train_to_end(at, "upload")
    assert trainer.spec.n_inputs == 3  # heating: electric, gas, heat pump
    assert [s.key for s in at.selectbox if s.key.startswith("reg_new_")] == [
        "reg_new_upload_heating"]
    # Text as the target is still refused with a plain message.
    at.selectbox(key="reg_target_upload").set_value("neighbourhood").run()
    assert_clean(at)
    assert "holds text" in at.error[0].value
