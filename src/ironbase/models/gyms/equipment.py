"""What a gym has from the catalog: equipment and bar types."""

from __future__ import annotations

import uuid

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, text
from sqlalchemy.orm import Mapped, mapped_column

from ironbase.db.base import Base


class GymEquipment(Base):
    __tablename__ = "gym_equipment"
    __table_args__ = (
        CheckConstraint("quantity between 1 and 1000", name="quantity"),
        CheckConstraint("stack_increment_g between 1 and 100000", name="stack_increment_g"),
        Index("ix_gym_equipment_equipment_id", "equipment_id"),
    )

    gym_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("gyms.id", ondelete="CASCADE"), primary_key=True
    )
    equipment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("equipment.id"), primary_key=True)
    quantity: Mapped[int] = mapped_column(Integer, server_default=text("1"))
    # This gym's weight-stack step, when it differs from the catalog profile.
    stack_increment_g: Mapped[int | None] = mapped_column(Integer)


class GymBarType(Base):
    __tablename__ = "gym_bar_types"
    __table_args__ = (
        CheckConstraint("quantity between 1 and 1000", name="quantity"),
        Index("ix_gym_bar_types_bar_type_id", "bar_type_id"),
    )

    gym_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("gyms.id", ondelete="CASCADE"), primary_key=True
    )
    bar_type_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("bar_types.id"), primary_key=True)
    quantity: Mapped[int] = mapped_column(Integer, server_default=text("1"))
