"""Gyms: cities, gyms, memberships, gym equipment, personal plates, gym admins, role requests.

Revision ID: 0003_gyms
Revises: 0002_catalog
Create Date: 2026-11-26
"""

from collections.abc import Sequence

from alembic import op

from ironbase.migrations.helpers import (
    admin_policy,
    enable_rls,
    owner_policies,
    reference_read_policy,
    updated_at_trigger,
)

revision: str = "0003_gyms"
down_revision: str | None = "0002_catalog"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Latin letters with diacritics and their base letters, for accent-insensitive search.
# The embedded PostgreSQL ships no `unaccent`, so the folding is a plain immutable function
# (usable in generated columns and indexes) with the same result on every install.
FOLD_FROM = (
    "ÀÁÂÃÄÅĀĂĄàáâãäåāăąÇĆĈĊČçćĉċčĎĐďđÈÉÊËĒĔĖĘĚèéêëēĕėęěĜĞĠĢĝğġģĤĦĥħÌÍÎÏĨĪĬĮİìíîïĩīĭįı"
    "ĴĵĶķĹĻĽĿŁĺļľŀłÑŃŅŇñńņňÒÓÔÕÖØŌŎŐòóôõöøōŏőŔŖŘŕŗřŚŜŞŠśŝşšŢŤŦţťŧÙÚÛÜŨŪŬŮŰŲùúûüũūŭůűų"
    "ŴŵÝŶŸýÿŷŹŻŽźżžȘșȚț"
)
FOLD_TO = (
    "aaaaaaaaaaaaaaaaaaccccccccccddddeeeeeeeeeeeeeeeeeegggggggghhhhiiiiiiiiiiiiiiiiii"
    "jjkkllllllllllnnnnnnnnoooooooooooooooooorrrrrrssssssssttttttuuuuuuuuuuuuuuuuuuuu"
    "wwyyyyyyzzzzzzsstt"
)

MASS_UNIT = "in ('kg', 'lb')"
# A stored gram figure must agree with the labelled mass (half a gram of rounding).
MASS_G_AGREES = "abs(mass_g - mass * case unit when 'kg' then 1000 else 453.59237 end) <= 0.5"
GYM_ROLE = "in ('admin', 'staff')"

# Tables whose rows describe a gym: public to read, edited by the gym's admins and staff.
GYM_DATA_TABLES = ("gym_equipment", "gym_bar_types", "gym_dumbbell_sets")
# Tables private to one person at one gym (they hang off the membership).
INVENTORY_TABLES = ("user_gym_plates", "user_gym_miniweights", "user_gym_collars")


def _functions() -> None:
    assert len(FOLD_FROM) == len(FOLD_TO)
    op.execute(
        f"""
        create function public.search_fold(value text) returns text
        language sql immutable strict parallel safe as $$
          select lower(translate(
            replace(replace(replace(replace(replace(replace(value,
              'ß', 'ss'), 'Æ', 'ae'), 'æ', 'ae'), 'Œ', 'oe'), 'œ', 'oe'), 'ẞ', 'ss'),
            '{FOLD_FROM}', '{FOLD_TO}'))
        $$
        """
    )
    op.execute("grant execute on function public.search_fold(text) to anon, authenticated")


def _cities() -> None:
    op.execute(
        """
        create table public.cities (
          id uuid constraint pk_cities primary key,
          slug text not null constraint uq_cities_slug unique,
          name text not null constraint ck_cities_name_length check (char_length(name) between 1 and 120),
          country_code text not null constraint ck_cities_country_code check (country_code ~ '^[A-Z]{2}$'),
          time_zone text not null
            constraint ck_cities_time_zone_length check (char_length(time_zone) between 1 and 64),
          latitude double precision not null constraint ck_cities_latitude check (latitude between -90 and 90),
          longitude double precision not null
            constraint ck_cities_longitude check (longitude between -180 and 180),
          search_name text collate "C" not null generated always as (public.search_fold(name)) stored
        )
        """
    )
    # "C" collation: the index serves both the name order and `like 'prefix%'`.
    op.execute("create index ix_cities_search_name on public.cities (search_name, id)")
    enable_rls("public.cities")
    op.execute("grant select on public.cities to anon, authenticated")
    reference_read_policy("public.cities")
    op.execute("grant insert, update, delete on public.cities to app_admin")
    admin_policy("public.cities", "all")


