"""axe-core on every page, opened by its URL on a fresh server: with the defaults, in Presenter
mode, and after training on the training pages. No serious or critical WCAG 2.1 A/AA violation
is allowed in anything nnviz draws; and the keyboard alone reaches a training page's controls
and presses Train."""

from __future__ import annotations

from typing import NamedTuple

import pytest

from nnviz.ui import catalog
from tests.e2e import axe
from tests.e2e.conftest import (
    assert_healthy,
    open_page,
    sized_page,
    train_button,
    wait_idle,
)
from tests.e2e.test_descent import HEAD_POSITION, POSITIONS_PER_SECOND

pytestmark = pytest.mark.e2e


class Exclusion(NamedTuple):
    rule: str
    within: str  # CSS selector of the Streamlit markup the rule is waived inside
    reason: str


# The only violations tolerated: Streamlit's own markup, which no theme, config option or other
# element can change. Everything else axe reports fails the test.
FRAMEWORK = (
    Exclusion("list", '[data-testid="stSidebarNavItems"]',
              "st.navigation with sections renders <ul> holding <div> section wrappers, so the "
              "<ul> has children other than <li>"),
    Exclusion("listitem", '[data-testid="stSidebarNavItems"]',
              "the same sidebar navigation: its <li> items sit inside those <div> wrappers, "
              "not directly in the <ul>"),
    Exclusion("color-contrast", '[data-testid="stCode"] .token',
              "st.code's syntax colours (comments #808495, numbers #29b09d on the code "
              "background) are fixed in Streamlit's code theme; [theme] only sets the code's "
              "base text and background colours"),
    Exclusion("scrollable-region-focusable", '[data-testid="stCode"] pre',
              "st.code's <pre> scrolls sideways when a line is long and Streamlit gives it no "
              "tabindex (Chromium still lets Tab reach a scroller, and the copy button takes "
              "the whole code); wrapping the lines instead would blur Python's indentation"),
)

PAGES = [lesson.url_path for section in catalog.SECTIONS.values() for lesson in section]
HOME = PAGES[0]  # the default page: its address is the bare root


def address(path: str) -> str:
    return "" if path == HOME else path
# A few epochs are enough: what is checked is what the page draws once trained.
TRAINING = {
    "hello": "hello?hello_epochs=5",
    "regression": "regression?reg_epochs=5",
    "binary": "binary?bin_epochs=5&bin_speed=fast",
    "multiclass": "multiclass?mc_epochs=5",
}

CHARTS = """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]"""
CHARTS_DRAWN = f"""() => ({CHARTS})().every(c => c.querySelector('svg, canvas'))"""
# Vega gives a chart's container the spec's description as its aria-label.
UNDESCRIBED = f"""() => ({CHARTS})().filter(c => !(c.getAttribute('aria-label') || '').trim())
    .map(c => c.innerText.slice(0, 80) || c.outerHTML.slice(0, 200))"""


@pytest.fixture(scope="module")
def axe_js():
    return axe.axe_script()


def excluded(v: axe.Violation) -> bool:
    return any(v.rule == e.rule and e.within in v.inside for e in FRAMEWORK)


def assert_accessible(pg, axe_js, where: str) -> None:
    pg.wait_for_function(CHARTS_DRAWN)
    pg.wait_for_timeout(500)  # Vega draws asynchronously after the element mounts
    found = axe.violations(pg, axe_js, where=where, within=tuple(e.within for e in FRAMEWORK))
    left = [v for v in axe.serious(found) if not excluded(v)]
    assert not left, f"{len(left)} serious axe violations:\n" + "\n".join(map(str, left))
    assert not pg.evaluate(UNDESCRIBED), "charts without a text alternative"


def test_axe_catalog_matches_the_navigation():
    assert len(PAGES) == 11 and set(TRAINING) <= set(PAGES)


@pytest.mark.parametrize("path", PAGES)
def test_page_with_defaults(server, page, axe_js, path):
    open_page(page, server, address(path))
    assert_accessible(page, axe_js, path)


@pytest.mark.parametrize("path", PAGES)
def test_page_in_presenter_mode(server, page, axe_js, path):
    open_page(page, server, f"{address(path)}?present=1")
    assert_accessible(page, axe_js, f"{path}?present=1")


@pytest.mark.parametrize("path", list(TRAINING))
def test_training_page_after_training(server, page, axe_js, path):
    open_page(page, server, TRAINING[path])
    train_button(page).click()
    page.get_by_role("button", name="Train again").wait_for()
    wait_idle(page)
    assert_healthy(page)
    assert_accessible(page, axe_js, f"{path} (trained)")


# The widget key of whatever has the keyboard focus (Streamlit puts `st-key-<key>` on the
# element container of a widget given a key), else its tag.
FOCUSED = """() => {
    const el = document.activeElement;
    const box = el && el.closest('[class*="st-key-"]');
    const key = box && [...box.classList].find(c => c.startsWith('st-key-'));
    return key ? key.slice('st-key-'.length) : (el ? el.tagName.toLowerCase() : '');
}"""
HELLO_CONTROLS = {"hello_shape", "hello_points", "hello_noise", "hello_layers", "hello_nodes",
                  "hello_activation", "hello_epochs"}


def test_the_keyboard_alone_reaches_the_controls_and_presses_train(server, page):
    open_page(page, server, "hello?hello_epochs=5")
    page.locator(".st-key-hello_train button").wait_for()  # a long page arrives in pieces
    # A click on the title (not itself focusable) starts the Tab order there, past the sidebar.
    page.locator('[data-testid="stMain"] h1').first.click()
    reached = []
    for _ in range(200):
        page.keyboard.press("Tab")
        reached.append(page.evaluate(FOCUSED))
        if reached[-1] == "hello_train":
            break
    assert reached[-1] == "hello_train", f"Tab never reached Train; it went through {reached}"
    assert HELLO_CONTROLS <= set(reached), HELLO_CONTROLS - set(reached)
    # Train focused a button, and Enter presses it (Space would too).
    assert page.evaluate("() => document.activeElement.tagName") == "BUTTON"
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Train again").wait_for()
    wait_idle(page)
    assert_healthy(page)


def test_reduced_motion_stops_the_descent_animation(server, browser):
    """With the browser asking for reduced motion, the walk is shown at its end, still (the
    animation itself is tested in test_descent.py)."""
    with sized_page(browser, 1400, 1000, reduced_motion="reduce") as pg:
        open_page(pg, server, "descent?gd_view=two")
        pg.wait_for_function(f"() => ({HEAD_POSITION})() !== null")
        # The first run cannot know the setting; the page reruns once the browser has said.
        for _ in range(10):
            drawn = pg.evaluate(POSITIONS_PER_SECOND)
            if drawn == 1:
                break
            wait_idle(pg)
        assert drawn == 1, f"the walker still moves ({drawn} positions in a second)"
        assert_healthy(pg)
