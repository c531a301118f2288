"""Lesson: two hidden ReLU nodes between the inputs and Price fix the talk's third row."""

import streamlit as st

from nnviz.charts.relu import relu_spec
from nnviz.lessons import house
from nnviz.ui import fit, stage
from nnviz.ui import house_lesson as lesson

PREFIX = "hidden"

params = lesson.lesson_params(PREFIX, lesson.HIDDEN_CONTROLS, house.HiddenNet)
params.init()

st.title("Adding a hidden layer")
stage.explain(
    "Between the inputs and the price we now put two **hidden nodes**. Each one makes its own "
    "weighted sum of rooms and age and then passes it through **ReLU**: a negative sum becomes 0, "
    "a positive one goes through unchanged. The price is a weighted sum of the hidden nodes. "
    "That small bend is what lets a network fit what a plain sum cannot."
)

with lesson.weights_box("Set the six weights"):
    inputs_side, outputs_side = stage.columns(2)  # in the stage's sidebar, one under another
    with inputs_side:
        st.caption("Into the hidden layer")
        into_hidden = lesson.weight_inputs(PREFIX, lesson.HIDDEN_CONTROLS[:4])
    with outputs_side:
        st.caption("Out to the price")
        out_of_hidden = lesson.weight_inputs(PREFIX, lesson.HIDDEN_CONTROLS[4:])
net = house.HiddenNet(**into_hidden, **out_of_hidden)


def relu_picture(step: house.Step, row: house.HouseRow) -> None:
    if step.phase == "hidden":
        sums = net.hidden_sums(row.rooms, row.age)[0]
        points = list(zip(house.HIDDEN_NODES, sums, strict=True))
        if stage.on():  # under the diagram, in the first screen: short, and said aloud
            with st.container(key=f"{fit.NOT_ON_PHONE}relu"):
                st.vega_lite_chart(relu_spec(points, width=110, height=80), width="content")
            return
        st.caption("ReLU turns a negative sum into 0 and lets a positive one through.")
        st.vega_lite_chart(relu_spec(points), width="content")


lesson.table_and_results(PREFIX, net, extra_for_phase=relu_picture)

if not stage.on():
    st.info(
        "Why the talk's weights fix the third row: for a new house (age 0) the first hidden "
        "node wakes up. "
        "For older houses its sum, rooms minus 100 times the age, is negative and ReLU turns it "
        "to 0, so it adds nothing. At age 0 it passes the 4 rooms through, and its 50,000 weight "
        "adds the extra \\$200,000 a brand-new house is worth. A plain weighted sum has to treat "
        "every house alike; ReLU lets one node switch on only where it is needed.",
        icon=":material/lightbulb:",
    )
params.publish()
