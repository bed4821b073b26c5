"""Commissions: gym deals, commission agreements and the append-only accrual ledger.

Revision ID: 0022_commissions
Revises: 0021_battles
Create Date: 2026-12-01

- ``ambassador_commission_agreements``: an ambassador's terms, set by administrators
  (audited): per qualifying event kind (``pro_started``, ``pro_renewed``) a ``rate`` of the
  event's amount (0 < rate <= 1) or a ``fixed`` amount and currency, valid over
  ``[valid_from, valid_until)``. Terms never change (column grants); revoking ends the
  validity now. No two agreements of one ambassador and event kind overlap (a checked rule
  under an advisory lock: no extension needed).
- ``ambassador_gym_deals``: terms of the same shape an approved ambassador proposes to a
  gym; the gym's admins accept or decline, either side ends an accepted deal (its validity
  ends then). Transitions are checked by a trigger; accepted or ended deals of one
  ambassador, gym and event kind never overlap.
- ``ambassador_commission_accruals``: the ledger, ``numeric`` with a currency: one row per
  (ambassador, event id), a reversal is a negative row pointing at the accrual it reverses
  (at most once, never more than it). No UPDATE or DELETE: the privileges are revoked and a
  trigger raises, except inside ``erase_person`` (``ironbase.erasure = on``), which deletes
  an erased ambassador's rows and nulls an erased referred person.
"""

from collections.abc import Sequence

from alembic import op

from ironbase.migrations.helpers import (
    admin_checked_policy,
    enable_rls,
    owner_policies,
    updated_at_trigger,
)

revision: str = "0022_commissions"
down_revision: str | None = "0021_battles"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

AGREEMENTS = "ambassador_commission_agreements"
DEALS = "ambassador_gym_deals"
ACCRUALS = "ambassador_commission_accruals"
EVENT_KINDS = "('pro_started', 'pro_renewed')"
CURRENCY = "^[A-Z]{3}$"
EVENT_ID = "^[A-Za-z0-9._:-]{1,200}$"
UID = "(select auth.uid())"
#: The columns an authenticated ambassador writes when proposing a deal.
DEAL_PROPOSAL_COLUMNS = (
    "user_id, gym_id, event_kind, kind, rate, amount, currency, valid_from, valid_until, note"
)
#: Lets erasure and a superuser's maintenance through the guards (a superuser can disable
#: triggers anyway); everyone else meets the rules.
BYPASS = (
    "current_setting('ironbase.erasure', true) = 'on' or current_setting('is_superuser') = 'on'"
)


def _terms(t: str) -> str:
    """The terms' columns and checks, shared by agreements and deals."""
    return f"""
          event_kind text not null,
          kind text not null,
          rate numeric(7, 6),
          amount numeric(14, 4),
          currency text,
          valid_from timestamptz not null,
          valid_until timestamptz,
          constraint ck_{t}_event_kind check (event_kind in {EVENT_KINDS}),
          constraint ck_{t}_kind check (kind in ('rate', 'fixed')),
          constraint ck_{t}_rate check (rate > 0 and rate <= 1),
          constraint ck_{t}_amount check (amount > 0),
          constraint ck_{t}_currency check (currency ~ '{CURRENCY}'),
          constraint ck_{t}_rate_terms check ((kind = 'rate') = (rate is not null)),
          constraint ck_{t}_fixed_terms check (
            (kind = 'fixed') = (amount is not null) and (kind = 'fixed') = (currency is not null)),
          constraint ck_{t}_validity check (valid_until is null or valid_until >= valid_from)"""


def _agreements() -> None:
    t = AGREEMENTS
    op.execute(f"""
        create table public.{t} (
          user_id uuid not null constraint fk_{t}_user_id_ambassador_profiles
            references public.ambassador_profiles (user_id) on delete cascade,
          id uuid not null default gen_random_uuid(),
          {_terms(t)},
          status text not null default 'active',
          note text,
          created_by uuid constraint fk_{t}_created_by_users references auth.users (id)
            on delete set null,
          revoked_by uuid constraint fk_{t}_revoked_by_users references auth.users (id)
            on delete set null,
          revoked_at timestamptz,
          created_at timestamptz not null default now(),
          constraint pk_{t} primary key (user_id, id),
          constraint ck_{t}_status check (status in ('active', 'revoked')),
          constraint ck_{t}_revoked check ((status = 'revoked') = (revoked_at is not null)),
          constraint ck_{t}_note check (char_length(note) between 1 and 500)
        )""")
    op.execute(f"create index ix_{t}_created_at on public.{t} (user_id, created_at desc, id desc)")
    op.execute(f"create index ix_{t}_terms on public.{t} (user_id, event_kind, valid_from)")
    for column in ("created_by", "revoked_by"):
        op.execute(
            f"create index ix_{t}_{column} on public.{t} ({column}) where {column} is not null"
        )


