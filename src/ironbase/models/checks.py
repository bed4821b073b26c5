"""CHECK fragments several tables share, written as the migrations write them.

The migrations are the truth; tests/db/test_models_match_schema.py fails when a model
lacks (or invents) a check constraint, so these stay in step with them.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint

SLUG = "~ '^[a-z0-9][a-z0-9_-]*$'"
LOCALE = "~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'"


def length_between(column: str, low: int, high: int, name: str | None = None) -> CheckConstraint:
    """``char_length(column) between low and high``, named ``ck_<table>_<name or column>``."""
    return CheckConstraint(f"char_length({column}) between {low} and {high}", name=name or column)
