"""The "Hello, neural net" lesson in a real browser, opened by its URL on a fresh server:
training runs live (the progress and the charts move while the page stays idle), stops,
resumes, and ends with the verdict, without a console error."""

import re

import pytest

from tests.e2e.conftest import assert_healthy, open_page, wait_idle

pytestmark = pytest.mark.e2e

EPOCH = re.compile(r"Epoch (\d+) of (\d+)")


def epoch(pg) -> int:
    text = pg.locator('[data-testid="stProgress"]').first.inner_text()
    return int(EPOCH.search(text).group(1))


def wait_for_epoch(pg, condition: str) -> None:
    """Wait until the progress text's epoch satisfies `condition` (JS, on the number e)."""
    pg.wait_for_function(
        "() => { const el = document.querySelector('[data-testid=\"stProgress\"]');"
        " const m = el && el.innerText.match(/Epoch (\\d+) of/);"
        f" if (!m) return false; const e = Number(m[1]); return {condition}; }}")


def loss_chart(pg):
    return pg.locator('[data-testid="stVegaLiteChart"]').nth(1)


def test_trains_live_stops_resumes_and_the_chart_grows(server, page):
    open_page(page, server, "hello")
    assert page.get_by_text("Presenter mode").count() == 1  # app.py's sidebar is there
    assert epoch(page) == 0
    empty = loss_chart(page).screenshot()

    # Slow motion spreads the 100 epochs over a few seconds: stop as soon as it has begun.
    page.locator(".st-key-hello_train button").click()
    wait_for_epoch(page, "e >= 1")
    page.locator(".st-key-hello_stop button").click()
    wait_idle(page)
    stopped = epoch(page)
    assert 0 < stopped < 100
    page.wait_for_timeout(1500)
    assert epoch(page) == stopped  # stopped means stopped
    assert "Resume" in page.locator(".st-key-hello_train button").inner_text()
    mid = loss_chart(page).screenshot()
    assert mid != empty  # the curve was drawn

    page.locator(".st-key-hello_train button").click()
    # One click, then slow motion's ~7 epochs a tick: reaching 100 means the fragment ticked.
    wait_for_epoch(page, "e === 100")
    wait_idle(page)
    assert loss_chart(page).screenshot() != mid  # the line grew to the last epoch
    page.get_by_text("No underfitting").wait_for()
    assert "Train again" in page.locator(".st-key-hello_train button").inner_text()
    assert_healthy(page)


def test_deep_link_sets_the_lesson_state(server, page):
    open_page(page, server, "hello?hello_layers=0&hello_epochs=3")
    # A long page arrives in pieces: wait for each piece rather than counting at once.
    page.get_by_text("Epoch 0 of 3").wait_for()
    code = page.locator('[data-testid="stCode"]').first
    code.wait_for()
    assert "nn.Linear(2, 1)" in code.inner_text()  # no hidden layer, straight from the link
    page.get_by_text("Download nnviz_hello_pytorch.py").wait_for()
    assert_healthy(page)