def _gyms() -> None:
    op.execute(
        """
        create table public.gyms (
          id uuid constraint pk_gyms primary key default gen_random_uuid(),
          name text not null constraint ck_gyms_name_length check (char_length(name) between 1 and 120),
          address text constraint ck_gyms_address_length check (char_length(address) between 1 and 300),
          city_id uuid constraint fk_gyms_city_id_cities references public.cities (id) on delete set null,
          latitude double precision constraint ck_gyms_latitude check (latitude between -90 and 90),
          longitude double precision constraint ck_gyms_longitude check (longitude between -180 and 180),
          time_zone text not null
            constraint ck_gyms_time_zone_length check (char_length(time_zone) between 1 and 64),
          created_by uuid default auth.uid()
            constraint fk_gyms_created_by_users references auth.users (id) on delete set null,
          verified boolean not null default false,
          created_at timestamptz not null default now(),
          updated_at timestamptz not null default now(),
          search_name text collate "C" not null generated always as (public.search_fold(name)) stored,
          constraint ck_gyms_coordinates_together check ((latitude is null) = (longitude is null))
        )
        """
    )
    updated_at_trigger("public.gyms")
    op.execute("create index ix_gyms_search_name on public.gyms (search_name, id)")
    # Near-search narrows to a latitude band through this index before the haversine.
    op.execute("create index ix_gyms_latitude on public.gyms (latitude) where latitude is not null")
    op.execute("create index ix_gyms_city_id on public.gyms (city_id)")
    op.execute("create index ix_gyms_created_by on public.gyms (created_by)")


def _gym_admins() -> None:
    op.execute(
        f"""
        create table public.gym_admins (
          gym_id uuid not null constraint fk_gym_admins_gym_id_gyms references public.gyms (id) on delete cascade,
          user_id uuid not null constraint fk_gym_admins_user_id_users references auth.users (id) on delete cascade,
          role text not null constraint ck_gym_admins_role check (role {GYM_ROLE}),
          created_at timestamptz not null default now(),
          constraint pk_gym_admins primary key (gym_id, user_id)
        )
        """
    )
    op.execute("create index ix_gym_admins_user_id on public.gym_admins (user_id)")
    # Policies on gym_admins cannot query gym_admins (PostgreSQL refuses the recursion), so
    # they ask this function. It runs as the owner, whose only policy on the table is the
    # caller's own row: it learns nothing the caller could not read directly.
    op.execute(
        """
        create function public.gym_role(p_gym_id uuid) returns text
        language sql stable security definer set search_path = pg_catalog, public as $$
          select role from public.gym_admins
          where gym_id = p_gym_id and user_id = (select auth.uid())
        $$
        """
    )
    op.execute("revoke all on function public.gym_role(uuid) from public")
    op.execute("grant execute on function public.gym_role(uuid) to authenticated")
    op.execute(
        "create policy gym_admins_select_definer on public.gym_admins for select to ironbase_owner "
        "using (user_id = (select auth.uid()))"
    )


def _memberships() -> None:
    op.execute(
        """
        create table public.user_gyms (
          user_id uuid not null constraint fk_user_gyms_user_id_users references auth.users (id) on delete cascade,
          gym_id uuid not null constraint fk_user_gyms_gym_id_gyms references public.gyms (id) on delete cascade,
          is_default boolean not null default false,
          created_at timestamptz not null default now(),
          constraint pk_user_gyms primary key (user_id, gym_id)
        )
        """
    )
    op.execute(
        "create unique index uq_user_gyms_default on public.user_gyms (user_id) where is_default"
    )
    op.execute("create index ix_user_gyms_gym_id on public.user_gyms (gym_id)")
    op.execute(
        "create index ix_user_gyms_user_id_created_at on public.user_gyms (user_id, created_at, gym_id)"
    )


