"""Checks of a bank beyond its schema: ids, references, values, hand-written questions, meaning."""
