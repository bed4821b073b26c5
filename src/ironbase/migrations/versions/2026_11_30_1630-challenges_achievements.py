"""Challenges with standings kept up to date by the training log, and achievements.

Revision ID: 0016_challenges_achievements
Revises: 0015_social
Create Date: 2026-11-30

``challenges``: a creator's time-boxed contest on one metric of the training log
(``volume``, ``sessions``, ``sets`` or best ``e1rm`` of an exercise, ``streak_days``) over
``[starts_at, ends_at)``, seen by everyone (``public``), a gym's members (``gym``), the
creator's friends (``friends``: an accepted friendship in ``social_friendships``)
or the people the creator invited (``invite``).

``challenge_participants``: one row per person and challenge, ``invited`` or ``joined``,
with the standing (``value``, a bigint: gram-reps for volume, milligrams for the e1RM, a
count otherwise, so that the leaderboard's keyset comparisons are leakproof operators RLS
lets into the index; ``reached_at``: when the training log first reached that value, the
tie-break) and copies of the person's ``display_name`` and ``time_zone`` (the
leaderboard is one index range scan; the copies follow ``public.users``). People write
only ``status``; the standing is written by definer triggers:

* a set inserted adds to the standings of the person's joined challenges whose window holds
  it (volume, sets and e1RM incrementally; sessions and day streaks recomputed for that
  person over the window only);
* a set updated or deleted, a workout's start moved, an exercise swapped, a time zone
  changed: the person's standings are recomputed from their sets in each window.

A set counts when it was lifted (``not planned``), is a working set (not a warm-up, at least
one rep or a timed set), and its moment (``completed_at``, else its workout's start) lies in
the window; its workout started at most 168 hours (the longest workout) before the window.
The e1RM is ``training.science.e1rm.estimate``'s default rule, in SQL (``public.e1rm_g``).

``achievements``: definitions shipped as data (``social/achievements/data``), names in
``text_translations`` under ``achievement.<slug>``. ``user_achievements``: one row per
person and achievement (awarding twice stores one row), with the workout or set that
earned it. ``public.award_achievements(user)`` evaluates a person's history; triggers call
it when a workout is finished or imported, and award plate milestones as sets arrive.
"""

from collections.abc import Sequence

from alembic import op

from ironbase.migrations.helpers import (
    admin_checked_policy,
    enable_rls,
    owner_policies,
    reference_read_policy,
)

revision: str = "0016_challenges_achievements"
down_revision: str | None = "0015_social"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

METRICS = "('volume', 'sessions', 'sets', 'streak_days', 'e1rm')"
EXERCISE_METRICS = "('sets', 'e1rm')"
VISIBILITIES = "('public', 'friends', 'gym', 'invite')"
ACHIEVEMENT_KINDS = (
    "('sessions', 'week_streak', 'day_streak', 'tonnage_total', 'tonnage_session', "
    "'heaviest_load', 'bodyweight_ratio', 'month_sessions', 'consistent_weeks', 'records', "
    "'challenge_wins')"
)
ME = "(select auth.uid())"

# A counted set of a person: lifted, a working set. ``s`` the set, ``wo`` its workout.
WORKING = "not s.planned and s.set_type <> 'warmup' and (s.reps is null or s.reps >= 1)"
MOMENT = "coalesce(s.completed_at, wo.started_at)"
# ``c`` the challenge.
IN_WINDOW = (
    f"{MOMENT} >= c.starts_at and {MOMENT} < c.ends_at "
    "and wo.started_at >= c.starts_at - interval '168 hours' and wo.started_at < c.ends_at"
)


def _e1rm_function() -> None:
    # training/science/e1rm.estimate (formula=None): the RPE curve when RPE or RIR is logged
    # (reps <= 12, at most 4 in reserve; RIR 10 reads as RPE 1), else Epley up to 10 reps;
    # grams to the milligram.
    op.execute(
        """
        create function public.e1rm_g(p_weight_g integer, p_reps integer, p_rpe numeric,
                                      p_rir integer) returns numeric
        language sql immutable parallel safe set search_path = pg_catalog as $$
          select case
            when p_weight_g is null or p_weight_g <= 0 or p_reps is null or p_reps < 1 then null
            when e.effort is null then
              case when p_reps <= 10
                then round((p_weight_g::numeric * (30 + p_reps)) / 30, 3) end
            when 10 - e.effort > 4 or p_reps > 12 then null
            else round(p_weight_g::numeric * 100 / (
              case when e.x >= 16 then 50::numeric
                   when e.x <= 2.92 then 0.347619 * e.x * e.x - 4.60714 * e.x + 99.9667
                   else -2.64249 * e.x + 97.0955 end), 3)
          end
          from (select r.effort, (10 - r.effort) + (p_reps - 1) as x
                from (select coalesce(p_rpe, case when p_rir = 10 then 1::numeric
                                                  else 10 - p_rir::numeric end) as effort) r) e
        $$
        """
    )


