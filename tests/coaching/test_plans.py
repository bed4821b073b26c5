"""The coach policies keep the indexes: the owner's own list of workouts and the coach's
list of a client's both read ``ix_workouts_started_at``, and the coach's link lookup reads
``ix_coach_client_links_coach_active`` once (an uncorrelated sub-plan, not a per-row call).

Sequential scans are switched off so the tiny test tables cannot hide a policy that would
defeat the index: such a policy still plans a sequential scan."""

from __future__ import annotations

import uuid

import httpx

from tests.coaching.conftest import client_with_data, coach, link
from tests.support import as_user

LIST = (
    "explain (costs off) select id from public.workouts where user_id = $1 "
    "order by started_at desc, id desc limit 20"
)


async def _plan(authenticator_dsn: str, reader: uuid.UUID, owner: uuid.UUID) -> str:
    async with as_user(authenticator_dsn, reader) as conn:
        await conn.execute("set local enable_seqscan = off")
        rows = await conn.fetch(LIST, owner)
    return "\n".join(r[0] for r in rows)


async def test_owner_and_coach_queries_use_the_indexes(
    client: httpx.AsyncClient, owner_url: str, authenticator_dsn: str
) -> None:
    person, _ = await client_with_data(client)
    mentor = await coach(client)
    await link(client, person, mentor, ("training:read",), "active", owner_url)
    own = await _plan(authenticator_dsn, person.id, person.id)
    assert "ix_workouts_started_at" in own, own
    assert "Seq Scan" not in own, own
    coached = await _plan(authenticator_dsn, mentor.id, person.id)
    assert "ix_workouts_started_at" in coached, coached
    assert "ix_coach_client_links_coach_active" in coached, coached
    assert "Seq Scan" not in coached, coached
    # The sub-select is planned once (hashed or an init/sub plan), never per row through a
    # function on user_id.
    assert "coach_scope" not in coached
    assert "SubPlan" in coached or "InitPlan" in coached or "Join" in coached, coached
