"""Recap: the three kinds of problem, side by side, with the code for each."""

import streamlit as st

from nnviz.charts.network import network_spec
from nnviz.lessons import recap
from nnviz.ui import stage

# Four layers in a third of the page: smaller nodes leave the edges between them some room.
SKETCH_SCALE = 0.85

st.title("Three kinds of problem")
stage.explain(
    "Every network in these lessons has the same body: inputs, a few hidden layers with ReLU, "
    "then an output layer. What changes with the question you ask is only the very end: how "
    "many output nodes, what squashes them, and which loss measures the miss."
)

columns = st.columns(3)
for problem, column in zip(recap.PROBLEMS, columns, strict=True):
    recipe = problem.spec.recipe
    with column:
        st.subheader(problem.title)
        st.markdown(f"Answers with **{problem.question}**. For example: *{problem.example}*")
        layers, weights, activations = recap.sketch(problem.task)
        st.vega_lite_chart(network_spec(layers, weights, values=activations, height=440,
                                        label_weights=False, scale=SKETCH_SCALE),
                           width="stretch")
        st.table({
            "Output layer": problem.n_outputs_text,
            "Output activation": recipe.output_activation,
            "Loss": recipe.loss_name,
            "Measure": recipe.metric_name,
        })
        st.page_link(problem.lesson, label=f"Try it: the {problem.title.lower()} lesson",
                     icon=":material/arrow_forward:")

st.subheader("The code")
stage.explain("The talk's recipe (10 inputs, three hidden layers of 20) written by the same "
              "code generator the lessons use. Each script runs as it is.")
tabs = st.tabs([p.title for p in recap.PROBLEMS])
for problem, tab in zip(recap.PROBLEMS, tabs, strict=True):
    with tab:
        torch_side, keras_side = st.columns(2)
        with torch_side:
            st.markdown("**PyTorch**")
            st.code(problem.pytorch_model(), language="python")
            with st.expander("The whole script"):
                st.code(problem.pytorch_script(), language="python")
        with keras_side:
            st.markdown("**Keras** (as in the talk)")
            st.code(problem.keras_script(), language="python")
