"""The training log (workouts, exercises, sets, templates), imports and the sync change log.

Every table carries ``user_id`` and keys on ``(user_id, id)``; foreign keys inside the log
include ``user_id`` (docs/adr/0007). Masses are grams, durations seconds, distances metres.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from ironbase.db.base import Base, CreatedAt, Timestamps
from ironbase.models.checks import length_between

SET_TYPES = ("normal", "warmup", "drop", "failure", "amrap")
SOURCE_FORMATS = ("strong", "hevy", "fitnotes", "fitbod", "jefit")
LOGGED_TABLES = (
    "workout_templates",
    "template_exercises",
    "workouts",
    "workout_exercises",
    "workout_sets",
)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} in ({', '.join(repr(v) for v in values)})"


def _between(column: str, low: int, high: int) -> CheckConstraint:
    return CheckConstraint(f"{column} between {low} and {high}", name=column)


def _rpe(column: str) -> CheckConstraint:
    """RPE 1-10 in half steps."""
    return CheckConstraint(
        f"{column} between 1 and 10 and {column} * 2 = trunc({column} * 2)", name=column
    )


def _child_of(parent: str, column: str, table: str, ondelete: str | None = "CASCADE") -> Any:
    return ForeignKeyConstraint(
        ["user_id", column],
        [f"{parent}.user_id", f"{parent}.id"],
        ondelete=ondelete,
        name=f"fk_{table}_user_id_{parent}",
    )


class UserKey:
    """``user_id`` first, then ``id``: the primary key Citus can distribute by person."""

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("auth.users.id", ondelete="CASCADE"), primary_key=True
    )
    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=text("gen_random_uuid()")
    )


class ClientStamped(Timestamps):
    # The client's time of its last write: the conflict rule compares it (docs/adr/0007).
    client_updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class ImportBatch(UserKey, CreatedAt, Base):
    """One imported file; ``source_key`` (its digest) makes importing it again a no-op."""

    __tablename__ = "import_batches"
    __table_args__ = (
        CheckConstraint(_in("format", SOURCE_FORMATS), name="format"),
        length_between("source_key", 1, 200),
        length_between("file_name", 1, 255),
        CheckConstraint(
            "workouts_created >= 0 and sets_created >= 0 and rows_skipped >= 0", name="counts"
        ),
        UniqueConstraint("user_id", "source_key", name="uq_import_batches_source_key"),
        length_between("layout", 1, 40),
        CheckConstraint("unit in ('kg', 'lb')", name="unit"),
        CheckConstraint("workouts_existing >= 0", name="workouts_existing"),
        Index("ix_import_batches_created_at", "user_id", text("created_at DESC"), text("id DESC")),
    )

    format: Mapped[str] = mapped_column(Text)
    source_key: Mapped[str] = mapped_column(Text)
    file_name: Mapped[str | None] = mapped_column(Text)
    workouts_created: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    sets_created: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    rows_skipped: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    # The file's layout (e.g. Strong "6.x") and the mass unit it was read in, if one.
    layout: Mapped[str | None] = mapped_column(Text)
    unit: Mapped[str | None] = mapped_column(Text)
    # Workouts of the file that an earlier import already created (skipped).
    workouts_existing: Mapped[int] = mapped_column(Integer, server_default=text("0"))


class ImportPendingExercise(UserKey, CreatedAt, Base):
    """An exercise of an imported workout whose name matched nothing yet: its sets wait here
    (``sets``, a JSON array) until the person maps the name (POST /v1/imports/{id}/mappings)."""

    __tablename__ = "import_pending_exercises"
    __table_args__ = (
        _between("position", 0, 999),
        _between("superset_group", 0, 99),
        _between("set_count", 0, 1000),
        CheckConstraint("jsonb_typeof(sets) = 'array'", name="sets"),
        length_between("workout_key", 1, 200),
        length_between("name", 1, 200),
        length_between("name_key", 1, 200),
        length_between("notes", 1, 2000),
        _child_of("import_batches", "batch_id", "import_pending_exercises"),
        Index("ix_import_pending_exercises_batch", "user_id", "batch_id", "name_key"),
    )

    batch_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    workout_key: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(Text)
    name_key: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(SmallInteger)
    superset_group: Mapped[int | None] = mapped_column(SmallInteger)
    notes: Mapped[str | None] = mapped_column(Text)
    set_count: Mapped[int] = mapped_column(SmallInteger)
    sets: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)


class WorkoutTemplate(UserKey, ClientStamped, Base):
    __tablename__ = "workout_templates"
    __table_args__ = (
        length_between("name", 1, 200),
        length_between("notes", 1, 5000),
        # The list's keyset order (GET /v1/templates).
        Index("ix_workout_templates_name", "user_id", "name", "id"),
    )

    name: Mapped[str] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)


class TemplateExercise(UserKey, ClientStamped, Base):
    """One exercise of a template with its targets."""

    __tablename__ = "template_exercises"
    __table_args__ = (
        _between("position", 0, 999),
        _between("superset_group", 0, 99),
        _between("target_sets", 1, 50),
        _between("rep_min", 0, 1000),
        _between("rep_max", 0, 1000),
        _rpe("target_rpe"),
        _between("target_rir", 0, 10),
        _between("rest_s", 0, 3600),
        length_between("notes", 1, 2000),
        CheckConstraint("rep_min <= rep_max", name="rep_range"),
        _child_of("workout_templates", "template_id", "template_exercises"),
        Index("ix_template_exercises_template", "user_id", "template_id", "position"),
        Index("ix_template_exercises_exercise_id", "exercise_id"),
    )

    template_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    exercise_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("exercises.id"))
    position: Mapped[int] = mapped_column(SmallInteger)
    superset_group: Mapped[int | None] = mapped_column(SmallInteger)
    target_sets: Mapped[int | None] = mapped_column(SmallInteger)
    rep_min: Mapped[int | None] = mapped_column(SmallInteger)
    rep_max: Mapped[int | None] = mapped_column(SmallInteger)
    target_rpe: Mapped[Decimal | None] = mapped_column(Numeric(3, 1))
    target_rir: Mapped[int | None] = mapped_column(SmallInteger)
    rest_s: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str | None] = mapped_column(Text)


class Workout(UserKey, ClientStamped, Base):
    __tablename__ = "workouts"
    __table_args__ = (
        _between("readiness_score", 0, 100),
        length_between("title", 1, 200),
        length_between("notes", 1, 10000),
        length_between("import_key", 1, 200),
        CheckConstraint(
            "ended_at >= started_at and ended_at - started_at <= interval '168 hours'",
            name="duration",
        ),
        CheckConstraint("(import_key is null) = (import_batch_id is null)", name="import"),
        # No cascade: the API clears template_id before a template goes (SET NULL would
        # null user_id too, and PostgreSQL 15's column list is not expressible here).
        _child_of("workout_templates", "template_id", "workouts", ondelete=None),
        _child_of("import_batches", "import_batch_id", "workouts"),
        # The program workout it carried out (0018): deleting the program forgets the link.
        ForeignKeyConstraint(
            ["user_id", "program_workout_id"],
            ["ai_program_workouts.user_id", "ai_program_workouts.id"],
            ondelete="SET NULL (program_workout_id)",
            name="fk_workouts_user_id_ai_program_workouts",
        ),
        Index(
            "ix_workouts_program_workout",
            "user_id",
            "program_workout_id",
            postgresql_where=text("program_workout_id is not null"),
        ),
        Index("ix_workouts_started_at", "user_id", text("started_at DESC"), text("id DESC")),
        Index(
            "ix_workouts_template",
            "user_id",
            "template_id",
            postgresql_where=text("template_id is not null"),
        ),
        Index(
            "uq_workouts_import_key",
            "user_id",
            "import_key",
            unique=True,
            postgresql_where=text("import_key is not null"),
        ),
        Index(
            "ix_workouts_import_batch",
            "user_id",
            "import_batch_id",
            postgresql_where=text("import_batch_id is not null"),
        ),
        Index("ix_workouts_gym_id", "gym_id", postgresql_where=text("gym_id is not null")),
        Index("ix_workouts_id", "id"),
    )

    template_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    import_batch_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    import_key: Mapped[str | None] = mapped_column(Text)
    gym_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("gyms.id", ondelete="SET NULL"))
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    readiness_score: Mapped[int | None] = mapped_column(SmallInteger)
    title: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    program_workout_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))


class WorkoutExercise(UserKey, ClientStamped, Base):
    __tablename__ = "workout_exercises"
    __table_args__ = (
        _between("position", 0, 999),
        _between("superset_group", 0, 99),
        length_between("notes", 1, 2000),
        _child_of("workouts", "workout_id", "workout_exercises"),
        Index("ix_workout_exercises_workout", "user_id", "workout_id", "position"),
        Index("ix_workout_exercises_exercise", "user_id", "exercise_id"),
        Index("ix_workout_exercises_exercise_id", "exercise_id"),
    )

    workout_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    exercise_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("exercises.id"))
    position: Mapped[int] = mapped_column(SmallInteger)
    superset_group: Mapped[int | None] = mapped_column(SmallInteger)
    notes: Mapped[str | None] = mapped_column(Text)


class WorkoutSet(UserKey, ClientStamped, Base):
    """One set; ``unit`` is the unit it was entered in (``weight_g`` is the truth)."""

    __tablename__ = "workout_sets"
    __table_args__ = (
        _between("position", 0, 999),
        CheckConstraint(_in("set_type", SET_TYPES), name="set_type"),
        _between("weight_g", 0, 1_000_000),
        CheckConstraint("unit in ('kg', 'lb')", name="unit"),
        _between("reps", 0, 1000),
        _between("duration_s", 0, 86400),
        _between("distance_m", 0, 1_000_000),
        _rpe("rpe"),
        _between("rir", 0, 10),
        length_between("notes", 1, 2000),
        _child_of("workout_exercises", "workout_exercise_id", "workout_sets"),
        Index("ix_workout_sets_workout_exercise", "user_id", "workout_exercise_id", "position"),
    )

    workout_exercise_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    position: Mapped[int] = mapped_column(SmallInteger)
    set_type: Mapped[str] = mapped_column(Text, server_default=text("'normal'"))
    weight_g: Mapped[int | None] = mapped_column(Integer)
    unit: Mapped[str | None] = mapped_column(Text)
    reps: Mapped[int | None] = mapped_column(SmallInteger)
    duration_s: Mapped[int | None] = mapped_column(Integer)
    distance_m: Mapped[int | None] = mapped_column(Integer)
    rpe: Mapped[Decimal | None] = mapped_column(Numeric(3, 1))
    rir: Mapped[int | None] = mapped_column(SmallInteger)
    completed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    notes: Mapped[str | None] = mapped_column(Text)
    # Written by a template start, not lifted yet: records and statistics skip it.
    planned: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))


class ExerciseNameMapping(UserKey, Timestamps, Base):
    """A name from another app (as the import normalised it) resolved to an exercise."""

    __tablename__ = "exercise_name_mappings"
    __table_args__ = (
        length_between("name", 1, 200),
        UniqueConstraint("user_id", "name", name="uq_exercise_name_mappings_name"),
        Index("ix_exercise_name_mappings_exercise_id", "exercise_id"),
    )

    name: Mapped[str] = mapped_column(Text)
    exercise_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("exercises.id", ondelete="CASCADE"))


class TrainingChangeHead(Base):
    """The last ``seq`` handed out per person (locked to commit by each writer)."""

    __tablename__ = "training_change_heads"
    __table_args__ = (CheckConstraint("last_seq > 0", name="last_seq"),)

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("auth.users.id", ondelete="CASCADE"), primary_key=True
    )
    last_seq: Mapped[int] = mapped_column(BigInteger)


class TrainingChange(Base):
    """One insert, update (``upsert``) or delete (a tombstone) of a training row."""

    __tablename__ = "training_changes"
    __table_args__ = (
        CheckConstraint("seq > 0", name="seq"),
        CheckConstraint(_in("table_name", LOGGED_TABLES), name="table_name"),
        CheckConstraint("op in ('upsert', 'delete')", name="op"),
        Index("ix_training_changes_row", "user_id", "row_id", "seq"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("auth.users.id", ondelete="CASCADE"), primary_key=True
    )
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    table_name: Mapped[str] = mapped_column(Text)
    row_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    op: Mapped[str] = mapped_column(Text)
    changed_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
