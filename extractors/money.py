"""Sums of money (not yet implemented)."""


def find_money(text: str) -> list:
    return []


def link_money_to_counts(money: list[dict], counts: list[dict], text: str) -> None:
    """Mark on each money object the count it pays for (not yet implemented)."""
