"""Analyses beyond the knobs: optimise, sensitivity, model sizing, calibration, goal seek."""
