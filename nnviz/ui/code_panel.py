"""'Show the code': the current settings as a runnable PyTorch script and its Keras twin."""

import streamlit as st

from nnviz import codegen

CODE_HEIGHT = 480  # pixels


def code_tabs(code: codegen.CodeSettings, key: str, pytorch: str | None = None) -> None:
    """Two tabs, each with the script and a download button (keys `{key}_dl_torch/_keras`).
    `pytorch`: a PyTorch script written for these settings by other means (e.g. one that
    reads the learner's CSV); by default codegen's."""
    scripts = {
        "torch": ("PyTorch", pytorch or codegen.pytorch_script(code),
                  codegen.script_filename(code, "PyTorch")),
        "keras": ("Keras (as in the talk)", codegen.keras_script(code),
                  codegen.script_filename(code, "Keras")),
    }
    for tab, (kind, (_, script, filename)) in zip(
            st.tabs([title for title, _, _ in scripts.values()]), scripts.items(), strict=True):
        with tab:
            st.download_button(f"Download {filename}", script, file_name=filename,
                               mime="text/x-python", key=f"{key}_dl_{kind}",
                               icon=":material/download:")
            # A window onto the script, not a page of it: on a phone the whole script was
            # taller than the rest of the lesson.
            st.code(script, language="python", height=CODE_HEIGHT)