def _deals() -> None:
    t = DEALS
    op.execute(f"""
        create table public.{t} (
          user_id uuid not null constraint fk_{t}_user_id_ambassador_profiles
            references public.ambassador_profiles (user_id) on delete cascade,
          id uuid not null default gen_random_uuid(),
          gym_id uuid not null constraint fk_{t}_gym_id_gyms references public.gyms (id)
            on delete cascade,
          {_terms(t)},
          status text not null default 'proposed',
          note text,
          decided_by uuid constraint fk_{t}_decided_by_users references auth.users (id)
            on delete set null,
          decided_at timestamptz,
          ended_by uuid constraint fk_{t}_ended_by_users references auth.users (id)
            on delete set null,
          ended_at timestamptz,
          created_at timestamptz not null default now(),
          updated_at timestamptz not null default now(),
          constraint pk_{t} primary key (user_id, id),
          constraint ck_{t}_status
            check (status in ('proposed', 'accepted', 'declined', 'withdrawn', 'ended')),
          constraint ck_{t}_decided
            check ((decided_at is not null) = (status in ('accepted', 'declined', 'ended'))),
          constraint ck_{t}_ended
            check ((ended_at is not null) = (status in ('withdrawn', 'ended'))),
          constraint ck_{t}_note check (char_length(note) between 1 and 500)
        )""")
    op.execute(f"create index ix_{t}_created_at on public.{t} (user_id, created_at desc, id desc)")
    # The gym admins' list and their policies read gym_id.
    op.execute(f"create index ix_{t}_gym_id on public.{t} (gym_id, created_at desc, id desc)")
    op.execute(
        f"create index ix_{t}_terms on public.{t} (user_id, event_kind, valid_from) "
        "where status in ('accepted', 'ended')"
    )
    for column in ("decided_by", "ended_by"):
        op.execute(
            f"create index ix_{t}_{column} on public.{t} ({column}) where {column} is not null"
        )


def _accruals() -> None:
    t = ACCRUALS
    op.execute(f"""
        create table public.{t} (
          user_id uuid not null constraint fk_{t}_user_id_ambassador_profiles
            references public.ambassador_profiles (user_id) on delete cascade,
          id uuid not null default gen_random_uuid(),
          event_id text not null,
          event_kind text not null,
          referred_user_id uuid constraint fk_{t}_referred_user_id_users
            references auth.users (id) on delete set null,
          amount numeric(14, 4) not null,
          currency text not null,
          event_amount numeric(14, 4),
          event_currency text,
          agreement_id uuid,
          deal_id uuid,
          reverses_id uuid,
          occurred_at timestamptz not null,
          recorded_at timestamptz not null default now(),
          constraint pk_{t} primary key (user_id, id),
          constraint uq_{t}_user_id unique (user_id, event_id),
          constraint fk_{t}_agreement foreign key (user_id, agreement_id)
            references public.{AGREEMENTS} (user_id, id),
          constraint fk_{t}_deal foreign key (user_id, deal_id)
            references public.{DEALS} (user_id, id),
          constraint fk_{t}_reverses foreign key (user_id, reverses_id)
            references public.{t} (user_id, id),
          constraint ck_{t}_event_id check (event_id ~ '{EVENT_ID}'),
          constraint ck_{t}_event_kind
            check (event_kind in ('pro_started', 'pro_renewed', 'refund')),
          constraint ck_{t}_currency check (currency ~ '{CURRENCY}'),
          constraint ck_{t}_event_currency check (event_currency ~ '{CURRENCY}'),
          constraint ck_{t}_event_amount check (event_amount >= 0),
          constraint ck_{t}_priced_by check (num_nonnulls(agreement_id, deal_id) = 1),
          constraint ck_{t}_sign check ((reverses_id is null) = (amount > 0)),
          constraint ck_{t}_refund check ((event_kind = 'refund') = (reverses_id is not null))
        )""")
    # Statements and the ambassador's pages walk one ambassador's ledger in recording order.
    op.execute(f"create index ix_{t}_recorded_at on public.{t} (user_id, recorded_at, id)")
    op.execute(
        f"create unique index uq_{t}_reverses_id on public.{t} (user_id, reverses_id) "
        "where reverses_id is not null"
    )
    op.execute(
        f"create index ix_{t}_referred_user_id on public.{t} (referred_user_id) "
        "where referred_user_id is not null"
    )
    op.execute(
        f"create index ix_{t}_agreement_id on public.{t} (user_id, agreement_id) "
        "where agreement_id is not null"
    )
    op.execute(
        f"create index ix_{t}_deal_id on public.{t} (user_id, deal_id) where deal_id is not null"
    )


