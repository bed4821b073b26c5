"""A gym's fixed weights: dumbbells sold as pairs of one mass."""

from __future__ import annotations

import uuid

from sqlalchemy import ForeignKey, Integer, text
from sqlalchemy.orm import Mapped, mapped_column

from ironbase.db.base import Base
from ironbase.models.gyms.masses import LabelledMass


class GymDumbbellSet(LabelledMass, Base):
    """A fixed dumbbell mass the gym has, and how many pairs of it."""

    __tablename__ = "gym_dumbbell_sets"

    gym_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("gyms.id", ondelete="CASCADE"), primary_key=True
    )
    pairs: Mapped[int] = mapped_column(Integer, server_default=text("1"))
