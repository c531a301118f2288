"""The replay component in a real browser, on the test-only page tests/e2e/replay_app.py:
playing moves the frame, pause freezes it at once, the slider and the keyboard work, and the
canvas shows something. No timings are asserted."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from tests.e2e.conftest import (
    assert_healthy,
    sized_page,
    streamlit_server,
    wait_idle,
)

pytestmark = pytest.mark.e2e

SCRIPT = "tests/e2e/replay_app.py"
REPLAY = ".nnviz-replay"  # Playwright's CSS selectors reach into the component's shadow root


@pytest.fixture(scope="module")
def replay_server():
    """Like conftest's `server`, for the replay test page instead of app.py."""
    with streamlit_server(SCRIPT) as base:
        yield base


def open_replay(pg, base: str, query: str = "") -> None:
    pg.goto(f"{base}/?{query}")
    pg.wait_for_selector('[data-testid="stMain"] [data-testid="stHeading"]')
    wait_idle(pg)
    pg.wait_for_selector(f"{REPLAY}[data-frame]")
    pg.wait_for_selector(f"{REPLAY} button.play:not([disabled])")
    assert_healthy(pg)


def frame(pg) -> int:
    return int(pg.locator(REPLAY).get_attribute("data-frame"))


def playing(pg) -> bool:
    return pg.locator(REPLAY).get_attribute("data-playing") == "true"


def wait_frame_past(pg, value: int) -> int:
    """Wait (without a deadline of our own beyond Playwright's) until the frame passes value."""
    pg.wait_for_function(
        """([sel, v]) => {
            const host = [...document.querySelectorAll('[data-testid="stBidiComponentIsolated"]')]
                .map(e => e.shadowRoot && e.shadowRoot.querySelector(sel)).find(Boolean);
            return host && Number(host.dataset.frame) > v;
        }""", arg=[REPLAY, value])
    return frame(pg)


def canvas_pixels(pg) -> np.ndarray:
    shot = pg.locator(f"{REPLAY} canvas.picture").screenshot()
    return np.asarray(Image.open(io.BytesIO(shot)).convert("RGB"), dtype=int)


def pause(pg) -> None:
    pg.locator(f"{REPLAY} button.play").click()
    assert not playing(pg)


def test_plays_pauses_at_once_and_scrubs(replay_server, page):
    open_replay(page, replay_server, "kind=probability")
    assert playing(page)  # starts playing by itself
    moved = wait_frame_past(page, 3)
    assert moved > 3

    # Pause: the frame on screen is the one that stays, from the very next animation frame.
    held = page.evaluate("""sel => new Promise(resolve => {
        const root = [...document.querySelectorAll('[data-testid="stBidiComponentIsolated"]')]
            .map(e => e.shadowRoot && e.shadowRoot.querySelector(sel)).find(Boolean);
        root.querySelector('button.play').click();
        const at = root.dataset.frame;
        requestAnimationFrame(() => requestAnimationFrame(() =>
            resolve([at, root.dataset.frame, root.dataset.playing])));
    })""", REPLAY)
    assert held[0] == held[1]
    assert held[2] == "false"
    stopped = frame(page)
    page.wait_for_timeout(600)
    assert frame(page) == stopped

    # Scrub: the slider sets the frame, and the counter follows.
    slider = page.locator(f"{REPLAY} input.scrub")
    slider.fill("120")
    assert frame(page) == 120
    assert page.locator(f"{REPLAY} .epoch").inner_text() == "Epoch 121 of 300"
    # Announced once the viewer stops, not while playing.
    page.wait_for_function("""sel => {
        const root = [...document.querySelectorAll('[data-testid="stBidiComponentIsolated"]')]
            .map(e => e.shadowRoot && e.shadowRoot.querySelector(sel)).find(Boolean);
        return root.querySelector('[aria-live]').textContent.includes('Epoch 121 of 300');
    }""", arg=REPLAY)
    assert_healthy(page)


