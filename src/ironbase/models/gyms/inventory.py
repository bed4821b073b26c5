"""Plates, miniweights and collars one person can use at one gym (off the membership)."""

from __future__ import annotations

import uuid
from decimal import Decimal

from sqlalchemy import (
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    Numeric,
    PrimaryKeyConstraint,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from ironbase.db.base import Base
from ironbase.models.gyms.masses import LabelledMass, mass_checks, pairs_check


def _membership_fk(table: str) -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        ["user_id", "gym_id"],
        ["user_gyms.user_id", "user_gyms.gym_id"],
        ondelete="CASCADE",
        name=f"fk_{table}_user_id_user_gyms",
    )


class UserGymPlate(LabelledMass, Base):
    """Pairs of one plate a person can use at one gym."""

    __tablename__ = "user_gym_plates"
    __table_args__ = (
        *mass_checks(max_g=100_000),
        pairs_check(100),
        PrimaryKeyConstraint("user_id", "gym_id", "unit", "mass"),
        _membership_fk("user_gym_plates"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    gym_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    pairs: Mapped[int] = mapped_column(Integer)


class UserGymMiniweight(LabelledMass, Base):
    """Fractional plates (0.25-2.5 kg, 0.25-5 lb): counted in pairs like plates."""

    __tablename__ = "user_gym_miniweights"
    __table_args__ = (
        *mass_checks(max_g=5_000),
        pairs_check(100),
        PrimaryKeyConstraint("user_id", "gym_id", "unit", "mass"),
        _membership_fk("user_gym_miniweights"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    gym_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    pairs: Mapped[int] = mapped_column(Integer)


class UserGymCollar(Base):
    """The mass of one collar a person uses at one gym on one bar type (0 for spring clips).

    ``bar_type_id`` null: the collar for any bar without an entry of its own. At most one
    row per person, gym and bar type, the null one included (``NULLS NOT DISTINCT``).
    """

    __tablename__ = "user_gym_collars"
    __table_args__ = (
        *mass_checks(max_g=10_000, zero_allowed=True),
        _membership_fk("user_gym_collars"),
        UniqueConstraint(
            "user_id",
            "gym_id",
            "bar_type_id",
            name="uq_user_gym_collars_bar_type",
            postgresql_nulls_not_distinct=True,
        ),
        Index("ix_user_gym_collars_bar_type_id", "bar_type_id"),
    )

    # (user_id, id): keys that include user_id (distributable by person, docs/adr/0007).
    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=text("gen_random_uuid()")
    )
    gym_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    bar_type_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("bar_types.id", ondelete="CASCADE")
    )
    mass: Mapped[Decimal] = mapped_column(Numeric(8, 3))
    unit: Mapped[str] = mapped_column(Text)
    mass_g: Mapped[int] = mapped_column(Integer)
