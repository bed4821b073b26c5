"""What the training log's tables enforce themselves (migrations 0005, 0005b; docs/adr/0007):
range checks, children bound to the same person's parents, catalog or own exercises, and a
per-person change log in commit order with tombstones.

The generated isolation attacks (tests/rls) cover reads and writes across people; these
cover what they skip or allow on purpose."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg
import pytest

from tests.rls.factories import FACTORIES, new_user
from tests.support import as_user

pytestmark = pytest.mark.usefixtures("seeded_catalog")


async def make(owner: asyncpg.Connection, table: str, user: uuid.UUID) -> dict[str, Any]:
    return await FACTORIES[f"public.{table}"](owner, user)


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("rpe", 11),
        ("rpe", 0.5),
        ("rpe", 8.3),
        ("reps", -1),
        ("reps", 1001),
        ("weight_g", 1_000_001),
        ("weight_g", -1),
        ("rir", 11),
        ("duration_s", -1),
        ("distance_m", -5),
        ("set_type", "superset"),
        ("unit", "stone"),
    ],
)
async def test_sets_refuse_unrealistic_values(
    owner: asyncpg.Connection, column: str, value: Any
) -> None:
    row = await make(owner, "workout_sets", await new_user(owner))
    with pytest.raises(asyncpg.CheckViolationError):
        await owner.execute(
            f"update workout_sets set {column} = $1 where user_id = $2 and id = $3",
            value,
            row["user_id"],
            row["id"],
        )


async def test_sets_take_realistic_values(owner: asyncpg.Connection) -> None:
    row = await make(owner, "workout_sets", await new_user(owner))
    status = await owner.execute(
        "update workout_sets set rpe = 9.5, reps = 0, weight_g = 1000000, rir = 0, "
        "set_type = 'amrap', duration_s = 0, distance_m = 0 where user_id = $1 and id = $2",
        row["user_id"],
        row["id"],
    )
    assert status == "UPDATE 1"


async def test_a_workout_cannot_end_before_it_starts(owner: asyncpg.Connection) -> None:
    row = await make(owner, "workouts", await new_user(owner))
    with pytest.raises(asyncpg.CheckViolationError):
        await owner.execute(
            "update workouts set ended_at = started_at - interval '1 minute' "
            "where user_id = $1 and id = $2",
            row["user_id"],
            row["id"],
        )


async def test_a_set_cannot_hang_off_another_persons_exercise(
    owner: asyncpg.Connection, authenticator_dsn: str
) -> None:
    """With one's own user_id the policy passes: the (user_id, ...) foreign key refuses."""
    victim, attacker = await new_user(owner), await new_user(owner)
    theirs = await make(owner, "workout_exercises", victim)
    async with as_user(authenticator_dsn, attacker) as conn:
        with pytest.raises(asyncpg.ForeignKeyViolationError):
            await conn.execute(
                "insert into workout_sets (user_id, workout_exercise_id, position, reps) "
                "values ($1, $2, 0, 5)",
                attacker,
                theirs["id"],
            )


async def test_catalog_exercises_can_be_logged(
    owner: asyncpg.Connection, authenticator_dsn: str
) -> None:
    """The isolation attacks skip catalog parents for these tables: allowed on purpose."""
    user = await new_user(owner)
    workout = await make(owner, "workouts", user)
    catalog = await owner.fetchval("select id from exercises where user_id is null limit 1")
    async with as_user(authenticator_dsn, user) as conn:
        status = await conn.execute(
            "insert into workout_exercises (user_id, workout_id, exercise_id, position) "
            "values ($1, $2, $3, 0)",
            user,
            workout["id"],
            catalog,
        )
        mapped = await conn.execute(
            "insert into exercise_name_mappings (user_id, name, exercise_id) "
            "values ($1, 'bench press (barbell)', $2)",
            user,
            catalog,
        )
    assert (status, mapped) == ("INSERT 0 1", "INSERT 0 1")


async def test_changes_are_numbered_per_person_with_tombstones(
    owner: asyncpg.Connection, authenticator_dsn: str
) -> None:
    user = await new_user(owner)
    made = await make(owner, "workout_sets", user)
    await owner.execute("update workout_sets set reps = 6 where user_id = $1", user)
    await owner.execute("delete from workouts where user_id = $1", user)
    async with as_user(authenticator_dsn, user) as conn:
        log = await conn.fetch(
            "select seq, table_name, op, row_id from training_changes order by seq"
        )
    seqs = [r["seq"] for r in log]
    assert seqs == list(range(1, len(seqs) + 1))
    changes = [(r["table_name"], r["op"]) for r in log]
    # Factory order: template, workout, exercise, set; then the update and the cascade.
    assert changes[-5:] == [
        ("workout_sets", "upsert"),
        ("workout_sets", "upsert"),
        ("workouts", "delete"),
        ("workout_exercises", "delete"),
        ("workout_sets", "delete"),
    ]
    assert log[-1]["row_id"] == made["id"]
    assert await owner.fetchval(
        "select last_seq from training_change_heads where user_id = $1", user
    ) == len(seqs)


async def test_the_log_is_written_by_the_triggers_only(
    owner: asyncpg.Connection, authenticator_dsn: str
) -> None:
    user = await new_user(owner)
    async with as_user(authenticator_dsn, user) as conn:
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute(
                "insert into training_changes (user_id, seq, table_name, row_id, op) "
                "values ($1, 1, 'workouts', gen_random_uuid(), 'delete')",
                user,
            )


async def test_one_persons_writers_append_one_at_a_time(
    owner: asyncpg.Connection, owner_url: str
) -> None:
    """The head row stays locked until commit, so seq order is commit order per person."""
    user = await new_user(owner)
    template = await make(owner, "workout_templates", user)
    other = await asyncpg.connect(owner_url)
    first = owner.transaction()
    await first.start()
    try:
        await owner.execute(
            "update workout_templates set name = 'A' where user_id = $1 and id = $2",
            user,
            template["id"],
        )
        async with other.transaction():
            await other.execute("set local lock_timeout = '200ms'")
            with pytest.raises(asyncpg.LockNotAvailableError):
                await other.execute(
                    "insert into workout_templates (user_id, name) values ($1, 'B')", user
                )
    finally:
        await first.rollback()
        await other.close()


async def test_deleting_an_account_takes_its_log(owner: asyncpg.Connection) -> None:
    user = await new_user(owner)
    await make(owner, "workout_sets", user)
    await owner.execute("delete from auth.users where id = $1", user)
    left = await owner.fetchval("select count(*) from training_changes where user_id = $1", user)
    assert left == 0


async def test_a_workout_id_taken_by_someone_else_is_told_apart(
    owner: asyncpg.Connection, authenticator_dsn: str
) -> None:
    alice, bob = await new_user(owner), await new_user(owner)
    workout = await make(owner, "workouts", alice)
    async with as_user(authenticator_dsn, bob) as conn:
        assert await conn.fetchval("select workout_id_taken($1)", workout["id"]) is True
        assert await conn.fetchval("select workout_id_taken($1)", uuid.uuid4()) is False
    async with as_user(authenticator_dsn, alice) as conn:
        assert await conn.fetchval("select workout_id_taken($1)", workout["id"]) is False
