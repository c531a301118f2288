"""Every page at a projector's size in presenter mode and on a phone: no text cut off, and on
the phone no sideways scroll, no key hints on buttons, and buttons big enough to touch."""

import pytest

from tests.e2e.conftest import open_page, sized_page, wait_idle
from tests.e2e.layout import PAGES, cut_off, sideways

pytestmark = pytest.mark.e2e

PROJECTOR, PHONE = (1280, 720), (390, 844)
TOUCH = 44  # px, the smallest comfortable target for a fingertip


@pytest.mark.parametrize("size, query", [(PROJECTOR, "?present=1"), (PHONE, "")],
                         ids=["projector", "phone"])
def test_no_text_is_cut_off(server, browser, size, query):
    cut = {}
    with sized_page(browser, *size) as pg:
        for path in PAGES:
            open_page(pg, server, path + query)
            cut[path] = cut_off(pg)
    assert not any(cut.values()), {path: found for path, found in cut.items() if found}


@pytest.mark.parametrize("size, query", [(PROJECTOR, "&present=1"), (PHONE, "")],
                         ids=["projector", "phone"])
def test_after_training_no_number_or_label_is_cut_off(server, browser, size, query):
    with sized_page(browser, *size) as pg:
        open_page(pg, server, f"hello?hello_slow=0{query}")
        pg.locator(".st-key-hello_train button").click()
        pg.get_by_text("Train again").wait_for()
        wait_idle(pg)
        assert cut_off(pg) == []
        assert sideways(pg) is None


def test_phone_no_sideways_scroll_no_key_hints_and_buttons_to_touch(server, browser):
    wide, hints, small = {}, {}, {}
    with sized_page(browser, *PHONE) as pg:
        for path in PAGES:
            open_page(pg, server, path)
            if width := sideways(pg):
                wide[path] = width
            hints[path] = pg.evaluate("""() => [...document.querySelectorAll(
                '[data-testid="stMain"] button kbd')].filter(k => k.offsetParent)
                .map(k => k.innerText)""")
            small[path] = pg.evaluate(f"""() => [...document.querySelectorAll(
                '[data-testid="stMain"] [data-testid^="stBaseButton"]')]
                .filter(b => b.offsetParent && b.getBoundingClientRect().height < {TOUCH})
                .map(b => b.innerText)""")
    assert not wide, wide
    assert not any(hints.values()), hints
    assert not any(small.values()), small
