"""Presenter mode on a projector: each step of a house lesson fits the first screen."""

import re

import pytest

from tests.e2e.conftest import open_page, press_until, sized_page, wait_idle
from tests.e2e.layout import inside, wait_still

pytestmark = pytest.mark.e2e

MAIN = '[data-testid="stMain"]'
PHONE = (390, 844)


def current_row(pg) -> int | None:
    """The row the step explains ("Row 2, weighted sum"), None while the table is empty."""
    found = re.search(r"Row (\d+), ", pg.locator(MAIN).inner_text())
    return int(found.group(1)) if found else None


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
@pytest.mark.parametrize("path, last", [("house", 12), ("hidden-layer", 15)])
def test_clicker_walk_stays_in_the_first_screen(server, browser, size, path, last):
    with sized_page(browser, *size) as pg:
        walk(pg, server, f"{path}?present=1", last)


@pytest.mark.parametrize("query", ["", "&present=1"], ids=["learner", "presenter"])
@pytest.mark.parametrize("path, prefix, last", [("house", "house", 12),
                                                ("hidden-layer", "hidden", 15)])
def test_on_a_phone_each_step_brings_the_diagram_and_its_row_into_view(
        server, browser, query, path, prefix, last):
    """A phone stacks everything, so the walk starts below the title (and a learner's below the
    weights too): tapping Next scrolls the walk up, and its diagram, the step and the row it
    fills share the screen."""
    with sized_page(browser, *PHONE) as pg:
        walk(pg, server, f"{path}?{prefix}_step=0{query}", last, tap=True, from_top=False)


@pytest.mark.parametrize("motion", ["no-preference", "reduce"])
def test_the_step_scrolls_smoothly_unless_the_phone_asks_for_less_motion(server, browser, motion):
    with sized_page(browser, *PHONE, reduced_motion=motion) as pg:
        open_page(pg, server, "house?house_step=0")
        # Count the main area's scroll events: a smooth scroll moves it frame by frame.
        pg.evaluate("""() => { window.scrolls = 0; document.querySelector('[data-testid="stMain"]')
            .addEventListener("scroll", () => { window.scrolls += 1; }); }""")
        pg.get_by_role("button", name=re.compile("Next step")).click()
        pg.get_by_text("Step 1 of 12").wait_for()
        wait_idle(pg)
        diagram = pg.locator(f"{MAIN} [data-testid='stVegaLiteChart']").first
        wait_still(pg, diagram)
        assert inside(pg, diagram)
        scrolls = pg.evaluate("window.scrolls")
        assert (scrolls <= 2) == (motion == "reduce"), f"{scrolls} scroll events"


def walk(pg, server, url, last, tap=False, from_top=True) -> None:
    """Step through a house lesson with PageDown (or, with `tap`, the Next button), checking
    at each step that the diagram, the step and its table row are on screen (before the first
    step too if `from_top`)."""
    open_page(pg, server, url)
    diagram = pg.locator(f"{MAIN} [data-testid='stVegaLiteChart']").first
    rows = pg.locator(f"{MAIN} [data-testid='stTable'] tbody tr")
    for step in range(last + 1):
        if step and tap:
            pg.get_by_role("button", name=re.compile("Next step")).click()
            pg.get_by_text(f"Step {step} of {last}").wait_for()
        elif step:
            press_until(pg, "PageDown", f"Step {step} of {last}")
        if step:
            wait_idle(pg)
            wait_still(pg, diagram)
        if not step and not from_top:
            continue  # the lesson opens at its top, where the weights are
        assert inside(pg, diagram), f"step {step}: the diagram is off-screen"
        row = current_row(pg)
        shown = rows.nth(row - 1 if row else 0)
        assert inside(pg, shown), f"step {step}: table row {row} is off-screen"
        if row:
            assert inside(pg, pg.get_by_text(re.compile(rf"^Row {row}, ")).first)
    assert pg.get_by_role("button", name=re.compile("Next lesson")).is_visible()
    assert not pg.console.errors, pg.console.errors


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
@pytest.mark.parametrize("path", ["hello?hello_slow=0", "binary?bin_speed=fast",
                                  "regression", "multiclass"])
def test_clicker_trains_and_the_replay_fits_the_first_screen(server, browser, path, size):
    with sized_page(browser, *size) as pg:
        open_page(pg, server, f"{path}{'&' if '?' in path else '?'}present=1")
        press_until(pg, "PageDown", "Train again")  # PageDown pressed Train; training ended
        wait_idle(pg)
        train = pg.get_by_role("button", name=re.compile("Train again"))
        replay = pg.locator(f"{MAIN} [class*='st-key-'][class*='_replay']").first
        assert inside(pg, train) and inside(pg, replay)
        assert inside(pg, replay.locator("canvas").first)  # the picture, with its curves
        assert not pg.console.errors, pg.console.errors


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
@pytest.mark.parametrize("view", ["one", "two"])
def test_descent_picture_and_its_step_fit_the_first_screen(server, browser, view, size):
    with sized_page(browser, *size) as pg:
        open_page(pg, server, f"descent?present=1&gd_view={view}")
        press_until(pg, "PageDown", "Step 1 of")
        wait_idle(pg)
        picture = pg.locator(f"{MAIN} [data-testid='stVegaLiteChart']").first
        assert inside(pg, picture), "the map (or the one-weight chart) is off-screen"
        assert inside(pg, pg.get_by_text(re.compile(r"^Step 1 of")).first)
        assert inside(pg, pg.get_by_role("button", name=re.compile("^Next step")))
        assert not pg.console.errors, pg.console.errors
