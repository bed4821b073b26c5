"""Foundation: auth schema, users, audit log, rate limits, row-level security.

Revision ID: 0001_foundation
Revises:
Create Date: 2026-11-25
"""

from collections.abc import Sequence

from alembic import op

from ironbase.migrations.helpers import (
    admin_policy,
    enable_rls,
    owner_policies,
    updated_at_trigger,
)

revision: str = "0001_foundation"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REQUEST_ROLES = "anon, authenticated, app_admin, service_role, auth_service"


def _auth_schema() -> None:
    op.execute("create schema if not exists auth")
    op.execute(f"grant usage on schema auth to {REQUEST_ROLES}")
    op.execute(f"grant usage on schema public to {REQUEST_ROLES}")
    # Supabase semantics: claims come from the transaction-local setting; '' means none.
    op.execute(
        """
        create function auth.jwt() returns jsonb language sql stable as $$
          select coalesce(
            nullif(current_setting('request.jwt.claim', true), ''),
            nullif(current_setting('request.jwt.claims', true), '')
          )::jsonb
        $$
        """
    )
    op.execute(
        """
        create function auth.uid() returns uuid language sql stable as $$
          select coalesce(
            nullif(current_setting('request.jwt.claim.sub', true), ''),
            (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
          )::uuid
        $$
        """
    )
    op.execute(
        """
        create function auth.role() returns text language sql stable as $$
          select coalesce(
            nullif(current_setting('request.jwt.claim.role', true), ''),
            (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
          )::text
        $$
        """
    )
    op.execute(
        """
        create function public.set_updated_at() returns trigger language plpgsql as $$
        begin
          new.updated_at := now();
          return new;
        end
        $$
        """
    )


def _auth_tables() -> None:
    op.execute(
        """
        create table auth.users (
          id uuid primary key default gen_random_uuid(),
          email text not null,
          encrypted_password text,
          raw_app_meta_data jsonb not null default '{}'::jsonb,
          raw_user_meta_data jsonb not null default '{}'::jsonb,
          last_sign_in_at timestamptz,
          banned_until timestamptz,
          created_at timestamptz not null default now(),
          updated_at timestamptz not null default now(),
          constraint ck_users_email_normalised check (email = lower(btrim(email)))
        )
        """
    )
    op.execute("alter table auth.users rename constraint users_pkey to pk_users")
    op.execute("create unique index uq_auth_users_email on auth.users (email)")
    updated_at_trigger("auth.users")
    op.execute(
        """
        create table auth.refresh_tokens (
          id uuid primary key default gen_random_uuid(),
          user_id uuid not null
            constraint fk_refresh_tokens_user_id_users references auth.users (id) on delete cascade,
          family_id uuid not null,
          token_hash bytea not null constraint uq_refresh_tokens_token_hash unique,
          created_at timestamptz not null default now(),
          expires_at timestamptz not null,
          used_at timestamptz,
          revoked_at timestamptz
        )
        """
    )
    op.execute(
        "alter table auth.refresh_tokens rename constraint refresh_tokens_pkey to pk_refresh_tokens"
    )
    op.execute("create index ix_auth_refresh_tokens_family_id on auth.refresh_tokens (family_id)")
    op.execute("create index ix_auth_refresh_tokens_user_id on auth.refresh_tokens (user_id)")

    for table in ("auth.users", "auth.refresh_tokens"):
        enable_rls(table)
    # The auth service signs people up and in; it is the only role that sees password hashes.
    op.execute("grant select, insert, update on auth.users to auth_service")
    op.execute("grant select, insert, update on auth.refresh_tokens to auth_service")
    op.execute(
        "create policy users_auth_service on auth.users to auth_service using (true) with check (true)"
    )
    op.execute(
        "create policy refresh_tokens_auth_service on auth.refresh_tokens "
        "to auth_service using (true) with check (true)"
    )
    # People read their own identity, never the hash; admins read everyone's.
    op.execute(
        "grant select (id, email, raw_app_meta_data, created_at, last_sign_in_at) on auth.users to authenticated"
    )
    op.execute(
        "create policy users_select_own on auth.users for select to authenticated using (id = (select auth.uid()))"
    )
    admin_policy("auth.users", "select")
    op.execute("grant update (raw_app_meta_data, banned_until) on auth.users to app_admin")
    admin_policy("auth.users", "update")
    op.execute("grant select, update on auth.refresh_tokens to authenticated")
    owner_policies("auth.refresh_tokens", actions=("select", "update"))


