"""Coaching: mentor profiles, coach-client links with scopes, coach access through RLS.

Revision ID: 0019_coaching
Revises: 0018_programs
Create Date: 2026-12-01

- ``mentor_profiles``: one public profile per coach (readable without a token).
- ``coach_client_links``: owned by the client (``user_id``), naming the coach
  (``coach_id``); ``scopes`` are the client's choice; ``status`` pending/active/ended.
  "Expired" is derived (``expires_at`` passed), never written by a job. One live
  (pending or active) link per pair. A trigger keeps the transitions honest whoever
  writes: only the side that did not ask accepts, a coach never changes scopes or expiry,
  an ended link never changes again.
- ``coach_client_link_events``: the link's history (created, accepted, scopes changed,
  ended, with the side that did it), written by a trigger only.
- ``coach_notes``: a coach's notes on a client's workout; the coach's rows (``user_id``),
  naming the client (``client_id``); gone with the workout.
- Coach access: policies on the client's ``workouts``, ``workout_exercises``,
  ``workout_sets`` (training:read), ``readiness_checkins`` (readiness:read), programs and
  their rows (programs:write: read, and insert drafts ``created_by = 'coach'`` of catalog
  exercises), ``coach_logs`` (insert ``assign``/``note`` entries signed by the coach).
  Nothing on the cycle tables: a coach never reads them.
"""

from collections.abc import Sequence

from alembic import op

from ironbase.migrations.helpers import (
    COACH_SCOPES,
    OWN,
    admin_checked_policy,
    coach_insert_policy,
    coach_read_policy,
    coach_scope_predicate,
    enable_rls,
    owner_policies,
    updated_at_trigger,
)

revision: str = "0019_coaching"
down_revision: str | None = "0018_programs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UID = "(select auth.uid())"
TABLES = ("mentor_profiles", "coach_client_links", "coach_client_link_events", "coach_notes")
SCOPES = "array[" + ", ".join(f"'{s}'" for s in COACH_SCOPES) + "]::text[]"
OLD_KINDS = "('generate', 'propose', 'adapt', 'start')"
KINDS = "('generate', 'propose', 'adapt', 'start', 'assign', 'note')"
# BCP-47-ish short codes: "en", "pt-BR", "zh-Hant".
LANGUAGES_RE = "^([a-z]{2,3}(-[A-Za-z0-9]{2,4})?(,|$))*$"


def _mentor_profiles() -> None:
    t = "mentor_profiles"
    op.execute(f"""
        create table public.{t} (
          user_id uuid not null constraint fk_{t}_user_id_users
            references auth.users (id) on delete cascade,
          bio text not null default '',
          specialties text[] not null default '{{}}',
          languages text[] not null default '{{}}',
          price_text text,
          accepting_clients boolean not null default true,
          created_at timestamptz not null default now(),
          updated_at timestamptz not null default now(),
          constraint pk_{t} primary key (user_id),
          constraint ck_{t}_bio check (char_length(bio) <= 2000),
          constraint ck_{t}_specialties check (cardinality(specialties) <= 10
            and char_length(array_to_string(specialties, '')) <= 600),
          constraint ck_{t}_languages check (cardinality(languages) <= 10
            and array_to_string(languages, ',') ~ '{LANGUAGES_RE}'),
          constraint ck_{t}_price_text check (char_length(price_text) between 1 and 200)
        )""")
    updated_at_trigger(f"public.{t}")


