"""nnviz: the entrypoint. Page config, the shared sidebar, and the lessons' navigation."""

import streamlit as st

from nnviz.ui import arrow_memory, catalog, fit, share, stage

arrow_memory.use_system_allocator()
st.set_page_config(page_title="nnviz: neural nets you can touch", page_icon="🧠", layout="wide")

PAGES = {
    section: [st.Page(lesson.path, title=lesson.title, icon=lesson.icon,
                      url_path=lesson.url_path, default=lesson.url_path == "home")
              for lesson in lessons]
    for section, lessons in catalog.SECTIONS.items()
}

stage.arrive()
navigation = st.navigation(PAGES, position="sidebar", expanded=stage.nav_rows())

with st.sidebar:
    stage.switch()
    st.caption("nnviz turns the talk *Neural Nets* into lessons you can play with.")

fit.apply()
stage.showing(navigation.url_path)
share.on_page(navigation.url_path)
navigation.run()
share.share_box()
