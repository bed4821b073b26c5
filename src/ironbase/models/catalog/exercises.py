"""Exercises (catalog entries and users' private ones) and what hangs off them."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import (
    ARRAY,
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    SmallInteger,
    Text,
    text,
)
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from ironbase.db.base import Base, Timestamps
from ironbase.models.catalog.vocabularies import MuscleGroup, muscle_group_enum
from ironbase.models.checks import LOCALE, SLUG, length_between


class Exercise(Timestamps, Base):
    """Catalog entries have ``user_id`` null; a user's private exercise carries their id."""

    __tablename__ = "exercises"
    __table_args__ = (
        CheckConstraint("char_length(btrim(name)) between 1 and 120", name="name"),
        CheckConstraint(f"slug {SLUG} and char_length(slug) <= 120", name="slug"),
        CheckConstraint("char_length(description) <= 2000", name="description"),
        CheckConstraint("char_length(instructions) <= 4000", name="instructions"),
        CheckConstraint("difficulty between 1 and 5", name="difficulty"),
        CheckConstraint("tracking in ('reps', 'duration', 'distance')", name="tracking"),
        CheckConstraint(
            "not (primary_muscle = any (secondary_muscles))", name="secondary_not_primary"
        ),
        # Catalog slugs are global; a user's own slugs only need to be unique for them.
        Index(
            "uq_exercises_catalog_slug",
            "slug",
            unique=True,
            postgresql_where=text("user_id is null"),
        ),
        Index(
            "uq_exercises_user_slug",
            "user_id",
            "slug",
            unique=True,
            postgresql_where=text("user_id is not null"),
        ),
        Index("ix_exercises_user_id", "user_id", postgresql_where=text("user_id is not null")),
        Index("ix_exercises_primary_muscle", "primary_muscle"),
        Index("ix_exercises_movement_pattern", "movement_pattern"),
        Index("ix_exercises_load_type", "load_type"),
    )

    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=text("gen_random_uuid()")
    )
    user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("auth.users.id", ondelete="CASCADE")
    )
    name: Mapped[str] = mapped_column(Text)
    slug: Mapped[str] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    instructions: Mapped[str | None] = mapped_column(Text)
    primary_muscle: Mapped[MuscleGroup] = mapped_column(muscle_group_enum)
    secondary_muscles: Mapped[list[MuscleGroup]] = mapped_column(
        ARRAY(muscle_group_enum), server_default=text("'{}'")
    )
    difficulty: Mapped[int] = mapped_column(SmallInteger, server_default=text("1"))
    is_compound: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    movement_pattern: Mapped[str] = mapped_column(ForeignKey("movement_patterns.slug"))
    load_type: Mapped[str] = mapped_column(ForeignKey("load_types.slug"))
    is_unilateral: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    tracking: Mapped[str] = mapped_column(Text, server_default="reps")
    retired_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class ExerciseTranslation(Base):
    __tablename__ = "exercise_translations"
    __table_args__ = (
        CheckConstraint(f"locale {LOCALE}", name="locale"),
        length_between("name", 1, 160),
        Index("ix_exercise_translations_locale", "locale"),
    )

    exercise_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("exercises.id", ondelete="CASCADE"), primary_key=True
    )
    locale: Mapped[str] = mapped_column(Text, primary_key=True)
    name: Mapped[str] = mapped_column(Text)


class ExerciseAlias(Base):
    __tablename__ = "exercise_aliases"
    __table_args__ = (
        length_between("alias", 1, 160),
        Index("uq_exercise_aliases_normalized", "normalized", unique=True),
        Index("ix_exercise_aliases_exercise_id", "exercise_id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    exercise_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("exercises.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(Text)
    normalized: Mapped[str] = mapped_column(Text)


class ExerciseDefaultGrip(Base):
    __tablename__ = "exercise_default_grips"
    __table_args__ = (Index("ix_exercise_default_grips_grip_id", "grip_id"),)

    exercise_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("exercises.id", ondelete="CASCADE"), primary_key=True
    )
    grip_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("grips.id"), primary_key=True)


class ExerciseEquipmentProfile(Base):
    """Which equipment an exercise uses (a relation, not a bare uuid array)."""

    __tablename__ = "exercise_equipment_profiles"
    __table_args__ = (
        Index("ix_exercise_equipment_profiles_equipment_id", "equipment_id"),
        Index(
            "ix_exercise_equipment_profiles_user_id",
            "user_id",
            postgresql_where=text("user_id is not null"),
        ),
    )

    exercise_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("exercises.id", ondelete="CASCADE"), primary_key=True
    )
    equipment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("equipment.id"), primary_key=True)
    # Set on a private exercise's rows so the policy needs no join (null for the catalog).
    user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("auth.users.id", ondelete="CASCADE")
    )
    position: Mapped[int] = mapped_column(SmallInteger, server_default=text("0"))


class AIExercise(Base):
    """What the program generator needs to know about an exercise.

    ``rep_min``/``rep_max`` are in the exercise's ``tracking`` unit (reps, seconds or metres).
    """

    __tablename__ = "ai_exercises"
    __table_args__ = (
        CheckConstraint(
            "skill_level in ('beginner', 'intermediate', 'advanced')", name="skill_level"
        ),
        CheckConstraint(
            "rep_min between 1 and 3600 and rep_max between rep_min and 3600", name="rep_range"
        ),
    )

    exercise_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("exercises.id", ondelete="CASCADE"), primary_key=True
    )
    movement_pattern: Mapped[str] = mapped_column(ForeignKey("movement_patterns.slug"))
    load_type: Mapped[str] = mapped_column(ForeignKey("load_types.slug"))
    skill_level: Mapped[str] = mapped_column(Text)
    contraindications: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default=text("'{}'"))
    rep_min: Mapped[int] = mapped_column(SmallInteger)
    rep_max: Mapped[int] = mapped_column(SmallInteger)
    plate_loaded: Mapped[bool] = mapped_column(Boolean)