def _challenge_tables() -> None:
    op.execute(
        f"""
        create table public.challenges (
          user_id uuid not null constraint fk_challenges_user_id_users
            references auth.users (id) on delete cascade,
          id uuid not null default gen_random_uuid(),
          title text not null,
          metric text not null,
          exercise_id uuid constraint fk_challenges_exercise_id_exercises
            references public.exercises (id),
          starts_at timestamptz not null,
          ends_at timestamptz not null,
          visibility text not null,
          gym_id uuid constraint fk_challenges_gym_id_gyms
            references public.gyms (id) on delete cascade,
          created_at timestamptz not null default now(),
          constraint pk_challenges primary key (user_id, id),
          constraint uq_challenges_id unique (id),
          constraint ck_challenges_title check (char_length(title) between 1 and 120),
          constraint ck_challenges_metric check (metric in {METRICS}),
          constraint ck_challenges_exercise
            check ((exercise_id is not null) = (metric in {EXERCISE_METRICS})),
          constraint ck_challenges_window
            check (ends_at > starts_at and ends_at - starts_at <= interval '366 days'),
          constraint ck_challenges_visibility check (visibility in {VISIBILITIES}),
          constraint ck_challenges_gym check ((gym_id is not null) = (visibility = 'gym'))
        )
        """
    )
    # The list, newest first; a gym's challenges; the public ones.
    op.execute(
        "create index ix_challenges_starts_at on public.challenges (starts_at desc, id desc)"
    )
    op.execute(
        "create index ix_challenges_gym_id on public.challenges (gym_id) where gym_id is not null"
    )
    op.execute(
        "create index ix_challenges_exercise_id on public.challenges (exercise_id) where exercise_id is not null"
    )
    op.execute(
        """
        create table public.challenge_participants (
          user_id uuid not null constraint fk_challenge_participants_user_id_users
            references auth.users (id) on delete cascade,
          challenge_id uuid not null constraint fk_challenge_participants_challenge_id_challenges
            references public.challenges (id) on delete cascade,
          status text not null default 'joined',
          joined_at timestamptz,
          value bigint not null default 0,
          reached_at timestamptz not null default now(),
          display_name text,
          time_zone text not null default 'UTC',
          created_at timestamptz not null default now(),
          constraint pk_challenge_participants primary key (user_id, challenge_id),
          constraint ck_challenge_participants_status check (status in ('invited', 'joined')),
          constraint ck_challenge_participants_joined
            check ((joined_at is not null) = (status = 'joined')),
          constraint ck_challenge_participants_value check (value >= 0)
        )
        """
    )
    # The leaderboard order, a range per challenge: no sort, no join.
    op.execute(
        "create index ix_challenge_participants_leaderboard on public.challenge_participants "
        "(challenge_id, value desc, reached_at, user_id) where status = 'joined'"
    )
    op.execute(
        "create index ix_challenge_participants_challenge on public.challenge_participants "
        "(challenge_id, user_id)"
    )


def _standing_functions() -> None:
    counted = f"""
        from public.workouts wo
        join public.workout_exercises we on we.user_id = wo.user_id and we.workout_id = wo.id
        join public.workout_sets s on s.user_id = we.user_id and s.workout_exercise_id = we.id
        where wo.user_id = p_user_id and {WORKING} and {IN_WINDOW}
          and (c.exercise_id is null or we.exercise_id = c.exercise_id)"""
    # One person's standing in one challenge, from their sets in its window.
    op.execute(
        f"""
        create function public.challenge_standing(
          p_challenge_id uuid, p_user_id uuid, p_time_zone text, p_floor timestamptz,
          out value bigint, out reached_at timestamptz)
        language plpgsql stable security definer set search_path = pg_catalog as $$
        declare
          c public.challenges;
        begin
          select * into c from public.challenges where id = p_challenge_id;
          if c.metric = 'volume' then
            select coalesce(sum(s.weight_g::bigint * s.reps), 0),
                   max({MOMENT}) filter (where s.weight_g > 0 and s.reps > 0)
              into value, reached_at {counted};
          elsif c.metric = 'sets' then
            select count(*), max({MOMENT}) into value, reached_at {counted};
          elsif c.metric = 'e1rm' then
            select coalesce(max(x.e), 0), min(x.m) filter (where x.top)
              into value, reached_at
            from (select (public.e1rm_g(s.weight_g, s.reps, s.rpe, s.rir) * 1000)::bigint as e,
                         {MOMENT} as m,
                         public.e1rm_g(s.weight_g, s.reps, s.rpe, s.rir)
                           = max(public.e1rm_g(s.weight_g, s.reps, s.rpe, s.rir)) over () as top
                  {counted}) x;
          elsif c.metric = 'sessions' then
            select count(*), max(x.first_m) into value, reached_at
            from (select min({MOMENT}) as first_m {counted} group by wo.id) x;
          else
            -- streak_days: the longest run of consecutive local days trained in the window;
            -- reached on the first counted moment of the last day of the first longest run.
            with days as (
              select (({MOMENT}) at time zone p_time_zone)::date as day, min({MOMENT}) as m
              {counted} group by 1
            ), runs as (
              select day, m, day - (row_number() over (order by day))::integer as run from days
            ), lengths as (
              select run, count(*) as days, max(day) as last_day from runs group by run
            )
            select l.days, r.m into value, reached_at
            from lengths l join runs r on r.day = l.last_day
            order by l.days desc, l.last_day limit 1;
          end if;
          value := coalesce(value, 0);
          if value = 0 or reached_at is null then
            value := 0;
            reached_at := p_floor;
          end if;
        end
        $$
        """
    )
    op.execute(
        "revoke all on function public.challenge_standing(uuid, uuid, text, timestamptz) from public"
    )
    # Every joined standing of these people, recomputed.
    op.execute(
        """
        create function public.challenge_recompute(p_user_ids uuid[]) returns void
        language sql volatile security definer set search_path = pg_catalog as $$
          update public.challenge_participants p
          set (value, reached_at) = (
            select s.value, s.reached_at
            from public.challenge_standing(p.challenge_id, p.user_id, p.time_zone, p.joined_at) s)
          where p.user_id = any(p_user_ids) and p.status = 'joined'
        $$
        """
    )
    op.execute("revoke all on function public.challenge_recompute(uuid[]) from public")


