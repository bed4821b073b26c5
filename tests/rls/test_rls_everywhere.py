"""Every table in every schema the API reaches has RLS enabled and forced, except an explicit
allow-list of read-only reference tables; every policy on people's rows binds the row to the
caller by meaning (parsed, see ``predicates.py``); the API's login cannot bypass any of it."""

from __future__ import annotations

import asyncpg

from tests.rls.predicates import bare_uid_calls, binds_caller, normalized
from tests.rls.shapes import NON_SYSTEM, table_shape, user_table_names

# Reference tables: readable by everyone signed in, writable by nobody through the API.
PUBLIC_REFERENCE_TABLES = {"alembic_version"}


async def test_every_table_has_forced_rls(owner_url: str) -> None:
    conn = await asyncpg.connect(owner_url)
    try:
        rows = await conn.fetch(
            "select case n.nspname when 'public' then c.relname "
            "else format('%I.%I', n.nspname, c.relname) end as relname, "
            "c.relrowsecurity, c.relforcerowsecurity "
            "from pg_class c join pg_namespace n on n.oid = c.relnamespace "
            f"where {NON_SYSTEM} and c.relkind in ('r', 'p')"
        )
    finally:
        await conn.close()
    assert rows, "no tables found: the migrations did not run"
    unprotected = sorted(
        r["relname"]
        for r in rows
        if not (r["relrowsecurity"] and r["relforcerowsecurity"])
        and r["relname"] not in PUBLIC_REFERENCE_TABLES
    )
    assert unprotected == []


async def test_reference_tables_are_read_only_for_request_roles(owner_url: str) -> None:
    conn = await asyncpg.connect(owner_url)
    try:
        writable = await conn.fetch(
            "select table_name, grantee, privilege_type from information_schema.role_table_grants "
            "where table_schema = 'public' and table_name = any($1::text[]) "
            "and grantee in ('anon', 'authenticated', 'app_admin', 'auth_service') "
            "and privilege_type in ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE')",
            sorted(PUBLIC_REFERENCE_TABLES),
        )
    finally:
        await conn.close()
    assert [tuple(r) for r in writable] == []


async def _policies(owner_url: str) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(owner_url)
    try:
        return list(
            await conn.fetch(
                "select format('%I.%I', schemaname, tablename) as table_name, policyname, "
                "roles::text[] as roles, qual, with_check from pg_policies "
                "where schemaname not in ('pg_catalog', 'information_schema')"
            )
        )
    finally:
        await conn.close()


def _predicates(row: asyncpg.Record) -> list[str]:
    return [text for text in (row["qual"], row["with_check"]) if text is not None]


async def test_policies_use_the_subselect_form(owner_url: str) -> None:
    """``auth.uid()`` bare in a policy is evaluated per row; it must be wrapped in a select."""
    rows = await _policies(owner_url)
    assert rows, "no policies found"
    bare = [
        (r["table_name"], r["policyname"])
        for r in rows
        if any(bare_uid_calls(text) for text in _predicates(r))
    ]
    assert bare == []


async def test_api_login_is_not_privileged(authenticator_dsn: str) -> None:
    conn = await asyncpg.connect(authenticator_dsn)
    try:
        row = await conn.fetchrow(
            "select current_user as name, rolsuper, rolbypassrls, rolinherit, "
            "pg_has_role(current_user, 'ironbase_owner', 'MEMBER') as owner_member "
            "from pg_roles where rolname = current_user"
        )
        owned = await conn.fetchval(
            "select count(*) from pg_class "
            "where relowner = (select oid from pg_roles where rolname = current_user)"
        )
    finally:
        await conn.close()
    assert row["name"] == "authenticator"
    assert row["rolsuper"] is False
    assert row["rolbypassrls"] is False
    assert row["rolinherit"] is False
    assert row["owner_member"] is False
    assert owned == 0


