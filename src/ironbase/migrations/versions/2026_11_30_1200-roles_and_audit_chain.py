"""Admin rights checked in the database, password hashes behind a function, refresh tokens
off limits to `authenticated`, and a hash chain over the audit log.

Revision ID: 0004d_roles_and_audit_chain
Revises: 0003_gyms
Create Date: 2026-11-30
"""

from collections.abc import Sequence

from alembic import op

from ironbase.migrations.helpers import (
    AUDIT_CHAIN_LOCK,
    audit_entry_content_sql,
    require_admin_in_admin_policies,
)

revision: str = "0004d_roles_and_audit_chain"
down_revision: str | None = "0003_gyms"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every column of auth.users but the password hash.
USER_COLUMNS_WITHOUT_HASH = (
    "id, email, raw_app_meta_data, raw_user_meta_data, last_sign_in_at, banned_until, "
    "created_at, updated_at"
)


def _is_admin() -> None:
    """Admin rights come from the database at the moment of the statement, not from a token
    that may have been issued before a demotion or a ban."""
    op.execute(
        """
        create function auth.is_admin() returns boolean
        language sql stable security definer set search_path = pg_catalog as $$
          select coalesce((
            select jsonb_typeof(u.raw_app_meta_data -> 'roles') = 'array'
               and (u.raw_app_meta_data -> 'roles') ? 'admin'
               and (u.banned_until is null or u.banned_until <= now())
            from auth.users u where u.id = auth.uid()
          ), false)
        $$
        """
    )
    op.execute("revoke all on function auth.is_admin() from public")
    op.execute("grant execute on function auth.is_admin() to app_admin")
    # FORCE RLS binds the owner too: its definer functions (is_admin, password_hash_for) read
    # identities through this policy. Nothing else runs as the owner but migrations.
    op.execute(
        "create policy users_select_definer on auth.users for select to ironbase_owner using (true)"
    )
    require_admin_in_admin_policies()


def _password_hashes() -> None:
    """The hash is readable through one function, by auth_service only, one email at a time."""
    op.execute(
        """
        create function auth.password_hash_for(p_email text) returns text
        language sql stable security definer set search_path = pg_catalog as $$
          select u.encrypted_password from auth.users u where u.email = p_email
        $$
        """
    )
    op.execute("revoke all on function auth.password_hash_for(text) from public")
    op.execute("grant execute on function auth.password_hash_for(text) to auth_service")
    # auth_service writes only what signup and sign-in write: never app metadata (roles) or bans.
    op.execute("revoke select, insert, update on auth.users from auth_service")
    op.execute(f"grant select ({USER_COLUMNS_WITHOUT_HASH}) on auth.users to auth_service")
    op.execute("grant insert (email, encrypted_password) on auth.users to auth_service")
    op.execute("grant update (encrypted_password, last_sign_in_at) on auth.users to auth_service")
    op.execute("revoke select on auth.users from service_role")
    op.execute(f"grant select ({USER_COLUMNS_WITHOUT_HASH}) on auth.users to service_role")


def _refresh_tokens() -> None:
    """Token rows change only through the auth path (auth_service), logout included."""
    op.execute("drop policy refresh_tokens_select_own on auth.refresh_tokens")
    op.execute("drop policy refresh_tokens_update_own on auth.refresh_tokens")
    op.execute("revoke all on auth.refresh_tokens from authenticated")
    op.execute("revoke update on auth.refresh_tokens from auth_service")
    op.execute("grant update (used_at, revoked_at) on auth.refresh_tokens to auth_service")