def _participant_trigger() -> None:
    """Joining fills the standing and the copies; nobody writes them but the definer."""
    op.execute(
        """
        create function public.challenge_participant_fill() returns trigger
        language plpgsql security definer set search_path = pg_catalog as $$
        declare
          v_name text;
          v_zone text;
        begin
          if tg_op = 'UPDATE' and new.status = old.status then
            return new;
          end if;
          select u.display_name, u.time_zone into v_name, v_zone
          from public.users u where u.id = new.user_id;
          begin
            perform now() at time zone v_zone;
          exception when others then
            v_zone := 'UTC';
          end;
          new.display_name := v_name;
          new.time_zone := coalesce(v_zone, 'UTC');
          if new.status = 'joined' then
            new.joined_at := coalesce(case when tg_op = 'UPDATE' then old.joined_at end, now());
            select s.value, s.reached_at into new.value, new.reached_at
            from public.challenge_standing(new.challenge_id, new.user_id, new.time_zone,
                                           new.joined_at) s;
          else
            new.joined_at := null;
            new.value := 0;
            new.reached_at := now();
          end if;
          if tg_op = 'INSERT' then
            new.created_at := now();
          end if;
          return new;
        end
        $$
        """
    )
    op.execute("revoke all on function public.challenge_participant_fill() from public")
    op.execute(
        "create trigger challenge_participants_fill before insert or update "
        "on public.challenge_participants for each row "
        "execute function public.challenge_participant_fill()"
    )