def _no_overlap(table: str, scope: str, counted: str) -> None:
    """Terms of one scope never overlap in time (half-open ranges; an empty range, the
    validity of terms ended before they began, overlaps nothing)."""
    same = " and ".join(f"o.{c} = new.{c}" for c in scope.split(", "))
    op.execute(
        f"""
        create function public.{table}_no_overlap() returns trigger
        language plpgsql security definer set search_path = pg_catalog, public as $$
        begin
          if not ({counted.replace("status", "new.status")}) then
            return new;
          end if;
          -- Serialises writers of one ambassador's terms, so two overlapping inserts at
          -- once cannot both pass the check.
          perform pg_advisory_xact_lock(hashtextextended('{table}:' || new.user_id::text, 0));
          if exists (
            select 1 from public.{table} o
            where {same} and o.id <> new.id and ({counted.replace("status", "o.status")})
              and tstzrange(o.valid_from, coalesce(o.valid_until, 'infinity'))
                  && tstzrange(new.valid_from, coalesce(new.valid_until, 'infinity'))
          ) then
            raise exception 'these terms overlap others of the same ambassador and event kind'
              using errcode = 'exclusion_violation';
          end if;
          return new;
        end
        $$
        """
    )
    op.execute(
        f"create trigger {table}_no_overlap before insert or update on public.{table} "
        f"for each row execute function public.{table}_no_overlap()"
    )


def _deal_transitions() -> None:
    """Who moves a deal where: the gym's admins accept or decline a proposal (never their
    own), the ambassador withdraws it, either ends an accepted deal (its validity ends
    now). The trigger signs and dates the step; the terms never change."""
    terms = "user_id, gym_id, event_kind, kind, rate, amount, currency, valid_from, note"
    old_terms = ", ".join(f"old.{c.strip()}" for c in terms.split(","))
    new_terms = ", ".join(f"new.{c.strip()}" for c in terms.split(","))
    op.execute(
        f"""
        create function public.{DEALS}_transition() returns trigger
        language plpgsql security definer set search_path = pg_catalog, public as $$
        declare
          v_uid uuid := auth.uid();
          v_gym_admin boolean;
        begin
          if {BYPASS} then
            return new;
          end if;
          if ({new_terms}) is distinct from ({old_terms})
             or new.valid_until is distinct from old.valid_until then
            raise exception 'the terms of a deal never change' using errcode = '42501';
          end if;
          v_gym_admin := exists (select 1 from public.gym_admins ga where ga.gym_id = new.gym_id
                                 and ga.user_id = v_uid and ga.role = 'admin');
          if old.status = 'proposed' and new.status in ('accepted', 'declined')
             and v_gym_admin and v_uid <> new.user_id then
            new.decided_by := v_uid;
            new.decided_at := now();
          elsif old.status = 'proposed' and new.status = 'withdrawn' and v_uid = new.user_id then
            new.ended_by := v_uid;
            new.ended_at := now();
          elsif old.status = 'accepted' and new.status = 'ended'
                and (v_uid = new.user_id or v_gym_admin) then
            new.ended_by := v_uid;
            new.ended_at := now();
            new.valid_until := greatest(new.valid_from, least(coalesce(new.valid_until,
                                                                       'infinity'), now()));
          else
            raise exception 'a deal % cannot become % by this person', old.status, new.status
              using errcode = '42501';
          end if;
          return new;
        end
        $$
        """
    )
    op.execute(
        f"create trigger {DEALS}_transition before update on public.{DEALS} "
        f"for each row execute function public.{DEALS}_transition()"
    )


def _ledger_guards() -> None:
    """Append-only: no UPDATE or DELETE but erasure's; a reversal reverses an accrual of
    the same ambassador, not itself a reversal, in its currency, by no more than it."""
    op.execute(
        f"""
        create function public.{ACCRUALS}_append_only() returns trigger
        language plpgsql as $$
        begin
          if {BYPASS} then
            return coalesce(new, old);
          end if;
          raise exception 'the commission ledger is append-only' using errcode = '42501';
        end
        $$
        """
    )
    op.execute(
        f"create trigger {ACCRUALS}_append_only before update or delete on public.{ACCRUALS} "
        f"for each row execute function public.{ACCRUALS}_append_only()"
    )
    op.execute(
        f"""
        create function public.{ACCRUALS}_reversal() returns trigger
        language plpgsql security definer set search_path = pg_catalog, public as $$
        declare
          v_original public.{ACCRUALS};
        begin
          if new.reverses_id is null then
            return new;
          end if;
          select * into v_original from public.{ACCRUALS} a
            where a.user_id = new.user_id and a.id = new.reverses_id;
          if v_original.id is null or v_original.reverses_id is not null
             or v_original.currency <> new.currency or -new.amount > v_original.amount then
            raise exception 'a reversal must reverse an accrual, in its currency, by no more'
              using errcode = 'check_violation';
          end if;
          return new;
        end
        $$
        """
    )
    op.execute(
        f"create trigger {ACCRUALS}_reversal before insert on public.{ACCRUALS} "
        f"for each row execute function public.{ACCRUALS}_reversal()"
    )


