"""The walls of battles in SQL, as a request sees them (``authenticated`` with claims): who
reads a battle, its invitations and standings; what nobody but the triggers writes; only an
approved ambassador inserts a battle. (The generated attacks of tests/rls run on the sample
rows of the three tables as well.)"""

from __future__ import annotations

import datetime as dt
import uuid

import asyncpg
import pytest

from tests.rls.factories import approved_ambassador, insert_row, new_user
from tests.support import as_user


async def _battle(owner: asyncpg.Connection, ambassador: uuid.UUID) -> uuid.UUID:
    await approved_ambassador(owner, ambassador)
    now = dt.datetime.now(dt.UTC)
    row = await insert_row(
        owner,
        "public.battles",
        {
            "user_id": ambassador,
            "title": "Walls",
            "metric": "volume",
            "starts_at": now - dt.timedelta(days=1),
            "ends_at": now + dt.timedelta(days=1),
        },
    )
    battle_id: uuid.UUID = row["id"]
    return battle_id


async def _invite(owner: asyncpg.Connection, battle_id: uuid.UUID, user_id: uuid.UUID) -> None:
    inviter = await owner.fetchval("select user_id from public.battles where id = $1", battle_id)
    await insert_row(
        owner,
        "public.battle_invitations",
        {"user_id": user_id, "battle_id": battle_id, "invited_by": inviter},
    )


COUNTS = """
select (select count(*) from public.battles where id = $1),
       (select count(*) from public.battle_invitations where battle_id = $1),
       (select count(*) from public.battle_participants where battle_id = $1)
"""


async def test_who_reads_a_battle(owner: asyncpg.Connection, authenticator_dsn: str) -> None:
    amb, joined, invited, outsider = [await new_user(owner) for _ in range(4)]
    battle_id = await _battle(owner, amb)
    await _invite(owner, battle_id, joined)
    await _invite(owner, battle_id, invited)
    await owner.execute(
        "update public.battle_invitations set status = 'accepted' where user_id = $1", joined
    )
    expected = {
        amb: (1, 2, 1),  # the ambassador: every invitation
        joined: (1, 1, 1),  # the invited: their own invitation, every standing
        invited: (1, 1, 1),
        outsider: (0, 0, 0),
    }
    for person, counts in expected.items():
        async with as_user(authenticator_dsn, person) as conn:
            assert tuple(await conn.fetchrow(COUNTS, battle_id)) == counts


@pytest.mark.parametrize(
    "statement",
    [
        "insert into public.battle_participants (user_id, battle_id) values ($1, $2)",
        "update public.battle_participants set value = 10 where user_id = $1 and battle_id = $2",
        "update public.battles set winner_user_id = $1 where id = $2",
        "update public.battles set settled_at = now() where id = $2 and user_id = $1",
    ],
)
async def test_standings_and_outcomes_are_the_databases(
    owner: asyncpg.Connection, authenticator_dsn: str, statement: str
) -> None:
    amb, person = await new_user(owner), await new_user(owner)
    battle_id = await _battle(owner, amb)
    await _invite(owner, battle_id, person)
    await owner.execute(
        "update public.battle_invitations set status = 'accepted' where user_id = $1", person
    )
    for who in (person, amb):
        async with as_user(authenticator_dsn, who) as conn:
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await conn.execute(statement, who, battle_id)


async def test_only_an_approved_ambassador_inserts_a_battle(
    owner: asyncpg.Connection, authenticator_dsn: str
) -> None:
    applied, approved = await new_user(owner), await new_user(owner)
    await owner.execute(
        "insert into public.ambassador_profiles (user_id, region, pitch) values ($1, 'FR', 'x')",
        applied,
    )
    await approved_ambassador(owner, approved)
    insert = (
        "insert into public.battles (user_id, title, metric, starts_at, ends_at) "
        "values ($1, 'x', 'sets', now(), now() + interval '1 day')"
    )
    async with as_user(authenticator_dsn, applied) as conn:
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute(insert, applied)
    async with as_user(authenticator_dsn, approved) as conn:
        assert await conn.execute(insert, approved) == "INSERT 0 1"


async def test_an_invitee_answers_once_and_only_their_own(
    owner: asyncpg.Connection, authenticator_dsn: str
) -> None:
    amb, person, other = [await new_user(owner) for _ in range(3)]
    battle_id = await _battle(owner, amb)
    await _invite(owner, battle_id, person)
    await _invite(owner, battle_id, other)
    answer = "update public.battle_invitations set status = $2 where user_id = $1"
    async with as_user(authenticator_dsn, person) as conn:
        assert await conn.execute(answer, other, "accepted") == "UPDATE 0"
        # Expired is stored by the settling job alone.
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute(answer, person, "expired")
    async with as_user(authenticator_dsn, amb) as conn:
        assert await conn.execute(answer, person, "accepted") == "UPDATE 0"
    async with as_user(authenticator_dsn, person) as conn:
        assert await conn.execute(answer, person, "declined") == "UPDATE 1"
        assert (
            await conn.fetchval(
                "select count(*) from public.battle_participants where user_id = $1", person
            )
            == 0
        )
