"""Ending a page's run early, the same way on every page."""

from typing import Literal

import streamlit as st

from nnviz.ui import share
from nnviz.ui.urlstate import Params

_SAYS = {"info": (st.info, ":material/info:"), "warning": (st.warning, ":material/warning:"),
         "error": (st.error, ":material/error:")}


def halt(message: str, *params: Params, tone: Literal["info", "warning", "error"] = "info"
         ) -> None:
    """Say why nothing more can be drawn, keep the URL in step with the controls, keep the
    sidebar's Share box (app.py draws it only after a page that runs to its end), and stop."""
    say, icon = _SAYS[tone]
    say(message, icon=icon)
    for group in params:
        group.publish()
    share.share_box()
    st.stop()