def _set_triggers() -> None:
    """The training log moves the standings: inserts incrementally, the rest recomputed."""
    hits = f"""
        with hits as (
          select p.user_id, p.challenge_id, c.metric, c.starts_at, p.time_zone, s.id as set_id,
                 we.workout_id, wo.started_at,
                 case when c.metric = 'volume' then coalesce(s.weight_g, 0)::bigint
                        * coalesce(s.reps, 0) else 1 end as delta,
                 case when c.metric = 'e1rm'
                      then (public.e1rm_g(s.weight_g, s.reps, s.rpe, s.rir) * 1000)::bigint
                 end as e,
                 {MOMENT} as m
          from new_rows s
          join public.challenge_participants p on p.user_id = s.user_id and p.status = 'joined'
          join public.challenges c on c.id = p.challenge_id
          join public.workout_exercises we on we.user_id = s.user_id and we.id = s.workout_exercise_id
          join public.workouts wo on wo.user_id = we.user_id and wo.id = we.workout_id
          where {WORKING} and {IN_WINDOW}
            and (c.exercise_id is null or we.exercise_id = c.exercise_id)
        )"""
    op.execute(
        f"""
        create function public.challenge_sets_changed() returns trigger
        language plpgsql security definer set search_path = pg_catalog as $$
        begin
          if tg_op = 'INSERT' then
            if not exists (select 1 from new_rows n join public.challenge_participants p
                           on p.user_id = n.user_id and p.status = 'joined') then
              return null;
            end if;
            -- volume and sets add up; the value was reached at the latest contribution
            {hits}, sums as (
              select user_id, challenge_id, sum(delta) as delta, max(m) as m
              from hits where metric in ('volume', 'sets') and delta > 0
              group by user_id, challenge_id
            )
            update public.challenge_participants p
            set value = p.value + x.delta,
                reached_at = case when p.value = 0 then x.m else greatest(p.reached_at, x.m) end
            from sums x where p.user_id = x.user_id and p.challenge_id = x.challenge_id;
            -- the best e1RM: a better one replaces it, an equal one earlier keeps the earlier
            {hits}, bests as (
              select distinct on (user_id, challenge_id) user_id, challenge_id, e, m
              from hits where metric = 'e1rm' and e is not null
              order by user_id, challenge_id, e desc, m
            )
            update public.challenge_participants p
            set value = greatest(p.value, x.e),
                reached_at = case when x.e > p.value then x.m
                                  when x.e = p.value then least(p.reached_at, x.m)
                                  else p.reached_at end
            from bests x where p.user_id = x.user_id and p.challenge_id = x.challenge_id;
            -- sessions and day streaks: this person's window only, and only for a set that
            -- comes first in its workout (sessions) or its day (streaks): after another
            -- counted set of the same workout (and day), it changes neither value nor moment
            {hits}
            update public.challenge_participants p
            set (value, reached_at) = (
              select s.value, s.reached_at
              from public.challenge_standing(p.challenge_id, p.user_id, p.time_zone, p.joined_at) s)
            where (p.user_id, p.challenge_id) in (
              select h.user_id, h.challenge_id from hits h
              where h.metric in ('sessions', 'streak_days') and not exists (
                select 1 from public.workout_exercises we
                join public.workout_sets s
                  on s.user_id = we.user_id and s.workout_exercise_id = we.id
                where we.user_id = h.user_id and we.workout_id = h.workout_id and {WORKING}
                  and (coalesce(s.completed_at, h.started_at), s.id) < (h.m, h.set_id)
                  and coalesce(s.completed_at, h.started_at) >= h.starts_at
                  and (h.metric = 'sessions'
                       or (coalesce(s.completed_at, h.started_at) at time zone h.time_zone)::date
                          = (h.m at time zone h.time_zone)::date)));
          elsif tg_op = 'UPDATE' then
            perform public.challenge_recompute(array(
              select distinct n.user_id from new_rows n join old_rows o on o.id = n.id
              where (n.weight_g, n.reps, n.rpe, n.rir, n.set_type, n.planned, n.completed_at,
                     n.workout_exercise_id, n.user_id)
                    is distinct from (o.weight_g, o.reps, o.rpe, o.rir, o.set_type, o.planned,
                                      o.completed_at, o.workout_exercise_id, o.user_id)
                and exists (select 1 from public.challenge_participants p
                            where p.user_id in (n.user_id, o.user_id))));
          else
            perform public.challenge_recompute(array(
              select distinct o.user_id from old_rows o
              where exists (select 1 from public.challenge_participants p
                            where p.user_id = o.user_id)));
          end if;
          return null;
        end
        $$
        """
    )
    op.execute("revoke all on function public.challenge_sets_changed() from public")
    for event, side in (
        ("insert", "new"),
        ("update", "old table as old_rows new"),
        ("delete", "old"),
    ):
        op.execute(
            f"create trigger workout_sets_challenges_{event} after {event} on public.workout_sets "
            f"referencing {side} table as {side.split()[-1]}_rows for each statement "
            "execute function public.challenge_sets_changed()"
        )
    # A workout's start (the moment of its sets without a completion time) or an exercise
    # swapped under its sets.
    op.execute(
        """
        create function public.challenge_parents_changed() returns trigger
        language plpgsql security definer set search_path = pg_catalog as $$
        begin
          if tg_table_name = 'workouts' then
            perform public.challenge_recompute(array(
              select distinct n.user_id from new_rows n join old_rows o on o.id = n.id
              where n.started_at is distinct from o.started_at
                and exists (select 1 from public.challenge_participants p
                            where p.user_id = n.user_id)));
          else
            perform public.challenge_recompute(array(
              select distinct n.user_id from new_rows n join old_rows o on o.id = n.id
              where (n.exercise_id, n.workout_id) is distinct from (o.exercise_id, o.workout_id)
                and exists (select 1 from public.challenge_participants p
                            where p.user_id = n.user_id)));
          end if;
          return null;
        end
        $$
        """
    )
    op.execute("revoke all on function public.challenge_parents_changed() from public")
    for table in ("workouts", "workout_exercises"):
        op.execute(
            f"create trigger {table}_challenges_update after update on public.{table} "
            "referencing old table as old_rows new table as new_rows for each statement "
            "execute function public.challenge_parents_changed()"
        )
    # The copies follow the profile; a new time zone moves the day streaks.
    op.execute(
        """
        create function public.challenge_profile_changed() returns trigger
        language plpgsql security definer set search_path = pg_catalog as $$
        declare
          v_zone text := new.time_zone;
        begin
          begin
            perform now() at time zone v_zone;
          exception when others then
            v_zone := 'UTC';
          end;
          update public.challenge_participants
          set display_name = new.display_name, time_zone = v_zone
          where user_id = new.id;
          if new.time_zone is distinct from old.time_zone then
            perform public.challenge_recompute(array[new.id]);
          end if;
          return null;
        end
        $$
        """
    )
    op.execute("revoke all on function public.challenge_profile_changed() from public")
    op.execute(
        "create trigger users_challenges_profile after update of display_name, time_zone "
        "on public.users for each row "
        "when (old.display_name is distinct from new.display_name "
        "or old.time_zone is distinct from new.time_zone) "
        "execute function public.challenge_profile_changed()"
    )


