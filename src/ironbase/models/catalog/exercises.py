"""Exercises (catalog entries and users' private ones) and what hangs off them."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import (
    ARRAY,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Identity,
    SmallInteger,
    Text,
    text,
)
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from ironbase.db.base import Base, Timestamps
from ironbase.models.catalog.vocabularies import MuscleGroup, muscle_group_enum


class Exercise(Timestamps, Base):
    """Catalog entries have ``user_id`` null; a user's private exercise carries their id."""

    __tablename__ = "exercises"

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

    exercise_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("exercises.id", ondelete="CASCADE"), primary_key=True
    )
    locale: Mapped[str] = mapped_column(Text, primary_key=True)
    name: Mapped[str] = mapped_column(Text)


class ExerciseAlias(Base):
    __tablename__ = "exercise_aliases"

    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    exercise_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("exercises.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(Text)
    normalized: Mapped[str] = mapped_column(Text)


class ExerciseDefaultGrip(Base):
    __tablename__ = "exercise_default_grips"

    exercise_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("exercises.id", ondelete="CASCADE"), primary_key=True
    )
    grip_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("grips.id"), primary_key=True)


class ExerciseEquipmentProfile(Base):
    """Which equipment an exercise uses (a relation, not a bare uuid array)."""

    __tablename__ = "exercise_equipment_profiles"

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
