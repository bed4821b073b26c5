"""Fitness profile, body weight history, readiness check-ins and cycle tracking.

Every table is a person's own, keyed ``(user_id, id)``; the cycle tables are special-category
data that only their owner reads (no administrator policy).
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from ironbase.db.base import Base, CreatedAt, Timestamps
from ironbase.fitness.profile.vocabulary import ExperienceLevel, TrainingGoal
from ironbase.models.checks import length_between

training_goal_enum = Enum(
    TrainingGoal, name="training_goal", values_callable=lambda e: [m.value for m in e]
)
experience_level_enum = Enum(
    ExperienceLevel, name="experience_level", values_callable=lambda e: [m.value for m in e]
)
CYCLE_EVENT_TYPES = ("period_start", "period_end", "symptom")


def _between(column: str, low: int, high: int) -> CheckConstraint:
    return CheckConstraint(f"{column} between {low} and {high}", name=column)


class PersonKey:
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("auth.users.id", ondelete="CASCADE"), primary_key=True
    )
    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=text("gen_random_uuid()")
    )


class FitnessProfile(PersonKey, Timestamps, Base):
    __tablename__ = "user_profile_fitness"
    __table_args__ = (
        _between("days_per_week", 1, 7),
        CheckConstraint(
            "cardinality(weekdays) <= 7 and weekdays <@ array[1, 2, 3, 4, 5, 6, 7]::smallint[]",
            name="weekdays",
        ),
        _between("session_minutes", 10, 240),
        CheckConstraint("cardinality(excluded_equipment) <= 100", name="excluded_equipment"),
        CheckConstraint("cardinality(excluded_exercises) <= 200", name="excluded_exercises"),
        CheckConstraint("cardinality(excluded_patterns) <= 50", name="excluded_patterns"),
        CheckConstraint("sex in ('female', 'male', 'other')", name="sex"),
        _between("birth_year", 1900, 2100),
        UniqueConstraint("user_id", name="uq_user_profile_fitness_user_id"),
        Index(
            "ix_user_profile_fitness_gym_id", "gym_id", postgresql_where=text("gym_id is not null")
        ),
    )

    goal: Mapped[TrainingGoal] = mapped_column(training_goal_enum)
    experience: Mapped[ExperienceLevel | None] = mapped_column(experience_level_enum)
    days_per_week: Mapped[int] = mapped_column(SmallInteger)
    weekdays: Mapped[list[int]] = mapped_column(ARRAY(SmallInteger))
    session_minutes: Mapped[int] = mapped_column(SmallInteger)
    gym_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("gyms.id", ondelete="SET NULL"))
    excluded_equipment: Mapped[list[uuid.UUID]] = mapped_column(ARRAY(UUID(as_uuid=True)))
    excluded_exercises: Mapped[list[uuid.UUID]] = mapped_column(ARRAY(UUID(as_uuid=True)))
    excluded_patterns: Mapped[list[str]] = mapped_column(ARRAY(Text))
    sex: Mapped[str | None] = mapped_column(Text)
    birth_year: Mapped[int | None] = mapped_column(SmallInteger)


class BodyWeightEntry(PersonKey, CreatedAt, Base):
    """One row per change of body weight, on the day it was weighed (one per day)."""

    __tablename__ = "body_weight_entries"
    __table_args__ = (
        _between("weight_g", 20000, 400000),
        CheckConstraint("unit in ('kg', 'lb')", name="unit"),
        UniqueConstraint("user_id", "day", name="uq_body_weight_entries_day"),
    )

    day: Mapped[dt.date] = mapped_column(Date)
    weight_g: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(Text)


class ReadinessCheckin(PersonKey, Timestamps, Base):
    """One check-in per person and local day (their time zone decides the day)."""

    __tablename__ = "readiness_checkins"
    __table_args__ = (
        _between("sleep", 1, 7),
        _between("fatigue", 1, 7),
        _between("stress", 1, 7),
        _between("soreness", 1, 7),
        _between("score", 0, 100),
        _between("sleep_hours", 0, 24),
        _between("resting_hr", 20, 250),
        _between("hrv_rmssd_ms", 1, 500),
        _between("mood", 1, 7),
        length_between("notes", 1, 2000),
        UniqueConstraint("user_id", "day", name="uq_readiness_checkins_day"),
    )

    day: Mapped[dt.date] = mapped_column(Date)
    sleep: Mapped[int] = mapped_column(SmallInteger)
    fatigue: Mapped[int] = mapped_column(SmallInteger)
    stress: Mapped[int] = mapped_column(SmallInteger)
    soreness: Mapped[int] = mapped_column(SmallInteger)
    score: Mapped[int] = mapped_column(SmallInteger)
    sleep_hours: Mapped[Decimal | None] = mapped_column(Numeric(3, 1))
    resting_hr: Mapped[int | None] = mapped_column(SmallInteger)
    hrv_rmssd_ms: Mapped[Decimal | None] = mapped_column(Numeric(5, 1))
    mood: Mapped[int | None] = mapped_column(SmallInteger)
    notes: Mapped[str | None] = mapped_column(Text)
    life_scores: Mapped[dict[str, Any]] = mapped_column(JSONB)


class CycleConsent(PersonKey, Base):
    __tablename__ = "cycle_consents"
    __table_args__ = (UniqueConstraint("user_id", name="uq_cycle_consents_user_id"),)

    consented_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class CycleEvent(PersonKey, CreatedAt, Base):
    __tablename__ = "cycle_events"
    __table_args__ = (
        CheckConstraint("type in ('period_start', 'period_end', 'symptom')", name="type"),
        CheckConstraint("symptom ~ '^[a-z][a-z_]{0,39}$'", name="symptom"),
        _between("severity", 1, 3),
        length_between("notes", 1, 1000),
        CheckConstraint(
            "(type = 'symptom') = (symptom is not null) "
            "and (type = 'symptom') = (severity is not null)",
            name="symptom_fields",
        ),
        Index("ix_cycle_events_day", "user_id", text("day DESC"), text("id DESC")),
    )

    type: Mapped[str] = mapped_column(Text)
    day: Mapped[dt.date] = mapped_column(Date)
    symptom: Mapped[str | None] = mapped_column(Text)
    severity: Mapped[int | None] = mapped_column(SmallInteger)
    notes: Mapped[str | None] = mapped_column(Text)