def _gym_data() -> None:
    op.execute(
        """
        create table public.gym_equipment (
          gym_id uuid not null constraint fk_gym_equipment_gym_id_gyms references public.gyms (id) on delete cascade,
          equipment_id uuid not null
            constraint fk_gym_equipment_equipment_id_equipment references public.equipment (id),
          quantity integer not null default 1 constraint ck_gym_equipment_quantity check (quantity between 1 and 1000),
          stack_increment_g integer
            constraint ck_gym_equipment_stack_increment_g check (stack_increment_g between 1 and 100000),
          constraint pk_gym_equipment primary key (gym_id, equipment_id)
        )
        """
    )
    op.execute("create index ix_gym_equipment_equipment_id on public.gym_equipment (equipment_id)")
    op.execute(
        """
        create table public.gym_bar_types (
          gym_id uuid not null constraint fk_gym_bar_types_gym_id_gyms references public.gyms (id) on delete cascade,
          bar_type_id uuid not null
            constraint fk_gym_bar_types_bar_type_id_bar_types references public.bar_types (id),
          quantity integer not null default 1 constraint ck_gym_bar_types_quantity check (quantity between 1 and 1000),
          constraint pk_gym_bar_types primary key (gym_id, bar_type_id)
        )
        """
    )
    op.execute("create index ix_gym_bar_types_bar_type_id on public.gym_bar_types (bar_type_id)")
    op.execute(
        f"""
        create table public.gym_dumbbell_sets (
          gym_id uuid not null constraint fk_gym_dumbbell_sets_gym_id_gyms references public.gyms (id) on delete cascade,
          mass numeric(8, 3) not null constraint ck_gym_dumbbell_sets_mass check (mass > 0),
          unit text not null constraint ck_gym_dumbbell_sets_unit check (unit {MASS_UNIT}),
          mass_g integer not null constraint ck_gym_dumbbell_sets_mass_g check (mass_g between 1 and 200000),
          pairs integer not null default 1 constraint ck_gym_dumbbell_sets_pairs check (pairs between 1 and 100),
          constraint ck_gym_dumbbell_sets_mass_g_agrees check ({MASS_G_AGREES}),
          constraint pk_gym_dumbbell_sets primary key (gym_id, unit, mass)
        )
        """
    )


def _inventory_table(table: str, max_g: int, max_pairs: int) -> None:
    op.execute(
        f"""
        create table public.{table} (
          user_id uuid not null,
          gym_id uuid not null,
          mass numeric(8, 3) not null constraint ck_{table}_mass check (mass > 0),
          unit text not null constraint ck_{table}_unit check (unit {MASS_UNIT}),
          mass_g integer not null constraint ck_{table}_mass_g check (mass_g between 1 and {max_g}),
          pairs integer not null constraint ck_{table}_pairs check (pairs between 1 and {max_pairs}),
          constraint ck_{table}_mass_g_agrees check ({MASS_G_AGREES}),
          constraint pk_{table} primary key (user_id, gym_id, unit, mass),
          constraint fk_{table}_user_id_user_gyms foreign key (user_id, gym_id)
            references public.user_gyms (user_id, gym_id) on delete cascade
        )
        """
    )


def _inventory() -> None:
    # Hanging off the membership: plates exist only while the person belongs to the gym.
    _inventory_table("user_gym_plates", 100_000, 100)
    _inventory_table("user_gym_miniweights", 5_000, 100)
    # One collar mass per bar type, plus at most one with no bar type: "any other bar".
    # NULLS NOT DISTINCT makes that null entry unique too; the surrogate key exists because
    # a primary key cannot hold the null. The unique index leads with user_id (the policies').
    op.execute(
        f"""
        create table public.user_gym_collars (
          id uuid constraint pk_user_gym_collars primary key default gen_random_uuid(),
          user_id uuid not null,
          gym_id uuid not null,
          bar_type_id uuid constraint fk_user_gym_collars_bar_type_id_bar_types
            references public.bar_types (id) on delete cascade,
          mass numeric(8, 3) not null constraint ck_user_gym_collars_mass check (mass >= 0),
          unit text not null constraint ck_user_gym_collars_unit check (unit {MASS_UNIT}),
          mass_g integer not null constraint ck_user_gym_collars_mass_g check (mass_g between 0 and 10000),
          constraint ck_user_gym_collars_mass_g_agrees check ({MASS_G_AGREES}),
          constraint uq_user_gym_collars_bar_type unique nulls not distinct (user_id, gym_id, bar_type_id),
          constraint fk_user_gym_collars_user_id_user_gyms foreign key (user_id, gym_id)
            references public.user_gyms (user_id, gym_id) on delete cascade
        )
        """
    )
    op.execute(
        "create index ix_user_gym_collars_bar_type_id on public.user_gym_collars (bar_type_id)"
    )


