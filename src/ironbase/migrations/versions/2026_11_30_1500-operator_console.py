"""The operator console: admin notifications, and daily activity counts for the overview.

Revision ID: 0009_operator_console
Revises: 0007a_templates
Create Date: 2026-11-30

``admin_notifications``: what operators must see. Only administrators read and change them
(read, resolve); nobody inserts directly. The system writes them through one definer
function, ``public.notify_admins(kind, subject_id, params)``, which decides the severity,
the text key and the dedupe key itself, and checks per kind who may report it and that the
subject is real (a report with errors, the caller's own pending role request, an existing
account): a caller cannot write arbitrary text to the administrators. One notification
per (kind, dedupe key) stays open; a repeat bumps its ``occurrences`` instead of adding rows.

``daily_activity_counts``: people, pro people, workouts and sets that exist, by the UTC day
they were created, kept by statement-level triggers (one upsert per statement and day, not
one per row), spread over 16 rows per day (by backend) so concurrent writers rarely wait on
one another. ``GET /v1/admin/overview`` sums this small table instead of counting the big ones.
"""

from collections.abc import Sequence

from alembic import op

from ironbase.migrations.helpers import admin_checked_policy, enable_rls

revision: str = "0009_operator_console"
down_revision: str | None = "0007a_templates"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = (
    "data_quality_errors",
    "gym_role_request",
    "flagged_post",
    "ambassador_application",
    "repeated_failed_logins",
    "backup_failed",
)
SEVERITIES = ("info", "warning", "error", "critical")
SHARDS = 16
# Rows written by the definer functions below run as the owner, which FORCE RLS binds too.
DEFINER_POLICY = "for {action} to ironbase_owner using ({using})"


