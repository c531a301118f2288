"""The binary classifier lesson: its problem, neurons, normalization
race, overfitting check, threshold and feature sweep."""
