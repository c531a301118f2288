"""Lesson: the talk's house-price network, one weight per input, computed row by row."""

import streamlit as st

from nnviz.lessons import house
from nnviz.ui import house_lesson as lesson
from nnviz.ui import stage

PREFIX = "house"

params = lesson.lesson_params(PREFIX, lesson.LINEAR_CONTROLS, house.LinearNet)
params.init()

st.title("The house-price network")
stage.explain(
    "A network takes numbers in, multiplies each by a **weight**, and adds the results up. "
    "This one looks at a house's number of rooms and its age and guesses its price. Each row of "
    "the table below is a house whose real price we know, so we can see how far off the guess "
    "is: that gap is the **loss**. Move the weights and watch every guess and every loss change."
)

with lesson.weights_box("Set the weights"):
    net = house.LinearNet(**lesson.weight_inputs(PREFIX, lesson.LINEAR_CONTROLS))

lesson.table_and_results(PREFIX, net)

if not stage.on():
    st.info(
        "Notice: no pair of weights gets all three talk rows right. The third house is worth "
        "far more than rooms and age alone suggest, and a straight sum cannot bend to fit it. "
        "The next lesson adds a hidden layer that can.",
        icon=":material/lightbulb:",
    )
params.publish()