def _links() -> None:
    t = "coach_client_links"
    op.execute(f"""
        create table public.{t} (
          user_id uuid not null constraint fk_{t}_user_id_users
            references auth.users (id) on delete cascade,
          id uuid not null default gen_random_uuid(),
          coach_id uuid not null constraint fk_{t}_coach_id_users
            references auth.users (id) on delete cascade,
          scopes text[] not null default '{{}}',
          status text not null default 'pending',
          requested_by text not null,
          ended_by text,
          expires_at timestamptz,
          accepted_at timestamptz,
          ended_at timestamptz,
          created_at timestamptz not null default now(),
          updated_at timestamptz not null default now(),
          constraint pk_{t} primary key (user_id, id),
          constraint ck_{t}_not_self check (coach_id <> user_id),
          constraint ck_{t}_scopes check (scopes <@ {SCOPES} and cardinality(scopes) <= 4),
          constraint ck_{t}_status check (status in ('pending', 'active', 'ended')),
          constraint ck_{t}_requested_by check (requested_by in ('client', 'coach')),
          constraint ck_{t}_ended_by check (ended_by in ('client', 'coach')),
          constraint ck_{t}_ended check (
            (status = 'ended') = (ended_at is not null) and (ended_at is null) = (ended_by is null))
        )""")
    op.execute(
        f"create unique index uq_{t}_live on public.{t} (user_id, coach_id) "
        "where status in ('pending', 'active')"
    )
    # The policies' lookup: a coach's active links.
    op.execute(f"create index ix_{t}_coach_active on public.{t} (coach_id) where status = 'active'")
    # Lists, newest first, for either side.
    op.execute(f"create index ix_{t}_coach on public.{t} (coach_id, created_at desc, id desc)")
    op.execute(f"create index ix_{t}_created_at on public.{t} (user_id, created_at desc, id desc)")
    op.execute(f"""
        create function public.{t}_guard() returns trigger
        language plpgsql set search_path = pg_catalog, public as $$
        declare
          me uuid := auth.uid();
        begin
          if new.user_id <> old.user_id or new.coach_id <> old.coach_id
             or new.requested_by <> old.requested_by or new.created_at <> old.created_at then
            raise exception 'a link keeps its people' using errcode = 'insufficient_privilege';
          end if;
          if old.status = 'ended' then
            raise exception 'an ended link is history' using errcode = 'insufficient_privilege';
          end if;
          if new.status <> old.status then
            if new.status = 'active' then
              if old.status <> 'pending' or (me is not null and not (
                   (old.requested_by = 'client' and me = old.coach_id)
                   or (old.requested_by = 'coach' and me = old.user_id))) then
                raise exception 'only the side that was asked accepts'
                  using errcode = 'insufficient_privilege';
              end if;
              new.accepted_at := now();
            elsif new.status = 'ended' then
              new.ended_at := now();
              new.ended_by := case when me = old.coach_id then 'coach' else 'client' end;
            else
              raise exception 'a link does not go back to pending'
                using errcode = 'insufficient_privilege';
            end if;
          end if;
          if me = old.coach_id and (new.scopes is distinct from old.scopes
                                    or new.expires_at is distinct from old.expires_at) then
            raise exception 'the client chooses scopes and expiry'
              using errcode = 'insufficient_privilege';
          end if;
          new.updated_at := now();
          return new;
        end
        $$""")
    op.execute(
        f"create trigger {t}_guard before update on public.{t} "
        f"for each row execute function public.{t}_guard()"
    )


def _events() -> None:
    t = "coach_client_link_events"
    op.execute(f"""
        create table public.{t} (
          user_id uuid not null constraint fk_{t}_user_id_users
            references auth.users (id) on delete cascade,
          id uuid not null default gen_random_uuid(),
          link_id uuid not null,
          coach_id uuid not null constraint fk_{t}_coach_id_users
            references auth.users (id) on delete cascade,
          kind text not null,
          actor text not null,
          scopes text[] not null,
          expires_at timestamptz,
          at timestamptz not null default clock_timestamp(),
          constraint pk_{t} primary key (user_id, id),
          constraint ck_{t}_kind check (kind in ('created', 'accepted', 'scopes_changed', 'ended')),
          constraint ck_{t}_actor check (actor in ('client', 'coach', 'system')),
          constraint fk_{t}_user_id_coach_client_links foreign key (user_id, link_id)
            references public.coach_client_links (user_id, id) on delete cascade
        )""")
    op.execute(f"create index ix_{t}_link on public.{t} (user_id, link_id, at)")
    op.execute(f"create index ix_{t}_coach_id on public.{t} (coach_id)")
    links = "coach_client_links"
    # Definer: the history is written here only, whichever side changed the link.
    op.execute(f"""
        create function public.{links}_history() returns trigger
        language plpgsql security definer set search_path = pg_catalog, public as $$
        declare
          me uuid := auth.uid();
          who text := case when me = new.user_id then 'client'
                           when me = new.coach_id then 'coach' else 'system' end;
          what text;
        begin
          if tg_op = 'INSERT' then
            what := 'created';
          elsif new.status <> old.status and new.status = 'active' then
            what := 'accepted';
          elsif new.status <> old.status and new.status = 'ended' then
            what := 'ended';
          elsif new.scopes is distinct from old.scopes
                or new.expires_at is distinct from old.expires_at then
            what := 'scopes_changed';
          else
            return null;
          end if;
          insert into public.{t} (user_id, link_id, coach_id, kind, actor, scopes, expires_at)
          values (new.user_id, new.id, new.coach_id, what, who, new.scopes, new.expires_at);
          return null;
        end
        $$""")
    op.execute(f"revoke all on function public.{links}_history() from public")
    op.execute(
        f"create trigger {links}_history after insert or update on public.{links} "
        f"for each row execute function public.{links}_history()"
    )


