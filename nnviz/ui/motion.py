"""Whether the visitor's browser asks for less motion (the `prefers-reduced-motion` setting).

The server cannot see a browser's media queries, and Vega-Lite's timer animation does not look
at them, so a tiny component reads the setting in the browser and hands it to the script. The
first run of a session does not know yet (False); if the browser asks for reduced motion the
component reports it and the page reruns once, without the animation.
"""

import streamlit as st

_JS = """
export default function ({ setStateValue }) {
  const query = window.matchMedia("(prefers-reduced-motion: reduce)");
  setStateValue("reduce", query.matches);
  query.onchange = (event) => setStateValue("reduce", event.matches);
}
"""

_probe = st.components.v2.component("nnviz.reduced_motion", js=_JS)


def reduced() -> bool:
    """True when the browser asks for reduced motion. Mounts the (invisible) probe in the
    sidebar, where its empty element takes no room from the lesson."""
    with st.sidebar:
        result = _probe(key="nnviz_reduced_motion", default={"reduce": False},
                        on_reduce_change=lambda: None, height=0)
    return bool(result.get("reduce", False))
