"""Normalization: pure functions and reviewed rule tables that turn raw values into canonical ones."""
