"""Gyms, the cities they are in, and who belongs to which gym."""

from __future__ import annotations

import uuid

from sqlalchemy import Boolean, CheckConstraint, Computed, Float, ForeignKey, Index, Text, text
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
