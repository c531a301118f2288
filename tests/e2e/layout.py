"""What the layout tests look at in a real browser: the pages, text cut off, sideways scroll,
and whether an element is on screen."""

from pathlib import Path

from nnviz.ui.catalog import SECTIONS

# Every page's url path; the welcome page is the default page, at the root.
PAGES = ["" if lesson.url_path == "home" else lesson.url_path
         for lessons in SECTIONS.values() for lesson in lessons]
OVERFLOWING = (Path(__file__).parent / "overflow.js").read_text()


def cut_off(pg) -> list[str]:
    """The elements whose text overflows its box (see overflow.js)."""
    return pg.evaluate(OVERFLOWING)


def sideways(pg) -> list[int] | None:
    """[content width, window width] when the page scrolls sideways, else None. Streamlit's
    main area scrolls itself, inside a document that never does: both are measured."""
    width = pg.evaluate("""[Math.max(document.documentElement.scrollWidth,
        document.querySelector('[data-testid="stMain"]').scrollWidth), innerWidth]""")
    return width if width[0] > width[1] else None


def inside(pg, locator) -> bool:
    """Whether the element is wholly inside the viewport."""
    box = locator.bounding_box()
    view = pg.viewport_size
    return (box is not None and box["x"] >= 0 and box["y"] >= 0
            and box["x"] + box["width"] <= view["width"] + 1
            and box["y"] + box["height"] <= view["height"] + 1)


def wait_still(pg, locator, polls: int = 50) -> None:
    """Wait until the element stops moving (a smooth scroll has ended)."""
    last = None
    for _ in range(polls):
        box = locator.bounding_box()
        if box is not None and box == last:
            return
        last = box
        pg.wait_for_timeout(100)
