"""What every lesson page does the same way: stop early with a reason, remember a result
against the settings it was computed for, and offer a seed."""

from collections.abc import Callable, Hashable
from typing import Any, Literal

import streamlit as st

from nnviz.jobs.run import TrainingFailed
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


# ---- a result computed on a click, shown while the settings it was computed for hold ---------

def remember(key: str, signature: Hashable, result: Any) -> None:
    """Keep `result` (e.g. a comparison a button trained) against the settings it belongs to."""
    st.session_state[key] = (signature, result)


def remember_computed(key: str, signature: Hashable, compute: Callable[[], Any]) -> None:
    """remember(key, signature, compute()); if the training behind it failed, say why instead
    (a worker lost, say) and remember nothing, so the button can simply be pressed again."""
    try:
        remember(key, signature, compute())
    except TrainingFailed as failure:
        st.error(str(failure), icon=":material/error:")


def recall(key: str, signature: Hashable) -> Any | None:
    """The remembered result if it was computed for these settings, else None."""
    stored = st.session_state.get(key)
    return stored[1] if stored is not None and stored[0] == signature else None


def outdated(key: str, signature: Hashable) -> bool:
    """A result is remembered, but for other settings: the page says to compute it again."""
    stored = st.session_state.get(key)
    return stored is not None and stored[0] != signature


def seed_input(key: str, help: str = "Same seed, same data, same split and same starting "
               "weights: the same result.", container=st) -> int:
    """The seed box every training page has (0-9999)."""
    return int(container.number_input("Seed", 0, 9999, step=1, key=key, help=help))