# Policies on people's rows that do not bind the row to the caller, on purpose. Each is
# pinned to its predicate: widening one fails here until someone updates this list.
SHARED_CATALOG = "user_id IS NULL"
# The caller is an admin of the row's gym: gym admins run the gym's rows of other people.
GYM_ADMIN = (
    "EXISTS (SELECT 1 FROM gym_admins AS ga WHERE ga.gym_id = {gym} "
    "AND ga.user_id = (SELECT auth.uid() AS uid) AND ga.role = CAST('admin' AS text))"
)
GYM_ROLE_ADMIN = "gym_role(gym_id) = CAST('admin' AS text)"
REQUEST_ADMIN = GYM_ADMIN.format(gym="gym_role_requests.gym_id")
ALLOWED_UNBOUND: dict[tuple[str, str], tuple[str, list[str]]] = {
    ("public.exercises", "exercises_read_catalog"): ("catalog rows", [SHARED_CATALOG]),
    ("public.exercise_equipment_profiles", "exercise_equipment_profiles_read_catalog"): (
        "catalog rows",
        [SHARED_CATALOG],
    ),
    ("public.gyms", "gyms_select_all"): ("gyms are public", ["TRUE"]),
    ("public.gyms", "gyms_update_gym_admin"): (
        "a gym's admins edit it",
        [GYM_ADMIN.format(gym="gyms.id")] * 2,
    ),
    ("public.gym_admins", "gym_admins_select_gym_admin"): (
        "admins see their staff",
        [GYM_ROLE_ADMIN],
    ),
    ("public.gym_admins", "gym_admins_insert_gym_admin"): ("admins appoint", [GYM_ROLE_ADMIN]),
    ("public.gym_admins", "gym_admins_update_gym_admin"): (
        "admins change roles",
        [GYM_ROLE_ADMIN] * 2,
    ),
    ("public.gym_role_requests", "gym_role_requests_select_gym_admin"): (
        "admins see requests to their gym",
        [REQUEST_ADMIN],
    ),
    ("public.gym_role_requests", "gym_role_requests_update_gym_admin"): (
        "admins decide others' pending requests, signing with their own id",
        [
            f"{REQUEST_ADMIN} AND status = CAST('pending' AS text) "
            "AND user_id <> (SELECT auth.uid() AS uid)",
            f"{REQUEST_ADMIN} AND decided_by = (SELECT auth.uid() AS uid)",
        ],
    ),
}
# Social: the other side of a friendship or block, cards and posts others may see.
UID = "(SELECT auth.uid() AS uid)"


def _blocked_with(row: str) -> str:
    return (
        f"EXISTS (SELECT 1 FROM social_blocks AS b WHERE (b.user_id = {UID} AND "
        f"b.blocked_id = {row}) OR (b.user_id = {row} AND b.blocked_id = {UID}))"
    )


