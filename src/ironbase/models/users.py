"""``public.users``: the application's view of a person (pro status and profile)."""

from __future__ import annotations

import uuid
from enum import StrEnum

from sqlalchemy import Boolean, CheckConstraint, Enum, ForeignKey, Text, text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from ironbase.db.base import Base, Timestamps


class UnitSystem(StrEnum):
    metric = "metric"
    imperial = "imperial"


unit_system_enum = Enum(
    UnitSystem, name="unit_system", values_callable=lambda e: [m.value for m in e]
)


class User(Timestamps, Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("char_length(display_name) between 1 and 80", name="display_name_length"),
        CheckConstraint("char_length(locale) between 2 and 35", name="locale_length"),
        CheckConstraint("char_length(time_zone) between 1 and 64", name="time_zone_length"),
    )

    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("auth.users.id", ondelete="CASCADE"), primary_key=True
    )
    is_pro: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=text("false"))
    display_name: Mapped[str | None] = mapped_column(Text)
    unit_system: Mapped[UnitSystem] = mapped_column(
        unit_system_enum, nullable=False, server_default=UnitSystem.metric.value
    )
    time_zone: Mapped[str] = mapped_column(Text, nullable=False, server_default="UTC")
    locale: Mapped[str] = mapped_column(Text, nullable=False, server_default="en")