def test_keyboard(replay_server, page):
    open_replay(page, replay_server, "kind=classes")
    button = page.locator(f"{REPLAY} button.play")
    button.focus()
    page.keyboard.press("Space")  # pause
    page.wait_for_function("""sel => {
        const root = [...document.querySelectorAll('[data-testid="stBidiComponentIsolated"]')]
            .map(e => e.shadowRoot && e.shadowRoot.querySelector(sel)).find(Boolean);
        return root.dataset.playing === 'false';
    }""", arg=REPLAY)
    at = frame(page)
    page.wait_for_timeout(400)
    assert frame(page) == at
    page.keyboard.press("Space")  # play again
    assert wait_frame_past(page, at) > at
    page.keyboard.press("Space")
    assert not playing(page)

    # Arrow keys on the picture step one frame; Space there plays.
    picture = page.locator(f"{REPLAY} canvas.picture")
    picture.focus()
    at = frame(page)
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert frame(page) == min(at + 2, 299)
    page.keyboard.press("ArrowLeft")
    assert frame(page) == min(at + 1, 298)
    page.keyboard.press("Home")
    assert frame(page) == 0
    page.keyboard.press("Space")
    assert playing(page)
    assert wait_frame_past(page, 0) > 0

    # The speed choice is a native select.
    page.locator(f"{REPLAY} select").select_option("4")
    assert page.locator(f"{REPLAY} select").input_value() == "4"
    assert_healthy(page)


@pytest.mark.parametrize("kind", ["probability", "classes", "scatter"])
def test_canvas_is_not_blank(replay_server, page, kind):
    open_replay(page, replay_server, f"kind={kind}")
    wait_frame_past(page, 2)
    pause(page)
    pixels = canvas_pixels(page)
    # Many different colours: the grid's shades or the dots, plus axes.
    colours = np.unique(pixels.reshape(-1, 3), axis=0)
    assert len(colours) > 50, len(colours)
    curves = page.locator(f"{REPLAY} canvas.curves").screenshot()
    curve_px = np.asarray(Image.open(io.BytesIO(curves)).convert("RGB"), dtype=int)
    assert curve_px.std() > 5
    assert_healthy(page)


def test_live_run_waits_then_continues(replay_server, page):
    open_replay(page, replay_server, "kind=scatter&live=1&frames=120")
    # 60 of 120 frames sent: playing reaches the live edge and waits there, not stopping.
    page.wait_for_function("""sel => {
        const root = [...document.querySelectorAll('[data-testid="stBidiComponentIsolated"]')]
            .map(e => e.shadowRoot && e.shadowRoot.querySelector(sel)).find(Boolean);
        return root.dataset.frame === '59';
    }""", arg=REPLAY)
    assert playing(page)
    assert page.locator(f"{REPLAY} .live").is_visible()
    page.get_by_role("button", name="More frames").click()
    wait_idle(page)
    assert wait_frame_past(page, 59) > 59  # the same player carried on with the new frames

    # Paused mid-run, more frames arriving keep the viewer where they are.
    page.locator(f"{REPLAY} input.scrub").fill("30")
    page.get_by_role("button", name="More frames").click()
    wait_idle(page)
    page.wait_for_function("""sel => {
        const root = [...document.querySelectorAll('[data-testid="stBidiComponentIsolated"]')]
            .map(e => e.shadowRoot && e.shadowRoot.querySelector(sel)).find(Boolean);
        return root.querySelector('input.scrub').max === '119';
    }""", arg=REPLAY)
    assert frame(page) == 30
    assert not playing(page)
    assert_healthy(page)


def test_reduced_motion_starts_paused_on_the_last_frame(replay_server, browser):
    with sized_page(browser, 1000, 900, reduced_motion="reduce") as pg:
        open_replay(pg, replay_server, "kind=probability&frames=50")
        pg.wait_for_timeout(400)
        assert not playing(pg)
        assert frame(pg) == 49
        assert pg.locator(f"{REPLAY} .epoch").inner_text() == "Epoch 50 of 50"
        pg.locator(f"{REPLAY} button.play").click()  # at the end of a finished run: from 0
        assert playing(pg)


def test_canvas_follows_the_column_width(replay_server, page):
    open_replay(page, replay_server, "kind=scatter")
    wide = page.locator(f"{REPLAY} canvas.curves").bounding_box()["width"]
    page.set_viewport_size({"width": 560, "height": 1000})
    page.wait_for_function("""([sel, w]) => {
        const root = [...document.querySelectorAll('[data-testid="stBidiComponentIsolated"]')]
            .map(e => e.shadowRoot && e.shadowRoot.querySelector(sel)).find(Boolean);
        return root.querySelector('canvas.curves').getBoundingClientRect().width !== w;
    }""", arg=[REPLAY, wide])
    root_width = page.locator(REPLAY).bounding_box()["width"]
    picture = page.locator(f"{REPLAY} canvas.picture").bounding_box()
    assert picture["width"] <= root_width + 1
    assert_healthy(page)
