"""Battles, their invitations and participants (migration 0021_battles).

``battle_participants.value`` and ``reached_at`` are the standing, written only by the
database's definer triggers as the training log changes (as ``challenge_participants``');
``display_name`` is a copy of the person's profile that follows it.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.orm import Mapped, mapped_column

from ironbase.db.base import Base, CreatedAt, Timestamps
from ironbase.models.checks import length_between

METRICS = ("volume", "sessions", "sets", "e1rm")
MODES = ("individual", "team")
INVITATION_STATUSES = ("pending", "accepted", "declined", "expired")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} in ({', '.join(repr(v) for v in values)})"


class Battle(Timestamps, Base):
    """An approved ambassador's contest on one metric of the training log."""

    __tablename__ = "battles"
    __table_args__ = (
        length_between("title", 1, 120),
        length_between("description", 1, 2000),
        CheckConstraint(_in("metric", METRICS), name="metric"),
        CheckConstraint(
            "(metric <> 'e1rm' or exercise_id is not null) "
            "and (metric <> 'sessions' or exercise_id is null)",
            name="exercise",
        ),
        CheckConstraint(
            "ends_at > starts_at and ends_at - starts_at <= interval '90 days'", name="window"
        ),
        CheckConstraint(_in("mode", MODES), name="mode"),
        CheckConstraint(
            "(teams is not null) = (mode = 'team') and (teams is null or "
            "(cardinality(teams) between 2 and 8 and array_position(teams, null) is null "
            "and char_length(array_to_string(teams, '')) <= 320))",
            name="teams",
        ),
        CheckConstraint("max_participants between 2 and 500", name="max_participants"),
        CheckConstraint(
            "settled_at is not null or (winner_user_id is null and winner_team is null "
            "and winning_value is null)",
            name="winner",
        ),
        CheckConstraint("winner_team is null or mode = 'team'", name="winner_team"),
        UniqueConstraint("id"),
        Index("ix_battles_starts_at", text("starts_at DESC"), text("id DESC")),
        Index(
            "ix_battles_exercise_id",
            "exercise_id",
            postgresql_where=text("exercise_id is not null"),
        ),
        Index(
            "ix_battles_winner_user_id",
            "winner_user_id",
            postgresql_where=text("winner_user_id is not null"),
        ),
        # The settling job: ended battles not settled yet.
        Index("ix_battles_unsettled", "ends_at", postgresql_where=text("settled_at is null")),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("ambassador_profiles.user_id", ondelete="CASCADE"), primary_key=True
    )
    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=text("gen_random_uuid()")
    )
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    metric: Mapped[str] = mapped_column(Text)
    exercise_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("exercises.id"))
    starts_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    mode: Mapped[str] = mapped_column(Text, server_default=text("'individual'"))
    teams: Mapped[list[str] | None] = mapped_column(ARRAY(Text))
    max_participants: Mapped[int] = mapped_column(Integer, server_default=text("50"))
    winner_user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("auth.users.id", ondelete="SET NULL")
    )
    winner_team: Mapped[str | None] = mapped_column(Text)
    #: the winner's stored standing (or team total), in the leaderboard's integer units
    winning_value: Mapped[int | None] = mapped_column(BigInteger)
    #: when the worker recorded the outcome (null: not yet)
    settled_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class BattleInvitation(CreatedAt, Base):
    """The invitee's row (``user_id``): pending until they accept or decline."""

    __tablename__ = "battle_invitations"
    __table_args__ = (
        UniqueConstraint("battle_id", "user_id", name="uq_battle_invitations_battle_user"),
        CheckConstraint(_in("status", INVITATION_STATUSES), name="status"),
        CheckConstraint("(responded_at is null) = (status = 'pending')", name="responded"),
        Index(
            "ix_battle_invitations_created_at",
            "user_id",
            text("created_at DESC"),
            text("id DESC"),
        ),
        Index(
            "ix_battle_invitations_invited_by",
            "invited_by",
            postgresql_where=text("invited_by is not null"),
        ),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("auth.users.id", ondelete="CASCADE"), primary_key=True
    )
    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=text("gen_random_uuid()")
    )
    battle_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("battles.id", ondelete="CASCADE"))
    team: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text, server_default=text("'pending'"))
    invited_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("auth.users.id", ondelete="SET NULL")
    )
    responded_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class BattleParticipant(CreatedAt, Base):
    """One person in one battle, with their standing."""

    __tablename__ = "battle_participants"
    __table_args__ = (
        CheckConstraint("value >= 0", name="value"),
        Index(
            "ix_battle_participants_leaderboard",
            "battle_id",
            text("value DESC"),
            "reached_at",
            "user_id",
        ),
        Index(
            "ix_battle_participants_team",
            "battle_id",
            "team",
            postgresql_where=text("team is not null"),
        ),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("auth.users.id", ondelete="CASCADE"), primary_key=True
    )
    battle_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("battles.id", ondelete="CASCADE"), primary_key=True
    )
    team: Mapped[str | None] = mapped_column(Text)
    # Gram-reps (volume), milligrams (e1rm), or a count: integers, compared leakproof.
    value: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    reached_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=text("now()")
    )
    display_name: Mapped[str | None] = mapped_column(Text)
    joined_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=text("now()")
    )
