"""Usable at 200 % zoom: a 1280x720 window zoomed to 200 % lays pages out in 640x360 CSS pixels
(each drawn with 2 device pixels), which is what this emulates. No page scrolls sideways there,
and no text is cut off."""

import pytest

from tests.e2e.conftest import open_page, sized_page
from tests.e2e.layout import PAGES, cut_off, sideways

pytestmark = pytest.mark.e2e

ZOOMED = (640, 360)  # 1280x720 at 200 %


def test_every_page_at_200_percent_zoom(server, browser):
    wide, cut = {}, {}
    with sized_page(browser, *ZOOMED, scale=2) as pg:
        for path in PAGES:
            open_page(pg, server, path)
            if width := sideways(pg):
                wide[path] = width
            if found := cut_off(pg):
                cut[path] = found
    assert not wide, wide
    assert not cut, cut
