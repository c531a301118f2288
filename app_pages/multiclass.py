"""Lesson: a network that tells many classes apart: label encoding, softmax, confidence.

Each section is a function of nnviz.ui.lessons.multiclass; this page is the lesson's outline.
"""

import streamlit as st

from nnviz.ui import stage
from nnviz.ui.lessons import multiclass as sections

params = sections.url_params()
params.init()

st.title("Multi-class classifier")
stage.explain(
    "Some questions have more than two answers: which of three flower species is this, "
    "which digit did someone write? A network for that ends in **one output per class**. "
    "This lesson follows the three steps that make it work: turn the class names into numbers, "
    "turn the network's raw scores into probabilities with **softmax**, and read how **sure** "
    "the trained network is about each answer."
)

with stage.folded("The data, its labels, softmax and the network"):
    choice, data = sections.choose_data(params)
    sections.encode_labels(data, choice)
    sections.softmax_playground(data.class_names, params)
    setup = sections.set_up_network(choice, data, params)

trainer = sections.train(setup, data)
sections.show_code(setup, choice, data)

# How sure is it? (The page stops here until the network has trained.)
table, judged = sections.how_sure(trainer, setup.rows, data, params)
sections.one_example(trainer, setup.rows, data, table, judged, setup.plane)
sections.predict_new(trainer, choice)  # on an uploaded file: type a new row
sections.most_and_least_confident(judged, data)
sections.confusion_matrix(judged, data)
sections.closing_note()

params.publish()
