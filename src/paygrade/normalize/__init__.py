"""Normalization: pure functions and reviewed rule tables turning raw values into canonical ones."""
