"""A mass as printed on the iron, shared by fixed weights and personal inventory."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Integer, Numeric, Text
from sqlalchemy.orm import Mapped, mapped_column


class LabelledMass:
    """A mass as printed on the iron (``mass`` + ``unit``) and in whole grams."""

    mass: Mapped[Decimal] = mapped_column(Numeric(8, 3), primary_key=True)
    unit: Mapped[str] = mapped_column(Text, primary_key=True)
    mass_g: Mapped[int] = mapped_column(Integer)