def _public_users() -> None:
    op.execute("create type unit_system as enum ('metric', 'imperial')")
    op.execute(
        """
        create table public.users (
          id uuid constraint pk_users primary key
            constraint fk_users_id_users references auth.users (id) on delete cascade,
          is_pro boolean not null default false,
          display_name text constraint ck_users_display_name_length
            check (char_length(display_name) between 1 and 80),
          unit_system unit_system not null default 'metric',
          time_zone text not null default 'UTC'
            constraint ck_users_time_zone_length check (char_length(time_zone) between 1 and 64),
          locale text not null default 'en'
            constraint ck_users_locale_length check (char_length(locale) between 2 and 35),
          created_at timestamptz not null default now(),
          updated_at timestamptz not null default now()
        )
        """
    )
    updated_at_trigger("public.users")
    enable_rls("public.users")
    op.execute("grant select on public.users to authenticated")
    # Column privileges: the database itself refuses a user who tries to make themselves pro.
    op.execute(
        "grant update (display_name, unit_system, time_zone, locale) on public.users to authenticated"
    )
    owner_policies("public.users", column="id", actions=("select", "update"))
    op.execute("grant update (is_pro) on public.users to app_admin")
    admin_policy("public.users", "select")
    admin_policy("public.users", "update")
    # Every auth user gets a profile row, whoever created the auth row.
    op.execute(
        """
        create function auth.create_profile() returns trigger
        language plpgsql security definer set search_path = pg_catalog, public as $$
        begin
          insert into public.users (id) values (new.id);
          return new;
        end
        $$
        """
    )
    op.execute("revoke all on function auth.create_profile() from public")
    # The trigger runs as the owner, which forced RLS also binds: it may only create profiles.
    op.execute(
        "create policy users_insert_profile on public.users for insert to ironbase_owner with check (true)"
    )
    op.execute(
        "create trigger users_create_profile after insert on auth.users "
        "for each row execute function auth.create_profile()"
    )


def _admin_tables() -> None:
    op.execute(
        """
        create table public.admin_audit_log (
          id bigint generated always as identity constraint pk_admin_audit_log primary key,
          actor_id uuid,
          action text not null,
          target_table text not null,
          target_id text,
          before jsonb,
          after jsonb,
          request_id text,
          ip inet,
          at timestamptz not null default now()
        )
        """
    )
    op.execute("create index ix_admin_audit_log_at on public.admin_audit_log (at)")
    op.execute("create index ix_admin_audit_log_actor_id on public.admin_audit_log (actor_id)")
    op.execute(
        "create index ix_admin_audit_log_target on public.admin_audit_log (target_table, target_id)"
    )
    # Append-only for everyone, the owner included: a trigger refuses updates, deletes, truncates.
    op.execute(
        """
        create function public.refuse_audit_change() returns trigger language plpgsql as $$
        begin
          raise exception 'admin_audit_log is append-only' using errcode = 'insufficient_privilege';
        end
        $$
        """
    )
    op.execute(
        "create trigger admin_audit_log_append_only before update or delete on public.admin_audit_log "
        "for each row execute function public.refuse_audit_change()"
    )
    op.execute(
        "create trigger admin_audit_log_no_truncate before truncate on public.admin_audit_log "
        "for each statement execute function public.refuse_audit_change()"
    )
    enable_rls("public.admin_audit_log")
    op.execute("grant select, insert on public.admin_audit_log to app_admin, service_role")
    admin_policy("public.admin_audit_log", "select")
    op.execute(
        "create policy admin_audit_log_insert_admin on public.admin_audit_log for insert to app_admin "
        "with check (actor_id = (select auth.uid()))"
    )

    op.execute(
        """
        create table public.admin_check_rate_limit (
          key text not null,
          window_start timestamptz not null,
          count integer not null constraint ck_admin_check_rate_limit_count_positive check (count > 0),
          constraint pk_admin_check_rate_limit primary key (key, window_start)
        )
        """
    )
    op.execute(
        "create index ix_admin_check_rate_limit_window_start on public.admin_check_rate_limit (window_start)"
    )
    enable_rls("public.admin_check_rate_limit")
    op.execute(
        "grant select, insert, update, delete on public.admin_check_rate_limit to auth_service"
    )
    op.execute(
        "create policy admin_check_rate_limit_auth_service on public.admin_check_rate_limit "
        "to auth_service using (true) with check (true)"
    )
    op.execute("grant select on public.admin_check_rate_limit to app_admin")
    admin_policy("public.admin_check_rate_limit", "select")


def _service_role_grants() -> None:
    """System jobs (CLI, maintenance) run as service_role: BYPASSRLS, full DML, now and later."""
    for schema in ("public", "auth"):
        op.execute(
            f"grant select, insert, update, delete on all tables in schema {schema} to service_role"
        )
        op.execute(
            f"alter default privileges for role ironbase_owner in schema {schema} "
            "grant select, insert, update, delete on tables to service_role"
        )
        op.execute(
            f"alter default privileges for role ironbase_owner in schema {schema} "
            "grant usage, select on sequences to service_role"
        )


def upgrade() -> None:
    _auth_schema()
    _auth_tables()
    _public_users()
    _admin_tables()
    _service_role_grants()
    op.execute("revoke update, delete, truncate on public.admin_audit_log from service_role")
    # Alembic's own bookkeeping is readable so that /ready can compare revisions.
    op.execute("grant select on public.alembic_version to anon, authenticated")


def downgrade() -> None:
    for schema in ("public", "auth"):
        op.execute(
            f"alter default privileges for role ironbase_owner in schema {schema} "
            "revoke select, insert, update, delete on tables from service_role"
        )
        op.execute(
            f"alter default privileges for role ironbase_owner in schema {schema} "
            "revoke usage, select on sequences from service_role"
        )
    op.execute("drop table public.admin_check_rate_limit")
    op.execute("drop table public.admin_audit_log")
    op.execute("drop function public.refuse_audit_change()")
    op.execute("drop table public.users")
    op.execute("drop type unit_system")
    op.execute("drop table auth.refresh_tokens")
    op.execute("drop table auth.users")
    op.execute("drop function auth.create_profile()")
    op.execute("drop function public.set_updated_at()")
    op.execute("drop schema auth cascade")