OTHER_SIDE = f"friend_id = {UID}"
ALLOWED_UNBOUND.update(
    {
        ("public.social_blocks", "social_blocks_select_blocked"): (
            "the blocked person's policies must see the block to hide both ways",
            [f"blocked_id = {UID}"],
        ),
        ("public.social_profiles", "social_profiles_select_card"): (
            "cards are public, except across a block",
            [f"NOT {_blocked_with('social_profiles.user_id')}"],
        ),
        ("public.social_friendships", "social_friendships_select_other_side"): (
            "both people see their friendship; an email request stays hidden from its sender",
            [
                f"{OTHER_SIDE} AND (status = CAST('accepted' AS text) OR NOT by_email "
                f"OR requested_by <> {UID})"
            ],
        ),
        ("public.social_friendships", "social_friendships_insert_other_side"): (
            "a request writes the requested person's row, pending, signed by the requester",
            [
                f"{OTHER_SIDE} AND requested_by = {UID} AND status = CAST('pending' AS text) "
                f"AND NOT by_email AND NOT {_blocked_with('social_friendships.user_id')}"
            ],
        ),
        ("public.social_friendships", "social_friendships_update_other_side"): (
            "the requested person accepts the requester's row too",
            [
                OTHER_SIDE,
                f"{OTHER_SIDE} AND requested_by <> {UID} AND status = CAST('accepted' AS text)",
            ],
        ),
        ("public.social_friendships", "social_friendships_delete_other_side"): (
            "either person ends a friendship or request",
            [OTHER_SIDE],
        ),
        ("public.social_post_comments", "social_post_comments_select_visible"): (
            "comments are read with their post, never across a block with their writer",
            [
                "EXISTS (SELECT 1 FROM social_posts AS p WHERE p.user_id = "
                "social_post_comments.post_user_id AND p.id = social_post_comments.post_id) "
                f"AND NOT {_blocked_with('social_post_comments.user_id')}"
            ],
        ),
        ("public.social_post_comments", "social_post_comments_delete_on_own_post"): (
            "a post's author removes comments on it",
            [f"post_user_id = {UID}"],
        ),
        ("public.social_posts", "social_posts_select_visible"): (
            "posts: the author, friends (friends, public) and everyone (public), never blocked",
            [
                f"hidden_at IS NULL AND (user_id = {UID} OR (visibility = ANY(ARRAY["
                "CAST('friends' AS text), CAST('public' AS text)]) AND EXISTS (SELECT 1 FROM "
                f"social_friendships AS f WHERE f.user_id = {UID} AND "
                "f.friend_id = social_posts.user_id AND f.status = CAST('accepted' AS text))) "
                "OR (visibility = CAST('public' AS text) AND "
                f"NOT {_blocked_with('social_posts.user_id')}))"
            ],
        ),
    }
)
# Challenges: who sees one is its visibility, not only its creator (migration 0016).
CHALLENGE_VISIBLE = "EXISTS (SELECT 1 FROM challenges AS c WHERE c.id = {table}.challenge_id)"
ALLOWED_UNBOUND.update(
    {
        ("public.challenges", "challenges_select_public"): (
            "public challenges are everyone's",
            ["visibility = CAST('public' AS text)"],
        ),
        ("public.challenges", "challenges_select_gym"): (
            "a gym's challenges are its members'",
            [
                "visibility = CAST('gym' AS text) AND EXISTS (SELECT 1 FROM user_gyms AS g "
                "WHERE g.gym_id = challenges.gym_id AND g.user_id = (SELECT auth.uid() AS uid))"
            ],
        ),
        ("public.challenges", "challenges_select_friends"): (
            "the creator's friends see a friends' challenge",
            [
                "visibility = CAST('friends' AS text) AND EXISTS (SELECT 1 FROM "
                "social_friendships AS f WHERE f.user_id = (SELECT auth.uid() AS uid) "
                "AND f.friend_id = challenges.user_id AND f.status = CAST('accepted' AS text))"
            ],
        ),
        ("public.challenges", "challenges_select_participant"): (
            "the invited and the participants see their challenges",
            ["id IN (SELECT my_challenge_ids() AS my_challenge_ids)"],
        ),
        ("public.challenge_participants", "challenge_participants_select_visible"): (
            "who sees a challenge sees its participants",
            [CHALLENGE_VISIBLE.format(table="challenge_participants")],
        ),
        ("public.challenge_participants", "challenge_participants_insert_invite"): (
            "the creator of an invite-only challenge invites people",
            [
                "status = CAST('invited' AS text) AND EXISTS (SELECT 1 FROM challenges AS c "
                "WHERE c.id = challenge_participants.challenge_id "
                "AND c.user_id = (SELECT auth.uid() AS uid) "
                "AND c.visibility = CAST('invite' AS text))"
            ],
        ),
    }
)
# Coaching (0019): a coach reads a client's rows through an active link with the scope.


def _coached(scope: str) -> str:
    """The owner is the caller's client through an active, unexpired link with ``scope``."""
    return (
        f"user_id IN (SELECT l.user_id FROM coach_client_links AS l WHERE l.coach_id = {UID} "
        f"AND l.status = CAST('active' AS text) AND CAST('{scope}' AS text) = ANY(l.scopes) "
        "AND (l.expires_at IS NULL OR l.expires_at > now()))"
    )


