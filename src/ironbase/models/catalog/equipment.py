"""Catalog equipment: bar types, equipment, their translations, profiles and grips."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from sqlalchemy import (
    ARRAY,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    Text,
    text,
)
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from ironbase.db.base import Base, CreatedAt, Timestamps
from ironbase.models.checks import LOCALE, SLUG, length_between


class BarType(CreatedAt, Base):
    __tablename__ = "bar_types"
    __table_args__ = (
        CheckConstraint(f"slug {SLUG}", name="slug"),
        CheckConstraint("mass_g > 0 and mass_g <= 100000", name="mass_g"),
        CheckConstraint("mass > 0", name="mass"),
        CheckConstraint("unit in ('kg', 'lb')", name="unit"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    slug: Mapped[str] = mapped_column(Text, unique=True)
    name: Mapped[str] = mapped_column(Text)
    mass_g: Mapped[int] = mapped_column(Integer)
    # The mass as sold (45 lb is not a whole number of grams): solvers use this exactly.
    mass: Mapped[Decimal] = mapped_column(Numeric(8, 3))
    unit: Mapped[str] = mapped_column(Text)
    length_mm: Mapped[int | None] = mapped_column(Integer)
    sleeve_diameter_mm: Mapped[int | None] = mapped_column(Integer)
    loads_plates: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))


class Equipment(Timestamps, Base):
    __tablename__ = "equipment"
    __table_args__ = (
        CheckConstraint(f"slug {SLUG}", name="slug"),
        length_between("name", 1, 120),
        Index("ix_equipment_load_type", "load_type"),
        Index("ix_equipment_bar_type_id", "bar_type_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    slug: Mapped[str] = mapped_column(Text, unique=True)
    name: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(Text)
    load_type: Mapped[str] = mapped_column(ForeignKey("load_types.slug"))
    bar_type_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("bar_types.id"))
    retired_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class EquipmentTranslation(Base):
    __tablename__ = "equipment_translations"
    __table_args__ = (
        CheckConstraint(f"locale {LOCALE}", name="locale"),
        length_between("name", 1, 120),
    )

    equipment_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("equipment.id", ondelete="CASCADE"), primary_key=True
    )
    locale: Mapped[str] = mapped_column(Text, primary_key=True)
    name: Mapped[str] = mapped_column(Text)


class EquipmentProfile(Base):
    __tablename__ = "equipment_profiles"
    __table_args__ = (
        CheckConstraint("increment_g > 0", name="increment_g"),
        CheckConstraint("base_weight_g >= 0", name="base_weight_g"),
        CheckConstraint("stack_max_g > 0", name="stack_max_g"),
    )

    equipment_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("equipment.id", ondelete="CASCADE"), primary_key=True
    )
    adjustable: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    increment_g: Mapped[int | None] = mapped_column(Integer)
    fixed_weights_g: Mapped[list[int] | None] = mapped_column(ARRAY(Integer))
    base_weight_g: Mapped[int | None] = mapped_column(Integer)
    stack_max_g: Mapped[int | None] = mapped_column(Integer)


class EquipmentGripDefault(Base):
    __tablename__ = "equipment_grip_defaults"
    __table_args__ = (Index("ix_equipment_grip_defaults_grip_id", "grip_id"),)

    equipment_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("equipment.id", ondelete="CASCADE"), primary_key=True
    )
    grip_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("grips.id"), primary_key=True)


class EquipmentHandleOrientation(Base):
    __tablename__ = "equipment_handle_orientations"
    __table_args__ = (
        CheckConstraint(
            "orientation in ('pronated', 'supinated', 'neutral', 'rotating', 'none')",
            name="orientation",
        ),
    )

    equipment_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("equipment.id", ondelete="CASCADE"), primary_key=True
    )
    orientation: Mapped[str] = mapped_column(Text, primary_key=True)
