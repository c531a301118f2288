"""The multi-class lesson in a real browser: train, then inspect predictions by clicking.

Clicks land on real chart marks: SVG marks are found by their aria-label (Vega writes each
mark's tooltip fields there); on the canvas-drawn region chart a dot is found by hovering and
reading Vega's tooltip.
"""

import re

import pytest

from tests.e2e.conftest import RUN_TIMEOUT, assert_healthy, open_page, train_button, wait_idle

pytestmark = pytest.mark.e2e


def train(pg) -> None:
    train_button(pg).click()
    pg.get_by_role("button", name="Train again").wait_for(timeout=RUN_TIMEOUT)
    wait_idle(pg)
    pg.get_by_text("One example, up close").wait_for(timeout=RUN_TIMEOUT)


def selectbox_text(pg, label: str) -> str:
    """The option a selectbox shows (its combobox input holds the text)."""
    return pg.get_by_role("combobox", name=label, exact=True).input_value()


def wait_for_text(pg, text: str) -> None:
    pg.wait_for_function("t => document.body.innerText.includes(t)", arg=text,
                         timeout=RUN_TIMEOUT)


def wait_for_choice(pg, label: str, text: str) -> None:
    """Wait until the selectbox labelled `label` shows an option containing `text`."""
    pg.wait_for_function(
        "([label, t]) => { const i = document.querySelector(`input[aria-label=\"${label}\"]`);"
        " return i && i.value.includes(t); }", arg=[label, text], timeout=RUN_TIMEOUT)


def tooltip(pg) -> dict[str, str]:
    """Vega's tooltip as {field: value}, empty when none is showing."""
    tip = pg.locator("#vg-tooltip-element.visible")
    if not tip.count():
        return {}
    rows = tip.locator("tr")
    out = {}
    for i in range(rows.count()):
        cells = rows.nth(i).locator("td")
        if cells.count() == 2:
            out[cells.nth(0).inner_text().strip()] = cells.nth(1).inner_text().strip()
    return out


def hover(pg, x: float, y: float) -> dict[str, str]:
    pg.mouse.move(x, y)
    pg.wait_for_timeout(20)
    return tooltip(pg)


def find_dot(pg, chart, x_title: str, y_title: str, target: tuple[float, float]):
    """Pixel position of a dot near `target` (data units) on a canvas region chart.

    Two hovers over the background cells give the pixel-to-data scale (their tooltips hold
    the cell centre); then a small search around the predicted pixel finds a dot's tooltip.
    """
    box = chart.bounding_box()
    probes = []
    for fx, fy in ((0.3, 0.3), (0.6, 0.7)):
        px, py = box["x"] + fx * box["width"], box["y"] + fy * box["height"]
        tip = hover(pg, px, py)
        assert x_title in tip and y_title in tip, tip
        probes.append((px, py, float(tip[x_title]), float(tip[y_title])))
    (px1, py1, x1, y1), (px2, py2, x2, y2) = probes
    gx, gy = (px2 - px1) / (x2 - x1), (py2 - py1) / (y2 - y1)
    cx, cy = px1 + (target[0] - x1) * gx, py1 + (target[1] - y1) * gy
    for radius in range(0, 16, 2):
        for dx in range(-radius, radius + 1, 2):
            for dy in range(-radius, radius + 1, 2):
                if max(abs(dx), abs(dy)) != radius:
                    continue
                tip = hover(pg, cx + dx, cy + dy)
                if "row" in tip:
                    return cx + dx, cy + dy, int(tip["row"])
    raise AssertionError("no dot found near the expected spot")


def test_train_iris_then_click_a_confusion_cell_and_a_dot(server, page):
    open_page(page, server, "multiclass?mc_epochs=10")
    assert page.get_by_text("Train the network first").count() == 1
    train(page)
    assert_healthy(page)
    assert page.get_by_text("Epoch 10 of 10 · step").count() == 1  # the progress line

    # A click on the cell "actually versicolor, predicted versicolor" lists its examples.
    cell = page.locator(
        'path[aria-label^="predicted class: versicolor; true class: versicolor;"]')
    count = int(re.search(r"count: (\d+)", cell.get_attribute("aria-label")).group(1))
    cell.scroll_into_view_if_needed()
    cell.click(position={"x": 6, "y": 6})  # a corner: the count's text sits in the middle
    wait_for_text(page, f"{count} examples of versicolor predicted as versicolor")
    wait_idle(page)
    assert "versicolor" in selectbox_text(page, "Actual class")
    assert "versicolor" in selectbox_text(page, "Predicted class")

    # A click on a dot of the region chart shows that example up close.
    before = selectbox_text(page, "Example")
    regions = page.locator('[data-testid="stVegaLiteChart"]').filter(
        has=page.locator("canvas")).last
    regions.scroll_into_view_if_needed()
    x, y, row = find_dot(page, regions, "petal length (cm)", "petal width (cm)", (5.1, 2.3))
    page.mouse.click(x, y)
    wait_for_choice(page, "Example", f"row {row}:")
    wait_idle(page)
    after = selectbox_text(page, "Example")
    assert f"row {row}:" in after and after != before
    assert_healthy(page)


def test_train_digits_then_click_a_picture(server, page):
    open_page(page, server, "multiclass?mc_data=digits&mc_epochs=5")
    train(page)
    # The least sure prediction's picture: its caption names the row.
    column = page.locator('[data-testid="stColumn"]').filter(has_text="Least sure predictions")
    pixel = column.locator('path[aria-label*="example: row "]').nth(27)  # mid first picture
    label = pixel.get_attribute("aria-label")
    row = int(re.search(r"example: row (\d+)", label).group(1))
    pixel.scroll_into_view_if_needed()
    pixel.click()
    wait_for_choice(page, "Example", f"row {row}:")
    wait_idle(page)
    assert f"row {row}:" in selectbox_text(page, "Example")
    assert_healthy(page)