def _notes() -> None:
    t = "coach_notes"
    op.execute(f"""
        create table public.{t} (
          user_id uuid not null constraint fk_{t}_user_id_users
            references auth.users (id) on delete cascade,
          id uuid not null default gen_random_uuid(),
          client_id uuid not null constraint fk_{t}_client_id_users
            references auth.users (id) on delete cascade,
          workout_id uuid not null,
          body text not null,
          created_at timestamptz not null default now(),
          constraint pk_{t} primary key (user_id, id),
          constraint ck_{t}_body check (char_length(body) between 1 and 2000),
          constraint fk_{t}_client_id_workouts foreign key (client_id, workout_id)
            references public.workouts (user_id, id) on delete cascade
        )""")
    op.execute(f"create index ix_{t}_client on public.{t} (client_id, workout_id, created_at)")
    op.execute(f"create index ix_{t}_created_at on public.{t} (user_id, created_at desc, id desc)")


def _coach_log_list() -> None:
    # GET /v1/me/coach-logs: the client's log, newest first.
    op.execute(
        "create index ix_coach_logs_created_at on public.coach_logs "
        "(user_id, created_at desc, id desc)"
    )


def _coach_log_kinds(kinds: str) -> None:
    op.execute("alter table public.coach_logs drop constraint ck_coach_logs_kind")
    op.execute(
        f"alter table public.coach_logs add constraint ck_coach_logs_kind check (kind in {kinds})"
    )


