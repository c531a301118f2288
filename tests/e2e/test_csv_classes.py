"""The classifier lessons on a learner's own CSV file, in a real browser.

Multi-class: a link to an upload view opens the built-in data and says why; choosing "Your own
CSV file", uploading a table with a text column (Playwright's set_input_files) and training
shows the validation accuracy. Binary: the same upload trains, and the threshold section
shows accuracy, precision and recall, which follow the threshold slider (by keyboard)."""

import numpy as np
import pandas as pd
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import RUN_TIMEOUT, assert_healthy, open_page, train_button, wait_idle

pytestmark = pytest.mark.e2e

PATH = "multiclass"
UPLOAD_TITLE = "Your own CSV file"


def main_text(pg) -> str:
    return pg.locator('[data-testid="stMain"]').inner_text()


def metric_value(pg, label: str):
    """The value of the metric whose label is exactly `label`."""
    label_box = pg.locator('[data-testid="stMetricLabel"]').get_by_text(label, exact=True)
    box = pg.locator('[data-testid="stMetric"]').filter(has=label_box).first
    return box.locator('[data-testid="stMetricValue"]')


def metric_text(pg, label: str) -> str:
    return metric_value(pg, label).inner_text()


def species_csv(path, n=150, seed=2):
    """Three well-separated species, two measurements and a text column with a blank."""
    rng = np.random.default_rng(seed)
    species = rng.choice(["alpha", "beta", "gamma"], n)
    centre = {"alpha": (0.0, 0.0), "beta": (6.0, 0.0), "gamma": (3.0, 6.0)}
    x = np.array([centre[s] for s in species]) + rng.normal(0, 1.0, (n, 2))
    frame = pd.DataFrame({"length": x[:, 0].round(2), "width": x[:, 1].round(2),
                          "colour": rng.choice(["red", "blue"], n), "species": species})
    frame.loc[4, "colour"] = np.nan
    frame.to_csv(path, index=False)


def test_a_link_note_then_an_uploaded_csv_trains_and_shows_its_accuracy(server, page, tmp_path):
    good = tmp_path / "species.csv"
    species_csv(good)
    open_page(page, server, f"{PATH}?mc_data=upload&mc_epochs=40")
    assert "cannot travel inside a link" in main_text(page)  # the receiver is told why

    page.get_by_role("combobox", name="Dataset").click()
    page.get_by_role("option", name=UPLOAD_TITLE).click()
    page.get_by_text("Upload a CSV file to train on your own table").wait_for()
    wait_idle(page)
    assert "cannot travel inside a link" not in main_text(page)

    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(good))
    page.get_by_text("Class column (what to predict)").wait_for()
    wait_idle(page)
    assert page.get_by_role("combobox", name="Class column (what to predict)"
                            ).input_value() == "species"
    assert "colour: red" in main_text(page)  # the text column's new 0/1 columns are listed

    train_button(page).click()
    page.get_by_role("button", name="Train again").wait_for()
    wait_idle(page)
    assert "Epoch 40 of 40" in main_text(page)
    accuracy = metric_text(page, "Validation accuracy")
    assert accuracy.endswith("%")
    assert float(accuracy.rstrip("%")) > 80  # three clear clouds: far above a third
    assert metric_text(page, "Accuracy") == accuracy  # the judged set is the validation set
    assert_healthy(page)


def exams_csv(path, n=200, seed=5):
    """Pass or fail from hours of study and sleep, a school (text) and a blank."""
    rng = np.random.default_rng(seed)
    hours, sleep = rng.uniform(0, 10, n).round(1), rng.uniform(4, 9, n).round(1)
    passed = np.where(hours + 0.5 * sleep + rng.normal(0, 0.5, n) > 8.5, "pass", "fail")
    frame = pd.DataFrame({"hours": hours, "sleep": sleep,
                          "school": rng.choice(["north", "south"], n), "result": passed})
    frame.loc[7, "sleep"] = np.nan
    frame.to_csv(path, index=False)


def percent(text: str) -> float:
    assert text.endswith("%"), text
    return float(text.rstrip("%"))


def test_binary_trains_on_an_uploaded_csv_and_its_threshold_moves_the_scores(
        server, page, tmp_path):
    good = tmp_path / "exams.csv"
    exams_csv(good)
    open_page(page, server, "binary?bin_epochs=40&bin_speed=fast")
    page.get_by_role("radio", name=UPLOAD_TITLE).click()
    page.get_by_text("Upload a CSV file").first.wait_for()
    wait_idle(page)

    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(good))
    page.get_by_text("Class column (what to predict)").wait_for()
    wait_idle(page)
    # The only two-valued column is the class; the text column became 0/1 columns.
    assert page.get_by_role("combobox", name="Class column (what to predict)"
                            ).input_value() == "result"
    assert "school: north" in main_text(page)

    train_button(page).click()
    page.get_by_role("button", name="Train again").wait_for()
    wait_idle(page)
    assert "Epoch 40 of 40" in main_text(page)
    validation = percent(metric_text(page, "Validation accuracy"))
    assert validation > 80  # a clear rule with little noise: far above a coin
    assert percent(metric_text(page, "Accuracy")) == validation  # judged at 0.5, validation
    for label in ("Precision", "Recall"):
        assert 0 <= percent(metric_text(page, label)) <= 100

    # The threshold by keyboard: Home moves it to 0, where every example is called a pass.
    thumb = page.get_by_role("slider", name="Threshold")
    thumb.focus()
    page.keyboard.press("Home")
    # Every real pass is caught...
    expect(metric_value(page, "Recall")).to_have_text("100.0%", timeout=RUN_TIMEOUT)
    wait_idle(page)
    assert percent(metric_text(page, "Accuracy")) < validation  # ...and every fail is missed
    assert_healthy(page)
