"""The domain: the model, the one rounding policy, scoring, checks and the problem type."""
