"""Battles: an ambassador's competitions, their invitations, participants and scores.

Revision ID: 0021_battles
Revises: 0020_ambassadors
Create Date: 2026-12-01

- ``battles``: an approved ambassador's contest (``user_id`` points at
  ``ambassador_profiles (user_id)``) on one metric of the training log (``volume``,
  ``sessions``, ``sets``, best ``e1rm`` of an exercise) over ``[starts_at, ends_at)`` (at
  most 90 days), ``individual`` or ``team`` (2 to 8 named teams). Editable (title,
  description, window, size) only before it starts; deleting cancels it. The worker records
  the winner once after the end (``settled_at``, ``winner_user_id`` or ``winner_team``,
  ``winning_value``).
- ``battle_invitations``: the invitee's row (``user_id``), written by the battle's
  ambassador (``invited_by``), ``pending`` until the invitee accepts or declines; a pending
  invitation of a battle that ended reads as ``expired`` (the settling job also stores it).
  Accepting inserts the participant (definer trigger; the battle's row is locked, so the
  size bound holds under concurrent accepts).
- ``battle_participants``: the participant's row with the standing (``value``, a bigint as
  in ``challenge_participants``: gram-reps, milligrams or a count; ``reached_at``, the
  tie-break) and a copy of their ``display_name``. Written only by definer triggers: filled
  at accept, recomputed from the person's sets in the window whenever their log changes,
  frozen once the battle is settled.

A set counts as in challenges (migration 0016): lifted, a working set, its moment in the
window, its workout started at most 168 hours before the window; ``public.e1rm_g`` is the
e1RM.
"""

from collections.abc import Sequence

from alembic import op

from ironbase.migrations.helpers import (
    admin_checked_policy,
    enable_rls,
    owner_policies,
    updated_at_trigger,
)

revision: str = "0021_battles"
down_revision: str | None = "0020_ambassadors"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

METRICS = "('volume', 'sessions', 'sets', 'e1rm')"
MODES = "('individual', 'team')"
INVITATION_STATUSES = "('pending', 'accepted', 'declined', 'expired')"
ME = "(select auth.uid())"
#: Columns the ambassador edits before the start; metric, exercise, mode and teams are fixed.
EDITABLE = "title, description, starts_at, ends_at, max_participants"

# A counted set of a person, as in 0016: ``s`` the set, ``wo`` its workout, ``b`` the battle.
WORKING = "not s.planned and s.set_type <> 'warmup' and (s.reps is null or s.reps >= 1)"
MOMENT = "coalesce(s.completed_at, wo.started_at)"
IN_WINDOW = (
    f"{MOMENT} >= b.starts_at and {MOMENT} < b.ends_at "
    "and wo.started_at >= b.starts_at - interval '168 hours' and wo.started_at < b.ends_at"
)


