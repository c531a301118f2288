"""Lesson: Hello, neural net. Build a small network, train it live, spot underfitting, and
learn what epochs, batches and numpy arrays are."""

import streamlit as st

from nnviz.ui import stage
from nnviz.ui.lessons import hello as sections

sections.PARAMS.init()

st.title("Hello, neural net")
stage.explain(
    "The talk's first demo, in PyTorch. Below are dots of two colours. We build a small "
    "network, show it the dots a few at a time, and watch it learn where one colour ends and "
    "the other begins. Along the way: what **underfitting** looks like, what **epochs** and "
    "**batches** are, and the **numpy** arrays every network is made of."
)

with stage.folded("The points, the network and how it trains"):
    points = sections.choose_points()  # 1. two kinds of points, and the validation split
    spec = sections.network()  # 2. hidden layers, nodes, activation: diagram and code
    config = sections.training_settings(points)  # 3. epochs and batches in steps
    slow = sections.slow_motion()
trainer = sections.train(points, spec, config, slow)  # 3. live training and the boundary
sections.underfitting(points, spec, config, trainer)  # 4. the verdict and its fixes
sections.numpy_basics()  # 5. the house example in arrays
sections.show_code(points, spec, config)  # 6. the script to run at home

sections.PARAMS.publish()
