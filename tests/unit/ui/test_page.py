"""The page helpers: a result remembered against its settings, or the reason it failed."""

from streamlit.testing.v1 import AppTest


def page_script():
    import streamlit as st

    from nnviz.jobs.run import TrainingFailed
    from nnviz.ui.page import recall, remember_computed

    def compute():
        if st.session_state.get("fail"):
            raise TrainingFailed("The worker was lost: press the button again.")
        return 42

    if st.button("Compute", key="go"):
        remember_computed("answer", ("settings", 1), compute)
    st.write(f"answer: {recall('answer', ('settings', 1))}")


def test_a_computed_result_is_remembered_and_a_failed_one_is_explained():
    at = AppTest.from_function(page_script, default_timeout=30).run()
    at.session_state["fail"] = True
    at.button(key="go").click().run()
    assert not at.exception
    assert at.error[0].value == "The worker was lost: press the button again."
    assert at.markdown[-1].value == "answer: None"
    at.session_state["fail"] = False
    at.button(key="go").click().run()
    assert not at.error and at.markdown[-1].value == "answer: 42"
