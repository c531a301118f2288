"""A link to exactly what is on screen: the page and every control, as the URL records them."""

from urllib.parse import urlencode, urlsplit

import streamlit as st


def link(url_path: str, params: dict[str, str], app_url: str | None) -> str:
    """The shareable address: this app's origin, the page's path and its query parameters."""
    parts = urlsplit(app_url or "")
    origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else "http://localhost:8501"
    query = urlencode(params)
    return f"{origin}/{url_path}" + (f"?{query}" if query else "")


_PAGE_KEY = "share_page_url_path"


def on_page(url_path: str) -> None:
    """Call before a page runs: a page that stops early draws the Share box itself."""
    st.session_state[_PAGE_KEY] = url_path


def share_box() -> None:
    """Call after the page has drawn its controls, so that they have reached the URL."""
    url_path = st.session_state.get(_PAGE_KEY, "")
    with st.sidebar.popover("Share this view", icon=":material/link:", width="stretch"):
        st.caption("Copy this link: it opens the lesson with every control as you set it.")
        st.code(link(url_path, st.query_params.to_dict(), st.context.url), language=None,
                wrap_lines=True)
