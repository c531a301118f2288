"""Datasets more than one lesson uses: generated 2-D points, real scikit-learn
sets, input features, tables and a learner's own CSV file."""
