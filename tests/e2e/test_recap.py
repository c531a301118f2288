"""The recap pages in a real browser, opened by URL on a fresh server; a preset link works."""

import pytest

from tests.e2e.conftest import assert_healthy, open_page, wait_idle

pytestmark = pytest.mark.e2e


def test_recap_pages_open_and_a_preset_link_lands_in_its_state(server, page):
    open_page(page, server, "recap-problems")
    # The multi-class script sits in a tab not yet shown, and a long page arrives in pieces:
    # wait for it to be in the page rather than counting at once.
    softmax = page.get_by_text("Dense(5, activation='softmax')")
    softmax.first.wait_for(state="attached")
    assert softmax.count() >= 1
    open_page(page, server, "recap-takeaways")
    open_page(page, server, "recap-improve")
    page.get_by_role("link", name="Gradient descent: raw vs normalized").click()
    page.wait_for_url("**/descent?*")
    page.wait_for_selector('[data-testid="stMain"] [data-testid="stHeading"]')
    wait_idle(page)
    assert "gd_normalized=1" in page.url
    assert_healthy(page)
