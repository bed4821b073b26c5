"""Privacy: exports as background jobs (procrastinate), erasure in one definer function
driven by the registry, and an audit chain that erasure can redact without breaking.

Revision ID: 0013_privacy_exports
Revises: 0012_life_categories
Create Date: 2026-11-30

- ``procrastinate``: the job queue's own schema (its tables, types and functions, from the
  installed package), RLS forced and reachable by ``service_role`` only (the worker).
- ``privacy_exports``: one row per export a person asked for, with its state, progress and
  the finished zip (bytea). People read their own and insert queued ones; the worker
  (``service_role``) moves them on. At most one queued or running export per person.
- ``privacy_erasure_steps``: what erasure does, table by table and column by column,
  written from ``ironbase.privacy.registry`` by every ``ironbase db upgrade`` (setup), so
  that a table registered later is erased as soon as its code is deployed.
- ``erase_person(uuid)`` runs those steps in the caller's transaction; ``erase_me()``
  (the caller, signed in) and ``erase_user_as_admin(uuid)`` (administrators) reach it from
  the API. ``enqueue_privacy_export(uuid)`` queues the export job of the caller's own
  queued export. All four are definer functions owned by ``service_role``.
- The audit chain now hashes a seal of each entry's personal columns (actor, target,
  before, after, address) made with a random per-entry salt, not the columns themselves:
  erasure rewrites the columns and destroys the salt; the chain stays intact (ADR 0009).
"""

from collections.abc import Sequence

from alembic import op
from procrastinate.schema import SchemaManager

from ironbase.migrations.helpers import (
    AUDIT_CHAIN_LOCK,
    audit_entry_content_sql,
    audit_entry_seal_sql,
    audit_entry_sealed_content_sql,
    enable_rls,
)

revision: str = "0013_privacy_exports"
down_revision: str | None = "0012_life_categories"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PROCRASTINATE_TABLES = (
    "procrastinate_workers",
    "procrastinate_jobs",
    "procrastinate_periodic_defers",
    "procrastinate_events",
)
#: The queue and task the export job runs as (``ironbase.privacy.jobs``).
EXPORT_QUEUE = "privacy"
EXPORT_TASK = "privacy_export"
# 32 random bytes (two v4 uuids: 244 random bits).
RANDOM_SALT = "decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex')"


def _as_operator(statement: str) -> None:
    """A statement the owner cannot run: giving a function to ``service_role`` needs a
    member of both roles, which the operator's login is (setup grants it)."""
    op.execute("reset role")
    op.execute(statement)
    op.execute("set local role ironbase_owner")


def _procrastinate() -> None:
    op.execute("create schema procrastinate")
    op.execute("revoke all on schema procrastinate from public")
    op.execute("grant usage on schema procrastinate to service_role")
    op.execute("set local search_path to procrastinate")
    op.execute(SchemaManager.get_schema())
    op.execute("set local search_path to public")
    for table in PROCRASTINATE_TABLES:
        enable_rls(f"procrastinate.{table}")
    op.execute(
        "grant select, insert, update, delete on all tables in schema procrastinate to service_role"
    )
    op.execute("grant usage, select on all sequences in schema procrastinate to service_role")
    op.execute("revoke all on all functions in schema procrastinate from public")
    op.execute("grant execute on all functions in schema procrastinate to service_role")


def _exports() -> None:
    op.execute(
        """
        create table public.privacy_exports (
          user_id uuid not null constraint fk_privacy_exports_user_id_users
            references auth.users (id) on delete cascade,
          id uuid not null default gen_random_uuid(),
          status text not null default 'queued' constraint ck_privacy_exports_status
            check (status in ('queued', 'running', 'done', 'failed')),
          progress smallint not null default 0 constraint ck_privacy_exports_progress
            check (progress between 0 and 100),
          file bytea,
          file_bytes bigint constraint ck_privacy_exports_file_bytes check (file_bytes >= 0),
          error text constraint ck_privacy_exports_error check (char_length(error) <= 500),
          created_at timestamptz not null default now(),
          started_at timestamptz,
          finished_at timestamptz,
          constraint pk_privacy_exports primary key (user_id, id)
        )
        """
    )
    # One export at a time per person: a second while one waits or runs is a conflict.
    op.execute(
        "create unique index uq_privacy_exports_active on public.privacy_exports (user_id) "
        "where status in ('queued', 'running')"
    )
    # The worker finds an export by its id alone (the job carries nothing else).
    op.execute("create index ix_privacy_exports_id on public.privacy_exports (id)")
    enable_rls("public.privacy_exports")
    op.execute("grant select on public.privacy_exports to authenticated")
    op.execute("grant insert (user_id) on public.privacy_exports to authenticated")
    own = "user_id = (select auth.uid())"
    op.execute(
        "create policy privacy_exports_select_own on public.privacy_exports for select "
        f"to authenticated using ({own})"
    )
    op.execute(
        "create policy privacy_exports_insert_own on public.privacy_exports for insert "
        f"to authenticated with check ({own} and status = 'queued')"
    )


