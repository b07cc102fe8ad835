"""Fetch the site politely, archive every response in WARC, and parse pages into articles."""
