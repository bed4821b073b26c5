"""Ambassadors: profiles (applied, then approved or rejected by an administrator), referral
codes and the people who signed up with one.

Revision ID: 0020_ambassadors
Revises: 0019_coaching
Create Date: 2026-12-01

- ``ambassador_profiles``: one per person (``user_id`` unique; other tables point at it by
  ``user_id``, the ambassador's id everywhere). A person applies (``status = 'applied'``,
  a pitch, a region as ISO 3166, optionally a gym); an administrator approves (a referral
  code is issued), rejects or later suspends, audited. The person edits their pitch,
  region and gym (column grants), withdraws an application or a rejected profile
  (delete), never their status or code: those columns are the administrators'.
- ``ambassador_referrals``: the people an ambassador brought, one row per referred person
  (a partial unique index: one ambassador per person), written at sign-up by
  ``public.redeem_referral_code`` (security definer, ``auth_service`` only) when the code
  is an approved ambassador's. The row is the ambassador's; erasing the referred person
  nulls ``referred_user_id`` (docs/privacy.md), the count stays.
- ``notify_admins('ambassador_application', <profile id>)``: people may now report their
  own application made in this transaction (as ``gym_role_request``), and a decided or
  withdrawn application settles its notification. The two functions of 0009 are edited in
  place (their bodies read back and two exact passages replaced), so they stay one text.
"""

from collections.abc import Sequence

from alembic import op

from ironbase.migrations.helpers import (
    admin_checked_policy,
    enable_rls,
    owner_policies,
    updated_at_trigger,
)

revision: str = "0020_ambassadors"
down_revision: str | None = "0019_coaching"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATUSES = "('applied', 'approved', 'rejected', 'suspended')"
#: Codes people type: upper-case letters and digits without 0, 1, I, O (misread ones).
CODE_PATTERN = "^[A-HJ-NP-Z2-9]{8}$"
REGION_PATTERN = "^[A-Z]{2}(-[A-Z0-9]{1,3})?$"
#: Columns the ambassador edits; status, code and decision are the administrators'.
OWN_COLUMNS = "pitch, region, gym_id"
DECISION_COLUMNS = "status, referral_code, decided_by, decided_at, decision_note"


def _profiles() -> None:
    t = "ambassador_profiles"
    op.execute(f"""
        create table public.{t} (
          user_id uuid not null constraint fk_{t}_user_id_users
            references auth.users (id) on delete cascade,
          id uuid not null default gen_random_uuid(),
          status text not null default 'applied',
          referral_code text,
          region text not null,
          gym_id uuid constraint fk_{t}_gym_id_gyms references public.gyms (id)
            on delete set null,
          pitch text not null,
          decided_by uuid constraint fk_{t}_decided_by_users references auth.users (id)
            on delete set null,
          decided_at timestamptz,
          decision_note text,
          created_at timestamptz not null default now(),
          updated_at timestamptz not null default now(),
          constraint pk_{t} primary key (user_id, id),
          constraint uq_{t}_user_id unique (user_id),
          constraint uq_{t}_referral_code unique (referral_code),
          constraint ck_{t}_status check (status in {STATUSES}),
          constraint ck_{t}_referral_code check (referral_code ~ '{CODE_PATTERN}'),
          constraint ck_{t}_region check (region ~ '{REGION_PATTERN}'),
          constraint ck_{t}_pitch check (char_length(pitch) between 1 and 2000),
          constraint ck_{t}_decision_note check (char_length(decision_note) between 1 and 500),
          constraint ck_{t}_decided check ((status = 'applied') = (decided_at is null)),
          constraint ck_{t}_code_when_approved
            check ((referral_code is not null) = (status in ('approved', 'suspended')))
        )""")
    # The administrators' queue and list, oldest application first.
    op.execute(f"create index ix_{t}_status on public.{t} (status, created_at, user_id)")
    op.execute(f"create index ix_{t}_gym_id on public.{t} (gym_id) where gym_id is not null")
    op.execute(
        f"create index ix_{t}_decided_by on public.{t} (decided_by) where decided_by is not null"
    )


def _referrals() -> None:
    t = "ambassador_referrals"
    op.execute(f"""
        create table public.{t} (
          user_id uuid not null constraint fk_{t}_user_id_ambassador_profiles
            references public.ambassador_profiles (user_id) on delete cascade,
          id uuid not null default gen_random_uuid(),
          referred_user_id uuid constraint fk_{t}_referred_user_id_users
            references auth.users (id) on delete set null,
          created_at timestamptz not null default now(),
          constraint pk_{t} primary key (user_id, id)
        )""")
    op.execute(
        f"create unique index uq_{t}_referred_user_id on public.{t} (referred_user_id) "
        "where referred_user_id is not null"
    )
    op.execute(f"create index ix_{t}_created_at on public.{t} (user_id, created_at desc, id desc)")


