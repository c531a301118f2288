"""Each lesson page's sections: Streamlit functions with explicit inputs that return what
later sections need. The page file reads like the lesson: its intro, then these calls."""
