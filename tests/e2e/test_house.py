"""The house lessons in a real browser, each opened by its own URL on a fresh server."""

import pytest

from tests.e2e.conftest import RUN_TIMEOUT, open_page, press_until, wait_idle

pytestmark = pytest.mark.e2e


def cell_texts(pg) -> str:
    return pg.locator('[data-testid="stTable"]').first.inner_text()


@pytest.mark.parametrize("path, slider_label, before, after", [
    ("house", "Rooms weight", "$400,000", "$404,000"),
    ("hidden-layer", "Hidden 2 → Price", "$600,000", "$604,000"),
])
def test_deep_link_then_keyboard_moves_a_weight(server, page, path, slider_label, before, after):
    open_page(page, server, path)
    assert "nnviz" in page.title()
    # The sidebar from app.py is there: the page did not run on its own. (On a loaded machine
    # the sidebar can paint after the main column: wait for it rather than look once.)
    page.get_by_text("Presenter mode").first.wait_for(timeout=RUN_TIMEOUT)
    assert page.get_by_text("Presenter mode").count() == 1
    assert before in cell_texts(page)

    thumb = page.get_by_role("slider", name=slider_label)
    thumb.focus()
    thumb.press("ArrowRight")  # one slider step = 1,000 on these weights; row 3 has 4 rooms/units
    wait_idle(page)
    page.wait_for_function(
        "t => document.querySelector('[data-testid=\"stTable\"]').innerText.includes(t)",
        arg=after)
    assert after in cell_texts(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert not page.console.errors, page.console.errors


def test_clicker_keys_step_the_walk(server, page):
    open_page(page, server, "house?house_step=0")
    assert "$200,000" not in cell_texts(page)
    for n in (1, 2, 3):  # inputs, weighted sum, prediction
        press_until(page, "PageDown", f"Step {n} of")
        wait_idle(page)
    assert "$200,000" in cell_texts(page)
    press_until(page, "PageUp", "Step 2 of")
    wait_idle(page)
    assert not page.console.errors, page.console.errors
