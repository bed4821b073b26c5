"""What a coach reads of a client and does for them, each behind the scope the client
granted: the link is checked here (404 without it) and RLS holds the same rule."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import asyncpg

from ironbase.coaching.clients import repository as repo
from ironbase.coaching.clients.schemas import ProgramAssign
from ironbase.coaching.links import service as links
from ironbase.db.pg import Transactions, Tx
from ironbase.fitness.profile.vocabulary import TrainingGoal
from ironbase.fitness.readiness import service as readiness
from ironbase.kit.caller import SignedIn
from ironbase.kit.errors import InvalidInput, NotFound
from ironbase.kit.pagination import CursorKind, PageCursor, Timestamp, Uuid
from ironbase.kit.units import MassUnit
from ironbase.programs import assigning, coachlog
from ironbase.training.stats import service as stats
from ironbase.training.workouts import service as workouts

NOTES_BY_CREATED = CursorKind("coaching.notes.created", (Timestamp(), Uuid()))


async def client_workouts(
    tx: Tx,
    coach: SignedIn,
    client_id: uuid.UUID,
    cursor: PageCursor,
    *,
    since: dt.datetime | None,
    until: dt.datetime | None,
    limit: int,
    summary: bool,
    asked: MassUnit | None,
) -> dict[str, Any]:
    cursor.after(workouts.WORKOUTS_BY_STARTED)  # a bad cursor is 422 whoever asks
    await links.require_scope(tx, coach, client_id, "training:read")
    return await workouts.list_workouts(
        tx, coach, cursor, since=since, until=until, limit=limit, summary=summary,
        asked=asked, owner=client_id,
    )  # fmt: skip


async def client_records(
    transaction: Transactions, coach: SignedIn, client_id: uuid.UUID, unit: MassUnit | None
) -> dict[str, Any]:
    async with transaction() as tx:
        await links.require_scope(tx, coach, client_id, "training:read")
    return await stats.get_records(transaction, coach, unit, owner=client_id)


async def client_readiness(
    tx: Tx,
    coach: SignedIn,
    client_id: uuid.UUID,
    cursor: PageCursor,
    *,
    since: dt.date | None,
    until: dt.date | None,
    limit: int,
    now: dt.datetime,
) -> dict[str, Any]:
    cursor.after(readiness.CHECKINS_BY_DAY)  # a bad cursor is 422 whoever asks
    await links.require_scope(tx, coach, client_id, "readiness:read")
    return await readiness.list_checkins(
        tx, coach, cursor, since=since, until=until, limit=limit, now=now, owner=client_id
    )


async def assign_program(
    tx: Tx, coach: SignedIn, client_id: uuid.UUID, body: ProgramAssign
) -> dict[str, Any]:
    await links.require_scope(tx, coach, client_id, "programs:write")
    try:
        if body.program_id is not None:
            return await assigning.assign_program(tx, coach, client_id, body.program_id, body.title)
        assert body.template_id is not None
        return await assigning.assign_template(
            tx, coach, client_id, body.template_id, title=body.title, weeks=body.weeks or 4,
            weekday=body.weekday or 1, goal=body.goal or TrainingGoal.general_fitness,
        )  # fmt: skip
    except asyncpg.InsufficientPrivilegeError:
        # The policy on prescriptions: a client's program prescribes catalog exercises only.
        raise InvalidInput(
            "program_id", "It prescribes your own exercises: a client's uses catalog ones."
        ) from None


async def add_note(
    tx: Tx, coach: SignedIn, client_id: uuid.UUID, workout_id: uuid.UUID, body: str
) -> dict[str, Any]:
    await links.require_scope(tx, coach, client_id, "comments:write")
    try:
        row = await repo.insert(tx, coach.user_id, client_id, workout_id, body)
    except asyncpg.ForeignKeyViolationError:
        raise NotFound("Workout") from None
    await coachlog.record_note(tx, coach, client_id, workout_id, row["id"])
    return dict(row)


async def notes_on_workout(
    tx: Tx, caller: SignedIn, workout_id: uuid.UUID, cursor: PageCursor, limit: int
) -> dict[str, Any]:
    """The notes the caller's coaches left on the caller's workout, oldest first."""
    key = cursor.after(NOTES_BY_CREATED)
    after = None if key is None else (key[0], key[1])
    rows = await repo.on_workout(tx, caller.user_id, workout_id, after, limit + 1)
    items, next_cursor = cursor.page(
        rows, limit, NOTES_BY_CREATED, lambda r: (r["created_at"], r["id"])
    )
    return {"items": [dict(r) for r in items], "next_cursor": next_cursor}


async def coach_log(tx: Tx, caller: SignedIn, cursor: PageCursor, limit: int) -> dict[str, Any]:
    return await coachlog.list_log(tx, caller, cursor, limit)


async def list_clients(tx: Tx, caller: SignedIn, cursor: PageCursor, limit: int) -> dict[str, Any]:
    return await links.list_clients(tx, caller, cursor, limit)
