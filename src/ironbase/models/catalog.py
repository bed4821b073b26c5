"""The exercise and equipment catalog: shared reference data plus users' private exercises."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    ARRAY,
    BigInteger,
    Boolean,
    DateTime,
    Enum,
    ForeignKey,
    Identity,
    Integer,
    Numeric,
    SmallInteger,
    Text,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from ironbase.db.base import Base, CreatedAt, Timestamps


class MuscleGroup(StrEnum):
    chest = "chest"
    lats = "lats"
    upper_back = "upper_back"
    lower_back = "lower_back"
    traps = "traps"
    front_delts = "front_delts"
    side_delts = "side_delts"
    rear_delts = "rear_delts"
    biceps = "biceps"
    triceps = "triceps"
    forearms = "forearms"
    abs = "abs"
    obliques = "obliques"
    quads = "quads"
    hamstrings = "hamstrings"
    glutes = "glutes"
    adductors = "adductors"
    abductors = "abductors"
    calves = "calves"
    neck = "neck"
    hip_flexors = "hip_flexors"
    full_body = "full_body"


muscle_group_enum = Enum(
    MuscleGroup, name="muscle_group", values_callable=lambda e: [m.value for m in e]
)


class BodyPart(Base):
    __tablename__ = "body_parts"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    slug: Mapped[str] = mapped_column(Text, unique=True)


class BodyPartTranslation(Base):
    __tablename__ = "body_parts_translations"

    body_part_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("body_parts.id", ondelete="CASCADE"), primary_key=True
    )
    locale: Mapped[str] = mapped_column(Text, primary_key=True)
    name: Mapped[str] = mapped_column(Text)


class MuscleGroupInfo(Base):
    """One row per enum value: its body part (the enum itself cannot carry that)."""

    __tablename__ = "muscle_groups"

    slug: Mapped[MuscleGroup] = mapped_column(muscle_group_enum, primary_key=True)
    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), unique=True)
    body_part_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("body_parts.id"))


class MovementPattern(Base):
    __tablename__ = "movement_patterns"

    slug: Mapped[str] = mapped_column(Text, primary_key=True)
    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), unique=True)


class LoadType(Base):
    __tablename__ = "load_types"

    slug: Mapped[str] = mapped_column(Text, primary_key=True)
    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), unique=True)


class Grip(Base):
    __tablename__ = "grips"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    slug: Mapped[str] = mapped_column(Text, unique=True)
    orientation: Mapped[str] = mapped_column(Text)
    width: Mapped[str] = mapped_column(Text)


class TextTranslation(Base):
    """UI strings and names of small vocabularies (muscle groups, patterns, grips, ...)."""

    __tablename__ = "text_translations"

    key: Mapped[str] = mapped_column(Text, primary_key=True)
    locale: Mapped[str] = mapped_column(Text, primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class BarType(CreatedAt, Base):
    __tablename__ = "bar_types"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    slug: Mapped[str] = mapped_column(Text, unique=True)
    name: Mapped[str] = mapped_column(Text)
    mass_g: Mapped[int] = mapped_column(Integer)
    # The mass as sold (45 lb is not a whole number of grams): solvers use this exactly.
    mass: Mapped[Decimal] = mapped_column(Numeric(8, 3))
    unit: Mapped[str] = mapped_column(Text)
    length_mm: Mapped[int | None] = mapped_column(Integer)
    sleeve_diameter_mm: Mapped[int | None] = mapped_column(Integer)
    loads_plates: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))


class Equipment(Timestamps, Base):
    __tablename__ = "equipment"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    slug: Mapped[str] = mapped_column(Text, unique=True)
    name: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(Text)
    load_type: Mapped[str] = mapped_column(ForeignKey("load_types.slug"))
    bar_type_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("bar_types.id"))
    retired_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class EquipmentTranslation(Base):
    __tablename__ = "equipment_translations"

    equipment_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("equipment.id", ondelete="CASCADE"), primary_key=True
    )
    locale: Mapped[str] = mapped_column(Text, primary_key=True)
    name: Mapped[str] = mapped_column(Text)


class EquipmentProfile(Base):
    __tablename__ = "equipment_profiles"

    equipment_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("equipment.id", ondelete="CASCADE"), primary_key=True
    )
    adjustable: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    increment_g: Mapped[int | None] = mapped_column(Integer)
    fixed_weights_g: Mapped[list[int] | None] = mapped_column(ARRAY(Integer))
    base_weight_g: Mapped[int | None] = mapped_column(Integer)
    stack_max_g: Mapped[int | None] = mapped_column(Integer)


class EquipmentGripDefault(Base):
    __tablename__ = "equipment_grip_defaults"

    equipment_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("equipment.id", ondelete="CASCADE"), primary_key=True
    )
    grip_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("grips.id"), primary_key=True)


class EquipmentHandleOrientation(Base):
    __tablename__ = "equipment_handle_orientations"

    equipment_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("equipment.id", ondelete="CASCADE"), primary_key=True
    )
    orientation: Mapped[str] = mapped_column(Text, primary_key=True)


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


class DataQualityReport(CreatedAt, Base):
    __tablename__ = "data_quality_reports"

    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=text("gen_random_uuid()")
    )
    kind: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text)
    error_count: Mapped[int] = mapped_column(Integer)
    warning_count: Mapped[int] = mapped_column(Integer)
    summary: Mapped[dict[str, Any]] = mapped_column(JSONB)
    findings: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    created_by: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
