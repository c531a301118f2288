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
        st.Page("app_pages/descent.py", title="Gradient descent", icon=":material/landscape:",
                url_path="descent"),
    ],
    "Training": [
        st.Page("app_pages/hello.py", title="Hello, neural net", icon=":material/school:",
                url_path="hello"),
        st.Page("app_pages/regression.py", title="Regression: predict a number",
                icon=":material/trending_up:", url_path="regression"),
        st.Page("app_pages/binary.py", title="Binary classifier", icon=":material/call_split:",
                url_path="binary"),
        st.Page("app_pages/multiclass.py", title="Multi-class classifier",
                icon=":material/category:", url_path="multiclass"),
    ],
    "Recap": [
        st.Page("app_pages/recap_problems.py", title="Three kinds of problem",
                icon=":material/view_column:", url_path="recap-problems"),
        st.Page("app_pages/recap_improve.py", title="Making it better",
                icon=":material/tune:", url_path="recap-improve"),
        st.Page("app_pages/recap_takeaways.py", title="Takeaways", icon=":material/flag:",
                url_path="recap-takeaways"),
    ],
}

navigation = st.navigation(PAGES, position="sidebar")

with st.sidebar:
    stage.switch()
    st.caption("nnviz turns the talk *Neural Nets* into lessons you can play with.")

navigation.run()
share.share_box(navigation.url_path)