def _quoted(values: Sequence[str]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def _notifications_table() -> None:
    op.execute(
        f"""
        create table public.admin_notifications (
          id uuid constraint pk_admin_notifications primary key default gen_random_uuid(),
          kind text not null
            constraint ck_admin_notifications_kind check (kind in ({_quoted(KINDS)})),
          severity text not null
            constraint ck_admin_notifications_severity check (severity in ({_quoted(SEVERITIES)})),
          text_key text not null
            constraint ck_admin_notifications_text_key check (char_length(text_key) between 1 and 200),
          params jsonb not null default '{{}}'::jsonb
            constraint ck_admin_notifications_params
              check (jsonb_typeof(params) = 'object' and octet_length(params::text) <= 4000),
          subject_table text
            constraint ck_admin_notifications_subject_table check (char_length(subject_table) between 1 and 63),
          subject_id text
            constraint ck_admin_notifications_subject_id check (char_length(subject_id) between 1 and 200),
          dedupe_key text not null
            constraint ck_admin_notifications_dedupe_key check (char_length(dedupe_key) between 1 and 300),
          occurrences integer not null default 1
            constraint ck_admin_notifications_occurrences check (occurrences > 0),
          created_at timestamptz not null default now(),
          last_occurred_at timestamptz not null default now(),
          read_at timestamptz,
          read_by uuid,
          resolved_at timestamptz,
          resolved_by uuid,
          constraint ck_admin_notifications_resolved_is_read
            check (resolved_at is null or read_at is not null)
        )
        """
    )
    # No foreign keys on read_by / resolved_by: like the audit log, who handled a
    # notification stays on record after that administrator's account is gone.
    for name, definition in (
        ("ix_admin_notifications_created_at", "(created_at, id)"),
        ("ix_admin_notifications_kind", "(kind, created_at, id)"),
        ("ix_admin_notifications_unread", "(created_at, id) where read_at is null"),
        ("ix_admin_notifications_open", "(created_at, id) where resolved_at is null"),
    ):
        op.execute(f"create index {name} on public.admin_notifications {definition}")
    op.execute(
        "create unique index uq_admin_notifications_open_dedupe on public.admin_notifications "
        "(kind, dedupe_key) where resolved_at is null"
    )


def _notifications_security() -> None:
    table = "public.admin_notifications"
    enable_rls(table)
    op.execute(f"grant select on {table} to app_admin")
    op.execute(f"grant update (read_at, read_by, resolved_at, resolved_by) on {table} to app_admin")
    admin_checked_policy(table, "select")
    admin_checked_policy(table, "update")
    op.execute(
        f"create policy admin_notifications_definer on {table} for all to ironbase_owner "
        "using (true) with check (true)"
    )
    # What notify_admins and settle_admin_notifications read to check a subject is real.
    op.execute(
        "create policy gym_role_requests_select_definer on public.gym_role_requests "
        + DEFINER_POLICY.format(action="select", using="true")
    )
    op.execute(
        "create policy gyms_select_definer on public.gyms "
        + DEFINER_POLICY.format(action="select", using="true")
    )
    op.execute(
        "create policy data_quality_reports_select_definer on public.data_quality_reports "
        + DEFINER_POLICY.format(action="select", using="true")
    )


# Which request roles may report each kind (besides the owner, or a superuser, connected as
# itself: role 'none'). Kinds whose subject table does not exist yet are the operator's
# (service_role) until the migration that adds the table lets people report them with a
# check on the row, as gym_role_request does.
REPORTERS = {
    "data_quality_errors": ("app_admin", "service_role"),
    "gym_role_request": ("authenticated", "app_admin"),
    "repeated_failed_logins": ("auth_service", "service_role"),
    "flagged_post": ("service_role",),
    "ambassador_application": ("service_role",),
    "backup_failed": ("service_role",),
}


def _reporters_case() -> str:
    branches = "\n".join(
        f"      when '{kind}' then array[{_quoted(roles)}]" for kind, roles in REPORTERS.items()
    )
    return f"case p_kind\n{branches}\n      end"


def _notify_function() -> None:
    op.execute(
        f"""
        create function public.notify_admins(
          p_kind text, p_subject_id text, p_params jsonb default '{{}}'::jsonb
        ) returns uuid
        language plpgsql volatile security definer set search_path = pg_catalog, public as $$
        declare
          v_role text := current_setting('role');
          v_params jsonb := coalesce(p_params, '{{}}'::jsonb);
          v_severity text;
          v_table text;
          v_dedupe text := p_subject_id;
          v_row record;
          v_id uuid;
        begin
          if v_role <> 'none' and not (v_role = any({_reporters_case()})) then
            raise exception 'role % may not report %', v_role, p_kind
              using errcode = 'insufficient_privilege';
          end if;
          if v_role = 'app_admin' and not auth.is_admin() then
            raise exception 'not an administrator' using errcode = 'insufficient_privilege';
          end if;
          if p_subject_id is null or char_length(p_subject_id) not between 1 and 200 then
            raise exception 'a subject id of 1 to 200 characters is required'
              using errcode = 'invalid_parameter_value';
          end if;
          if jsonb_typeof(v_params) <> 'object' or octet_length(v_params::text) > 2000 then
            raise exception 'params must be a JSON object of at most 2000 bytes'
              using errcode = 'invalid_parameter_value';
          end if;
          case p_kind
          when 'data_quality_errors' then
            select r.kind, r.error_count, r.warning_count into v_row
            from public.data_quality_reports r
            where r.id = p_subject_id::uuid and (v_role = 'none' or r.created_at = now());
            if not found or v_row.error_count = 0 then
              raise exception 'no report with errors %', p_subject_id
                using errcode = 'invalid_parameter_value';
            end if;
            v_severity := 'error';
            v_table := 'data_quality_reports';
            v_dedupe := 'report-kind:' || v_row.kind;  -- one open per kind of check
            v_params := jsonb_build_object('report_id', p_subject_id, 'report_kind', v_row.kind,
              'errors', v_row.error_count, 'warnings', v_row.warning_count);
          when 'gym_role_request' then
            select r.gym_id, r.requested_role, g.name into v_row
            from public.gym_role_requests r join public.gyms g on g.id = r.gym_id
            where r.id = p_subject_id::uuid and r.status = 'pending'
              and (v_role = 'none' or (r.user_id = auth.uid() and r.created_at = now()));
            if not found then
              raise exception 'no pending request % of the caller', p_subject_id
                using errcode = 'invalid_parameter_value';
            end if;
            v_severity := 'info';
            v_table := 'gym_role_requests';
            v_params := jsonb_build_object('request_id', p_subject_id, 'gym_id', v_row.gym_id,
              'gym_name', v_row.name, 'role', v_row.requested_role);
          when 'repeated_failed_logins' then
            if not exists (select 1 from auth.users u where u.id = p_subject_id::uuid) then
              raise exception 'no account %', p_subject_id using errcode = 'invalid_parameter_value';
            end if;
            if jsonb_typeof(v_params -> 'failures') <> 'number'
               or (v_params ->> 'failures')::numeric not between 1 and 1000000000 then
              raise exception 'failures must be a number from 1' using errcode = 'invalid_parameter_value';
            end if;
            v_severity := 'warning';
            v_table := 'users';
            v_params := jsonb_build_object('user_id', p_subject_id,
              'failures', (v_params ->> 'failures')::numeric);
          when 'flagged_post' then
            v_severity := 'warning';
            v_table := 'social_posts';
          when 'ambassador_application' then
            v_severity := 'info';
            v_table := 'ambassador_profiles';
          when 'backup_failed' then
            v_severity := 'critical';
            v_table := null;
            v_dedupe := 'backup';  -- one open failure; repeats count on it
          else
            raise exception 'unknown notification kind %', p_kind
              using errcode = 'invalid_parameter_value';
          end case;
          insert into public.admin_notifications as n
            (kind, severity, text_key, params, subject_table, subject_id, dedupe_key)
          values (p_kind, v_severity, 'notification.' || p_kind, v_params, v_table,
                  p_subject_id, v_dedupe)
          on conflict (kind, dedupe_key) where resolved_at is null do update
            set occurrences = n.occurrences + 1, last_occurred_at = now(),
                severity = excluded.severity, params = excluded.params,
                subject_id = excluded.subject_id
          returning n.id into v_id;
          return v_id;
        end
        $$
        """
    )
    op.execute("revoke all on function public.notify_admins(text, text, jsonb) from public")
    # authenticated covers app_admin (a member of it); the function checks role per kind.
    op.execute(
        "grant execute on function public.notify_admins(text, text, jsonb) "
        "to authenticated, auth_service, service_role"
    )


def _settle_function() -> None:
    """Resolves the open notification of a subject that no longer needs anyone: the
    database, not the caller, says whether it is settled (today: a decided role request)."""
    op.execute(
        """
        create function public.settle_admin_notifications(p_kind text, p_subject_id text)
        returns integer
        language plpgsql volatile security definer set search_path = pg_catalog, public as $$
        declare
          v_settled boolean;
          v_count integer;
        begin
          case p_kind
          when 'gym_role_request' then
            select r.status <> 'pending' into v_settled
            from public.gym_role_requests r where r.id = p_subject_id::uuid;
          else
            raise exception 'notifications of kind % are resolved by administrators', p_kind
              using errcode = 'invalid_parameter_value';
          end case;
          if not coalesce(v_settled, false) then
            return 0;
          end if;
          update public.admin_notifications n
          set resolved_at = now(), resolved_by = auth.uid(),
              read_at = coalesce(n.read_at, now()), read_by = coalesce(n.read_by, auth.uid())
          where n.kind = p_kind and n.dedupe_key = p_subject_id and n.resolved_at is null;
          get diagnostics v_count = row_count;
          return v_count;
        end
        $$
        """
    )
    op.execute("revoke all on function public.settle_admin_notifications(text, text) from public")
    op.execute(
        "grant execute on function public.settle_admin_notifications(text, text) "
        "to authenticated, service_role"
    )


# --- daily activity counts --------------------------------------------------------------


def _counts_table() -> None:
    op.execute(
        """
        create table public.daily_activity_counts (
          day date not null,
          shard smallint not null
            constraint ck_daily_activity_counts_shard check (shard between 0 and 63),
          users bigint not null default 0,
          pro_users bigint not null default 0,
          workouts bigint not null default 0,
          sets bigint not null default 0,
          constraint pk_daily_activity_counts primary key (day, shard)
        )
        """
    )
    enable_rls("public.daily_activity_counts")
    op.execute("grant select on public.daily_activity_counts to app_admin")
    admin_checked_policy("public.daily_activity_counts", "select")
    op.execute(
        "create policy daily_activity_counts_definer on public.daily_activity_counts "
        "for all to ironbase_owner using (true) with check (true)"
    )


def _add_sql(rows: str, column: str, amount: str, where: str = "true") -> str:
    """Add ``amount`` per created day of the statement's ``rows`` to ``column``, in this
    backend's shard; days in order, so two writers lock shared rows in the same order."""
    return f"""
          insert into public.daily_activity_counts as c (day, shard, {column})
          select (r.created_at at time zone 'UTC')::date, pg_backend_pid() % {SHARDS}, sum({amount})
          from {rows} r where {where}
          group by 1 having sum({amount}) <> 0 order by 1
          on conflict (day, shard) do update set {column} = c.{column} + excluded.{column};"""


def _counting_functions() -> None:
    # Each branch names only the transition table its trigger has (plpgsql plans a statement
    # when it first runs it, so the other branch never needs the other table).
    op.execute(
        f"""
        create function public.count_daily_rows() returns trigger
        language plpgsql security definer set search_path = pg_catalog as $$
        begin
          if tg_table_name = 'workouts' then
            if tg_op = 'DELETE' then {_add_sql("old_rows", "workouts", "-1")}
            else {_add_sql("new_rows", "workouts", "1")}
            end if;
          else
            if tg_op = 'DELETE' then {_add_sql("old_rows", "sets", "-1")}
            else {_add_sql("new_rows", "sets", "1")}
            end if;
          end if;
          return null;
        end
        $$
        """
    )
    op.execute("revoke all on function public.count_daily_rows() from public")
    # People, and whether they are pro: a change of is_pro counts on the day the person
    # signed up, so each day's figure stays "people of that day who are pro now".
    changed_pro = (
        "(select n.created_at, case when n.is_pro then 1 else -1 end as delta "
        "from new_rows n join old_rows o on o.id = n.id "
        "where n.is_pro is distinct from o.is_pro)"
    )
    op.execute(
        f"""
        create function public.count_daily_users() returns trigger
        language plpgsql security definer set search_path = pg_catalog as $$
        begin
          if tg_op = 'INSERT' then
            {_add_sql("new_rows", "users", "1")}
            {_add_sql("new_rows", "pro_users", "1", "r.is_pro")}
          elsif tg_op = 'DELETE' then
            {_add_sql("old_rows", "users", "-1")}
            {_add_sql("old_rows", "pro_users", "-1", "r.is_pro")}
          else
            {_add_sql(changed_pro, "pro_users", "r.delta")}
          end if;
          return null;
        end
        $$
        """
    )
    op.execute("revoke all on function public.count_daily_users() from public")


def _counting_triggers() -> None:
    for table, function in (
        ("users", "count_daily_users"),
        ("workouts", "count_daily_rows"),
        ("workout_sets", "count_daily_rows"),
    ):
        for event, side in (("insert", "new"), ("delete", "old")):
            op.execute(
                f"create trigger {table}_count_{event} after {event} on public.{table} "
                f"referencing {side} table as {side}_rows for each statement "
                f"execute function public.{function}()"
            )
    op.execute(
        "create trigger users_count_update after update on public.users "
        "referencing old table as old_rows new table as new_rows for each statement "
        "execute function public.count_daily_users()"
    )


def _backfill() -> None:
    """What exists already, in shard 0."""
    day = "(created_at at time zone 'UTC')::date"
    op.execute(
        f"""
        insert into public.daily_activity_counts (day, shard, users, pro_users, workouts, sets)
        select day, 0, sum(users), sum(pro_users), sum(workouts), sum(sets) from (
          select {day} as day, count(*) as users, count(*) filter (where is_pro) as pro_users,
                 0 as workouts, 0 as sets
          from public.users group by 1
          union all
          select {day}, 0, 0, count(*), 0 from public.workouts group by 1
          union all
          select {day}, 0, 0, 0, count(*) from public.workout_sets group by 1
        ) per_table group by day
        """
    )


def upgrade() -> None:
    _notifications_table()
    _notifications_security()
    _notify_function()
    _settle_function()
    _counts_table()
    _counting_functions()
    _counting_triggers()
    _backfill()


def downgrade() -> None:
    for table in ("users", "workouts", "workout_sets"):
        for event in ("insert", "delete"):
            op.execute(f"drop trigger {table}_count_{event} on public.{table}")
    op.execute("drop trigger users_count_update on public.users")
    op.execute("drop function public.count_daily_users()")
    op.execute("drop function public.count_daily_rows()")
    op.execute("drop table public.daily_activity_counts")
    op.execute("drop function public.settle_admin_notifications(text, text)")
    op.execute("drop function public.notify_admins(text, text, jsonb)")
    op.execute("drop policy data_quality_reports_select_definer on public.data_quality_reports")
    op.execute("drop policy gyms_select_definer on public.gyms")
    op.execute("drop policy gym_role_requests_select_definer on public.gym_role_requests")
    op.execute("drop table public.admin_notifications")
