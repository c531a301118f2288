"""The binary classifier lesson: its problem, settings and presets, neurons, normalization
race, overfitting check, threshold and feature sweep."""
