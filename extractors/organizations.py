"""Organizations and places (not yet implemented)."""


def find_organizations(text: str) -> list:
    return []


def find_locations(text: str) -> list:
    return []