def _tables() -> None:
    op.execute(
        f"""
        create table public.battles (
          user_id uuid not null constraint fk_battles_user_id_ambassador_profiles
            references public.ambassador_profiles (user_id) on delete cascade,
          id uuid not null default gen_random_uuid(),
          title text not null,
          description text,
          metric text not null,
          exercise_id uuid constraint fk_battles_exercise_id_exercises
            references public.exercises (id),
          starts_at timestamptz not null,
          ends_at timestamptz not null,
          mode text not null default 'individual',
          teams text[],
          max_participants integer not null default 50,
          winner_user_id uuid constraint fk_battles_winner_user_id_users
            references auth.users (id) on delete set null,
          winner_team text,
          winning_value bigint,
          settled_at timestamptz,
          created_at timestamptz not null default now(),
          updated_at timestamptz not null default now(),
          constraint pk_battles primary key (user_id, id),
          constraint uq_battles_id unique (id),
          constraint ck_battles_title check (char_length(title) between 1 and 120),
          constraint ck_battles_description check (char_length(description) between 1 and 2000),
          constraint ck_battles_metric check (metric in {METRICS}),
          constraint ck_battles_exercise check (
            (metric <> 'e1rm' or exercise_id is not null)
            and (metric <> 'sessions' or exercise_id is null)),
          constraint ck_battles_window
            check (ends_at > starts_at and ends_at - starts_at <= interval '90 days'),
          constraint ck_battles_mode check (mode in {MODES}),
          constraint ck_battles_teams check ((teams is not null) = (mode = 'team')
            and (teams is null or (cardinality(teams) between 2 and 8
                 and array_position(teams, null) is null
                 and char_length(array_to_string(teams, '')) <= 320))),
          constraint ck_battles_max_participants check (max_participants between 2 and 500),
          constraint ck_battles_winner check (settled_at is not null
            or (winner_user_id is null and winner_team is null and winning_value is null)),
          constraint ck_battles_winner_team check (winner_team is null or mode = 'team')
        )
        """
    )
    # The caller's list (created by them: the primary key's prefix; invited: by id).
    op.execute("create index ix_battles_starts_at on public.battles (starts_at desc, id desc)")
    op.execute(
        "create index ix_battles_exercise_id on public.battles (exercise_id) "
        "where exercise_id is not null"
    )
    op.execute(
        "create index ix_battles_winner_user_id on public.battles (winner_user_id) "
        "where winner_user_id is not null"
    )
    # The settling job: ended battles not settled yet.
    op.execute(
        "create index ix_battles_unsettled on public.battles (ends_at) where settled_at is null"
    )
    op.execute(
        f"""
        create table public.battle_invitations (
          user_id uuid not null constraint fk_battle_invitations_user_id_users
            references auth.users (id) on delete cascade,
          id uuid not null default gen_random_uuid(),
          battle_id uuid not null constraint fk_battle_invitations_battle_id_battles
            references public.battles (id) on delete cascade,
          team text,
          status text not null default 'pending',
          invited_by uuid constraint fk_battle_invitations_invited_by_users
            references auth.users (id) on delete set null,
          responded_at timestamptz,
          created_at timestamptz not null default now(),
          constraint pk_battle_invitations primary key (user_id, id),
          constraint uq_battle_invitations_battle_user unique (battle_id, user_id),
          constraint ck_battle_invitations_status check (status in {INVITATION_STATUSES}),
          constraint ck_battle_invitations_responded
            check ((responded_at is null) = (status = 'pending'))
        )
        """
    )
    op.execute(
        "create index ix_battle_invitations_created_at on public.battle_invitations "
        "(user_id, created_at desc, id desc)"
    )
    op.execute(
        "create index ix_battle_invitations_invited_by on public.battle_invitations "
        "(invited_by) where invited_by is not null"
    )
    op.execute(
        """
        create table public.battle_participants (
          user_id uuid not null constraint fk_battle_participants_user_id_users
            references auth.users (id) on delete cascade,
          battle_id uuid not null constraint fk_battle_participants_battle_id_battles
            references public.battles (id) on delete cascade,
          team text,
          value bigint not null default 0,
          reached_at timestamptz not null default now(),
          display_name text,
          joined_at timestamptz not null default now(),
          created_at timestamptz not null default now(),
          constraint pk_battle_participants primary key (user_id, battle_id),
          constraint ck_battle_participants_value check (value >= 0)
        )
        """
    )
    # The leaderboard: one index range per battle; team totals group a battle's rows.
    op.execute(
        "create index ix_battle_participants_leaderboard on public.battle_participants "
        "(battle_id, value desc, reached_at, user_id)"
    )
    op.execute(
        "create index ix_battle_participants_team on public.battle_participants "
        "(battle_id, team) where team is not null"
    )