def _redeem() -> None:
    """Sign-up links the new person to the ambassador whose approved code they typed."""
    op.execute(
        """
        create function public.redeem_referral_code(p_user_id uuid, p_code text)
        returns uuid
        language sql volatile security definer set search_path = pg_catalog as $$
          insert into public.ambassador_referrals (user_id, referred_user_id)
          select a.user_id, p_user_id from public.ambassador_profiles a
          where a.referral_code = upper(p_code) and a.status = 'approved'
            and a.user_id <> p_user_id
          on conflict do nothing
          returning user_id
        $$
        """
    )
    # RLS is forced, so the definer (the owner) needs its own policies on what it touches.
    op.execute(
        "create policy ambassador_referrals_insert_definer on public.ambassador_referrals "
        "for insert to ironbase_owner with check (true)"
    )
    op.execute(
        "create policy ambassador_referrals_select_definer on public.ambassador_referrals "
        "for select to ironbase_owner using (true)"
    )
    # ...and reads the profiles: the code's, and the application notify_admins reports.
    op.execute(
        "create policy ambassador_profiles_select_definer on public.ambassador_profiles "
        "for select to ironbase_owner using (true)"
    )
    op.execute("revoke all on function public.redeem_referral_code(uuid, text) from public")
    op.execute("grant execute on function public.redeem_referral_code(uuid, text) to auth_service")


def _no_self_decision() -> None:
    """An administrator's own profile is decided by another administrator: ``app_admin``
    inherits the owner's update policy, so a policy alone would let them approve themselves."""
    op.execute(
        f"""
        create function public.ambassador_profiles_no_self_decision() returns trigger
        language plpgsql set search_path = pg_catalog as $$
        begin
          if ({_cols("new")}) is distinct from ({_cols("old")})
             and new.user_id = (select auth.uid()) then
            raise exception 'an ambassador profile is decided by another administrator'
              using errcode = '42501';
          end if;
          return new;
        end
        $$
        """
    )
    op.execute(
        "create trigger ambassador_profiles_no_self_decision before update "
        "on public.ambassador_profiles for each row "
        "execute function public.ambassador_profiles_no_self_decision()"
    )


def _cols(row: str) -> str:
    return ", ".join(f"{row}.{c.strip()}" for c in DECISION_COLUMNS.split(","))


NOTIFY = "public.notify_admins(text, text, jsonb)"
SETTLE = "public.settle_admin_notifications(text, text)"
# (function, the passage as 0009 wrote it, the passage from now on)
NOTIFICATION_EDITS = (
    (
        NOTIFY,
        "when 'ambassador_application' then array['service_role']",
        "when 'ambassador_application' then array['authenticated', 'app_admin']",
    ),
    (
        NOTIFY,
        """          when 'ambassador_application' then
            v_severity := 'info';
""",
        """          when 'ambassador_application' then
            select a.region into v_row from public.ambassador_profiles a
            where a.id = p_subject_id::uuid and a.status = 'applied'
              and (v_role = 'none' or (a.user_id = auth.uid() and a.updated_at = now()));
            if not found then
              raise exception 'no application % of the caller', p_subject_id
                using errcode = 'invalid_parameter_value';
            end if;
            v_params := jsonb_build_object('profile_id', p_subject_id, 'region', v_row.region);
            v_severity := 'info';
""",
    ),
    (
        SETTLE,
        """          else
            raise exception 'notifications of kind % are resolved by administrators'""",
        """          when 'ambassador_application' then
            -- Decided, or withdrawn (the row is gone): nobody needs to act any more.
            v_settled := coalesce((select a.status <> 'applied'
              from public.ambassador_profiles a where a.id = p_subject_id::uuid), true);
          else
            raise exception 'notifications of kind % are resolved by administrators'""",
    ),
)


def _edit_notifications(undo: bool = False) -> None:
    connection = op.get_bind()
    for function, before, after in NOTIFICATION_EDITS:
        old, new = (after, before) if undo else (before, after)
        definition = connection.exec_driver_sql(
            f"select pg_get_functiondef('{function}'::regprocedure)"
        ).scalar_one()
        if definition.count(old) != 1:
            raise RuntimeError(f"{function} does not read as expected: {old!r}")
        op.execute(definition.replace(old, new))


def _security() -> None:
    t = "public.ambassador_profiles"
    enable_rls(t)
    op.execute(f"grant select, insert, delete on {t} to authenticated")
    op.execute(f"grant update ({OWN_COLUMNS}) on {t} to authenticated")
    owner_policies(t, actions=("select", "update"))
    op.execute(
        f"create policy ambassador_profiles_insert_own on {t} for insert to authenticated "
        "with check (user_id = (select auth.uid()) and status = 'applied' "
        "and referral_code is null and decided_by is null and decided_at is null "
        "and decision_note is null)"
    )
    # Withdrawing: an application or a rejected profile; an approved one is the programme's.
    op.execute(
        f"create policy ambassador_profiles_delete_own on {t} for delete to authenticated "
        "using (user_id = (select auth.uid()) and status in ('applied', 'rejected'))"
    )
    op.execute(f"grant select on {t} to app_admin")
    op.execute(f"grant update ({DECISION_COLUMNS}) on {t} to app_admin")
    admin_checked_policy(t, "select")
    admin_checked_policy(t, "update")
    updated_at_trigger(t)

    t = "public.ambassador_referrals"
    enable_rls(t)
    op.execute(f"grant select on {t} to authenticated, app_admin")
    owner_policies(t, actions=("select",))
    admin_checked_policy(t, "select")


def upgrade() -> None:
    _profiles()
    _referrals()
    _redeem()
    _no_self_decision()
    _security()
    _edit_notifications()


def downgrade() -> None:
    _edit_notifications(undo=True)
    op.execute("drop function public.redeem_referral_code(uuid, text)")
    op.execute("drop trigger ambassador_profiles_no_self_decision on public.ambassador_profiles")
    op.execute("drop function public.ambassador_profiles_no_self_decision()")
    op.execute("drop table public.ambassador_referrals")
    op.execute("drop table public.ambassador_profiles")
