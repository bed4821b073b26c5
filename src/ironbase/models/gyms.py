"""Gyms and what is in them: cities, memberships, equipment, personal plates, gym admins."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Computed,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    Numeric,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from ironbase.db.base import Base, CreatedAt, Timestamps, UUIDPrimaryKey

_FOLDED_NAME = Computed("public.search_fold(name)", persisted=True)


class City(Base):
    """Reference data shipped in ``gyms/data/cities.json`` (loaded by ``load_cities``)."""

    __tablename__ = "cities"
    __table_args__ = (Index("ix_cities_search_name", "search_name", "id"),)

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    slug: Mapped[str] = mapped_column(Text, unique=True)
    name: Mapped[str] = mapped_column(Text)
    country_code: Mapped[str] = mapped_column(Text)
    time_zone: Mapped[str] = mapped_column(Text)
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    # Accent- and case-folded name, maintained by the database for search and ordering.
    search_name: Mapped[str] = mapped_column(Text(collation="C"), _FOLDED_NAME)


class Gym(UUIDPrimaryKey, Timestamps, Base):
    __tablename__ = "gyms"
    __table_args__ = (
        CheckConstraint("(latitude is null) = (longitude is null)", name="coordinates_together"),
        Index("ix_gyms_search_name", "search_name", "id"),
        Index("ix_gyms_city_id", "city_id"),
        Index("ix_gyms_created_by", "created_by"),
    )

    name: Mapped[str] = mapped_column(Text)
    address: Mapped[str | None] = mapped_column(Text)
    city_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("cities.id", ondelete="SET NULL"))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    time_zone: Mapped[str] = mapped_column(Text)
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("auth.users.id", ondelete="SET NULL"), server_default=text("auth.uid()")
    )
    verified: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    search_name: Mapped[str] = mapped_column(Text(collation="C"), _FOLDED_NAME)


class GymAdmin(CreatedAt, Base):
    """Who runs a gym: ``admin`` (everything) or ``staff`` (its equipment)."""

    __tablename__ = "gym_admins"
    __table_args__ = (Index("ix_gym_admins_user_id", "user_id"),)

    gym_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("gyms.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("auth.users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(Text)


class UserGym(CreatedAt, Base):
    """Membership; at most one default gym per person (a partial unique index)."""

    __tablename__ = "user_gyms"
    __table_args__ = (
        Index("uq_user_gyms_default", "user_id", unique=True, postgresql_where=text("is_default")),
        Index("ix_user_gyms_gym_id", "gym_id"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("auth.users.id", ondelete="CASCADE"), primary_key=True
    )
    gym_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("gyms.id", ondelete="CASCADE"), primary_key=True
    )
    is_default: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))


class GymEquipment(Base):
    __tablename__ = "gym_equipment"
    __table_args__ = (Index("ix_gym_equipment_equipment_id", "equipment_id"),)

    gym_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("gyms.id", ondelete="CASCADE"), primary_key=True
    )
    equipment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("equipment.id"), primary_key=True)
    quantity: Mapped[int] = mapped_column(Integer, server_default=text("1"))
    # This gym's weight-stack step, when it differs from the catalog profile.
    stack_increment_g: Mapped[int | None] = mapped_column(Integer)


class GymBarType(Base):
    __tablename__ = "gym_bar_types"
    __table_args__ = (Index("ix_gym_bar_types_bar_type_id", "bar_type_id"),)

    gym_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("gyms.id", ondelete="CASCADE"), primary_key=True
    )
    bar_type_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("bar_types.id"), primary_key=True)
    quantity: Mapped[int] = mapped_column(Integer, server_default=text("1"))


class _LabelledMass:
    """A mass as printed on the iron (``mass`` + ``unit``) and in whole grams."""

    mass: Mapped[Decimal] = mapped_column(Numeric(8, 3), primary_key=True)
    unit: Mapped[str] = mapped_column(Text, primary_key=True)
    mass_g: Mapped[int] = mapped_column(Integer)


class GymDumbbellSet(_LabelledMass, Base):
    """A fixed dumbbell mass the gym has, and how many pairs of it."""

    __tablename__ = "gym_dumbbell_sets"

    gym_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("gyms.id", ondelete="CASCADE"), primary_key=True
    )
    pairs: Mapped[int] = mapped_column(Integer, server_default=text("1"))


def _membership_fk(table: str) -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        ["user_id", "gym_id"],
        ["user_gyms.user_id", "user_gyms.gym_id"],
        ondelete="CASCADE",
        name=f"fk_{table}_user_id_user_gyms",
    )


class UserGymPlate(_LabelledMass, Base):
    """Pairs of one plate a person can use at one gym."""

    __tablename__ = "user_gym_plates"
    __table_args__ = (_membership_fk("user_gym_plates"),)

    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    gym_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    pairs: Mapped[int] = mapped_column(Integer)


class UserGymMiniweight(_LabelledMass, Base):
    """Fractional plates (0.25-2.5 kg, 0.25-5 lb): counted in pairs like plates."""

    __tablename__ = "user_gym_miniweights"
    __table_args__ = (_membership_fk("user_gym_miniweights"),)

    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    gym_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    pairs: Mapped[int] = mapped_column(Integer)


class UserGymCollar(UUIDPrimaryKey, Base):
    """The mass of one collar a person uses at one gym on one bar type (0 for spring clips).

    ``bar_type_id`` null: the collar for any bar without an entry of its own. At most one
    row per person, gym and bar type, the null one included (``NULLS NOT DISTINCT``).
    """

    __tablename__ = "user_gym_collars"
    __table_args__ = (
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

    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    gym_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    bar_type_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("bar_types.id", ondelete="CASCADE")
    )
    mass: Mapped[Decimal] = mapped_column(Numeric(8, 3))
    unit: Mapped[str] = mapped_column(Text)
    mass_g: Mapped[int] = mapped_column(Integer)


class GymRoleRequest(UUIDPrimaryKey, CreatedAt, Base):
    """Someone asking to become admin or staff of a gym, and the decision."""

    __tablename__ = "gym_role_requests"
    __table_args__ = (
        Index(
            "uq_gym_role_requests_pending",
            "gym_id",
            "user_id",
            unique=True,
            postgresql_where=text("status = 'pending'"),
        ),
        Index("ix_gym_role_requests_gym_id", "gym_id", "created_at", "id"),
        Index("ix_gym_role_requests_user_id", "user_id"),
        Index("ix_gym_role_requests_decided_by", "decided_by"),
    )

    gym_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("gyms.id", ondelete="CASCADE"))
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("auth.users.id", ondelete="CASCADE"))
    requested_role: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text, server_default=text("'pending'"))
    note: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("auth.users.id", ondelete="SET NULL")
    )
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    decision_note: Mapped[str | None] = mapped_column(Text)
