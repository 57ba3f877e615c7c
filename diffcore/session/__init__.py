"""A whole session: which documents form a series, and in which order."""