def _audit_chain() -> None:
    """Each entry's hash covers the previous entry's hash and its own content, so a changed,
    removed or inserted entry breaks the chain from there on (`ironbase audit verify`)."""
    op.execute("alter table public.admin_audit_log add column chain_seq bigint")
    op.execute("alter table public.admin_audit_log add column entry_hash bytea")
    # The chain is written by a definer trigger: writers may not read the entries they follow.
    op.execute(
        "create policy admin_audit_log_select_definer on public.admin_audit_log "
        "for select to ironbase_owner using (true)"
    )
    content = audit_entry_content_sql("new")
    op.execute(
        f"""
        create function public.chain_audit_entry() returns trigger
        language plpgsql security definer set search_path = pg_catalog, public as $$
        declare
          last_seq bigint;
          last_hash bytea;
        begin
          -- One writer at a time until commit, so concurrent entries line up, never fork.
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
    op.execute("revoke all on function public.chain_audit_entry() from public")
    # Entries written before this revision join the chain in id order.
    backfilled = audit_entry_content_sql("entry")
    # The owner (running this) has no update policy: lift FORCE RLS for the backfill only.
    op.execute("alter table public.admin_audit_log no force row level security")
    op.execute("alter table public.admin_audit_log disable trigger admin_audit_log_append_only")
    op.execute(
        f"""
        do $$
        declare
          entry public.admin_audit_log;
          seq bigint := 0;
          last_hash bytea := ''::bytea;
        begin
          for entry in select * from public.admin_audit_log order by id loop
            seq := seq + 1;
            entry.chain_seq := seq;
            last_hash := sha256(last_hash || {backfilled});
            update public.admin_audit_log set chain_seq = seq, entry_hash = last_hash
              where id = entry.id;
          end loop;
        end
        $$
        """
    )
    op.execute("alter table public.admin_audit_log enable trigger admin_audit_log_append_only")
    op.execute("alter table public.admin_audit_log force row level security")
    op.execute("alter table public.admin_audit_log alter column chain_seq set not null")
    op.execute("alter table public.admin_audit_log alter column entry_hash set not null")
    op.execute(
        "alter table public.admin_audit_log "
        "add constraint uq_admin_audit_log_chain_seq unique (chain_seq)"
    )
    op.execute(
        "create trigger admin_audit_log_chain before insert on public.admin_audit_log "
        "for each row execute function public.chain_audit_entry()"
    )


def upgrade() -> None:
    _is_admin()
    _password_hashes()
    _refresh_tokens()
    _audit_chain()


def downgrade() -> None:
    op.execute("drop trigger admin_audit_log_chain on public.admin_audit_log")
    op.execute("drop function public.chain_audit_entry()")
    op.execute("drop policy admin_audit_log_select_definer on public.admin_audit_log")
    op.execute("alter table public.admin_audit_log drop column entry_hash")
    op.execute("alter table public.admin_audit_log drop column chain_seq")

    op.execute("revoke update (used_at, revoked_at) on auth.refresh_tokens from auth_service")
    op.execute("grant update on auth.refresh_tokens to auth_service")
    op.execute("grant select, update on auth.refresh_tokens to authenticated")
    for action in ("select", "update"):
        using = "using (user_id = (select auth.uid()))"
        check = " with check (user_id = (select auth.uid()))" if action == "update" else ""
        op.execute(
            f"create policy refresh_tokens_{action}_own on auth.refresh_tokens "
            f"for {action} to authenticated {using}{check}"
        )

    op.execute(f"revoke select ({USER_COLUMNS_WITHOUT_HASH}) on auth.users from service_role")
    op.execute("grant select on auth.users to service_role")
    op.execute(f"revoke select ({USER_COLUMNS_WITHOUT_HASH}) on auth.users from auth_service")
    op.execute("revoke insert (email, encrypted_password) on auth.users from auth_service")
    op.execute(
        "revoke update (encrypted_password, last_sign_in_at) on auth.users from auth_service"
    )
    op.execute("grant select, insert, update on auth.users to auth_service")
    op.execute("drop function auth.password_hash_for(text)")

    require_admin_in_admin_policies(undo=True)
    op.execute("drop policy users_select_definer on auth.users")
    op.execute("drop function auth.is_admin()")