def _challenge_security() -> None:
    for table in ("challenges", "challenge_participants"):
        enable_rls(f"public.{table}")
    # The caller's challenges (joined or invited), read by the definer: a policy on
    # challenges cannot query challenge_participants, whose policies query challenges.
    op.execute(
        """
        create function public.my_challenge_ids() returns setof uuid
        language sql stable security definer set search_path = pg_catalog as $$
          select challenge_id from public.challenge_participants
          where user_id = (select auth.uid())
        $$
        """
    )
    op.execute("revoke all on function public.my_challenge_ids() from public")
    op.execute("grant execute on function public.my_challenge_ids() to authenticated")

    t = "public.challenges"
    op.execute(f"grant select, insert on {t} to authenticated")
    owner_policies(t, actions=("select",))
    op.execute(
        f"create policy challenges_select_public on {t} for select to authenticated using (visibility = 'public')"
    )
    op.execute(
        f"create policy challenges_select_gym on {t} for select to authenticated "
        f"using (visibility = 'gym' and exists (select 1 from public.user_gyms g "
        f"where g.gym_id = challenges.gym_id and g.user_id = {ME}))"
    )
    op.execute(
        f"create policy challenges_select_participant on {t} for select to authenticated "
        "using (id in (select public.my_challenge_ids()))"
    )
    # The caller's own side of an accepted friendship with the creator: one probe of
    # social_friendships' (user_id, friend_id) key (a block ends the friendship).
    op.execute(
        f"create policy challenges_select_friends on {t} for select to authenticated "
        f"using (visibility = 'friends' and exists (select 1 from public.social_friendships f "
        f"where f.user_id = {ME} and f.friend_id = challenges.user_id "
        "and f.status = 'accepted'))"
    )
    # A creator names an exercise they see (the API asks for the catalog's, which others
    # lift too) and, for a gym's challenge, a gym they belong to.
    op.execute(
        f"create policy challenges_insert_own on {t} for insert to authenticated with check ("
        f"user_id = {ME} "
        "and (exercise_id is null or exists (select 1 from public.exercises e "
        f"where e.id = challenges.exercise_id and (e.user_id is null or e.user_id = {ME}))) "
        "and (gym_id is null or exists (select 1 from public.user_gyms g "
        f"where g.gym_id = challenges.gym_id and g.user_id = {ME})))"
    )
    op.execute(f"grant select on {t} to app_admin")
    admin_checked_policy(t, "select")

    t = "public.challenge_participants"
    op.execute(f"grant select, delete on {t} to authenticated")
    op.execute(f"grant insert (user_id, challenge_id, status) on {t} to authenticated")
    op.execute(f"grant update (status) on {t} to authenticated")
    owner_policies(t, actions=("select", "delete"))
    # Everyone who sees a challenge sees its participants (RLS on challenges decides).
    op.execute(
        f"create policy challenge_participants_select_visible on {t} for select to authenticated "
        "using (exists (select 1 from public.challenges c "
        "where c.id = challenge_participants.challenge_id))"
    )
    # Join what one sees, unless it is invite-only (the creator joins their own).
    op.execute(
        f"create policy challenge_participants_insert_own on {t} for insert to authenticated "
        f"with check (user_id = {ME} and status = 'joined' and exists ("
        "select 1 from public.challenges c where c.id = challenge_participants.challenge_id "
        f"and (c.visibility <> 'invite' or c.user_id = {ME})))"
    )
    # The creator of an invite-only challenge invites; the invited accept (update) or
    # decline (delete) their row.
    op.execute(
        f"create policy challenge_participants_insert_invite on {t} for insert to authenticated "
        "with check (status = 'invited' and exists (select 1 from public.challenges c "
        "where c.id = challenge_participants.challenge_id "
        f"and c.user_id = {ME} and c.visibility = 'invite'))"
    )
    op.execute(
        f"create policy challenge_participants_update_own on {t} for update to authenticated "
        f"using (user_id = {ME}) with check (user_id = {ME} and status = 'joined')"
    )
    op.execute(f"grant select on {t} to app_admin")
    admin_checked_policy(t, "select")

    # The definer functions run as the owner, which FORCE RLS binds.
    for table in ("challenges", "challenge_participants"):
        op.execute(
            f"create policy {table}_definer on public.{table} for all to ironbase_owner "
            "using (true) with check (true)"
        )
    for table in ("workout_exercises", "workout_sets", "body_weight_entries"):
        op.execute(
            f"create policy {table}_select_definer on public.{table} for select "
            "to ironbase_owner using (true)"
        )
    op.execute(
        "create policy users_select_definer_challenges on public.users for select "
        "to ironbase_owner using (true)"
    )


def _achievement_tables() -> None:
    op.execute(
        f"""
        create table public.achievements (
          slug text not null constraint pk_achievements primary key,
          kind text not null,
          threshold numeric not null,
          exercise_id uuid constraint fk_achievements_exercise_id_exercises
            references public.exercises (id) on delete cascade,
          position smallint not null,
          constraint ck_achievements_slug check (slug ~ '^[a-z0-9][a-z0-9_]*$'
            and char_length(slug) <= 80),
          constraint ck_achievements_kind check (kind in {ACHIEVEMENT_KINDS}),
          constraint ck_achievements_threshold check (threshold > 0),
          constraint ck_achievements_exercise check (
            (exercise_id is not null) = (kind in ('heaviest_load', 'bodyweight_ratio'))),
          constraint ck_achievements_position check (position between 0 and 9999)
        )
        """
    )
    op.execute("create index ix_achievements_kind on public.achievements (kind, threshold)")
    op.execute(
        "create index ix_achievements_exercise_id on public.achievements (exercise_id) "
        "where exercise_id is not null"
    )
    op.execute(
        """
        create table public.user_achievements (
          user_id uuid not null constraint fk_user_achievements_user_id_users
            references auth.users (id) on delete cascade,
          achievement_slug text not null
            constraint fk_user_achievements_achievement_slug_achievements
            references public.achievements (slug) on delete cascade,
          earned_at timestamptz not null,
          workout_id uuid,
          set_id uuid,
          awarded_at timestamptz not null default now(),
          constraint pk_user_achievements primary key (user_id, achievement_slug),
          constraint fk_user_achievements_user_id_workouts foreign key (user_id, workout_id)
            references public.workouts (user_id, id) on delete cascade,
          constraint fk_user_achievements_user_id_workout_sets foreign key (user_id, set_id)
            references public.workout_sets (user_id, id) on delete cascade
        )
        """
    )
    op.execute(
        "create index ix_user_achievements_workout on public.user_achievements "
        "(user_id, workout_id) where workout_id is not null"
    )
    op.execute(
        "create index ix_user_achievements_set on public.user_achievements "
        "(user_id, set_id) where set_id is not null"
    )


