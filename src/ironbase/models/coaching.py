"""Coaching (migration 0019_coaching): mentor profiles, the links between a client and a
coach with the scopes the client granted, the links' history, and a coach's notes on a
client's workout.

``coach_client_links`` rows are the client's (``user_id``) and name the coach
(``coach_id``); the coach reaches the client's rows through the policies of migration
0019, which read the active, unexpired links with the scope the table needs.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Text,
    func,
)
from sqlalchemy import text as sql
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.orm import Mapped, mapped_column

from ironbase.db.base import Base, CreatedAt, Timestamps

SCOPES = ("training:read", "readiness:read", "programs:write", "comments:write")
LINK_STATUSES = ("pending", "active", "ended")
SIDES = ("client", "coach")
# BCP-47-ish short codes: "en", "pt-BR", "zh-Hant".
LANGUAGES_RE = "^([a-z]{2,3}(-[A-Za-z0-9]{2,4})?(,|$))*$"
EVENT_KINDS = ("created", "accepted", "scopes_changed", "ended")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} in ({', '.join(repr(v) for v in values)})"


def _user_fk() -> Any:
    return ForeignKey("auth.users.id", ondelete="CASCADE")


def _id() -> Mapped[uuid.UUID]:
    return mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=sql("gen_random_uuid()")
    )


class MentorProfile(Timestamps, Base):
    """A coach's public profile: readable by everyone, without a token."""

    __tablename__ = "mentor_profiles"
    __table_args__ = (
        CheckConstraint("char_length(bio) <= 2000", name="bio"),
        CheckConstraint(
            "cardinality(specialties) <= 10 "
            "and char_length(array_to_string(specialties, '')) <= 600",
            name="specialties",
        ),
        CheckConstraint(
            f"cardinality(languages) <= 10 and array_to_string(languages, ',') ~ '{LANGUAGES_RE}'",
            name="languages",
        ),
        CheckConstraint("char_length(price_text) between 1 and 200", name="price_text"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(_user_fk(), primary_key=True)
    bio: Mapped[str] = mapped_column(Text, server_default=sql("''::text"))
    specialties: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default=sql("'{}'::text[]"))
    languages: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default=sql("'{}'::text[]"))
    price_text: Mapped[str | None] = mapped_column(Text)
    accepting_clients: Mapped[bool] = mapped_column(Boolean, server_default=sql("true"))


class CoachClientLink(Timestamps, Base):
    """A client's (``user_id``) link to a coach (``coach_id``). Expired is derived:
    ``status`` pending or active with ``expires_at`` in the past."""

    __tablename__ = "coach_client_links"
    __table_args__ = (
        CheckConstraint("coach_id <> user_id", name="not_self"),
        CheckConstraint(
            f"scopes <@ array[{', '.join(repr(s) for s in SCOPES)}]::text[] "
            "and cardinality(scopes) <= 4",
            name="scopes",
        ),
        CheckConstraint("status in ('pending', 'active', 'ended')", name="status"),
        CheckConstraint("requested_by in ('client', 'coach')", name="requested_by"),
        CheckConstraint("ended_by in ('client', 'coach')", name="ended_by"),
        CheckConstraint(
            "(status = 'ended') = (ended_at is not null) "
            "and (ended_at is null) = (ended_by is null)",
            name="ended",
        ),
        Index(
            "uq_coach_client_links_live",
            "user_id",
            "coach_id",
            unique=True,
            postgresql_where=sql("status in ('pending', 'active')"),
        ),
        Index(
            "ix_coach_client_links_coach_active",
            "coach_id",
            postgresql_where=sql("status = 'active'"),
        ),
        Index("ix_coach_client_links_coach", "coach_id", sql("created_at DESC"), sql("id DESC")),
        Index(
            "ix_coach_client_links_created_at", "user_id", sql("created_at DESC"), sql("id DESC")
        ),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(_user_fk(), primary_key=True)
    id: Mapped[uuid.UUID] = _id()
    coach_id: Mapped[uuid.UUID] = mapped_column(_user_fk())
    scopes: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default=sql("'{}'::text[]"))
    status: Mapped[str] = mapped_column(Text, server_default=sql("'pending'::text"))
    requested_by: Mapped[str] = mapped_column(Text)
    ended_by: Mapped[str | None] = mapped_column(Text)
    expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    accepted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class CoachClientLinkEvent(Base):
    """A link's history, written by the links' trigger only."""

    __tablename__ = "coach_client_link_events"
    __table_args__ = (
        CheckConstraint(_in("kind", EVENT_KINDS), name="kind"),
        CheckConstraint(_in("actor", (*SIDES, "system")), name="actor"),
        ForeignKeyConstraint(
            ["user_id", "link_id"],
            ["coach_client_links.user_id", "coach_client_links.id"],
            ondelete="CASCADE",
            name="fk_coach_client_link_events_user_id_coach_client_links",
        ),
        Index("ix_coach_client_link_events_link", "user_id", "link_id", "at"),
        Index("ix_coach_client_link_events_coach_id", "coach_id"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(_user_fk(), primary_key=True)
    id: Mapped[uuid.UUID] = _id()
    link_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    coach_id: Mapped[uuid.UUID] = mapped_column(_user_fk())
    kind: Mapped[str] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(Text)
    scopes: Mapped[list[str]] = mapped_column(ARRAY(Text))
    expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.clock_timestamp()
    )


class CoachNote(CreatedAt, Base):
    """A coach's (``user_id``) note on a client's (``client_id``) workout; goes with it."""

    __tablename__ = "coach_notes"
    __table_args__ = (
        CheckConstraint("char_length(body) between 1 and 2000", name="body"),
        ForeignKeyConstraint(
            ["client_id", "workout_id"],
            ["workouts.user_id", "workouts.id"],
            ondelete="CASCADE",
            name="fk_coach_notes_client_id_workouts",
        ),
        Index("ix_coach_notes_client", "client_id", "workout_id", "created_at"),
        Index("ix_coach_notes_created_at", "user_id", sql("created_at DESC"), sql("id DESC")),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(_user_fk(), primary_key=True)
    id: Mapped[uuid.UUID] = _id()
    client_id: Mapped[uuid.UUID] = mapped_column(_user_fk())
    workout_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    body: Mapped[str] = mapped_column(Text)
