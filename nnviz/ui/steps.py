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


def to_first_steps() -> None:
    """Every lesson back to its first step (a speaker turning presenter mode on starts there)."""
    for key in st.session_state.get(STEP_KEYS, ()):
        st.session_state[key] = 0


def _move(key: str, to: int, last: int) -> None:
    st.session_state[key] = max(0, min(last, to))


def step_controls(key: str, n_steps: int, next_lesson: Lesson | None = None) -> int:
    """Draw the four buttons and return the current step, 0 .. n_steps - 1. With a
    `next_lesson`, Next (and PageDown) at the last step opens that lesson."""
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
    return current