def _award_functions() -> None:
    # ``people``: the people evaluated, each with their (checked) time zone.
    sets = f"""
      select p.user_id, p.tz, s.id as set_id, wo.id as workout_id, we.exercise_id, wo.started_at,
             coalesce(s.weight_g, 0) as weight_g, s.reps, {MOMENT} as m,
             we.position as exercise_position, s.position as set_position
      from people p
      join public.workouts wo on wo.user_id = p.user_id
      join public.workout_exercises we on we.user_id = wo.user_id and we.workout_id = wo.id
      join public.workout_sets s on s.user_id = we.user_id and s.workout_exercise_id = we.id
      where {WORKING}"""
    # A session: a workout with at least one lifted set.
    sessions = """
      select wo.user_id, wo.id, wo.started_at, p.tz from people p
      join public.workouts wo on wo.user_id = p.user_id
      where exists (
        select 1 from public.workout_exercises we
        join public.workout_sets s on s.user_id = we.user_id and s.workout_exercise_id = we.id
        where we.user_id = wo.user_id and we.workout_id = wo.id and not s.planned)"""
    award = """
      with people as (select * from unnest(v_users, v_zones) as p (user_id, tz))
      insert into public.user_achievements as ua
        (user_id, achievement_slug, earned_at, workout_id, set_id)
      select x.user_id, x.slug, x.earned_at, x.workout_id, x.set_id from ({q}) x
      on conflict (user_id, achievement_slug) do nothing;"""
    order = "m, exercise_position, set_position, set_id"
    # Each kind: per person, the first set or workout (in time) that crossed each threshold.
    queries = {
        "sessions": f"""
          with w as (
            select wo.*, row_number() over (
              partition by wo.user_id order by wo.started_at, wo.id) as n
            from ({sessions}) wo
          )
          select w.user_id, a.slug, w.started_at as earned_at, w.id as workout_id,
                 null::uuid as set_id
          from public.achievements a join w on w.n = a.threshold
          where a.kind = 'sessions'""",
        "tonnage_total": f"""
          with t as (
            select *, sum(weight_g::numeric * reps) over (
              partition by user_id order by {order}) / 1000 as total
            from ({sets}) q where reps is not null and weight_g > 0
          )
          select distinct on (t.user_id, a.slug) t.user_id, a.slug, t.m as earned_at,
                 t.workout_id, t.set_id
          from public.achievements a join t on t.total >= a.threshold
          where a.kind = 'tonnage_total'
          order by t.user_id, a.slug, t.m, t.exercise_position, t.set_position, t.set_id""",
        "tonnage_session": f"""
          with t as (
            select *, sum(weight_g::numeric * reps) over (
              partition by user_id, workout_id order by {order}) / 1000 as total
            from ({sets}) q where reps is not null and weight_g > 0
          )
          select distinct on (t.user_id, a.slug) t.user_id, a.slug, t.m as earned_at,
                 t.workout_id, t.set_id
          from public.achievements a join t on t.total >= a.threshold
          where a.kind = 'tonnage_session'
          order by t.user_id, a.slug, t.m, t.exercise_position, t.set_position, t.set_id""",
        "heaviest_load": f"""
          select distinct on (q.user_id, a.slug) q.user_id, a.slug, q.m as earned_at,
                 q.workout_id, q.set_id
          from public.achievements a
          join ({sets}) q on q.exercise_id = a.exercise_id and q.reps >= 1
            and q.weight_g >= a.threshold * 1000
          where a.kind = 'heaviest_load'
          order by q.user_id, a.slug, q.m, q.exercise_position, q.set_position, q.set_id""",
        # The load against the body weight of that day (the newest weighing on or before it,
        # on the person's calendar); no weighing before the set, no award.
        "bodyweight_ratio": f"""
          select distinct on (q.user_id, a.slug) q.user_id, a.slug, q.m as earned_at,
                 q.workout_id, q.set_id
          from public.achievements a
          join ({sets}) q on q.exercise_id = a.exercise_id and q.reps >= 1 and q.weight_g > 0
          join lateral (
            select b.weight_g from public.body_weight_entries b
            where b.user_id = q.user_id and b.day <= (q.m at time zone q.tz)::date
            order by b.day desc limit 1) bw
            on q.weight_g >= a.threshold * bw.weight_g
          where a.kind = 'bodyweight_ratio'
          order by q.user_id, a.slug, q.m, q.exercise_position, q.set_position, q.set_id""",
        "records": f"""
          with r as (
            select *, max(weight_g) over (
              partition by user_id, exercise_id order by {order}
              rows between unbounded preceding and 1 preceding) as before
            from ({sets}) q where reps >= 1 and weight_g > 0
          ), broken as (
            select *, row_number() over (partition by user_id order by {order}) as n
            from r where weight_g > before
          )
          select b.user_id, a.slug, b.m as earned_at, b.workout_id, b.set_id
          from public.achievements a join broken b on b.n = a.threshold
          where a.kind = 'records'""",
        "week_streak": f"""
          with w as (
            select user_id, date_trunc('week', started_at at time zone tz)::date as week,
                   min(started_at) as first_at,
                   (array_agg(id order by started_at, id))[1] as workout_id
            from ({sessions}) wo group by 1, 2
          ), g as (
            select *, week - (row_number() over (
              partition by user_id order by week) * 7)::integer as run from w
          ), n as (
            select *, row_number() over (partition by user_id, run order by week) as length
            from g
          )
          select distinct on (n.user_id, a.slug) n.user_id, a.slug, n.first_at as earned_at,
                 n.workout_id, null::uuid as set_id
          from public.achievements a join n on n.length >= a.threshold
          where a.kind = 'week_streak' order by n.user_id, a.slug, n.week""",
        "day_streak": f"""
          with d as (
            select user_id, (started_at at time zone tz)::date as day,
                   min(started_at) as first_at,
                   (array_agg(id order by started_at, id))[1] as workout_id
            from ({sessions}) wo group by 1, 2
          ), g as (
            select *, day - (row_number() over (
              partition by user_id order by day))::integer as run from d
          ), n as (
            select *, row_number() over (partition by user_id, run order by day) as length
            from g
          )
          select distinct on (n.user_id, a.slug) n.user_id, a.slug, n.first_at as earned_at,
                 n.workout_id, null::uuid as set_id
          from public.achievements a join n on n.length >= a.threshold
          where a.kind = 'day_streak' order by n.user_id, a.slug, n.day""",
        "month_sessions": f"""
          with w as (
            select wo.user_id, wo.id as workout_id, wo.started_at,
                   row_number() over (
                     partition by wo.user_id, date_trunc('month', wo.started_at at time zone wo.tz)
                     order by wo.started_at, wo.id) as n
            from ({sessions}) wo
          )
          select distinct on (w.user_id, a.slug) w.user_id, a.slug, w.started_at as earned_at,
                 w.workout_id, null::uuid as set_id
          from public.achievements a join w on w.n = a.threshold
          where a.kind = 'month_sessions' order by w.user_id, a.slug, w.started_at""",
        "consistent_weeks": f"""
          with w as (
            select wo.user_id, wo.id as workout_id, wo.started_at,
                   date_trunc('week', wo.started_at at time zone wo.tz) as week,
                   row_number() over (
                     partition by wo.user_id, date_trunc('week', wo.started_at at time zone wo.tz)
                     order by wo.started_at, wo.id) as n
            from ({sessions}) wo
          ), full_weeks as (
            select *, row_number() over (partition by user_id order by week) as k
            from w where n = 3
          )
          select f.user_id, a.slug, f.started_at as earned_at, f.workout_id, null::uuid as set_id
          from public.achievements a join full_weeks f on f.k = a.threshold
          where a.kind = 'consistent_weeks'""",
        "challenge_wins": """
          with won as (
            select me.user_id, c.id, c.ends_at,
                   row_number() over (partition by me.user_id order by c.ends_at, c.id) as n
            from people p
            join public.challenge_participants me on me.user_id = p.user_id
            join public.challenges c on c.id = me.challenge_id and c.ends_at <= now()
            where me.status = 'joined' and me.value > 0
              and not exists (
                select 1 from public.challenge_participants o
                where o.challenge_id = me.challenge_id and o.status = 'joined'
                  and o.user_id <> me.user_id
                  and (o.value, me.reached_at, me.user_id) > (me.value, o.reached_at, o.user_id))
              and exists (
                select 1 from public.challenge_participants o
                where o.challenge_id = me.challenge_id and o.status = 'joined'
                  and o.user_id <> me.user_id)
          )
          select won.user_id, a.slug, won.ends_at as earned_at, null::uuid as workout_id,
                 null::uuid as set_id
          from public.achievements a join won on won.n = a.threshold
          where a.kind = 'challenge_wins'""",
    }
    body = "\n".join(award.format(q=q) for q in queries.values())
    # Set-based: one call evaluates everyone a statement touched (an import, a demo load).
    op.execute(
        f"""
        create function public.award_achievements(p_user_ids uuid[]) returns void
        language plpgsql volatile security definer set search_path = pg_catalog as $$
        declare
          v_users uuid[] := '{{}}';
          v_zones text[] := '{{}}';
          v_zone text;
          r record;
        begin
          for r in select u.id, u.time_zone from public.users u where u.id = any(p_user_ids)
          loop
            v_zone := r.time_zone;
            begin
              perform now() at time zone v_zone;
            exception when others then
              v_zone := 'UTC';
            end;
            v_users := v_users || r.id;
            v_zones := v_zones || v_zone;
          end loop;
          if cardinality(v_users) = 0 then
            return;
          end if;
          {body}
        end
        $$
        """
    )
    op.execute("revoke all on function public.award_achievements(uuid[]) from public")
    # ``ironbase achievements rebuild`` runs as service_role.
    op.execute("grant execute on function public.award_achievements(uuid[]) to service_role")
    # Sets: the plate milestones they reach, at once (work per new set, not per history).
    op.execute(
        f"""
        create function public.achievements_sets_inserted() returns trigger
        language plpgsql security definer set search_path = pg_catalog as $$
        begin
          insert into public.user_achievements
            (user_id, achievement_slug, earned_at, workout_id, set_id)
          select distinct on (s.user_id, a.slug) s.user_id, a.slug, {MOMENT}, wo.id, s.id
          from new_rows s
          join public.workout_exercises we on we.user_id = s.user_id and we.id = s.workout_exercise_id
          join public.workouts wo on wo.user_id = we.user_id and wo.id = we.workout_id
          join public.achievements a on a.kind = 'heaviest_load' and a.exercise_id = we.exercise_id
            and s.weight_g >= a.threshold * 1000
          where {WORKING} and s.reps >= 1
            and exists (select 1 from auth.users u where u.id = s.user_id)
          order by s.user_id, a.slug, {MOMENT}, we.position, s.position, s.id
          on conflict (user_id, achievement_slug) do nothing;
          -- sets added to a finished or imported workout: the history is evaluated once
          perform public.award_achievements(array(
            select distinct s.user_id from new_rows s
            join public.workout_exercises we on we.user_id = s.user_id and we.id = s.workout_exercise_id
            join public.workouts wo on wo.user_id = we.user_id and wo.id = we.workout_id
            where not s.planned and (wo.ended_at is not null or wo.import_batch_id is not null)));
          return null;
        end
        $$
        """
    )
    op.execute("revoke all on function public.achievements_sets_inserted() from public")
    op.execute(
        "create trigger workout_sets_achievements_insert after insert on public.workout_sets "
        "referencing new table as new_rows for each statement "
        "execute function public.achievements_sets_inserted()"
    )
    # Workouts: evaluated once when finished (ended_at set), or inserted finished (imports).
    op.execute(
        """
        create function public.achievements_workouts_finished() returns trigger
        language plpgsql security definer set search_path = pg_catalog as $$
        begin
          if tg_op = 'INSERT' then
            perform public.award_achievements(array(
              select distinct n.user_id from new_rows n where n.ended_at is not null));
          else
            perform public.award_achievements(array(
              select distinct n.user_id from new_rows n join old_rows o on o.id = n.id
              where n.ended_at is not null and o.ended_at is null));
          end if;
          return null;
        end
        $$
        """
    )
    op.execute("revoke all on function public.achievements_workouts_finished() from public")
    op.execute(
        "create trigger workouts_achievements_insert after insert on public.workouts "
        "referencing new table as new_rows for each statement "
        "execute function public.achievements_workouts_finished()"
    )
    op.execute(
        "create trigger workouts_achievements_update after update on public.workouts "
        "referencing old table as old_rows new table as new_rows for each statement "
        "execute function public.achievements_workouts_finished()"
    )


