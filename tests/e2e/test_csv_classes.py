"""The multi-class lesson on a learner's own CSV file, in a real browser: a link to an upload
view opens the built-in data and says why; choosing "Your own CSV file", uploading a table
with a text column (Playwright's set_input_files) and training shows the validation accuracy."""

import numpy as np
import pandas as pd
import pytest

from tests.e2e.conftest import assert_healthy, open_page, train_button, wait_idle

pytestmark = pytest.mark.e2e

PATH = "multiclass"


def main_text(pg) -> str:
    return pg.locator('[data-testid="stMain"]').inner_text()


def metric_text(pg, label: str) -> str:
    box = pg.locator('[data-testid="stMetric"]', has_text=label).first
    return box.locator('[data-testid="stMetricValue"]').inner_text()


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
    page.get_by_role("option", name="Your own CSV file").click()
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