def _role_requests() -> None:
    op.execute(
        f"""
        create table public.gym_role_requests (
          id uuid constraint pk_gym_role_requests primary key default gen_random_uuid(),
          gym_id uuid not null
            constraint fk_gym_role_requests_gym_id_gyms references public.gyms (id) on delete cascade,
          user_id uuid not null
            constraint fk_gym_role_requests_user_id_users references auth.users (id) on delete cascade,
          requested_role text not null constraint ck_gym_role_requests_requested_role check (requested_role {GYM_ROLE}),
          status text not null default 'pending'
            constraint ck_gym_role_requests_status check (status in ('pending', 'approved', 'rejected')),
          note text constraint ck_gym_role_requests_note_length check (char_length(note) between 1 and 500),
          decided_by uuid
            constraint fk_gym_role_requests_decided_by_users references auth.users (id) on delete set null,
          decided_at timestamptz,
          decision_note text
            constraint ck_gym_role_requests_decision_note_length check (char_length(decision_note) between 1 and 500),
          created_at timestamptz not null default now(),
          constraint ck_gym_role_requests_decided_when_not_pending check ((status = 'pending') = (decided_at is null))
        )
        """
    )
    # One open request per person and gym: a second one is a 409, decided here.
    op.execute(
        "create unique index uq_gym_role_requests_pending on public.gym_role_requests (gym_id, user_id) "
        "where status = 'pending'"
    )
    op.execute(
        "create index ix_gym_role_requests_gym_id on public.gym_role_requests (gym_id, created_at, id)"
    )
    op.execute("create index ix_gym_role_requests_user_id on public.gym_role_requests (user_id)")
    op.execute(
        "create index ix_gym_role_requests_decided_by on public.gym_role_requests (decided_by)"
    )


def _is_gym_admin(table: str, roles: str = "('admin')") -> str:
    """The caller holds one of ``roles`` at this row's gym (index: gym_admins' primary key)."""
    return (
        "exists (select 1 from public.gym_admins ga "
        f"where ga.gym_id = {table}.gym_id and ga.user_id = (select auth.uid()) "
        f"and ga.role in {roles})"
    )


def _gym_policies() -> None:
    enable_rls("public.gyms")
    op.execute("grant select on public.gyms to authenticated")
    op.execute(
        "grant insert (id, name, address, city_id, latitude, longitude, time_zone, created_by) "
        "on public.gyms to authenticated"
    )
    op.execute(
        "grant update (name, address, city_id, latitude, longitude, time_zone) "
        "on public.gyms to authenticated"
    )
    op.execute("grant update (verified) on public.gyms to app_admin")
    op.execute("grant delete on public.gyms to app_admin")
    op.execute(
        "create policy gyms_select_all on public.gyms for select to authenticated using (true)"
    )
    op.execute(
        "create policy gyms_insert_own on public.gyms for insert to authenticated "
        "with check (created_by = (select auth.uid()) and not verified)"
    )
    is_admin = (
        "exists (select 1 from public.gym_admins ga where ga.gym_id = gyms.id "
        "and ga.user_id = (select auth.uid()) and ga.role = 'admin')"
    )
    op.execute(
        f"create policy gyms_update_gym_admin on public.gyms for update to authenticated "
        f"using ({is_admin}) with check ({is_admin})"
    )
    admin_policy("public.gyms", "all")


def _gym_admin_policies() -> None:
    enable_rls("public.gym_admins")
    op.execute("grant select, insert on public.gym_admins to authenticated")
    op.execute("grant update (role) on public.gym_admins to authenticated")
    op.execute("grant delete on public.gym_admins to app_admin")
    owner_policies("public.gym_admins", actions=("select",))
    by_gym_admin = "public.gym_role(gym_id) = 'admin'"
    op.execute(
        f"create policy gym_admins_select_gym_admin on public.gym_admins for select to authenticated "
        f"using ({by_gym_admin})"
    )
    # The founder: whoever created the gym, in the very transaction that created it.
    op.execute(
        "create policy gym_admins_insert_founder on public.gym_admins for insert to authenticated "
        "with check (user_id = (select auth.uid()) and role = 'admin' and exists ("
        "select 1 from public.gyms g where g.id = gym_admins.gym_id "
        "and g.created_by = (select auth.uid()) and g.created_at = now()))"
    )
    op.execute(
        f"create policy gym_admins_insert_gym_admin on public.gym_admins for insert to authenticated "
        f"with check ({by_gym_admin})"
    )
    op.execute(
        f"create policy gym_admins_update_gym_admin on public.gym_admins for update to authenticated "
        f"using ({by_gym_admin}) with check ({by_gym_admin})"
    )
    admin_policy("public.gym_admins", "all")


def _membership_policies() -> None:
    enable_rls("public.user_gyms")
    op.execute("grant select, insert, delete on public.user_gyms to authenticated")
    op.execute("grant update (is_default) on public.user_gyms to authenticated")
    owner_policies("public.user_gyms")
    op.execute("grant select on public.user_gyms to app_admin")
    admin_policy("public.user_gyms", "select")


