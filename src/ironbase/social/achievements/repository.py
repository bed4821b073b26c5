"""The statements of achievements: the definitions with the caller's awards and progress
(one statement), and the engine's calls for a rebuild.

Progress reads the caller's history under RLS with the same counting rules as
``public.award_achievements`` (migration 0016): working sets that were lifted, sessions
are workouts with a lifted set, days and weeks on the caller's calendar.
"""

from __future__ import annotations

import uuid

import asyncpg

from ironbase.db.pg import Query, Tx

_ACHIEVEMENTS = Query(
    """
    with zone as (
      select coalesce((select u.time_zone from public.users u where u.id = :user_id), 'UTC') as tz
    ), sets as (
      select s.id as set_id, wo.id as workout_id, we.exercise_id,
             coalesce(s.weight_g, 0) as weight_g, s.reps,
             coalesce(s.completed_at, wo.started_at) as m,
             we.position as exercise_position, s.position as set_position
      from public.workouts wo
      join public.workout_exercises we on we.user_id = wo.user_id and we.workout_id = wo.id
      join public.workout_sets s on s.user_id = we.user_id and s.workout_exercise_id = we.id
      where wo.user_id = :user_id and not s.planned and s.set_type <> 'warmup'
        and (s.reps is null or s.reps >= 1)
    ), sessions as (
      select wo.id, wo.started_at,
             (wo.started_at at time zone (select tz from zone))::date as day,
             date_trunc('week', wo.started_at at time zone (select tz from zone))::date as week,
             date_trunc('month', wo.started_at at time zone (select tz from zone)) as month
      from public.workouts wo
      where wo.user_id = :user_id and exists (
        select 1 from public.workout_exercises we
        join public.workout_sets s on s.user_id = we.user_id and s.workout_exercise_id = we.id
        where we.user_id = wo.user_id and we.workout_id = wo.id and not s.planned)
    ), weeks as (
      select week, count(*) as n,
             week - (row_number() over (order by week) * 7)::integer as run
      from sessions group by week
    ), days as (
      select day, day - (row_number() over (order by day))::integer as run
      from sessions group by day
    ), records as (
      select count(*) as n from (
        select weight_g > max(weight_g) over (
          partition by exercise_id order by m, exercise_position, set_position, set_id
          rows between unbounded preceding and 1 preceding) as broken
        from sets where reps >= 1 and weight_g > 0) r
      where broken
    ), wins as (
      select count(*) as n
      from public.challenge_participants me
      join public.challenges c on c.id = me.challenge_id and c.ends_at <= now()
      where me.user_id = :user_id and me.status = 'joined' and me.value > 0
        and not exists (
          select 1 from public.challenge_participants o
          where o.challenge_id = me.challenge_id and o.status = 'joined'
            and o.user_id <> me.user_id
            and (o.value, me.reached_at, me.user_id) > (me.value, o.reached_at, o.user_id))
        and exists (
          select 1 from public.challenge_participants o
          where o.challenge_id = me.challenge_id and o.status = 'joined'
            and o.user_id <> me.user_id)
    ), progress (kind, exercise_id, current) as (
      select 'sessions', null::uuid, (select count(*) from sessions)::numeric
      union all
      select 'week_streak', null, coalesce(max(n), 0)
      from (select count(*) as n from weeks group by run) x
      union all
      select 'day_streak', null, coalesce(max(n), 0)
      from (select count(*) as n from days group by run) x
      union all
      select 'tonnage_total', null,
             coalesce(sum(weight_g::numeric * reps) filter (where reps is not null), 0) / 1000
      from sets
      union all
      select 'tonnage_session', null, coalesce(max(t), 0) / 1000
      from (select sum(weight_g::numeric * reps) as t from sets where reps is not null
            group by workout_id) x
      union all
      select 'heaviest_load', exercise_id, max(weight_g)::numeric / 1000
      from sets where reps >= 1 group by exercise_id
      union all
      select 'bodyweight_ratio', s.exercise_id, max(s.weight_g::numeric / bw.weight_g)
      from sets s
      join lateral (
        select b.weight_g from public.body_weight_entries b
        where b.user_id = :user_id and b.day <= (s.m at time zone (select tz from zone))::date
        order by b.day desc limit 1) bw on true
      where s.reps >= 1 and s.weight_g > 0 group by s.exercise_id
      union all
      select 'month_sessions', null, coalesce(max(n), 0)
      from (select count(*) as n from sessions group by month) x
      union all
      select 'consistent_weeks', null, (select count(*) from weeks where n >= 3)
      union all
      select 'records', null, (select n from records)
      union all
      select 'challenge_wins', null, (select n from wins)
    )
    select a.slug, a.kind, a.threshold::float8 as threshold, a.exercise_id,
           (select t.value from public.text_translations t
            where t.key = 'achievement.' || a.slug and t.locale = any(:locales)
            order by array_position(cast(:locales as text[]), t.locale) limit 1) as name,
           ua.earned_at, ua.workout_id, ua.set_id,
           case when a.kind = any(:unevaluated) then null
                else coalesce(p.current, 0)::float8 end as current
    from public.achievements a
    left join public.user_achievements ua
      on ua.user_id = :user_id and ua.achievement_slug = a.slug
    left join progress p on p.kind = a.kind and p.exercise_id is not distinct from a.exercise_id
    order by a.position, a.slug
    """
)

# One earned achievement with its names in every language, for a post to show.
_EARNED = Query(
    """
    select ua.achievement_slug as slug, ua.earned_at, ua.workout_id, ua.set_id,
           (select jsonb_object_agg(t.locale, t.value) from public.text_translations t
            where t.key = 'achievement.' || ua.achievement_slug) as names
    from public.user_achievements ua
    where ua.user_id = :user_id and ua.achievement_slug = :slug
    """
)
_USERS = Query("select id from auth.users order by id")
_CLEAR = Query("delete from public.user_achievements where user_id = any(:user_ids)")
_AWARD = Query("select public.award_achievements(cast(:user_ids as uuid[]))")
_COUNT = Query("select count(*) from public.user_achievements where user_id = any(:user_ids)")


async def achievements(
    tx: Tx, user_id: uuid.UUID, locales: list[str], unevaluated: list[str]
) -> list[asyncpg.Record]:
    return await tx.fetch(_ACHIEVEMENTS, user_id=user_id, locales=locales, unevaluated=unevaluated)


async def earned(tx: Tx, user_id: uuid.UUID, slug: str) -> asyncpg.Record | None:
    return await tx.row(_EARNED, user_id=user_id, slug=slug)


async def user_ids(tx: Tx) -> list[uuid.UUID]:
    return [row["id"] for row in await tx.fetch(_USERS)]


async def rebuild(tx: Tx, user_ids: list[uuid.UUID]) -> int:
    """These people's awards, evaluated again from their history; how many they hold."""
    await tx.execute(_CLEAR, user_ids=user_ids)
    await tx.execute(_AWARD, user_ids=user_ids)
    count: int = await tx.value(_COUNT, user_ids=user_ids)
    return count
