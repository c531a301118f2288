"""The binary-classifier lesson in a real browser: open it by its URL, train, see the boundary
change, and move the threshold."""

import io

import numpy as np
import pytest
from PIL import Image

from tests.e2e.conftest import assert_healthy, open_page, train_button, wait_idle

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

    train_button(page).click()
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
    train_button(page).click()
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


REPLAY = ".nnviz-replay"  # Playwright's CSS selectors reach into the component's shadow root
FRAME = """() => { const host = [...document.querySelectorAll(
    '[data-testid="stBidiComponentIsolated"]')].map(e => e.shadowRoot
    && e.shadowRoot.querySelector('.nnviz-replay')).find(Boolean);
    return host ? +host.dataset.frame : -1; }"""
STILL_TRAINING = """() => { const m = document.body.innerText.match(/Epoch (\\d+) of 300 ·/);
    return m !== null && +m[1] < 300; }"""


def test_the_boundary_moves_while_the_network_is_still_training(server, page):
    """Watching: the browser replays the boundary from the frames the worker has sent while
    the network is still training, so two moments mid-run show different pictures; when the
    run ends the page draws its detailed boundary and keeps the replay."""
    open_page(page, server, "binary?bin_epochs=300&bin_speed=watch")
    train_button(page).click()
    canvas = page.locator(f"{REPLAY} canvas.picture")
    canvas.wait_for(timeout=120_000)
    page.wait_for_function(f"() => ({FRAME})() >= 1", timeout=120_000)
    first = canvas.screenshot()
    at = page.evaluate(FRAME)
    page.wait_for_function(f"() => ({FRAME})() >= {at + 3}", timeout=120_000)
    later = canvas.screenshot()
    assert page.evaluate(STILL_TRAINING)  # both moments came before the run's end
    a, b = (np.asarray(Image.open(io.BytesIO(shot)).convert("RGB"), dtype=int)
            for shot in (first, later))
    assert a.shape == b.shape and (np.abs(a - b).sum(axis=2) > 60).mean() > 0.01
    page.get_by_role("button", name="Train again").wait_for(timeout=180_000)
    wait_idle(page)
    page.wait_for_selector(BOUNDARY)
    assert page.locator(REPLAY).count() == 1
    assert_healthy(page)
