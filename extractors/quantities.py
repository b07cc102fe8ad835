"""Counts, percentages and measures (not yet implemented)."""


def find_counts(text: str) -> list:
    return []


def find_percents(text: str) -> list:
    return []


def find_measures(text: str) -> list:
    return []
