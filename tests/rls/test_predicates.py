"""The policy parser tells a caller-bound predicate from one that only mentions the caller."""

from __future__ import annotations

import pytest

from tests.rls.predicates import bare_uid_calls, binds_caller

BOUND = "user_id = ( SELECT auth.uid() AS uid)"


@pytest.mark.parametrize(
    ("predicate", "bound"),
    [
        (f"({BOUND})", True),
        (f"(({BOUND}) AND (NOT verified))", True),
        ("((( SELECT auth.uid() AS uid) = user_id) AND (x OR y))", True),
        (f"((user_id IS NULL) OR ({BOUND}))", False),
        (f"(({BOUND}) OR true)", False),
        ("true", False),
        ("(user_id = auth.uid())", False),
        ("(gym_id = ( SELECT auth.uid() AS uid))", False),
        ("(user_id = ( SELECT auth.uid() AS uid FROM t))", False),
        ("(user_id <> ( SELECT auth.uid() AS uid))", False),
        (f"(NOT ({BOUND}))", False),
    ],
)
def test_binds_caller(predicate: str, bound: bool) -> None:
    assert binds_caller(predicate, "user_id") is bound


def test_bare_calls_are_counted_outside_subselects_only() -> None:
    assert bare_uid_calls(f"({BOUND})") == 0
    assert bare_uid_calls("((user_id = auth.uid()) AND (x = ( SELECT auth.uid() AS uid)))") == 1