def _erasure_steps() -> None:
    op.execute(
        """
        create table public.privacy_erasure_steps (
          position integer constraint pk_privacy_erasure_steps primary key,
          table_name text not null,
          column_name text not null,
          column_type text not null,
          action text not null constraint ck_privacy_erasure_steps_action check (action in (
            'set_null', 'pseudonym', 'remove_from_array', 'delete_mentioning_rows',
            'replace_mentions', 'delete_rows', 'pseudonymise', 'delete'))
        )
        """
    )
    enable_rls("public.privacy_erasure_steps")
    # Written by setup (the operator, from the registry), read by erase_person (service_role).
    op.execute("revoke all on public.privacy_erasure_steps from authenticated, app_admin")


def _audit_seal() -> None:
    op.execute("alter table public.admin_audit_log add column seal_salt bytea")
    op.execute("alter table public.admin_audit_log add column seal bytea")
    content = audit_entry_sealed_content_sql("new")
    seal = audit_entry_seal_sql("new", "new.seal_salt")
    op.execute(
        f"""
        create or replace function public.chain_audit_entry() returns trigger
        language plpgsql security definer set search_path = pg_catalog, public as $$
        declare
          last_seq bigint;
          last_hash bytea;
        begin
          perform pg_advisory_xact_lock({AUDIT_CHAIN_LOCK});
          select chain_seq, entry_hash into last_seq, last_hash
            from public.admin_audit_log order by chain_seq desc limit 1;
          new.chain_seq := coalesce(last_seq, 0) + 1;
          new.seal_salt := {RANDOM_SALT};
          new.seal := {seal};
          new.entry_hash := sha256(coalesce(last_hash, ''::bytea) || {content});
          return new;
        end
        $$
        """
    )
    # Entries written before this revision: sealed, and the chain recomputed over the seals.
    backfilled_seal = audit_entry_seal_sql("entry", "salt")
    backfilled = audit_entry_sealed_content_sql("entry")
    op.execute("alter table public.admin_audit_log no force row level security")
    op.execute("alter table public.admin_audit_log disable trigger admin_audit_log_append_only")
    op.execute(
        f"""
        do $$
        declare
          entry public.admin_audit_log;
          salt bytea;
          last_hash bytea := ''::bytea;
        begin
          for entry in select * from public.admin_audit_log order by chain_seq loop
            salt := {RANDOM_SALT};
            entry.seal_salt := salt;
            entry.seal := {backfilled_seal};
            last_hash := sha256(last_hash || {backfilled});
            update public.admin_audit_log
              set seal_salt = salt, seal = entry.seal, entry_hash = last_hash
              where id = entry.id;
          end loop;
        end
        $$
        """
    )
    op.execute("alter table public.admin_audit_log enable trigger admin_audit_log_append_only")
    op.execute("alter table public.admin_audit_log force row level security")
    op.execute("alter table public.admin_audit_log alter column seal set not null")
    # Updates: only erasure's redaction (inside erase_person), only of the personal columns;
    # the salt goes with it, the seal and the chain stay. Deletes stay refused.
    op.execute("drop trigger admin_audit_log_append_only on public.admin_audit_log")
    op.execute(
        """
        create function public.guard_audit_change() returns trigger language plpgsql as $$
        begin
          if current_setting('ironbase.erasure', true) = 'on'
             and new.id = old.id and new.chain_seq = old.chain_seq
             and new.entry_hash = old.entry_hash and new.seal = old.seal
             and new.action = old.action and new.target_table = old.target_table
             and new.request_id is not distinct from old.request_id and new.at = old.at then
            new.seal_salt := null;
            return new;
          end if;
          raise exception 'admin_audit_log is append-only' using errcode = 'insufficient_privilege';
        end
        $$
        """
    )
    op.execute(
        "create trigger admin_audit_log_append_only before update on public.admin_audit_log "
        "for each row execute function public.guard_audit_change()"
    )
    op.execute(
        "create trigger admin_audit_log_no_delete before delete on public.admin_audit_log "
        "for each row execute function public.refuse_audit_change()"
    )
    op.execute(
        "grant update (actor_id, target_id, before, after, ip, seal_salt) "
        "on public.admin_audit_log to service_role"
    )