def _achievement_security() -> None:
    enable_rls("public.achievements")
    op.execute("grant select on public.achievements to anon, authenticated")
    reference_read_policy("public.achievements")
    enable_rls("public.user_achievements")
    op.execute("grant select on public.user_achievements to authenticated")
    owner_policies("public.user_achievements", actions=("select",))
    op.execute("grant select on public.user_achievements to app_admin")
    admin_checked_policy("public.user_achievements", "select")
    for table in ("achievements", "user_achievements"):
        op.execute(
            f"create policy {table}_definer on public.{table} for all to ironbase_owner "
            "using (true) with check (true)"
        )


def upgrade() -> None:
    _e1rm_function()
    _challenge_tables()
    _standing_functions()
    _participant_trigger()
    _set_triggers()
    _challenge_security()
    _achievement_tables()
    _award_functions()
    _achievement_security()


def downgrade() -> None:
    op.execute("drop trigger workouts_achievements_update on public.workouts")
    op.execute("drop trigger workouts_achievements_insert on public.workouts")
    op.execute("drop trigger workout_sets_achievements_insert on public.workout_sets")
    op.execute("drop function public.achievements_workouts_finished()")
    op.execute("drop function public.achievements_sets_inserted()")
    op.execute("drop function public.award_achievements(uuid[])")
    op.execute("drop table public.user_achievements")
    op.execute("drop table public.achievements")
    op.execute("drop policy users_select_definer_challenges on public.users")
    for table in ("workout_exercises", "workout_sets", "body_weight_entries"):
        op.execute(f"drop policy {table}_select_definer on public.{table}")
    op.execute("drop trigger users_challenges_profile on public.users")
    op.execute("drop function public.challenge_profile_changed()")
    for table in ("workouts", "workout_exercises"):
        op.execute(f"drop trigger {table}_challenges_update on public.{table}")
    op.execute("drop function public.challenge_parents_changed()")
    for event in ("insert", "update", "delete"):
        op.execute(f"drop trigger workout_sets_challenges_{event} on public.workout_sets")
    op.execute("drop function public.challenge_sets_changed()")
    op.execute("drop table public.challenge_participants")
    op.execute("drop function public.challenge_participant_fill()")
    op.execute("drop function public.challenge_recompute(uuid[])")
    op.execute("drop function public.challenge_standing(uuid, uuid, text, timestamptz)")
    op.execute("drop table public.challenges")
    op.execute("drop function public.my_challenge_ids()")
    op.execute("drop function public.e1rm_g(integer, integer, numeric, integer)")
