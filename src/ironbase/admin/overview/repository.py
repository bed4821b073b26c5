"""One statement for the whole overview. It reads ``daily_activity_counts`` (a few rows per
day, kept by triggers), the open notifications (a partial index) and the newest report (an
index), the active programs (the one-active-per-person partial index): never users,
workouts or workout_sets themselves."""

from __future__ import annotations

import asyncpg

from ironbase.db.pg import Query, Tx

DAYS = 30

_OVERVIEW = Query(
    f"""
    with today as (
      select (now() at time zone 'UTC')::date as day
    ), totals as (
      select coalesce(sum(users), 0)::bigint as users,
             coalesce(sum(pro_users), 0)::bigint as pro_users
      from public.daily_activity_counts
    ), recent as (
      select c.day, sum(c.users)::bigint as new_users, sum(c.workouts)::bigint as workouts,
             sum(c.sets)::bigint as sets
      from public.daily_activity_counts c, today
      where c.day > today.day - {DAYS} and c.day <= today.day
      group by c.day
    ), days as (
      select (today.day - n)::date as day from today, generate_series(0, {DAYS - 1}) as n
    ), notifications as (
      select count(*) as open, count(*) filter (where read_at is null) as unread
      from public.admin_notifications where resolved_at is null
    )
    select totals.users, totals.pro_users,
      notifications.open as open_notifications, notifications.unread as unread_notifications,
      (select json_agg(json_build_object(
                'day', days.day,
                'new_users', coalesce(recent.new_users, 0),
                'workouts', coalesce(recent.workouts, 0),
                'sets', coalesce(recent.sets, 0)) order by days.day)
       from days left join recent using (day)) as daily,
      (select json_build_object(
                'id', r.id, 'kind', r.kind, 'status', r.status, 'error_count', r.error_count,
                'warning_count', r.warning_count, 'created_at', r.created_at)
       from public.data_quality_reports r
       order by r.created_at desc, r.id desc limit 1) as last_report,
      (select count(*) from public.ai_programs where status = 'active') as active_programs,
      now() as generated_at
    from totals, notifications
    """  # noqa: S608 (constants only)
)


async def overview(tx: Tx) -> asyncpg.Record:
    row = await tx.row(_OVERVIEW)
    assert row is not None  # aggregates: always one row
    return row
