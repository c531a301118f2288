"""Welcome: what a neural network is, the talk's opening question, and a map of the lessons."""

import streamlit as st

from nnviz import house
from nnviz.money import dollars
from nnviz.ui import stage

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
LESSONS = {
    "Foundations": [
        ("app_pages/house.py", ":material/house:", "The house-price network",
         "two weights, three houses, every sum and every loss"),
        ("app_pages/hidden_layer.py", ":material/layers:", "Adding a hidden layer",
         "how ReLU lets the network fit the house a plain sum cannot"),
        ("app_pages/descent.py", ":material/landscape:", "Gradient descent",
         "walking downhill on the loss, blindfolded"),
    ],
    "Training real networks": [
        ("app_pages/hello.py", ":material/school:", "Hello, neural net",
         "build one, train it, see it underfit"),
        ("app_pages/regression.py", ":material/trending_up:", "Regression",
         "predict a number; your own CSV welcome"),
        ("app_pages/binary.py", ":material/call_split:", "Binary classifier",
         "boundaries, overfitting, features, thresholds"),
        ("app_pages/multiclass.py", ":material/category:", "Multi-class classifier",
         "softmax and how sure the network is"),
    ],
    "Recap": [
        ("app_pages/recap_problems.py", ":material/view_column:", "Three kinds of problem",
         "the three recipes side by side"),
        ("app_pages/recap_improve.py", ":material/tune:", "Making it better",
         "a checklist, each item one click from a demo"),
        ("app_pages/recap_takeaways.py", ":material/flag:", "Takeaways", "three habits"),
    ],
}
for column, (section, lessons) in zip(st.columns(3), LESSONS.items(), strict=True):
    with column:
        st.markdown(f"**{section}**")
        for page, icon, title, what in lessons:
            st.page_link(page, label=f"{title}: {what}", icon=icon)
st.caption("Presenter mode (in the sidebar) makes everything larger and lets a clicker step "
           "through each lesson. Every control is kept in the page's address: share it.")
