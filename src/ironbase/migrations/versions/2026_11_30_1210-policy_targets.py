"""Policies check what a row points to: equipment links only onto one's own exercises.

Revision ID: 0004e_policy_targets
Revises: 0004d_roles_and_audit_chain
Create Date: 2026-11-30

``exercise_equipment_profiles_insert_own`` checked only ``user_id``, so anyone signed in
could hang links with their own ``user_id`` onto another person's private exercise or a
catalog exercise (taking the catalog's (exercise, equipment) key). The new check also
requires the parent exercise to be the caller's. The lookup is by ``exercises``' primary
key, and ``exercises``' own RLS applies inside it as well.

Audited with it (no change needed): the plates, miniweights and collars of a gym carry
a composite foreign key ``(user_id, gym_id) -> user_gyms``, so they can only hang off the
caller's own membership; memberships and role requests point at gyms, which are public;
``gym_admins`` rows are written by the gym's founder or admins only (``gym_role``).
"""

from collections.abc import Sequence

from ironbase.migrations.helpers import replace_policy

revision: str = "0004e_policy_targets"
down_revision: str | None = "0004d_roles_and_audit_chain"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "public.exercise_equipment_profiles"
POLICY = "exercise_equipment_profiles_insert_own"
OWN = "user_id = (select auth.uid())"
OWN_EXERCISE = (
    "exists (select 1 from public.exercises e "
    "where e.id = exercise_equipment_profiles.exercise_id and e.user_id = (select auth.uid()))"
)


def upgrade() -> None:
    replace_policy(
        TABLE, POLICY, f"for insert to authenticated with check ({OWN} and {OWN_EXERCISE})"
    )


def downgrade() -> None:
    replace_policy(TABLE, POLICY, f"for insert to authenticated with check ({OWN})")
