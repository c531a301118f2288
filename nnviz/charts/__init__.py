"""Altair chart builders: pure functions, data in, alt.Chart out."""
