"""Recap: the three habits the talk ends on, each linked to where the app practises it."""

import streamlit as st

from nnviz.lessons import recap
from nnviz.ui import stage

st.title("Takeaways")
for number, tip in enumerate(recap.TAKEAWAYS, start=1):
    with st.container(border=True):
        st.subheader(f"{number}. {tip.text}")
        stage.explain(tip.why)
        st.page_link(tip.page, label=tip.label, icon=":material/arrow_forward:")
