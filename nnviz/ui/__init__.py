"""Streamlit pieces shared by the pages: URL state, presenter mode, step controls."""
