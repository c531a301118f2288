"""Each lesson's own data, diagnostics and words (no Streamlit here)."""
