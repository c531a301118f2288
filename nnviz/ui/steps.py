"""Back / Next / Show all / Reset: walking a lesson one step at a time, clicker included.

A presenter's remote clicker sends PageDown and PageUp, so Next and Back answer those keys; at
the last step Next becomes "Next lesson", so the clicker carries on into the next lesson.
The step lives in st.session_state[key] (seed it with urlstate.Params to put it in the URL).
"""

import streamlit as st

from nnviz.ui.catalog import Lesson

# "Everything shown", whatever the number of steps: a table that grows stays fully shown.
END = 1_000_000
# The step keys this visitor's pages use, so that presenter mode can start them all over.
STEP_KEYS = "nnviz_step_keys"
PROGRESS_WIDTH = 200  # pixels: "Step 12 of 15" in presenter type, on one line
# The step key whose button started this run, if one did; see `_bring_into_view`.
PRESSED = "nnviz_step_pressed"

# After a step button was pressed: if the step's section does not fit the screen as it stands
# (on a phone the weights fill the first screen, and the diagram and table are below), scroll
# it to the top, under Streamlit's fixed header. Instant when the browser asks for less motion.
_SCROLL_JS = """
export default function ({ data }) {
  const section = document.querySelector(`.st-key-${data.section}`);
  if (!section) return;
  const header = document.querySelector('[data-testid="stHeader"]');
  const top = header ? header.getBoundingClientRect().bottom : 0;
  const box = section.getBoundingClientRect();
  if (box.top >= top && box.bottom <= window.innerHeight) return;
  const reduce = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  section.style.scrollMarginTop = `${top}px`;
  section.scrollIntoView({ block: "start", behavior: reduce ? "auto" : "smooth" });
}
"""
_scroller = st.components.v2.component("nnviz.step_into_view", js=_SCROLL_JS)


def to_first_steps() -> None:
    """Every lesson back to its first step (a speaker turning presenter mode on starts there)."""
    for key in st.session_state.get(STEP_KEYS, ()):
        st.session_state[key] = 0


def _move(key: str, to: int, last: int) -> None:
    st.session_state[key] = max(0, min(last, to))
    st.session_state[PRESSED] = key
    st.session_state[f"{key}_presses"] = st.session_state.get(f"{key}_presses", 0) + 1


def _bring_into_view(key: str, section: str) -> None:
    """Scroll the container keyed `section` into view, in the run a step button started only
    (never on arriving at a page, which opens at its top). The script is mounted only then,
    and is handed the press count so that it runs again on each of several presses in a row."""
    if st.session_state.get(PRESSED) != key:
        return
    del st.session_state[PRESSED]
    with st.sidebar:  # its empty element takes no room from the lesson
        _scroller(key=f"{key}_into_view", height=0,
                  data={"section": section, "press": st.session_state[f"{key}_presses"]})


def step_controls(key: str, n_steps: int, next_lesson: Lesson | None = None,
                  section: str | None = None) -> int:
    """Draw the four buttons and return the current step, 0 .. n_steps - 1. With a
    `next_lesson`, Next (and PageDown) at the last step opens that lesson. With a `section`
    (the key of a container that holds these buttons and what they step), a press brings that
    section into view."""
    st.session_state.setdefault(STEP_KEYS, set()).add(key)
    last = n_steps - 1
    current = max(0, min(last, int(st.session_state.get(key, 0))))
    # One row that wraps, not four columns: a phone shows two buttons a line instead of four
    # stacked ones, and the step count sits beside them, leaving the screen to the lesson.
    row = st.container(horizontal=True, vertical_alignment="center")
    row.button(
        "Back", key=f"{key}_back", icon=":material/arrow_back:", shortcut="PageUp",
        disabled=current == 0, on_click=_move, args=(key, current - 1, last),
        width="stretch",
    )
    if current == last and next_lesson is not None:
        if row.button("Next lesson", key=f"{key}_next_lesson", icon=":material/skip_next:",
                      shortcut="PageDown", type="primary", width="stretch",
                      help=f"Go on to {next_lesson.title}."):
            st.switch_page(next_lesson.path)
    else:
        row.button(
            "Next step", key=f"{key}_next", icon=":material/arrow_forward:",
            shortcut="PageDown", type="primary", disabled=current == last,
            on_click=_move, args=(key, current + 1, last), width="stretch",
        )
    row.button(
        "Show all", key=f"{key}_all", icon=":material/done_all:",
        on_click=_move, args=(key, END, END), width="stretch",
    )
    row.button(
        "Reset", key=f"{key}_reset", icon=":material/restart_alt:",
        on_click=_move, args=(key, 0, last), width="stretch",
    )
    row.progress(current / last if last else 1.0, text=f"Step {current} of {last}",
                 width=PROGRESS_WIDTH)
    if section:
        _bring_into_view(key, section)
    return current
