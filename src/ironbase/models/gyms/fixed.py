"""A gym's fixed weights: dumbbells sold as pairs of one mass."""

from __future__ import annotations

import uuid

from sqlalchemy import ForeignKey, Integer, PrimaryKeyConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from ironbase.db.base import Base
from ironbase.models.gyms.masses import LabelledMass, mass_checks, pairs_check


class GymDumbbellSet(LabelledMass, Base):
    """A fixed dumbbell mass the gym has, and how many pairs of it."""

    __tablename__ = "gym_dumbbell_sets"
    __table_args__ = (
        *mass_checks(max_g=200_000),
        pairs_check(100),
        PrimaryKeyConstraint("gym_id", "unit", "mass"),
    )

    gym_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("gyms.id", ondelete="CASCADE"), primary_key=True
    )
    pairs: Mapped[int] = mapped_column(Integer, server_default=text("1"))