def _security() -> None:
    t = f"public.{AGREEMENTS}"
    enable_rls(t)
    op.execute(f"grant select on {t} to authenticated")
    owner_policies(t, actions=("select",))
    op.execute(f"grant select, insert on {t} to app_admin")
    op.execute(f"grant update (status, valid_until, revoked_by, revoked_at) on {t} to app_admin")
    for action in ("select", "insert", "update"):
        admin_checked_policy(t, action)

    t = f"public.{DEALS}"
    enable_rls(t)
    op.execute(f"grant select on {t} to authenticated, app_admin")
    op.execute(f"grant insert ({DEAL_PROPOSAL_COLUMNS}) on {t} to authenticated")
    op.execute(f"grant update (status) on {t} to authenticated")
    owner_policies(t, actions=("select", "update"))
    approved = (
        f"exists (select 1 from public.ambassador_profiles p where p.user_id = {DEALS}.user_id "
        "and p.status = 'approved')"
    )
    op.execute(
        f"create policy {DEALS}_insert_own on {t} for insert to authenticated "
        f"with check (user_id = {UID} and status = 'proposed' and decided_by is null "
        f"and decided_at is null and ended_by is null and ended_at is null and {approved})"
    )
    gym_admin = (
        f"exists (select 1 from public.gym_admins ga where ga.gym_id = {DEALS}.gym_id "
        f"and ga.user_id = {UID} and ga.role = 'admin')"
    )
    op.execute(
        f"create policy {DEALS}_select_gym_admin on {t} for select to authenticated "
        f"using ({gym_admin})"
    )
    op.execute(
        f"create policy {DEALS}_update_gym_admin on {t} for update to authenticated "
        f"using ({gym_admin}) with check ({gym_admin})"
    )
    admin_checked_policy(t, "select")
    updated_at_trigger(t)

    t = f"public.{ACCRUALS}"
    enable_rls(t)
    op.execute(f"revoke update, delete, truncate on {t} from service_role")
    # Erasure (erase_person, a definer owned by service_role) deletes an erased
    # ambassador's rows and nulls an erased referred person; the trigger lets only it by.
    op.execute(f"grant delete, update (referred_user_id) on {t} to service_role")
    op.execute(f"grant select on {t} to authenticated")
    owner_policies(t, actions=("select",))
    op.execute(f"grant select, insert on {t} to app_admin")
    admin_checked_policy(t, "select")
    admin_checked_policy(t, "insert")

    # FORCE RLS binds the owner too: the definer triggers (overlaps, reversals) read the
    # terms and the ledger through these policies. Nothing else runs as the owner.
    for table in (AGREEMENTS, DEALS, ACCRUALS):
        op.execute(
            f"create policy {table}_select_definer on public.{table} for select "
            "to ironbase_owner using (true)"
        )


DEFINER_TRIGGERS = (
    f"{AGREEMENTS}_no_overlap",
    f"{DEALS}_no_overlap",
    f"{DEALS}_transition",
    f"{ACCRUALS}_reversal",
)


def upgrade() -> None:
    _agreements()
    _deals()
    _accruals()
    _no_overlap(AGREEMENTS, "user_id, event_kind", "status in ('active', 'revoked')")
    _no_overlap(DEALS, "user_id, gym_id, event_kind", "status in ('accepted', 'ended')")
    _deal_transitions()
    _ledger_guards()
    _security()
    # Trigger functions run when their triggers fire; nobody calls them.
    for function in (*DEFINER_TRIGGERS, f"{ACCRUALS}_append_only"):
        op.execute(f"revoke all on function public.{function}() from public")


def downgrade() -> None:
    op.execute(f"drop table public.{ACCRUALS}")
    op.execute(f"drop table public.{DEALS}")
    op.execute(f"drop table public.{AGREEMENTS}")
    for function in (
        f"{ACCRUALS}_append_only",
        f"{ACCRUALS}_reversal",
        f"{DEALS}_transition",
        f"{DEALS}_no_overlap",
        f"{AGREEMENTS}_no_overlap",
    ):
        op.execute(f"drop function public.{function}()")
