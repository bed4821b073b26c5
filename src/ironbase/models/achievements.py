"""Achievement definitions (shipped data) and the awards people earned (migration
0016_challenges_achievements). Names live in ``text_translations`` as ``achievement.<slug>``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Numeric,
    SmallInteger,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from ironbase.db.base import Base
from ironbase.social.achievements.definitions import KINDS as DEFINITION_KINDS

# The engine's kinds, in the order the migration's check lists them.
KINDS = DEFINITION_KINDS
EXERCISE_KINDS = ("heaviest_load", "bodyweight_ratio")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} in ({', '.join(repr(v) for v in values)})"


class Achievement(Base):
    """One definition: a kind, its threshold (and exercise), its place in the list."""

    __tablename__ = "achievements"
    __table_args__ = (
        CheckConstraint("slug ~ '^[a-z0-9][a-z0-9_]*$' and char_length(slug) <= 80", name="slug"),
        CheckConstraint(_in("kind", KINDS), name="kind"),
        CheckConstraint("threshold > 0", name="threshold"),
        CheckConstraint(
            f"(exercise_id is not null) = ({_in('kind', EXERCISE_KINDS)})", name="exercise"
        ),
        CheckConstraint("position between 0 and 9999", name="position"),
        Index("ix_achievements_kind", "kind", "threshold"),
        Index(
            "ix_achievements_exercise_id",
            "exercise_id",
            postgresql_where=text("exercise_id is not null"),
        ),
    )

    slug: Mapped[str] = mapped_column(Text, primary_key=True)
    kind: Mapped[str] = mapped_column(Text)
    threshold: Mapped[Decimal] = mapped_column(Numeric)
    exercise_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("exercises.id", ondelete="CASCADE")
    )
    position: Mapped[int] = mapped_column(SmallInteger)


class UserAchievement(Base):
    """An award: once per person and achievement, with the workout or set that earned it."""

    __tablename__ = "user_achievements"
    __table_args__ = (
        ForeignKeyConstraint(
            ["user_id", "workout_id"],
            ["workouts.user_id", "workouts.id"],
            ondelete="CASCADE",
            name="fk_user_achievements_user_id_workouts",
        ),
        ForeignKeyConstraint(
            ["user_id", "set_id"],
            ["workout_sets.user_id", "workout_sets.id"],
            ondelete="CASCADE",
            name="fk_user_achievements_user_id_workout_sets",
        ),
        Index(
            "ix_user_achievements_workout",
            "user_id",
            "workout_id",
            postgresql_where=text("workout_id is not null"),
        ),
        Index(
            "ix_user_achievements_set",
            "user_id",
            "set_id",
            postgresql_where=text("set_id is not null"),
        ),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("auth.users.id", ondelete="CASCADE"), primary_key=True
    )
    achievement_slug: Mapped[str] = mapped_column(
        ForeignKey("achievements.slug", ondelete="CASCADE"), primary_key=True
    )
    earned_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    workout_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    set_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    awarded_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
