"""Feature flags (``app_flags``, evaluated for the caller by ``my_flags``) and general rate
limits counted in ``admin_check_rate_limit`` through one definer function.

Revision ID: 0008_flags_and_limits
Revises: 0007_import_api
Create Date: 2026-11-30

People never read ``app_flags``: its targeting (listed people, descriptions) is the
operators' business. ``public.my_flags(version)`` answers, for the caller only, which flags
are on. Administrators write the table through their own checked policy.

The rate-limit counters are written by ``public.rate_limit_hit`` alone, which the API calls
as ``authenticator`` in one statement outside any request transaction (see
``ironbase.limits``): a request's rollback cannot undo its count, and the counter row is
locked for one statement, not for a whole request. The owner's policy confines that
function to the ``rl:`` keys, so it cannot touch the sign-in counters.
"""

from collections.abc import Sequence

from alembic import op

from ironbase.migrations.helpers import admin_checked_policy, enable_rls, updated_at_trigger

revision: str = "0008_flags_and_limits"
down_revision: str | None = "0007_import_api"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# "plates.warmup", "social.feed_v2": dotted lower-case words.
KEY_FORMAT = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$"
# Normalised by the API before it is stored: exactly MAJOR.MINOR.PATCH, no leading zeros.
VERSION_PART = "(0|[1-9][0-9]{0,5})"
VERSION_FORMAT = rf"^{VERSION_PART}\.{VERSION_PART}\.{VERSION_PART}$"
MAX_LISTED_USERS = 1000
RATE_LIMIT_PREFIX = "rl:"


def _app_flags() -> None:
    op.execute(
        f"""
        create table public.app_flags (
          key text constraint pk_app_flags primary key,
          enabled boolean not null default false,
          description text not null default '',
          pro_only boolean not null default false,
          percentage smallint not null default 100,
          user_ids uuid[] not null default '{{}}',
          min_app_version text,
          created_at timestamptz not null default now(),
          updated_at timestamptz not null default now(),
          constraint ck_app_flags_key_format
            check (char_length(key) <= 64 and key ~ '{KEY_FORMAT}'),
          constraint ck_app_flags_description_length check (char_length(description) <= 500),
          constraint ck_app_flags_percentage_range check (percentage between 0 and 100),
          constraint ck_app_flags_user_ids_bounded
            check (cardinality(user_ids) <= {MAX_LISTED_USERS}
                   and array_position(user_ids, null) is null),
          constraint ck_app_flags_min_app_version_format
            check (min_app_version ~ '{VERSION_FORMAT}')
        )
        """
    )
    updated_at_trigger("public.app_flags")
    enable_rls("public.app_flags")
    op.execute("grant select, insert, update, delete on public.app_flags to app_admin")
    admin_checked_policy("public.app_flags", "all")
    # my_flags runs as the owner, which FORCE RLS binds: it reads the flags through this.
    op.execute(
        "create policy app_flags_select_definer on public.app_flags "
        "for select to ironbase_owner using (true)"
    )
    # ... and the caller's own profile row (pro status), nobody else's.
    op.execute(
        "create policy users_select_definer_own on public.users "
        "for select to ironbase_owner using (id = (select auth.uid()))"
    )


def _flag_functions() -> None:
    # Stable across sessions, servers and PostgreSQL versions (hashtextextended backs hash
    # partitioning, whose placement must not change). Per flag and person: the same person
    # lands in unrelated buckets for different flags. The key cannot contain ':'.
    op.execute(
        """
        create function public.app_flag_bucket(p_key text, p_user_id uuid) returns integer
        language sql immutable strict parallel safe as $$
          select (((hashtextextended(p_key || ':' || p_user_id::text, 0) % 100) + 100) % 100)::int
        $$
        """
    )
    # p_app_version: {major, minor, patch, 1 for a release or 0 for a pre-release}, or null
    # when the client did not say. A flag's minimum is a release: 1.4.0-beta is below 1.4.0.
    op.execute(
        """
        create function public.my_flags(p_app_version integer[])
        returns table (key text, active boolean)
        language sql stable security definer set search_path = pg_catalog, public as $$
          select f.key, coalesce(
            f.enabled
            and (f.min_app_version is null
                 or string_to_array(f.min_app_version, '.')::integer[] || 1 <= p_app_version)
            and (me.id = any (f.user_ids)
                 or ((not f.pro_only or me.is_pro)
                     and public.app_flag_bucket(f.key, me.id) < f.percentage)),
            false)
          from public.app_flags f
          left join public.users me on me.id = (select auth.uid())
          order by f.key
        $$
        """
    )
    op.execute("revoke all on function public.my_flags(integer[]) from public")
    op.execute("grant execute on function public.my_flags(integer[]) to authenticated")


def _rate_limit_function() -> None:
    prefix = f"'{RATE_LIMIT_PREFIX}%'"
    op.execute(
        f"""
        create function public.rate_limit_hit(
          p_keys text[], p_windows integer[], p_prune boolean
        ) returns table (key text, count integer, seconds_left double precision)
        language plpgsql volatile security definer set search_path = pg_catalog, public as $$
        #variable_conflict use_column
        begin
          -- A counter losing its last increments in a crash is harmless; waiting for the WAL
          -- flush on every request is not. Transaction-local: only this statement's commit.
          perform set_config('synchronous_commit', 'off', true);
          if p_prune then
            -- Windows are at most a day long: anything older is spent. Bounded per call.
            delete from public.admin_check_rate_limit
             where ctid = any (array(
               select r.ctid from public.admin_check_rate_limit r
                where r.window_start < now() - interval '1 day' and r.key like {prefix}
                limit 1000));
          end if;
          return query
            with wanted as (
              select distinct on (w.key) w.key, w.seconds,
                     to_timestamp(floor(extract(epoch from now()) / w.seconds) * w.seconds)
                       as window_start
              from unnest(p_keys, p_windows) as w (key, seconds)
              where w.key like {prefix} and w.seconds between 1 and 86400
              order by w.key
            ), counted as (
              insert into public.admin_check_rate_limit as r (key, window_start, count)
              select wanted.key, wanted.window_start, 1 from wanted order by wanted.key
              on conflict (key, window_start) do update set count = r.count + 1
              returning r.key, r.count, r.window_start
            )
            select c.key, c.count,
                   extract(epoch from c.window_start - now())::double precision + wanted.seconds
            from counted c join wanted on wanted.key = c.key
            order by c.key;
        end
        $$
        """
    )
    op.execute(
        "revoke all on function public.rate_limit_hit(text[], integer[], boolean) from public"
    )
    # The API's login itself, outside any request transaction: one round trip per check.
    op.execute(
        "grant execute on function public.rate_limit_hit(text[], integer[], boolean) "
        "to authenticator"
    )
    op.execute(
        "create policy admin_check_rate_limit_definer on public.admin_check_rate_limit "
        f"to ironbase_owner using (key like {prefix}) with check (key like {prefix})"
    )


def upgrade() -> None:
    _app_flags()
    _flag_functions()
    _rate_limit_function()


def downgrade() -> None:
    op.execute("drop policy admin_check_rate_limit_definer on public.admin_check_rate_limit")
    op.execute("drop function public.rate_limit_hit(text[], integer[], boolean)")
    op.execute("drop function public.my_flags(integer[])")
    op.execute("drop function public.app_flag_bucket(text, uuid)")
    op.execute("drop policy users_select_definer_own on public.users")
    op.execute("drop table public.app_flags")
