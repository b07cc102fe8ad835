"""Legal references: Party and State documents cited in a text (not yet implemented)."""


def find_legal_refs(text: str) -> list:
    return []
