"""Analyses beyond the knobs: optimise, sensitivity."""
