"""The regression lesson in a real browser: a deep link trains a model; a CSV file is uploaded
through the page's file input (Playwright's set_input_files), trained on, and a bad one is
explained while the good one stays in use."""

import numpy as np
import pandas as pd
import pytest

from tests.e2e.conftest import assert_healthy, open_page, train_button, wait_idle

pytestmark = pytest.mark.e2e

PATH = "regression"


def main_text(pg) -> str:
    return pg.locator('[data-testid="stMain"]').inner_text()


def train(pg) -> None:
    """Click Train and wait until the page offers to train again (training has ended)."""
    train_button(pg).click()
    pg.get_by_role("button", name="Train again").wait_for()
    wait_idle(pg)


def metric_text(pg, label: str) -> str:
    box = pg.locator('[data-testid="stMetric"]', has_text=label).first
    return box.locator('[data-testid="stMetricValue"]').inner_text()


def test_a_deep_link_trains_a_model_and_shows_its_errors(server, page):
    open_page(page, server, f"{PATH}?reg_epochs=30&reg_layers=1&reg_nodes=8")
    assert "nnviz" in page.title()
    assert page.get_by_text("Presenter mode").count() == 1  # opened through app.py
    assert page.get_by_text("Train the network (section 5)").count() == 1
    train(page)
    assert "Epoch 30 of 30" in main_text(page)
    error = metric_text(page, "Validation mean absolute error")
    assert error.startswith("$")
    assert int(error.strip("$").replace(",", "")) < 60_000  # far better than guessing ($100k)
    assert metric_text(page, "Predicted price").startswith("$")
    assert page.get_by_text("Train the network (section 5)").count() == 0
    assert_healthy(page)


def test_uploading_a_csv_file_then_a_bad_one(server, page, tmp_path):
    rng = np.random.default_rng(0)
    size = rng.uniform(40, 200, 120)
    good = tmp_path / "flats.csv"
    pd.DataFrame({"size_m2": size, "floor": rng.integers(0, 12, 120),
                  "rent": 9 * size + rng.normal(0, 50, 120)}).to_csv(good, index=False)
    bad = tmp_path / "notes.csv"
    bad.write_text("just one column\nof words\n")

    open_page(page, server, f"{PATH}?reg_source=upload&reg_epochs=20")
    assert page.get_by_text("Upload a CSV file to train on your own numbers").count() == 1
    # The label and the widget's own note name the same limit.
    box = page.locator('[data-testid="stFileUploader"]').inner_text()
    assert "up to 20 MB" in box and "20MB per file" in box
    uploader = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
    uploader.set_input_files(str(good))
    page.get_by_text("Column to predict (the target)").wait_for()
    wait_idle(page)
    target = page.get_by_role("combobox", name="Column to predict (the target)")
    assert target.input_value() == "rent"  # the last numeric column, by default
    train(page)
    assert "Epoch 20 of 20" in main_text(page)
    assert metric_text(page, "Predicted rent")

    uploader.set_input_files(str(bad))
    page.get_by_text("has a single column").wait_for()
    wait_idle(page)
    assert "Still using flats.csv" in main_text(page)
    assert page.get_by_role("button", name="Train again").count() == 1  # its training is kept

    # Over the limit the uploader names: the widget refuses it with that same limit, and the
    # last usable file and its training stay.
    huge = tmp_path / "huge.csv"
    huge.write_bytes(b"a,b\n" + b"123456789,123456789\n" * 1_100_000)
    uploader.set_input_files(str(huge))
    page.get_by_text("File must be 20.0MB or smaller").wait_for()
    wait_idle(page)
    assert "Upload a CSV file (up to 20 MB)" in main_text(page)
    assert page.get_by_role("button", name="Train again").count() == 1
    assert_healthy(page)


def slider_value(pg, label: str) -> str:
    box = pg.locator('[data-testid="stSlider"]', has_text=label).first
    return box.locator('input[type="range"]').first.get_attribute("value")


def test_switching_the_data_source_keeps_every_setting(server, page, tmp_path):
    rng = np.random.default_rng(1)
    size = rng.uniform(40, 200, 90)
    flats = tmp_path / "flats.csv"
    pd.DataFrame({"size_m2": size, "rent": 9 * size + rng.normal(0, 50, 90)}).to_csv(
        flats, index=False)
    open_page(page, server, f"{PATH}?reg_epochs=20&reg_layers=2&reg_val=0.3")
    settings = {"Validation share": "0.3", "Hidden layers": "2", "Epochs": "20"}
    assert {k: slider_value(page, k) for k in settings} == settings

    # To an upload and back, before any file: the page's settings come back as they were.
    page.get_by_role("radio", name="Your own CSV file").click()
    page.get_by_text("Upload a CSV file to train on your own numbers").wait_for()
    wait_idle(page)
    page.get_by_role("radio", name="Houses").click()
    page.get_by_text("5. The network and its training").wait_for()
    wait_idle(page)
    assert {k: slider_value(page, k) for k in settings} == settings
    assert "Epoch 0 of 20" in main_text(page)

    # Upload a file: the same settings, and the first Train click trains with them.
    page.get_by_role("radio", name="Your own CSV file").click()
    page.get_by_text("Upload a CSV file to train on your own numbers").wait_for()
    wait_idle(page)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(flats))
    page.get_by_text("Column to predict (the target)").wait_for()
    wait_idle(page)
    assert {k: slider_value(page, k) for k in settings} == settings
    train(page)
    assert "Epoch 20 of 20" in main_text(page)
    assert_healthy(page)