ERASE_PERSON = """
create function public.erase_person(p_user uuid) returns jsonb
language plpgsql volatile security definer set search_path = pg_catalog, public as $$
declare
  v_email text;
  v_pseudonym uuid := gen_random_uuid();
  v_erased text;
  v_rows jsonb := '{}'::jsonb;
  v_count bigint;
  v_total bigint;
  step record;
  mentions text;
  v_table text;
begin
  select u.email into v_email from auth.users u where u.id = p_user for update;
  if v_email is null then
    raise exception 'no account %', p_user using errcode = 'no_data_found';
  end if;
  v_email := lower(v_email);
  v_erased := 'erased:' || v_pseudonym::text;
  -- Lets the audit log's guard accept the redaction of its personal columns.
  perform set_config('ironbase.erasure', 'on', true);
  for step in select * from public.privacy_erasure_steps order by position loop
    v_table := format('%I.%I', split_part(step.table_name, '.', 1),
                      split_part(step.table_name, '.', 2));
    mentions := format('(strpos(%1$I::text, $1::text) > 0 or strpos(lower(%1$I::text), $2) > 0)',
                       step.column_name);
    if step.action = 'set_null' then
      execute format('update %s set %I = null where %I = $1',
                     v_table, step.column_name, step.column_name) using p_user;
    elsif step.action in ('pseudonym', 'pseudonymise') then
      execute format('update %s set %I = $2 where %I = $1',
                     v_table, step.column_name, step.column_name)
        using p_user, v_pseudonym;
    elsif step.action = 'remove_from_array' then
      execute format('update %s set %I = array_remove(%I, $1) where $1 = any(%I)',
                     v_table, step.column_name, step.column_name, step.column_name)
        using p_user;
    elsif step.action = 'delete_mentioning_rows' then
      execute format('delete from %s where %s', v_table, mentions)
        using p_user, v_email;
    elsif step.action = 'replace_mentions' then
      execute format(
        'update %s set %I = replace(replace(%I::text, $1::text, $3::text), $2, $4)::%s where %s',
        v_table, step.column_name, step.column_name, step.column_type, mentions)
        using p_user, v_email, v_pseudonym, v_erased;
    elsif step.action in ('delete_rows', 'delete') then
      execute format('delete from %s where %I = $1', v_table, step.column_name)
        using p_user;
    end if;
    get diagnostics v_count = row_count;
    if v_count > 0 then
      v_total := coalesce((v_rows ->> step.table_name)::bigint, 0) + v_count;
      v_rows := v_rows || jsonb_build_object(step.table_name, v_total);
    end if;
  end loop;
  perform set_config('ironbase.erasure', 'off', true);
  if exists (select 1 from auth.users u where u.id = p_user) then
    raise exception 'the erasure steps left the account in place (run ironbase db upgrade)';
  end if;
  insert into public.admin_audit_log (actor_id, action, target_table, target_id, after)
    values (null, 'privacy.erase', 'auth.users', v_pseudonym::text,
            jsonb_build_object('rows', v_rows));
  return jsonb_build_object('pseudonym', v_pseudonym, 'rows', v_rows);
end
$$
"""

ERASE_ME = """
create function public.erase_me() returns jsonb
language plpgsql volatile security definer set search_path = pg_catalog, public as $$
declare
  v_user uuid := auth.uid();
begin
  if v_user is null then
    raise exception 'sign in first' using errcode = 'insufficient_privilege';
  end if;
  return public.erase_person(v_user);
end
$$
"""

ERASE_AS_ADMIN = """
create function public.erase_user_as_admin(p_user uuid) returns jsonb
language plpgsql volatile security definer set search_path = pg_catalog, public as $$
begin
  if not coalesce(auth.is_admin(), false) then
    raise exception 'administrators only' using errcode = 'insufficient_privilege';
  end if;
  if not exists (select 1 from auth.users u where u.id = p_user) then
    return null;
  end if;
  return public.erase_person(p_user);
end
$$
"""

