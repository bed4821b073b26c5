"""Challenges and their participants (migration 0016_challenges_achievements).

``challenge_participants.value`` and ``reached_at`` are the standing, written only by the
database's definer triggers as the training log changes; ``display_name`` and ``time_zone``
are copies of the person's profile that follow it.
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
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from ironbase.db.base import Base, CreatedAt
from ironbase.models.checks import length_between

METRICS = ("volume", "sessions", "sets", "streak_days", "e1rm")
EXERCISE_METRICS = ("sets", "e1rm")
VISIBILITIES = ("public", "friends", "gym", "invite")
STATUSES = ("invited", "joined")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} in ({', '.join(repr(v) for v in values)})"


class Challenge(CreatedAt, Base):
    """A creator's time-boxed contest on one metric of the training log."""

    __tablename__ = "challenges"
    __table_args__ = (
        length_between("title", 1, 120),
        CheckConstraint(_in("metric", METRICS), name="metric"),
        CheckConstraint(
            f"(exercise_id is not null) = ({_in('metric', EXERCISE_METRICS)})", name="exercise"
        ),
        CheckConstraint(
            "ends_at > starts_at and ends_at - starts_at <= interval '366 days'", name="window"
        ),
        CheckConstraint(_in("visibility", VISIBILITIES), name="visibility"),
        CheckConstraint("(gym_id is not null) = (visibility = 'gym')", name="gym"),
        UniqueConstraint("id"),
        Index("ix_challenges_starts_at", text("starts_at DESC"), text("id DESC")),
        Index("ix_challenges_gym_id", "gym_id", postgresql_where=text("gym_id is not null")),
        Index(
            "ix_challenges_exercise_id",
            "exercise_id",
            postgresql_where=text("exercise_id is not null"),
        ),
        # The worker's job: ended challenges whose wins are not awarded yet.
        Index(
            "ix_challenges_wins_pending",
            "ends_at",
            postgresql_where=text("wins_awarded_at is null"),
        ),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("auth.users.id", ondelete="CASCADE"), primary_key=True
    )
    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=text("gen_random_uuid()")
    )
    title: Mapped[str] = mapped_column(Text)
    metric: Mapped[str] = mapped_column(Text)
    exercise_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("exercises.id"))
    starts_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    visibility: Mapped[str] = mapped_column(Text)
    gym_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("gyms.id", ondelete="CASCADE"))
    #: when the worker evaluated the participants' achievements after the end (null: not yet)
    wins_awarded_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class ChallengeParticipant(CreatedAt, Base):
    """One person in one challenge: invited, or joined with a standing."""

    __tablename__ = "challenge_participants"
    __table_args__ = (
        CheckConstraint(_in("status", STATUSES), name="status"),
        CheckConstraint("(joined_at is not null) = (status = 'joined')", name="joined"),
        CheckConstraint("value >= 0", name="value"),
        Index(
            "ix_challenge_participants_leaderboard",
            "challenge_id",
            text("value DESC"),
            "reached_at",
            "user_id",
            postgresql_where=text("status = 'joined'"),
        ),
        Index("ix_challenge_participants_challenge", "challenge_id", "user_id"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("auth.users.id", ondelete="CASCADE"), primary_key=True
    )
    challenge_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("challenges.id", ondelete="CASCADE"), primary_key=True
    )
    status: Mapped[str] = mapped_column(Text, server_default=text("'joined'"))
    joined_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # Gram-reps (volume), milligrams (e1rm), or a count: integers, compared leakproof.
    value: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    reached_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=text("now()")
    )
    display_name: Mapped[str | None] = mapped_column(Text)
    time_zone: Mapped[str] = mapped_column(Text, server_default=text("'UTC'"))
