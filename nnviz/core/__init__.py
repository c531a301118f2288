"""The general pieces every lesson builds on: what a run is (spec), the torch
network, the training engine, data preparation, the input plane, number
formatting and label encoding. Imports no lesson."""
