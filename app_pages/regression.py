"""Lesson: regression. Prepare a table with pandas, split it, train, tune the topology, predict."""

import streamlit as st

from nnviz.ui import stage
from nnviz.ui.lessons import regression as sections

params = sections.url_params()
params.init()

st.title("Regression: predict a number")
stage.explain(
    "A **regression** network answers with a number: a price, a dose, a temperature. Its last "
    "node has no activation (it may say any number) and training lowers the **mean squared "
    "error**. Real work starts before the network: load a table with **pandas**, look at it, "
    "deal with blanks, choose the columns, hold some rows back for **validation**, and "
    "**normalize**. Then try network shapes (the **topology**) and see which one does best on "
    "rows it never trained on.")

with stage.folded("The table, its columns and the network"):
    data = sections.choose_data(params)  # 1. houses, diabetes or the learner's own CSV file
    sections.look_at(data)  # 2. first rows, a summary of each column, blanks
    choice = sections.choose_columns(data, params)  # 3. target, inputs, what to do with blanks
    split = sections.split_and_normalize(data, choice, params)  # 4. validation rows, scales
    net = sections.network(data, choice, split)  # 5. the network's shape and training settings
trainer = sections.train(data, choice, split, net)  # 5. live training, errors in units
sections.compare_topologies(data, choice, split, net)  # 6. which layout generalizes?
sections.results(data, choice, split, trainer, params)  # 7. how good is it? (halts untrained)
sections.predict_new(data, choice, split, trainer)  # 8. a new example through the network
sections.show_code(data, choice, split, net)  # 9. the script and its table
sections.what_to_notice(data)  # the closing hint, for this data

params.publish()
