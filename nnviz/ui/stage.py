"""Presenter mode: large type for a room, fewer words on screen, and a clicker that steps lessons.

It is one switch in the sidebar, mirrored in the URL as ?present=1 so a speaker can bookmark it.
Pages ask `stage.on()` to hide the long explanations a speaker says out loud anyway, and put
what a speaker sets before the talk in `settings` (the sidebar) or `folded` (an expander).
"""

import streamlit as st

from nnviz.ui.fit import PHONE
from nnviz.ui.steps import to_first_steps

KEY = "present"
# The page being shown (its url path), for the pieces that need to know what comes next.
PAGE_KEY = "nnviz_page"
STAGE_NAV_ROWS = 4

# Bigger type and wider charts for the back row. The sidebar is zoomed back to its usual size
# so lesson names fit, and the buttons drop their key hints (PageDown...) so labels fit.
# Text in the lesson grows (prose, widget labels, buttons: Streamlit draws them all through a
# markdown container), except the two places where bigger type would collide: slider values
# (onto their thumbs) and metric values (which have their own large size). The title, the
# margins and the empty header band shrink, and table rows stay one line high, so that a
# lesson's picture fits the first screen of a 1280x720 projector. None of it on a phone: there
# the presenter's sizes would stack the step buttons one a line and squeeze the diagram.
_STAGE_CSS = f"""
<style>
@media (min-width: {PHONE + 1}px) {{
html, body, [data-testid="stAppViewContainer"] {{ font-size: 20px; }}
[data-testid="stSidebarContent"] {{ zoom: 0.8; }}
[data-testid="stTable"] td, [data-testid="stTable"] th {{ font-size: 1.1rem; }}
[data-testid="stMain"] [data-testid="stTable"] [data-testid="stMarkdownContainer"] p {{
  font-size: 1.05rem; }}
[data-testid="stTable"] tbody p {{ white-space: nowrap !important; }}  /* over fit.py's wrap */
[data-testid="stHeader"] {{ background: transparent; }}
[data-testid="stMain"] button kbd {{ display: none; }}
[data-testid="stMain"] [data-testid="stMarkdownContainer"] p,
[data-testid="stMain"] [data-testid="stMarkdownContainer"] li {{ font-size: 1.2rem; }}
[data-testid="stMain"] [data-testid="stSliderThumbValue"] p,
[data-testid="stMain"] [data-testid="stSliderTickBar"] p {{ font-size: 1rem; }}
[data-testid="stMain"] [data-testid="stMetricValue"] p {{ font-size: 1.8rem; }}
[data-testid="stDataFrame"] {{ font-size: 1.2rem; }}
h1 {{ font-size: 2.2rem !important; padding-top: 0 !important; }}
.block-container {{ max-width: 100vw; padding: 1.5rem 3rem 2rem; }}
}}
</style>
"""


def on() -> bool:
    return bool(st.session_state.get(KEY, False))


def arrive() -> None:
    """A visit opened with ?present=1 starts in presenter mode. Call before `on()` is asked."""
    if KEY not in st.session_state:
        st.session_state[KEY] = st.query_params.get(KEY) in ("1", "true")


def nav_rows() -> bool | int:
    """How many lessons the sidebar lists before "View more": on stage a few, so what a
    speaker turns live (the house weights, the descent settings) sits near the top."""
    return STAGE_NAV_ROWS if on() else False


def switch() -> None:
    """The sidebar toggle. Call it once per run, from app.py."""
    arrive()
    st.toggle(
        "Presenter mode",
        key=KEY,
        on_change=_on_switch,
        help="Large type for a projector; PageDown / PageUp on a clicker step through a lesson.",
    )
    # On stage the sidebar starts folded: the lesson gets the whole width of the projector.
    st.set_page_config(initial_sidebar_state="collapsed" if on() else "auto")
    if on():
        st.query_params[KEY] = "1"
        st.html(_STAGE_CSS)
    elif KEY in st.query_params:
        del st.query_params[KEY]


def _on_switch() -> None:
    if on():
        to_first_steps()  # a talk starts at the beginning of a lesson, not where it was left


def showing(url_path: str) -> None:
    """app.py says which page is being shown, once per run."""
    st.session_state[PAGE_KEY] = url_path


def page() -> str | None:
    return st.session_state.get(PAGE_KEY)


def explain(text: str) -> None:
    """Explanatory prose that a speaker says aloud: shown to learners, hidden on stage."""
    if not on():
        st.markdown(text)


def settings(title: str):
    """Where controls a speaker sets before the talk go: in place for a learner; on stage, a box
    in the sidebar (folded in presenter mode), so the picture has the first screen, and a
    speaker who opens the sidebar to turn one live still sees the picture change beside it."""
    if not on():
        return st.container()
    box = st.sidebar.container(border=True)
    box.markdown(f"**{title}**")
    return box


def heading(text: str) -> None:
    """A section heading for a learner; left off on stage, where the first screen is the
    picture's and the speaker names the section aloud."""
    if not on():
        st.subheader(text)


def folded(title: str):
    """Sections a speaker sets up before the talk: in place for a learner; on stage, folded
    into a closed expander above the picture, so the picture and its controls come first."""
    return st.expander(title, icon=":material/tune:") if on() else st.container()


def columns(spec: int | list[float], **kwargs) -> list:
    """A row of controls: columns for a learner; one under another in the stage's sidebar, which
    is too narrow for a row."""
    if on():
        return [st.container() for _ in range(spec if isinstance(spec, int) else len(spec))]
    return st.columns(spec, **kwargs)
