"""The binary-classifier lesson in a real browser: open it by its URL, train, see the boundary
change, and move the threshold."""

import io

import numpy as np
import pytest
from PIL import Image

from tests.e2e.conftest import assert_healthy, open_page, wait_idle

pytestmark = pytest.mark.e2e

BOUNDARY = '.st-key-bin_boundary [data-testid="stVegaLiteChart"]'


# Find, scroll to and measure the chart in ONE step in the page: while training, a tick may
# swap the chart's element between two Playwright calls and leave the first one detached.
_PLACE = """sel => {
    const el = document.querySelector(sel);
    el.scrollIntoView({block: "center"});
    const r = el.getBoundingClientRect();
    return {x: r.x, y: r.y, width: r.width, height: r.height};
}"""


def picture(pg) -> np.ndarray:
    """A clip of the page where the boundary chart is (an element screenshot would fail on a
    swapped element too)."""
    shot = pg.screenshot(clip=pg.evaluate(_PLACE, BOUNDARY))
    return np.asarray(Image.open(io.BytesIO(shot)).convert("RGB"), dtype=int)


def test_training_redraws_the_boundary(server, page):
    open_page(page, server, "binary?bin_epochs=60&bin_speed=fast")
    assert page.get_by_text("Binary classifier").first.is_visible()
    page.wait_for_selector(BOUNDARY)
    page.wait_for_timeout(500)  # let Vega paint
    before = picture(page)

    page.get_by_role("button", name="Train", exact=True).click()
    page.wait_for_function(
        "() => document.body.innerText.includes('Epoch 60 of 60')", timeout=120_000)
    page.get_by_role("button", name="Train again").wait_for()
    wait_idle(page)
    page.wait_for_timeout(500)
    after = picture(page)

    assert before.shape == after.shape
    changed = np.abs(before - after).sum(axis=2) > 60
    assert changed.mean() > 0.10, f"only {changed.mean():.1%} of the boundary picture changed"
    # The decision section now has numbers.
    assert page.get_by_text("Precision").first.is_visible()
    assert_healthy(page)


def test_threshold_slider_moves_the_scores(server, page):
    open_page(page, server, "binary?bin_epochs=20&bin_speed=fast")
    page.get_by_role("button", name="Train", exact=True).click()
    page.get_by_role("button", name="Train again").wait_for(timeout=120_000)
    wait_idle(page)
    recall = page.locator('[data-testid="stMetric"]', has_text="Recall")
    first = recall.inner_text()
    thumb = page.get_by_role("slider", name="Threshold")
    thumb.focus()
    thumb.press("End")  # threshold 1.0: almost nothing is called positive any more
    wait_idle(page)
    page.wait_for_function(
        "t => [...document.querySelectorAll('[data-testid=stMetric]')]"
        ".some(m => m.innerText.includes('Recall') && m.innerText !== t)", arg=first)
    assert recall.inner_text() != first
    assert_healthy(page)


def test_the_boundary_moves_while_the_network_is_still_training(server, page):
    """Slow motion: a picture taken mid-run differs from the untrained one and from the
    final one, so the learner really sees the boundary move, not just jump at the end."""
    open_page(page, server, "binary?bin_epochs=300&bin_speed=watch")
    page.wait_for_selector(BOUNDARY)
    page.wait_for_timeout(500)
    before = picture(page)
    page.get_by_role("button", name="Train", exact=True).click()
    # Watching spreads 300 epochs over 20 redraws of at least 0.2 s: mid-run lasts seconds.
    page.wait_for_function(
        "() => { const m = document.body.innerText.match(/Epoch (\\d+) of 300/);"
        " return m && +m[1] >= 50 && +m[1] <= 200; }", timeout=120_000)
    page.wait_for_timeout(300)  # let Vega paint the tick
    during = picture(page)
    page.get_by_role("button", name="Train again").wait_for(timeout=180_000)
    wait_idle(page)
    page.wait_for_timeout(500)
    after = picture(page)
    for a, b in ((before, during), (during, after)):
        assert a.shape == b.shape
        assert (np.abs(a - b).sum(axis=2) > 60).mean() > 0.01
    assert_healthy(page)