def _coach_draft(table: str) -> str:
    return (
        f"EXISTS (SELECT 1 FROM ai_programs AS p WHERE p.user_id = {table}.user_id "
        f"AND p.id = {table}.program_id AND p.created_by = CAST('coach' AS program_creator) "
        "AND p.status = CAST('draft' AS program_status))"
    )


COACH_SIDE = f"coach_id = {UID}"
_PX = "ai_program_workout_exercises"
ALLOWED_UNBOUND.update(
    {
        ("public.mentor_profiles", "mentor_profiles_select_public"): (
            "mentor profiles are public, without a token too",
            ["TRUE"],
        ),
        ("public.coach_client_links", "coach_client_links_select_coach"): (
            "the coach sees the links naming them",
            [COACH_SIDE],
        ),
        ("public.coach_client_links", "coach_client_links_insert_coach"): (
            "a coach asks a client: pending, signed as the coach, no scopes (the client's choice)",
            [
                f"{COACH_SIDE} AND requested_by = CAST('coach' AS text) "
                "AND status = CAST('pending' AS text) AND scopes = CAST('{}' AS text[])"
            ],
        ),
        ("public.coach_client_links", "coach_client_links_update_coach"): (
            "the coach accepts or ends a link (the guard trigger refuses scope or expiry changes)",
            [COACH_SIDE, COACH_SIDE],
        ),
        ("public.coach_client_link_events", "coach_client_link_events_select_coach"): (
            "the coach sees the history of the links naming them",
            [COACH_SIDE],
        ),
        ("public.coach_notes", "coach_notes_select_client"): (
            "the client reads the notes on their workouts",
            [f"client_id = {UID}"],
        ),
        **{
            (f"public.{table}", f"{table}_select_coach"): (
                f"a coach reads a client's {table} with {scope}",
                [_coached(scope)],
            )
            for table, scope in (
                ("workouts", "training:read"),
                ("workout_exercises", "training:read"),
                ("workout_sets", "training:read"),
                ("readiness_checkins", "readiness:read"),
                ("ai_programs", "programs:write"),
                ("ai_program_weeks", "programs:write"),
                ("ai_program_workouts", "programs:write"),
                (_PX, "programs:write"),
            )
        },
        ("public.ai_programs", "ai_programs_insert_coach"): (
            "a coach with programs:write writes a client's draft, made by a coach",
            [
                f"{_coached('programs:write')} AND created_by = CAST('coach' AS program_creator) "
                "AND status = CAST('draft' AS program_status)"
            ],
        ),
        **{
            (f"public.{table}", f"{table}_insert_coach"): (
                "a coach with programs:write fills a coach's draft of the client",
                [f"{_coached('programs:write')} AND {_coach_draft(table)}"],
            )
            for table in ("ai_program_weeks", "ai_program_workouts")
        },
        (f"public.{_PX}", f"{_PX}_insert_coach"): (
            "a coach's draft prescribes catalog exercises only",
            [
                f"{_coached('programs:write')} AND EXISTS (SELECT 1 FROM ai_program_workouts AS pw "
                "INNER JOIN ai_programs AS p ON p.user_id = pw.user_id AND p.id = pw.program_id "
                f"WHERE pw.user_id = {_PX}.user_id AND pw.id = {_PX}.program_workout_id "
                "AND p.created_by = CAST('coach' AS program_creator) "
                "AND p.status = CAST('draft' AS program_status)) AND EXISTS (SELECT 1 FROM "
                f"exercises AS e WHERE e.id = {_PX}.exercise_id AND e.user_id IS NULL)"
            ],
        ),
        ("public.coach_logs", "coach_logs_insert_coach"): (
            "a coach signs an assignment (programs:write) or a note (comments:write) entry",
            [
                f"actor_id = {UID} AND ((kind = CAST('assign' AS text) AND "
                f"{_coached('programs:write')}) OR (kind = CAST('note' AS text) AND "
                f"{_coached('comments:write')}))"
            ],
        ),
    }
)

