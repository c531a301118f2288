"""The regression lesson in a real browser with a CSV file holding text columns: uploaded
through the page's file input (Playwright's set_input_files), its text columns are encoded
(the new 0/1 columns are listed), it trains, and a new example takes a neighbourhood."""

import pytest

from tests.e2e.conftest import assert_healthy, open_page, wait_idle
from tests.e2e.test_regression import main_text, metric_text, train
from tests.unit.lessons.test_regression_inputs import housing_table

pytestmark = pytest.mark.e2e


def test_a_csv_with_text_columns_is_encoded_and_trains(server, page, tmp_path):
    flats = tmp_path / "flats.csv"
    housing_table(200, seed=3).to_csv(flats, index=False)
    open_page(page, server, "regression?reg_source=upload&reg_epochs=30")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(flats))
    page.get_by_text("How your input columns became numbers").wait_for()
    wait_idle(page)
    text = main_text(page)
    assert "neighbourhood: Harbour" in text and "neighbourhood: other" in text
    assert "heating: heat pump" in text
    assert "looks like a name or an ID" in text  # the listing column is named

    train(page)
    assert "Epoch 30 of 30" in main_text(page)
    error = metric_text(page, "Validation mean absolute error")
    assert float(error.replace(",", "")) > 0
    before = metric_text(page, "Predicted price")
    # A new flat in another neighbourhood: the select offers the training rows' values.
    box = page.get_by_role("combobox", name="neighbourhood")
    other = "Ring Road" if box.input_value() == "Old Town" else "Old Town"
    box.click()
    box.fill(other)  # the select also takes typed values: typing one of its options picks it
    box.press("Enter")
    wait_idle(page)
    assert box.input_value() == other
    assert metric_text(page, "Predicted price") != before  # the dearest or the cheapest
    assert_healthy(page)
