"""Small shared vocabularies of the catalog: body parts, muscle groups, movement patterns,
load types, grips, life categories and translated UI strings."""

from __future__ import annotations

import uuid
from enum import StrEnum

from sqlalchemy import Boolean, CheckConstraint, Enum, ForeignKey, SmallInteger, Text, text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from ironbase.db.base import Base
from ironbase.models.checks import LOCALE, SLUG, length_between


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
    __table_args__ = (CheckConstraint(f"slug {SLUG}", name="slug"),)

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    slug: Mapped[str] = mapped_column(Text, unique=True)


class BodyPartTranslation(Base):
    __tablename__ = "body_parts_translations"
    __table_args__ = (
        CheckConstraint(f"locale {LOCALE}", name="locale"),
        length_between("name", 1, 120),
    )

    body_part_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("body_parts.id", ondelete="CASCADE"), primary_key=True
    )
    locale: Mapped[str] = mapped_column(Text, primary_key=True)
    name: Mapped[str] = mapped_column(Text)


class LifeCategory(Base):
    """An area a readiness check-in scores (sleep, fatigue, stress, soreness, mood)."""

    __tablename__ = "life_categories"
    __table_args__ = (
        CheckConstraint(f"slug {SLUG}", name="slug"),
        CheckConstraint("position between 0 and 1000", name="position"),
        CheckConstraint(
            "scale_min >= 0 and scale_max > scale_min and scale_max <= 100", name="scale"
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    slug: Mapped[str] = mapped_column(Text, unique=True)
    position: Mapped[int] = mapped_column(SmallInteger)
    scale_min: Mapped[int] = mapped_column(SmallInteger)
    scale_max: Mapped[int] = mapped_column(SmallInteger)
    # One of the four items whose sum is the Hooper index (mood is scored but not summed).
    hooper: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))


class LifeCategoryTranslation(Base):
    __tablename__ = "life_category_translations"
    __table_args__ = (
        CheckConstraint(f"locale {LOCALE}", name="locale"),
        length_between("name", 1, 120),
        length_between("description", 1, 500),
    )

    life_category_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("life_categories.id", ondelete="CASCADE"), primary_key=True
    )
    locale: Mapped[str] = mapped_column(Text, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)


class MuscleGroupInfo(Base):
    """One row per enum value: its body part (the enum itself cannot carry that)."""

    __tablename__ = "muscle_groups"

    slug: Mapped[MuscleGroup] = mapped_column(muscle_group_enum, primary_key=True)
    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), unique=True)
    body_part_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("body_parts.id"))


class MovementPattern(Base):
    __tablename__ = "movement_patterns"
    __table_args__ = (CheckConstraint(f"slug {SLUG}", name="slug"),)

    slug: Mapped[str] = mapped_column(Text, primary_key=True)
    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), unique=True)


class LoadType(Base):
    __tablename__ = "load_types"
    __table_args__ = (CheckConstraint(f"slug {SLUG}", name="slug"),)

    slug: Mapped[str] = mapped_column(Text, primary_key=True)
    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), unique=True)


class Grip(Base):
    __tablename__ = "grips"
    __table_args__ = (CheckConstraint(f"slug {SLUG}", name="slug"),)

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    slug: Mapped[str] = mapped_column(Text, unique=True)
    orientation: Mapped[str] = mapped_column(Text)
    width: Mapped[str] = mapped_column(Text)


class TextTranslation(Base):
    """UI strings and names of small vocabularies (muscle groups, patterns, grips, ...)."""

    __tablename__ = "text_translations"
    __table_args__ = (
        length_between("key", 1, 200),
        CheckConstraint(f"locale {LOCALE}", name="locale"),
    )

    key: Mapped[str] = mapped_column(Text, primary_key=True)
    locale: Mapped[str] = mapped_column(Text, primary_key=True)
    value: Mapped[str] = mapped_column(Text)
