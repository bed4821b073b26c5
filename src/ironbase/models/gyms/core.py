"""Gyms, the cities they are in, and who belongs to which gym."""

from __future__ import annotations

import uuid

from sqlalchemy import Boolean, CheckConstraint, Computed, Float, ForeignKey, Index, Text, text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from ironbase.db.base import Base, CreatedAt, Timestamps, UUIDPrimaryKey
from ironbase.models.checks import length_between

# Written as PostgreSQL prints it back (the function lives in public, on the search path),
# so the comparison with the migrated schema sees the same expression.
_FOLDED_NAME = Computed("search_fold(name)", persisted=True)


class City(Base):
    """Reference data shipped in ``gyms/data/cities.json`` (loaded by ``load_cities``)."""

    __tablename__ = "cities"
    __table_args__ = (
        length_between("name", 1, 120, "name_length"),
        CheckConstraint("country_code ~ '^[A-Z]{2}$'", name="country_code"),
        length_between("time_zone", 1, 64, "time_zone_length"),
        CheckConstraint("latitude between -90 and 90", name="latitude"),
        CheckConstraint("longitude between -180 and 180", name="longitude"),
        Index("ix_cities_search_name", "search_name", "id"),
    )

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
        length_between("name", 1, 120, "name_length"),
        length_between("address", 1, 300, "address_length"),
        length_between("time_zone", 1, 64, "time_zone_length"),
        CheckConstraint("latitude between -90 and 90", name="latitude"),
        CheckConstraint("longitude between -180 and 180", name="longitude"),
        CheckConstraint("(latitude is null) = (longitude is null)", name="coordinates_together"),
        Index("ix_gyms_search_name", "search_name", "id"),
        # Near-search narrows to a latitude band through this index before the haversine.
        Index("ix_gyms_latitude", "latitude", postgresql_where=text("latitude is not null")),
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
        Index("ix_user_gyms_user_id_created_at", "user_id", "created_at", "gym_id"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("auth.users.id", ondelete="CASCADE"), primary_key=True
    )
    gym_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("gyms.id", ondelete="CASCADE"), primary_key=True
    )
    is_default: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