def _security() -> None:
    for table in TABLES:
        enable_rls(f"public.{table}")
        admin_checked_policy(f"public.{table}", "select")
    t = "mentor_profiles"
    op.execute(f"grant select on public.{t} to anon, authenticated")
    op.execute(f"grant insert, update, delete on public.{t} to authenticated")
    op.execute(
        f"create policy {t}_select_public on public.{t} for select to anon, authenticated using (true)"
    )
    owner_policies(f"public.{t}", actions=("insert", "update", "delete"))

    t = "coach_client_links"
    op.execute(f"grant select, insert, update on public.{t} to authenticated")
    owner_policies(f"public.{t}", actions=("select",))
    op.execute(
        f"create policy {t}_insert_own on public.{t} for insert to authenticated "
        f"with check ({OWN} and requested_by = 'client' and status = 'pending')"
    )
    op.execute(
        f"create policy {t}_update_own on public.{t} for update to authenticated "
        f"using ({OWN}) with check ({OWN})"
    )
    op.execute(
        f"create policy {t}_select_coach on public.{t} for select to authenticated "
        f"using (coach_id = {UID})"
    )
    # A coach asks with no scopes: the client chooses them on accepting.
    op.execute(
        f"create policy {t}_insert_coach on public.{t} for insert to authenticated "
        f"with check (coach_id = {UID} and requested_by = 'coach' and status = 'pending' "
        "and scopes = '{}'::text[])"
    )
    op.execute(
        f"create policy {t}_update_coach on public.{t} for update to authenticated "
        f"using (coach_id = {UID}) with check (coach_id = {UID})"
    )

    t = "coach_client_link_events"
    op.execute(f"grant select on public.{t} to authenticated")
    owner_policies(f"public.{t}", actions=("select",))
    op.execute(
        f"create policy {t}_select_coach on public.{t} for select to authenticated "
        f"using (coach_id = {UID})"
    )
    op.execute(
        f"create policy {t}_definer on public.{t} for insert to ironbase_owner with check (true)"
    )

    t = "coach_notes"
    op.execute(f"grant select, insert, delete on public.{t} to authenticated")
    owner_policies(f"public.{t}", actions=("select", "delete"))
    op.execute(
        f"create policy {t}_insert_own on public.{t} for insert to authenticated "
        f"with check ({OWN} and {coach_scope_predicate('comments:write', 'client_id')})"
    )
    op.execute(
        f"create policy {t}_select_client on public.{t} for select to authenticated "
        f"using (client_id = {UID})"
    )

    for table in ("workouts", "workout_exercises", "workout_sets"):
        coach_read_policy(f"public.{table}", "training:read")
    coach_read_policy("public.readiness_checkins", "readiness:read")
    programs = (
        "ai_programs",
        "ai_program_weeks",
        "ai_program_workouts",
        "ai_program_workout_exercises",
    )
    for table in programs:
        coach_read_policy(f"public.{table}", "programs:write")
    coach_insert_policy(
        "public.ai_programs", "programs:write", "created_by = 'coach' and status = 'draft'"
    )
    # Rows only under a coach's draft, prescribing catalog exercises only.
    draft = (
        "exists (select 1 from public.ai_programs p where p.user_id = {t}.user_id "
        "and p.id = {t}.program_id and p.created_by = 'coach' and p.status = 'draft')"
    )
    for table in programs[1:3]:
        coach_insert_policy(f"public.{table}", "programs:write", draft.format(t=table))
    t = "ai_program_workout_exercises"
    coach_insert_policy(
        f"public.{t}",
        "programs:write",
        f"exists (select 1 from public.ai_program_workouts pw join public.ai_programs p "
        f"on p.user_id = pw.user_id and p.id = pw.program_id "
        f"where pw.user_id = {t}.user_id and pw.id = {t}.program_workout_id "
        f"and p.created_by = 'coach' and p.status = 'draft') "
        f"and exists (select 1 from public.exercises e where e.id = {t}.exercise_id "
        "and e.user_id is null)",
    )
    t = "coach_logs"
    op.execute(
        f"create policy {t}_insert_coach on public.{t} for insert to authenticated "
        f"with check (actor_id = {UID} and ("
        f"(kind = 'assign' and {coach_scope_predicate('programs:write')}) or "
        f"(kind = 'note' and {coach_scope_predicate('comments:write')})))"
    )


def upgrade() -> None:
    _mentor_profiles()
    _links()
    _events()
    _notes()
    _coach_log_kinds(KINDS)
    _coach_log_list()
    _security()


def downgrade() -> None:
    for table in ("workouts", "workout_exercises", "workout_sets", "readiness_checkins"):
        op.execute(f"drop policy {table}_select_coach on public.{table}")
    for table in (
        "ai_programs",
        "ai_program_weeks",
        "ai_program_workouts",
        "ai_program_workout_exercises",
    ):
        op.execute(f"drop policy {table}_select_coach on public.{table}")
        op.execute(f"drop policy {table}_insert_coach on public.{table}")
    op.execute("drop policy coach_logs_insert_coach on public.coach_logs")
    op.execute("delete from public.coach_logs where kind in ('assign', 'note')")
    _coach_log_kinds(OLD_KINDS)
    op.execute("drop index public.ix_coach_logs_created_at")
    op.execute("drop table public.coach_notes")
    op.execute("drop table public.coach_client_link_events")
    op.execute("drop table public.coach_client_links")
    op.execute("drop function public.coach_client_links_history()")
    op.execute("drop function public.coach_client_links_guard()")
    op.execute("drop table public.mentor_profiles")
