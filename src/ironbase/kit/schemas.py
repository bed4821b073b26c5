"""Small validators shared by request bodies of several domains."""

from __future__ import annotations


def strip_non_blank(value: str | None) -> str | None:
    """Trim surrounding space; refuse a value that is only space (None stays None)."""
    if value is None:
        return None
    stripped = value.strip()
    if not stripped:
        raise ValueError("must not be blank")
    return stripped
