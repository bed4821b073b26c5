"""A mass as printed on the iron, shared by fixed weights and personal inventory."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import CheckConstraint, Integer, Numeric, Text
from sqlalchemy.orm import Mapped, mapped_column


class LabelledMass:
    """A mass as printed on the iron (``mass`` + ``unit``) and in whole grams.

    Part of each table's primary key, which the table spells out: the migrations order it
    ``unit, mass`` after the owner's columns, not in the order the columns come here.
    """

    mass: Mapped[Decimal] = mapped_column(Numeric(8, 3), primary_key=True)
    unit: Mapped[str] = mapped_column(Text, primary_key=True)
    mass_g: Mapped[int] = mapped_column(Integer)


MASS_UNIT = "in ('kg', 'lb')"
# A stored gram figure must agree with the labelled mass (half a gram of rounding).
MASS_G_AGREES = "abs(mass_g - mass * case unit when 'kg' then 1000 else 453.59237 end) <= 0.5"


def mass_checks(max_g: int, *, zero_allowed: bool = False) -> tuple[CheckConstraint, ...]:
    """The checks on a labelled mass: positive (or zero), in kg or lb, grams that agree."""
    return (
        CheckConstraint(f"mass {'>=' if zero_allowed else '>'} 0", name="mass"),
        CheckConstraint(f"unit {MASS_UNIT}", name="unit"),
        CheckConstraint(f"mass_g between {0 if zero_allowed else 1} and {max_g}", name="mass_g"),
        CheckConstraint(MASS_G_AGREES, name="mass_g_agrees"),
    )


def pairs_check(max_pairs: int) -> CheckConstraint:
    return CheckConstraint(f"pairs between 1 and {max_pairs}", name="pairs")
