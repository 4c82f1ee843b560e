"""Optimization cycles arrive with the optimization issue."""