ENQUEUE_EXPORT = f"""
create function public.enqueue_privacy_export(p_export_id uuid) returns bigint
language plpgsql volatile security definer set search_path = procrastinate, pg_catalog as $$
declare
  v_job bigint;
begin
  if not exists (select 1 from public.privacy_exports e where e.id = p_export_id
                 and e.user_id = auth.uid() and e.status = 'queued') then
    raise exception 'no queued export %', p_export_id using errcode = 'no_data_found';
  end if;
  -- The job's arguments carry the export's id only: never a person's id or email.
  select ids[1] into v_job from procrastinate.procrastinate_defer_jobs_v1(array[row(
    '{EXPORT_QUEUE}', '{EXPORT_TASK}', 0, null, 'privacy-export-' || p_export_id::text,
    jsonb_build_object('export_id', p_export_id::text), null
  )::procrastinate.procrastinate_job_to_defer_v1]) as ids;
  return v_job;
end
$$
"""

FUNCTIONS = {
    "public.erase_person(uuid)": (ERASE_PERSON, ()),
    "public.erase_me()": (ERASE_ME, ("authenticated",)),
    "public.erase_user_as_admin(uuid)": (ERASE_AS_ADMIN, ("app_admin",)),
    "public.enqueue_privacy_export(uuid)": (ENQUEUE_EXPORT, ("authenticated", "service_role")),
}


def _functions() -> None:
    # Definer functions owned by service_role run with its reach (BYPASSRLS, its grants).
    op.execute("grant execute on function auth.is_admin() to service_role")
    for signature, (body, callers) in FUNCTIONS.items():
        op.execute(body)
        op.execute(f"revoke all on function {signature} from public")
        for role in callers:
            op.execute(f"grant execute on function {signature} to {role}")
        _as_operator(f"alter function {signature} owner to service_role")


def upgrade() -> None:
    _procrastinate()
    _exports()
    _erasure_steps()
    _audit_seal()
    _functions()


def downgrade() -> None:
    for signature in FUNCTIONS:
        _as_operator(f"drop function {signature}")
    op.execute("revoke execute on function auth.is_admin() from service_role")
    op.execute(
        "revoke update (actor_id, target_id, before, after, ip, seal_salt) "
        "on public.admin_audit_log from service_role"
    )
    op.execute("drop trigger admin_audit_log_no_delete on public.admin_audit_log")
    op.execute("drop trigger admin_audit_log_append_only on public.admin_audit_log")
    op.execute("drop function public.guard_audit_change()")
    op.execute(
        "create trigger admin_audit_log_append_only before update or delete "
        "on public.admin_audit_log for each row execute function public.refuse_audit_change()"
    )
    # Back to the chain over the plain content (seals dropped, hashes recomputed).
    content = audit_entry_content_sql("new")
    op.execute(
        f"""
        create or replace function public.chain_audit_entry() returns trigger
        language plpgsql security definer set search_path = pg_catalog, public as $$
        declare
          last_seq bigint;
          last_hash bytea;
        begin
          perform pg_advisory_xact_lock({AUDIT_CHAIN_LOCK});
          select chain_seq, entry_hash into last_seq, last_hash
            from public.admin_audit_log order by chain_seq desc limit 1;
          new.chain_seq := coalesce(last_seq, 0) + 1;
          new.entry_hash := sha256(coalesce(last_hash, ''::bytea) || {content});
          return new;
        end
        $$
        """
    )
    plain = audit_entry_content_sql("entry")
    op.execute("alter table public.admin_audit_log no force row level security")
    op.execute("alter table public.admin_audit_log disable trigger admin_audit_log_append_only")
    op.execute(
        f"""
        do $$
        declare
          entry public.admin_audit_log;
          last_hash bytea := ''::bytea;
        begin
          for entry in select * from public.admin_audit_log order by chain_seq loop
            last_hash := sha256(last_hash || {plain});
            update public.admin_audit_log set entry_hash = last_hash where id = entry.id;
          end loop;
        end
        $$
        """
    )
    op.execute("alter table public.admin_audit_log enable trigger admin_audit_log_append_only")
    op.execute("alter table public.admin_audit_log force row level security")
    op.execute("alter table public.admin_audit_log drop column seal")
    op.execute("alter table public.admin_audit_log drop column seal_salt")
    op.execute("drop table public.privacy_erasure_steps")
    op.execute("drop table public.privacy_exports")
    op.execute("drop schema procrastinate cascade")
