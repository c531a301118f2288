"""Lesson: gradient descent, the blindfolded walk down the loss surface, animated.

Three parts: one weight (the rule, step by step, on a curve), two weights (the whole
landscape, with a choice of optimizer) and a race between optimizers on the same map.
"""

from __future__ import annotations

import streamlit as st

from nnviz.ui import stage
from nnviz.ui.lessons import descent as sections

settings = sections.independent_settings()
settings.init()
followers = sections.dependent_settings()  # after settings.init(): their defaults follow it
followers.init()
sections.keep_hidden_state(settings, followers)

st.title("Gradient descent: walking downhill blindfolded")
stage.explain(
    "Picture yourself on a dark hillside with a blindfold on, trying to reach the lake at the "
    "bottom of the valley. You cannot see the lake. All you can do is feel, through your feet, "
    "which way the ground tilts right where you stand, take a step the downhill way, and feel "
    "again. On steep ground you stride; where it flattens out you shuffle.\n\n"
    "Training a network is that same walk. Where you stand is the network's **weights**; the "
    "height of the ground is the **loss**; the tilt under your feet is the **slope** (the "
    "gradient), which the computer can work out exactly, but only for the spot it stands on."
)
# On stage the rule shares a row with the lesson's parts: the map below needs the height.
parts, rule = st.columns(2, vertical_alignment="center") if stage.on() else (None, None)
(rule or st).latex(r"\text{new weight} = \text{weight} - \text{learning rate} \times \text{slope}")
stage.explain(
    "The minus sign turns uphill into downhill: where the loss rises as the weight grows "
    "(positive slope) the weight shrinks, and the other way round. The **learning rate** sets "
    "the stride. Too small and the walk takes forever; too big and it leaps over the valley "
    "floor, lands higher on the far side, and can bounce further out with every step."
)

with parts or st.container():
    view = sections.lesson_part()
if view == "one":
    sections.one_weight_view()
elif view == "two":
    sections.two_weight_view()
else:
    sections.race_view()

settings.publish()
followers.publish()
