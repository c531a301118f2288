"""Welcome: what a neural network is, the talk's opening question, and a map of the lessons."""

import streamlit as st

from nnviz.core.formatting import dollars
from nnviz.lessons import house
from nnviz.ui import catalog, stage

st.title("Neural nets you can touch")
st.markdown(
    "A **neural network** is a calculation with knobs. Numbers go in, get multiplied by "
    "**weights** and added up, pass through a few simple bends, and come out as an answer. "
    "Training means turning the knobs, over and over, until the answers match examples we "
    "already know. Nothing more mysterious than that, and here you turn the knobs yourself."
)

st.subheader("The question we start from")
q = house.QUESTION
left, right = st.columns([2, 3], vertical_alignment="center")
left.metric("A house with", f"{q.rooms:g} rooms, {q.age:g} years old")
left.metric("Its price", "?")
with right:
    stage.explain(
        "Networks are good at exactly this kind of question: given some measurements, predict a "
        "number (a price), a yes/no (spam or not), or one of several kinds (which digit). "
        "They learn it from examples, such as these three houses whose prices we know:"
    )
    examples = house.loss_table(house.LinearNet(), house.TALK_ROWS)[["Rooms", "Age", "Price"]]
    examples["Price"] = examples["Price"].map(dollars)
    st.dataframe(examples, hide_index=True)

st.subheader("The lessons")
sections = {name: [lesson for lesson in lessons if lesson.promise]
            for name, lessons in catalog.SECTIONS.items()}
for column, (section, lessons) in zip(st.columns(len(sections)), sections.items(), strict=True):
    with column:
        st.markdown(f"**{section}**")
        for lesson in lessons:
            # The promise goes below the link: a long link label is cut off in a narrow column.
            st.page_link(lesson.path, label=lesson.title, icon=lesson.icon)
            st.caption(lesson.promise)
st.caption("Presenter mode (in the sidebar, or `?present=1` in the address) makes everything "
           "larger, folds the settings away so each lesson's picture fills the screen, and "
           "starts each lesson at its first step. A clicker's keys drive the talk: in the house "
           "lessons and gradient descent **PageDown** shows the next step (after the last house "
           "step it opens the next lesson) and **PageUp** goes back one; on the training pages "
           "**PageDown** presses **Train**, and **Stop** while it trains. Every control is kept "
           "in the page's address: share it.")
