"""nnviz: the entrypoint. Page config, the shared sidebar, and the lessons' navigation."""

import streamlit as st

from nnviz.ui import share, stage

st.set_page_config(page_title="nnviz: neural nets you can touch", page_icon="🧠", layout="wide")

PAGES = {
    "Foundations": [
        st.Page("app_pages/home.py", title="Welcome", icon=":material/home:", url_path="home",
                default=True),
        st.Page("app_pages/house.py", title="The house-price network", icon=":material/house:",
                url_path="house"),
        st.Page("app_pages/hidden_layer.py", title="Adding a hidden layer",
                icon=":material/layers:", url_path="hidden-layer"),
    ],
}

navigation = st.navigation(PAGES, position="sidebar")

with st.sidebar:
    stage.switch()
    st.caption("nnviz turns the talk *Neural Nets* into lessons you can play with.")

navigation.run()
share.share_box(navigation.url_path)
