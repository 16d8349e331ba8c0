"""Evaluation helpers of our own; the neutral scorers live in ../shared/eval."""