# Ambassadors (0020).

# Battles (0021): the ambassador and the invited see a battle and its standings; the
# ambassador invites others into their own battle.
BATTLE_MINE = "b.id = battle_invitations.battle_id AND b.user_id = (SELECT auth.uid() AS uid)"
ALLOWED_UNBOUND.update(
    {
        ("public.battles", "battles_select_invited"): (
            "the invited and the participants see their battles",
            ["id IN (SELECT my_battle_ids() AS my_battle_ids)"],
        ),
        ("public.battle_invitations", "battle_invitations_select_ambassador"): (
            "a battle's ambassador sees its invitations",
            [f"EXISTS (SELECT 1 FROM battles AS b WHERE {BATTLE_MINE})"],
        ),
        ("public.battle_invitations", "battle_invitations_insert_ambassador"): (
            "a battle's ambassador invites others, in their own name",
            [
                "invited_by = (SELECT auth.uid() AS uid) AND user_id <> (SELECT auth.uid() AS uid) "
                f"AND EXISTS (SELECT 1 FROM battles AS b WHERE {BATTLE_MINE})"
            ],
        ),
        ("public.battle_participants", "battle_participants_select_visible"): (
            "who sees a battle sees its standings",
            ["EXISTS (SELECT 1 FROM battles AS b WHERE b.id = battle_participants.battle_id)"],
        ),
    }
)

# Commissions (0022): a gym's admins see and decide the deals ambassadors propose to it
# (the transition trigger signs the step and allows only accept, decline or end).
DEAL_GYM_ADMIN = GYM_ADMIN.format(gym="ambassador_gym_deals.gym_id")
ALLOWED_UNBOUND.update(
    {
        ("public.ambassador_gym_deals", "ambassador_gym_deals_select_gym_admin"): (
            "a gym's admins see the deals proposed to their gym",
            [DEAL_GYM_ADMIN],
        ),
        ("public.ambassador_gym_deals", "ambassador_gym_deals_update_gym_admin"): (
            "a gym's admins accept, decline or end the deals of their gym",
            [DEAL_GYM_ADMIN] * 2,
        ),
    }
)

# Roles a policy may apply to that serve people's requests ("public" is every role).
REQUEST_ROLES = {"authenticated", "anon", "public"}


async def _owner_columns(owner_url: str) -> dict[str, str]:
    conn = await asyncpg.connect(owner_url)
    try:
        return {
            name: (await table_shape(conn, name)).owner_column
            for name in await user_table_names(conn)
        }
    finally:
        await conn.close()


async def test_policies_on_peoples_rows_are_bound_to_the_caller(owner_url: str) -> None:
    """Parsed, not searched: ``user_id is null or ...`` or ``using (true)`` fails here.

    Every predicate of a request role's policy on a table with people's rows must be a
    conjunction with ``<owner column> = (SELECT auth.uid())`` among its terms, or be one of
    the pinned exceptions above.
    """
    owners = await _owner_columns(owner_url)
    rows = [
        r
        for r in await _policies(owner_url)
        if r["table_name"] in owners and REQUEST_ROLES & set(r["roles"])
    ]
    assert len(rows) >= 20, "expected the user tables' policies"
    unbound, seen = [], set()
    for r in rows:
        key = (r["table_name"], r["policyname"])
        texts = [t for t in _predicates(r) if not binds_caller(t, owners[r["table_name"]])]
        if not texts:
            continue
        seen.add(key)
        pinned = ALLOWED_UNBOUND.get(key)
        if pinned is None or [normalized(t) for t in texts] != pinned[1]:
            unbound.append((*key, [normalized(t) for t in texts]))
    assert unbound == [], "\n".join(map(repr, unbound))
    assert sorted(ALLOWED_UNBOUND.keys() - seen) == [], "stale exceptions"
