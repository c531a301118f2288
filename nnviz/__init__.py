"""nnviz: the math and pictures behind the lessons. Only nnviz.ui imports streamlit."""
