"""Training programs (migration 0018_programs): the generated program, its weeks, workouts
and prescriptions, and the coach log of every generation, proposal, adaptation and start.

Every table is a person's own, keyed ``(user_id, id)``; the foreign keys between them
include ``user_id``. ``ai_programs.program_data`` and ``inputs`` hold the canonical program
and inputs (``programs.generator.codec``), so the checker runs on a stored program.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    Enum,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from ironbase.db.base import Base, CreatedAt, Timestamps
from ironbase.fitness.profile.vocabulary import TrainingGoal
from ironbase.models.checks import length_between
from ironbase.models.fitness import training_goal_enum


class ProgramStatus(enum.StrEnum):
    draft = "draft"
    active = "active"
    paused = "paused"
    completed = "completed"
    archived = "archived"


class ProgramCreator(enum.StrEnum):
    user = "user"
    generator = "generator"
    model = "model"
    coach = "coach"


COACH_LOG_KINDS = ("generate", "propose", "adapt", "start", "assign", "note")
COACH_LOG_OUTCOMES = ("stored", "infeasible", "refused", "adapted", "unchanged")
LOAD_KINDS = ("barbell", "dumbbell", "stack")
ROLES = ("main", "accessory")

program_status_enum = Enum(
    ProgramStatus, name="program_status", values_callable=lambda e: [m.value for m in e]
)
program_creator_enum = Enum(
    ProgramCreator, name="program_creator", values_callable=lambda e: [m.value for m in e]
)


def _in(column: str, values: tuple[str, ...]) -> CheckConstraint:
    return CheckConstraint(f"{column} in ({', '.join(repr(v) for v in values)})", name=column)


def _between(column: str, low: int, high: int) -> CheckConstraint:
    return CheckConstraint(f"{column} between {low} and {high}", name=column)


def _child_of(parent: str, column: str, table: str) -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        ["user_id", column],
        [f"{parent}.user_id", f"{parent}.id"],
        ondelete="CASCADE",
        name=f"fk_{table}_user_id_{parent}",
    )


def _set_null(parent: str, column: str, table: str) -> ForeignKeyConstraint:
    """A link that forgets its target (that column only: ``user_id`` stays)."""
    return ForeignKeyConstraint(
        ["user_id", column],
        [f"{parent}.user_id", f"{parent}.id"],
        ondelete=f"SET NULL ({column})",
        name=f"fk_{table}_user_id_{parent}",
    )


def _object(column: str) -> CheckConstraint:
    return CheckConstraint(f"jsonb_typeof({column}) = 'object'", name=column)


DIGEST = "~ '^[0-9a-f]{64}$'"


class ProgramKey:
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("auth.users.id", ondelete="CASCADE"), primary_key=True
    )
    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=text("gen_random_uuid()")
    )


class Program(ProgramKey, Timestamps, Base):
    __tablename__ = "ai_programs"
    __table_args__ = (
        length_between("title", 1, 200),
        _between("weeks", 4, 16),
        CheckConstraint("seed >= 0", name="seed"),
        length_between("generator_version", 1, 40),
        CheckConstraint(f"inputs_digest {DIGEST}", name="inputs_digest"),
        _object("program_data"),
        _object("inputs"),
        Index("ix_ai_programs_created_at", "user_id", text("created_at DESC"), text("id DESC")),
        Index(
            "uq_ai_programs_one_active",
            "user_id",
            unique=True,
            postgresql_where=text("status = 'active'"),
        ),
        Index("ix_ai_programs_gym_id", "gym_id", postgresql_where=text("gym_id is not null")),
    )

    title: Mapped[str] = mapped_column(Text)
    goal: Mapped[TrainingGoal] = mapped_column(training_goal_enum)
    weeks: Mapped[int] = mapped_column(SmallInteger)
    status: Mapped[ProgramStatus] = mapped_column(
        program_status_enum, server_default=text("'draft'")
    )
    created_by: Mapped[ProgramCreator] = mapped_column(program_creator_enum)
    gym_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("gyms.id", ondelete="SET NULL"))
    seed: Mapped[int] = mapped_column(BigInteger)
    generator_version: Mapped[str] = mapped_column(Text)
    inputs_digest: Mapped[str] = mapped_column(Text)
    program_data: Mapped[dict[str, Any]] = mapped_column(JSONB)
    inputs: Mapped[dict[str, Any]] = mapped_column(JSONB)
    activated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class ProgramWeek(ProgramKey, Base):
    __tablename__ = "ai_program_weeks"
    __table_args__ = (
        _between("index", 1, 16),
        _child_of("ai_programs", "program_id", "ai_program_weeks"),
        UniqueConstraint("user_id", "program_id", "index", name="uq_ai_program_weeks_program_id"),
    )

    program_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    index: Mapped[int] = mapped_column(SmallInteger)
    deload: Mapped[bool] = mapped_column(Boolean)
    calibration: Mapped[bool] = mapped_column(Boolean)


class ProgramWorkout(ProgramKey, Base):
    __tablename__ = "ai_program_workouts"
    __table_args__ = (
        _between("day_index", 0, 6),
        _between("weekday", 1, 7),
        length_between("title", 1, 200),
        _between("estimated_minutes", 1, 240),
        _child_of("ai_programs", "program_id", "ai_program_workouts"),
        _child_of("ai_program_weeks", "week_id", "ai_program_workouts"),
        UniqueConstraint("user_id", "week_id", "day_index", name="uq_ai_program_workouts_week_id"),
        Index("ix_ai_program_workouts_program", "user_id", "program_id"),
    )

    program_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    week_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    day_index: Mapped[int] = mapped_column(SmallInteger)
    weekday: Mapped[int] = mapped_column(SmallInteger)
    title: Mapped[str] = mapped_column(Text)
    estimated_minutes: Mapped[int] = mapped_column(SmallInteger)


_LOAD_TOGETHER = " and ".join(
    f"({c} is null) = (load_g is null)" for c in ("load_kind", "target_g", "e1rm_g", "percent_e1rm")
)


class ProgramWorkoutExercise(ProgramKey, Base):
    """One prescription; the load columns are all set or all null (no load prescribed)."""

    __tablename__ = "ai_program_workout_exercises"
    __table_args__ = (
        _between("position", 0, 99),
        CheckConstraint("slot ~ '^[0-9]{1,2}[.][0-9]{1,2}$'", name="slot"),
        _in("role", ROLES),
        _between("sets", 1, 20),
        _between("reps_min", 1, 100),
        _between("reps_max", 1, 100),
        CheckConstraint("reps_min <= reps_max", name="rep_range"),
        _between("rir", 0, 10),
        _between("rpe", 1, 10),
        _between("load_g", 0, 1_000_000),
        _in("load_kind", LOAD_KINDS),
        _between("target_g", 0, 1_000_000),
        _between("e1rm_g", 0, 2_000_000),
        _between("percent_e1rm", 0, 100),
        CheckConstraint(
            "jsonb_typeof(plates) = 'array' and jsonb_array_length(plates) <= 60", name="plates"
        ),
        _between("rest_s", 0, 900),
        CheckConstraint(_LOAD_TOGETHER, name="load"),
        _child_of("ai_program_workouts", "program_workout_id", "ai_program_workout_exercises"),
        UniqueConstraint(
            "user_id",
            "program_workout_id",
            "position",
            name="uq_ai_program_workout_exercises_program_workout_id",
        ),
        Index("ix_ai_program_workout_exercises_exercise_id", "exercise_id"),
    )

    program_workout_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    position: Mapped[int] = mapped_column(SmallInteger)
    slot: Mapped[str] = mapped_column(Text)
    exercise_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("exercises.id"))
    role: Mapped[str] = mapped_column(Text)
    sets: Mapped[int] = mapped_column(SmallInteger)
    reps_min: Mapped[int] = mapped_column(SmallInteger)
    reps_max: Mapped[int] = mapped_column(SmallInteger)
    rir: Mapped[Decimal] = mapped_column(Numeric(3, 1))
    rpe: Mapped[Decimal] = mapped_column(Numeric(3, 1))
    load_g: Mapped[int | None] = mapped_column(Integer)
    load_kind: Mapped[str | None] = mapped_column(Text)
    target_g: Mapped[Decimal | None] = mapped_column(Numeric)
    e1rm_g: Mapped[Decimal | None] = mapped_column(Numeric)
    percent_e1rm: Mapped[Decimal | None] = mapped_column(Numeric)
    bar_type_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("bar_types.id"))
    plates: Mapped[list[dict[str, Any]] | None] = mapped_column(JSONB)
    equipment_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("equipment.id"))
    rest_s: Mapped[int] = mapped_column(SmallInteger)


class CoachLog(ProgramKey, CreatedAt, Base):
    """What was asked of the coach (the generator, a proposer, adaptation, a start) and
    what came of it. Written once; an adaptation once per logged workout."""

    __tablename__ = "coach_logs"
    __table_args__ = (
        _in("kind", COACH_LOG_KINDS),
        length_between("generator_version", 1, 40),
        CheckConstraint(f"inputs_digest {DIGEST}", name="inputs_digest"),
        _object("request"),
        _between("duration_ms", 0, 3_600_000),
        _in("outcome", COACH_LOG_OUTCOMES),
        _object("detail"),
        _set_null("ai_programs", "program_id", "coach_logs"),
        _set_null("workouts", "workout_id", "coach_logs"),
        Index(
            "uq_coach_logs_adapt_workout",
            "user_id",
            "workout_id",
            unique=True,
            postgresql_where=text("kind = 'adapt'"),
        ),
        Index(
            "ix_coach_logs_program",
            "user_id",
            "program_id",
            "created_at",
            postgresql_where=text("program_id is not null"),
        ),
        Index("ix_coach_logs_actor_id", "actor_id", postgresql_where=text("actor_id is not null")),
        Index("ix_coach_logs_created_at", "user_id", text("created_at DESC"), text("id DESC")),
    )

    actor_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("auth.users.id", ondelete="SET NULL")
    )
    program_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    workout_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    kind: Mapped[str] = mapped_column(Text)
    generator_version: Mapped[str] = mapped_column(Text)
    inputs_digest: Mapped[str | None] = mapped_column(Text)
    request: Mapped[dict[str, Any]] = mapped_column(JSONB)
    duration_ms: Mapped[int] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(Text)
    detail: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