def _standing_functions() -> None:
    counted = f"""
        from public.workouts wo
        join public.workout_exercises we on we.user_id = wo.user_id and we.workout_id = wo.id
        join public.workout_sets s on s.user_id = we.user_id and s.workout_exercise_id = we.id
        where wo.user_id = p_user_id and {WORKING} and {IN_WINDOW}
          and (b.exercise_id is null or we.exercise_id = b.exercise_id)"""
    # One person's standing in one battle, from their sets in its window (as 0016's
    # challenge_standing, on the battle's metric, exercise and window).
    op.execute(
        f"""
        create function public.battle_standing(
          p_battle_id uuid, p_user_id uuid, p_floor timestamptz,
          out value bigint, out reached_at timestamptz)
        language plpgsql stable security definer set search_path = pg_catalog as $$
        declare
          b public.battles;
        begin
          select * into b from public.battles where id = p_battle_id;
          if b.metric = 'volume' then
            select coalesce(sum(s.weight_g::bigint * s.reps), 0),
                   max({MOMENT}) filter (where s.weight_g > 0 and s.reps > 0)
              into value, reached_at {counted};
          elsif b.metric = 'sets' then
            select count(*), max({MOMENT}) into value, reached_at {counted};
          elsif b.metric = 'e1rm' then
            select coalesce(max(x.e), 0), min(x.m) filter (where x.top)
              into value, reached_at
            from (select (public.e1rm_g(s.weight_g, s.reps, s.rpe, s.rir) * 1000)::bigint as e,
                         {MOMENT} as m,
                         public.e1rm_g(s.weight_g, s.reps, s.rpe, s.rir)
                           = max(public.e1rm_g(s.weight_g, s.reps, s.rpe, s.rir)) over () as top
                  {counted}) x;
          else
            select count(*), max(x.first_m) into value, reached_at
            from (select min({MOMENT}) as first_m {counted} group by wo.id) x;
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
    op.execute("revoke all on function public.battle_standing(uuid, uuid, timestamptz) from public")
    # These people's standings in every battle not settled yet, recomputed.
    op.execute(
        """
        create function public.battle_recompute(p_user_ids uuid[]) returns void
        language sql volatile security definer set search_path = pg_catalog as $$
          update public.battle_participants p
          set (value, reached_at) = (
            select s.value, s.reached_at
            from public.battle_standing(p.battle_id, p.user_id, p.joined_at) s)
          from public.battles b
          where p.user_id = any(p_user_ids) and b.id = p.battle_id and b.settled_at is null
        $$
        """
    )
    op.execute("revoke all on function public.battle_recompute(uuid[]) from public")


def _participant_triggers() -> None:
    """A participant row is filled by the definer: the copy of the name and the standing."""
    op.execute(
        """
        create function public.battle_participant_fill() returns trigger
        language plpgsql security definer set search_path = pg_catalog as $$
        begin
          select u.display_name into new.display_name from public.users u where u.id = new.user_id;
          new.joined_at := now();
          new.created_at := now();
          select s.value, s.reached_at into new.value, new.reached_at
          from public.battle_standing(new.battle_id, new.user_id, new.joined_at) s;
          return new;
        end
        $$
        """
    )
    op.execute("revoke all on function public.battle_participant_fill() from public")
    op.execute(
        "create trigger battle_participants_fill before insert on public.battle_participants "
        "for each row execute function public.battle_participant_fill()"
    )
    # A window moved before the start: the standings follow it.
    op.execute(
        """
        create function public.battle_window_changed() returns trigger
        language plpgsql security definer set search_path = pg_catalog as $$
        begin
          update public.battle_participants p
          set (value, reached_at) = (
            select s.value, s.reached_at
            from public.battle_standing(p.battle_id, p.user_id, p.joined_at) s)
          where p.battle_id = new.id;
          return null;
        end
        $$
        """
    )
    op.execute("revoke all on function public.battle_window_changed() from public")
    op.execute(
        "create trigger battles_window_changed after update of starts_at, ends_at "
        "on public.battles for each row "
        "when (old.starts_at is distinct from new.starts_at "
        "or old.ends_at is distinct from new.ends_at) "
        "execute function public.battle_window_changed()"
    )
    # The copies follow the profile.
    op.execute(
        """
        create function public.battle_profile_changed() returns trigger
        language plpgsql security definer set search_path = pg_catalog as $$
        begin
          update public.battle_participants set display_name = new.display_name
          where user_id = new.id;
          return null;
        end
        $$
        """
    )
    op.execute("revoke all on function public.battle_profile_changed() from public")
    op.execute(
        "create trigger users_battles_profile after update of display_name on public.users "
        "for each row when (old.display_name is distinct from new.display_name) "
        "execute function public.battle_profile_changed()"
    )


def _invitation_triggers() -> None:
    # The team must be one of the battle's (team mode) or none; nothing after the end.
    op.execute(
        """
        create function public.battle_invitation_check() returns trigger
        language plpgsql security definer set search_path = pg_catalog as $$
        declare
          b public.battles;
        begin
          select * into b from public.battles where id = new.battle_id;
          if b.ends_at <= now() or b.settled_at is not null then
            raise exception 'the battle is over' using errcode = '23514';
          end if;
          if (b.mode = 'team') <> (new.team is not null)
             or (new.team is not null and not (new.team = any(b.teams))) then
            raise exception 'the team must be one of the battle''s teams, in team mode only'
              using errcode = '23514';
          end if;
          return new;
        end
        $$
        """
    )
    op.execute("revoke all on function public.battle_invitation_check() from public")
    op.execute(
        "create trigger battle_invitations_check before insert on public.battle_invitations "
        "for each row execute function public.battle_invitation_check()"
    )
    # Answering: once, while the battle runs; accepting joins (within the size bound, the
    # battle's row locked so that concurrent accepts count each other).
    op.execute(
        """
        create function public.battle_invitation_respond() returns trigger
        language plpgsql security definer set search_path = pg_catalog as $$
        declare
          b public.battles;
        begin
          if new.status is not distinct from old.status then
            return new;
          end if;
          if old.status <> 'pending' then
            raise exception 'the invitation was answered already' using errcode = '23514';
          end if;
          new.responded_at := now();
          if new.status = 'expired' then
            return new;
          end if;
          select * into b from public.battles where id = new.battle_id for update;
          if b.ends_at <= now() or b.settled_at is not null then
            raise exception 'the invitation expired' using errcode = '23514';
          end if;
          if new.status = 'accepted' then
            if (select count(*) from public.battle_participants p where p.battle_id = b.id)
               >= b.max_participants then
              raise exception 'the battle is full' using errcode = '23514';
            end if;
            insert into public.battle_participants (user_id, battle_id, team)
            values (new.user_id, new.battle_id, new.team);
          end if;
          return new;
        end
        $$
        """
    )
    op.execute("revoke all on function public.battle_invitation_respond() from public")
    op.execute(
        "create trigger battle_invitations_respond before update of status "
        "on public.battle_invitations for each row "
        "execute function public.battle_invitation_respond()"
    )


def _log_triggers() -> None:
    """The training log moves the standings of the person's battles not settled yet.

    Recomputed per statement for the people it touched, and only for those taking part in a
    battle still open: each standing reads that person's sets of one window (at most 90 days).
    """
    open_battles = (
        "exists (select 1 from public.battle_participants p join public.battles b "
        "on b.id = p.battle_id where p.user_id = {who} and b.settled_at is null)"
    )
    op.execute(
        f"""
        create function public.battle_sets_changed() returns trigger
        language plpgsql security definer set search_path = pg_catalog as $$
        begin
          if tg_op = 'INSERT' then
            perform public.battle_recompute(array(
              select distinct n.user_id from new_rows n
              where {open_battles.format(who="n.user_id")}));
          elsif tg_op = 'UPDATE' then
            perform public.battle_recompute(array(
              select distinct x.user_id
              from (select n.user_id from new_rows n join old_rows o on o.id = n.id
                    where (n.weight_g, n.reps, n.rpe, n.rir, n.set_type, n.planned,
                           n.completed_at, n.workout_exercise_id, n.user_id)
                      is distinct from (o.weight_g, o.reps, o.rpe, o.rir, o.set_type, o.planned,
                                        o.completed_at, o.workout_exercise_id, o.user_id)
                    union select o.user_id from new_rows n join old_rows o on o.id = n.id
                    where n.user_id <> o.user_id) x
              where {open_battles.format(who="x.user_id")}));
          else
            perform public.battle_recompute(array(
              select distinct o.user_id from old_rows o
              where {open_battles.format(who="o.user_id")}));
          end if;
          return null;
        end
        $$
        """
    )
    op.execute("revoke all on function public.battle_sets_changed() from public")
    for event, side in (
        ("insert", "new"),
        ("update", "old table as old_rows new"),
        ("delete", "old"),
    ):
        op.execute(
            f"create trigger workout_sets_battles_{event} after {event} on public.workout_sets "
            f"referencing {side} table as {side.split()[-1]}_rows for each statement "
            "execute function public.battle_sets_changed()"
        )
    op.execute(
        f"""
        create function public.battle_parents_changed() returns trigger
        language plpgsql security definer set search_path = pg_catalog as $$
        begin
          if tg_table_name = 'workouts' then
            perform public.battle_recompute(array(
              select distinct n.user_id from new_rows n join old_rows o on o.id = n.id
              where n.started_at is distinct from o.started_at
                and {open_battles.format(who="n.user_id")}));
          else
            perform public.battle_recompute(array(
              select distinct n.user_id from new_rows n join old_rows o on o.id = n.id
              where (n.exercise_id, n.workout_id) is distinct from (o.exercise_id, o.workout_id)
                and {open_battles.format(who="n.user_id")}));
          end if;
          return null;
        end
        $$
        """
    )
    op.execute("revoke all on function public.battle_parents_changed() from public")
    for table in ("workouts", "workout_exercises"):
        op.execute(
            f"create trigger {table}_battles_update after update on public.{table} "
            "referencing old table as old_rows new table as new_rows for each statement "
            "execute function public.battle_parents_changed()"
        )


def _security() -> None:
    for table in ("battles", "battle_invitations", "battle_participants"):
        enable_rls(f"public.{table}")
    # The battles the caller was invited to (and so, accepted, takes part in), read by the
    # definer: a policy on battles cannot query battle_invitations, whose policies query
    # battles.
    op.execute(
        f"""
        create function public.my_battle_ids() returns setof uuid
        language sql stable security definer set search_path = pg_catalog as $$
          select battle_id from public.battle_invitations where user_id = {ME}
        $$
        """
    )
    op.execute("revoke all on function public.my_battle_ids() from public")
    op.execute("grant execute on function public.my_battle_ids() to authenticated")

    t = "public.battles"
    op.execute(f"grant select, insert, delete on {t} to authenticated")
    op.execute(f"grant update ({EDITABLE}) on {t} to authenticated")
    owner_policies(t, actions=("select", "delete"))
    op.execute(
        f"create policy battles_select_invited on {t} for select to authenticated "
        "using (id in (select public.my_battle_ids()))"
    )
    # Only an approved ambassador creates one, on an exercise they see, not settled.
    op.execute(
        f"create policy battles_insert_own on {t} for insert to authenticated with check ("
        f"user_id = {ME} "
        "and exists (select 1 from public.ambassador_profiles a "
        f"where a.user_id = {ME} and a.status = 'approved') "
        "and (exercise_id is null or exists (select 1 from public.exercises e "
        f"where e.id = battles.exercise_id and (e.user_id is null or e.user_id = {ME}))) "
        "and settled_at is null)"
    )
    # Edited before the start only, and not moved into the past.
    op.execute(
        f"create policy battles_update_own on {t} for update to authenticated "
        f"using (user_id = {ME} and starts_at > now()) "
        f"with check (user_id = {ME} and starts_at > now())"
    )
    op.execute(f"grant select on {t} to app_admin")
    admin_checked_policy(t, "select")

    t = "public.battle_invitations"
    op.execute(f"grant select on {t} to authenticated")
    op.execute(f"grant insert (user_id, battle_id, team, invited_by) on {t} to authenticated")
    op.execute(f"grant update (status) on {t} to authenticated")
    owner_policies(t, actions=("select",))
    op.execute(
        f"create policy battle_invitations_select_ambassador on {t} for select "
        "to authenticated using (exists (select 1 from public.battles b "
        f"where b.id = battle_invitations.battle_id and b.user_id = {ME}))"
    )
    # The battle's ambassador invites others, in their own name.
    op.execute(
        f"create policy battle_invitations_insert_ambassador on {t} for insert "
        f"to authenticated with check (invited_by = {ME} and user_id <> {ME} "
        "and exists (select 1 from public.battles b "
        f"where b.id = battle_invitations.battle_id and b.user_id = {ME}))"
    )
    # The invitee answers a pending invitation.
    op.execute(
        f"create policy battle_invitations_update_own on {t} for update to authenticated "
        f"using (user_id = {ME} and status = 'pending') "
        f"with check (user_id = {ME} and status in ('accepted', 'declined'))"
    )
    op.execute(f"grant select on {t} to app_admin")
    admin_checked_policy(t, "select")

    t = "public.battle_participants"
    op.execute(f"grant select on {t} to authenticated")
    owner_policies(t, actions=("select",))
    # Who sees a battle (its ambassador, the invited) sees its standings.
    op.execute(
        f"create policy battle_participants_select_visible on {t} for select to authenticated "
        "using (exists (select 1 from public.battles b "
        "where b.id = battle_participants.battle_id))"
    )
    op.execute(f"grant select on {t} to app_admin")
    admin_checked_policy(t, "select")

    # The definer functions run as the owner, which FORCE RLS binds.
    for table in ("battles", "battle_invitations", "battle_participants"):
        op.execute(
            f"create policy {table}_definer on public.{table} for all to ironbase_owner "
            "using (true) with check (true)"
        )
    updated_at_trigger("public.battles")


def upgrade() -> None:
    _tables()
    _standing_functions()
    _participant_triggers()
    _invitation_triggers()
    _log_triggers()
    _security()


def downgrade() -> None:
    for table in ("workouts", "workout_exercises"):
        op.execute(f"drop trigger {table}_battles_update on public.{table}")
    op.execute("drop function public.battle_parents_changed()")
    for event in ("insert", "update", "delete"):
        op.execute(f"drop trigger workout_sets_battles_{event} on public.workout_sets")
    op.execute("drop function public.battle_sets_changed()")
    op.execute("drop trigger users_battles_profile on public.users")
    op.execute("drop function public.battle_profile_changed()")
    op.execute("drop table public.battle_participants")
    op.execute("drop table public.battle_invitations")
    op.execute("drop table public.battles")
    op.execute("drop function public.my_battle_ids()")
    op.execute("drop function public.battle_invitation_respond()")
    op.execute("drop function public.battle_invitation_check()")
    op.execute("drop function public.battle_window_changed()")
    op.execute("drop function public.battle_participant_fill()")
    op.execute("drop function public.battle_recompute(uuid[])")
    op.execute("drop function public.battle_standing(uuid, uuid, timestamptz)")
