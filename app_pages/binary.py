"""Lesson: a binary classifier. Data, input features, overfitting, normalization, threshold.

Each section is drawn by nnviz.ui.lessons.binary and returns what later sections need: the
inputs the network sees, the setup it trains with, the trained network.
"""

import streamlit as st

from nnviz.ui import stage
from nnviz.ui.lessons import binary as sections

params = sections.url_params()
params.init()

st.title("Binary classifier")
stage.explain(
    "A binary classifier answers a yes-or-no question: which of **two classes** does this "
    "example belong to? The network ends in one node with a **sigmoid**, which squeezes any "
    "number into 0 to 1: read it as the probability of the second class. Training lowers the "
    "**binary cross-entropy**, a loss that punishes a confident wrong answer hard. Below you "
    "choose the data and what the network sees, train it live, catch it **overfitting**, and "
    "turn its probabilities into decisions."
)

with stage.folded("The data, what the network sees, and the network"):
    st.subheader("1. The data")
    source = sections.choose_data()
    if source == "generated":
        points = sections.generated_points()
        st.subheader("2. What the network sees: input features")
        inputs = sections.engineered_inputs(points, params)
    elif source == "cancer":
        sections.about_the_cancer_table()
        st.subheader("2. Which measurements the network sees")
        inputs = sections.cancer_measurements(params)
    else:  # the learner's own CSV file: its class column, inputs, and how they became numbers
        inputs = sections.own_file(params)

    st.subheader("3. The network and its training")
    setup = sections.network(inputs, params)
    early_stopping_cell = sections.overfitting_presets()
    if inputs.scorer:  # the cancer table: how many of its measurements are worth having
        sections.feature_sweep(inputs, setup)

stage.heading("4. Train it and watch")
trainer = sections.train(setup, params)
sections.early_stopping(trainer, early_stopping_cell)

st.subheader("5. From a probability to a decision")
sections.decide(trainer, setup.split, inputs.problem.class_names)
sections.predict_new(trainer, inputs)  # on an uploaded file: type a new row

st.subheader("6. Does normalization matter?")
sections.normalization_race(setup)

st.subheader("7. Show the code")
sections.show_code(inputs, setup)

params.publish()
