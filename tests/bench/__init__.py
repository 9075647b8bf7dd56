"""Benchmarks and their synthetic content: beside the tests, not in the shipped package."""
