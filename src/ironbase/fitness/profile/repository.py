"""Statements on the caller's fitness profile and body weight history."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import asyncpg

from ironbase.db.pg import Query, Tx

# The profile with the newest body weight (on or before :day), one statement.
_PROFILE = Query(
    """
    select p.goal, p.experience, p.days_per_week, p.weekdays, p.session_minutes, p.gym_id,
           p.excluded_equipment, p.excluded_exercises, p.excluded_patterns, p.sex,
           p.birth_year, p.created_at, p.updated_at,
           w.weight_g, w.unit as weight_unit, w.day as weight_day
    from public.user_profile_fitness p
    left join lateral (
      select b.weight_g, b.unit, b.day from public.body_weight_entries b
      where b.user_id = p.user_id and b.day <= :day
      order by b.day desc limit 1
    ) w on true
    where p.user_id = :user_id
    """
)
_UPSERT = Query(
    """
    insert into public.user_profile_fitness
      (user_id, goal, experience, days_per_week, weekdays, session_minutes, gym_id,
       excluded_equipment, excluded_exercises, excluded_patterns, sex, birth_year)
    values (:user_id, cast(:goal as training_goal), cast(:experience as experience_level),
            :days_per_week, cast(:weekdays as smallint[]), :session_minutes, :gym_id,
            cast(:excluded_equipment as uuid[]), cast(:excluded_exercises as uuid[]),
            cast(:excluded_patterns as text[]), :sex, :birth_year)
    on conflict (user_id) do update set
      goal = excluded.goal, experience = excluded.experience,
      days_per_week = excluded.days_per_week, weekdays = excluded.weekdays,
      session_minutes = excluded.session_minutes, gym_id = excluded.gym_id,
      excluded_equipment = excluded.excluded_equipment,
      excluded_exercises = excluded.excluded_exercises,
      excluded_patterns = excluded.excluded_patterns, sex = excluded.sex,
      birth_year = excluded.birth_year
    """
)
# What of the references does not exist: exercises the caller cannot see (catalog or their
# own, RLS agreeing), equipment, movement patterns. One statement for all three lists.
_MISSING = Query(
    """
    select
      array(select x from unnest(cast(:exercises as uuid[])) x
            where not exists (select 1 from public.exercises e where e.id = x
                              and (e.user_id is null or e.user_id = :user_id))) as exercises,
      array(select x from unnest(cast(:equipment as uuid[])) x
            where not exists (select 1 from public.equipment q where q.id = x)) as equipment,
      array(select x from unnest(cast(:patterns as text[])) x
            where not exists (select 1 from public.movement_patterns m where m.slug = x))
        as patterns
    """
)
_WEIGHT = Query(
    """
    insert into public.body_weight_entries (user_id, day, weight_g, unit)
    select cast(:user_id as uuid), cast(:day as date), cast(:weight_g as integer),
           cast(:unit as text)
    where not exists (
      select 1 from (select b.weight_g, b.unit from public.body_weight_entries b
                     where b.user_id = :user_id and b.day <= :day
                     order by b.day desc limit 1) last
      where last.weight_g = :weight_g and last.unit = :unit)
    on conflict (user_id, day) do update set weight_g = excluded.weight_g, unit = excluded.unit
    """
)
_WEIGHT_ON = Query(
    """
    select weight_g, unit, day from public.body_weight_entries
    where user_id = :user_id and day <= :day order by day desc limit 1
    """
)


async def get(tx: Tx, user_id: uuid.UUID, day: dt.date) -> asyncpg.Record | None:
    return await tx.row(_PROFILE, user_id=user_id, day=day)


async def upsert(tx: Tx, user_id: uuid.UUID, values: dict[str, Any]) -> None:
    await tx.execute(_UPSERT, user_id=user_id, **values)


async def missing(
    tx: Tx,
    user_id: uuid.UUID,
    exercises: list[uuid.UUID],
    equipment: list[uuid.UUID],
    patterns: list[str],
) -> asyncpg.Record:
    row = await tx.row(
        _MISSING, user_id=user_id, exercises=exercises, equipment=equipment, patterns=patterns
    )
    assert row is not None
    return row


async def record_weight(tx: Tx, user_id: uuid.UUID, day: dt.date, weight_g: int, unit: str) -> None:
    """A row for ``day`` unless the weight is the one already in force that day."""
    await tx.execute(_WEIGHT, user_id=user_id, day=day, weight_g=weight_g, unit=unit)


async def weight_on(tx: Tx, user_id: uuid.UUID, day: dt.date) -> asyncpg.Record | None:
    return await tx.row(_WEIGHT_ON, user_id=user_id, day=day)
