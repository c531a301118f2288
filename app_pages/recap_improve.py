"""Recap: how to make a network better, each idea linked to the lesson that shows it."""

import streamlit as st

from nnviz.lessons import recap
from nnviz.ui import stage


def checklist(tips) -> None:
    for tip in tips:
        with st.container(border=True):
            st.markdown(f"**{tip.text}**")
            stage.explain(tip.why)
            st.page_link(tip.page, label=tip.label, icon=":material/arrow_forward:",
                         query_params=tip.query or None)


st.title("Making a network better")
stage.explain("When a network disappoints there are two places to look: the data it learns "
              "from and the network itself. Each link opens a lesson already set up to show it.")
data_side, algorithm_side = st.columns(2)
with data_side:
    st.subheader("Improve the data")
    checklist(recap.IMPROVE_DATA)
with algorithm_side:
    st.subheader("Improve the network")
    checklist(recap.IMPROVE_ALGORITHM)
