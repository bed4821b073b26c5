"""The keyset cursor of the loads a person can put on a bar, by exact total."""

from __future__ import annotations

from fractions import Fraction
from typing import cast

from ironbase.kit.pagination import CursorKind, PageCursor, Ratio

# Totals in grams: the solver's largest total has a few digits, a lb fraction a few more.
LOADS_BY_TOTAL = CursorKind("loads.total", (Ratio(max_digits=24),))


def exact_mass(cursor: PageCursor) -> Fraction | None:
    """An exact total in grams (``"226796185/1000"``)."""
    key = cursor.after(LOADS_BY_TOTAL)
    return None if key is None else cast(Fraction, key[0])


def next_mass(cursor: PageCursor, total: Fraction | None) -> str | None:
    """The cursor of the page after the one that ended at ``total`` (None: no more pages)."""
    return None if total is None else cursor.next_cursor(LOADS_BY_TOTAL, [total])
