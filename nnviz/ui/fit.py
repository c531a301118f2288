"""Text that fits its box at every size: a phone's 390 px as well as a projector's large type.

One small style sheet, on every page (app.py), for what Streamlit's own styles cut off or
make too small to touch.
"""

import streamlit as st

PHONE = 640  # px: below this Streamlit stacks columns, and a finger replaces the mouse

# - Page links are cut off with an ellipsis by default: a lesson's name should wrap instead.
# - On a phone: buttons at least 44 px high (a fingertip's target), and no key hints on them
#   (PageDown on a phone is noise, and it squeezes the label).
_CSS = f"""
<style>
[data-testid="stPageLink-NavLink"] p {{ white-space: normal; overflow: visible; }}
@media (max-width: {PHONE}px) {{
  [data-testid="stMain"] button kbd, [data-testid="stSidebar"] button kbd {{ display: none; }}
  [data-testid="stMain"] button, [data-testid="stSidebar"] button {{ min-height: 44px; }}
}}
</style>
"""


def apply() -> None:
    """Call once per run, from app.py."""
    st.sidebar.html(_CSS)  # the sidebar: no empty line above the lesson
