"""The regression lesson in a real browser: a deep link trains a model; a CSV file is uploaded
through the page's file input (Playwright's set_input_files), trained on, and a bad one is
explained while the good one stays in use."""

import numpy as np
import pandas as pd
import pytest

from tests.e2e.conftest import assert_healthy, open_page, wait_idle

pytestmark = pytest.mark.e2e

PATH = "regression"


def main_text(pg) -> str:
    return pg.locator('[data-testid="stMain"]').inner_text()


def train(pg) -> None:
    """Click Train and wait until the page offers to train again (training has ended)."""
    pg.get_by_role("button", name="Train", exact=True).click()
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

    # Over the page's 20 MB: the page itself says so (not just a red mark on the widget).
    huge = tmp_path / "huge.csv"
    huge.write_bytes(b"a,b\n" + b"123456789,123456789\n" * 1_100_000)
    uploader.set_input_files(str(huge))
    page.get_by_text("files up to 20 MB are accepted").wait_for()
    wait_idle(page)
    assert "Still using flats.csv" in main_text(page)
    assert page.get_by_role("button", name="Train again").count() == 1
    assert_healthy(page)