def _gym_data_policies() -> None:
    staff = "('admin', 'staff')"
    for table in GYM_DATA_TABLES:
        qualified = f"public.{table}"
        enable_rls(qualified)
        op.execute(f"grant select, insert, update, delete on {qualified} to authenticated")
        op.execute(
            f"create policy {table}_select_all on {qualified} for select to authenticated using (true)"
        )
        check = _is_gym_admin(table, staff)
        op.execute(
            f"create policy {table}_insert_gym_staff on {qualified} for insert to authenticated "
            f"with check ({check})"
        )
        op.execute(
            f"create policy {table}_update_gym_staff on {qualified} for update to authenticated "
            f"using ({check}) with check ({check})"
        )
        op.execute(
            f"create policy {table}_delete_gym_staff on {qualified} for delete to authenticated "
            f"using ({check})"
        )
        admin_policy(qualified, "all")


def _inventory_policies() -> None:
    for table in INVENTORY_TABLES:
        qualified = f"public.{table}"
        enable_rls(qualified)
        op.execute(f"grant select, insert, update, delete on {qualified} to authenticated")
        owner_policies(qualified)


def _role_request_policies() -> None:
    table = "public.gym_role_requests"
    enable_rls(table)
    op.execute(f"grant select on {table} to authenticated")
    op.execute(
        f"grant insert (id, gym_id, user_id, requested_role, note) on {table} to authenticated"
    )
    op.execute(
        f"grant update (status, decided_by, decided_at, decision_note) on {table} to authenticated"
    )
    owner_policies(table, actions=("select",))
    op.execute(
        f"create policy gym_role_requests_insert_own on {table} for insert to authenticated "
        "with check (user_id = (select auth.uid()) and status = 'pending' "
        "and decided_by is null and decided_at is null)"
    )
    is_admin = _is_gym_admin("gym_role_requests")
    op.execute(
        f"create policy gym_role_requests_select_gym_admin on {table} for select to authenticated "
        f"using ({is_admin})"
    )
    # A gym admin decides pending requests of others, signing the decision with their own id.
    op.execute(
        f"create policy gym_role_requests_update_gym_admin on {table} for update to authenticated "
        f"using ({is_admin} and status = 'pending' and user_id <> (select auth.uid())) "
        f"with check ({is_admin} and decided_by = (select auth.uid()))"
    )
    admin_policy(table, "all")


def _audit_policy() -> None:
    """Gym admins who are not platform admins still write the audit row of their decision.

    See docs/adr/0004-gym-admin-audit.md: the row must describe a request the caller
    decided in this very transaction (decided_at = now()), with the status it now has.
    """
    actions = "('gym_role_request.approve', 'gym_role_request.reject')"
    op.execute("grant insert on public.admin_audit_log to authenticated")
    op.execute(
        "create policy admin_audit_log_insert_gym_decision on public.admin_audit_log "
        "for insert to authenticated with check ("
        "actor_id = (select auth.uid()) "
        f"and action in {actions} "
        "and target_table = 'gym_role_requests' "
        "and exists (select 1 from public.gym_role_requests r "
        "where r.decided_by = (select auth.uid()) and r.decided_at = now() "
        "and r.id::text = admin_audit_log.target_id "
        "and r.status = (admin_audit_log.after ->> 'status')))"
    )


def upgrade() -> None:
    _functions()
    _cities()
    _gyms()
    _gym_admins()
    _memberships()
    _gym_data()
    _inventory()
    _role_requests()
    _gym_policies()
    _gym_admin_policies()
    _membership_policies()
    _gym_data_policies()
    _inventory_policies()
    _role_request_policies()
    _audit_policy()


def downgrade() -> None:
    op.execute("drop policy admin_audit_log_insert_gym_decision on public.admin_audit_log")
    op.execute("revoke insert on public.admin_audit_log from authenticated")
    # This policy reads gym_admins, which is dropped before gyms (gyms is what it references).
    op.execute("drop policy gyms_update_gym_admin on public.gyms")
    for table in (
        "gym_role_requests",
        *INVENTORY_TABLES,
        *GYM_DATA_TABLES,
        "user_gyms",
        "gym_admins",
        "gyms",
        "cities",
    ):
        op.execute(f"drop table public.{table}")
    op.execute("drop function public.gym_role(uuid)")
    op.execute("drop function public.search_fold(text)")
