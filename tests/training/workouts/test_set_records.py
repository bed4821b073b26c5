"""A set logged or edited one at a time answers with the records it breaks."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx

from tests.conftest import QueryCounter, SignedUpUser, sign_up
from tests.training.workouts.conftest import START, document

ALL = ["heaviest_load", "best_e1rm", "most_reps", "best_session_volume"]


class Session:
    """One workout of one exercise, logged a set at a time."""

    def __init__(self, client: httpx.AsyncClient, user: SignedUpUser, path: str) -> None:
        self.client, self.user, self.path = client, user, path

    @classmethod
    async def start(
        cls,
        client: httpx.AsyncClient,
        user: SignedUpUser,
        exercise_id: str,
        started_at: dt.datetime = START,
    ) -> Session:
        doc = document([exercise_id], exercises=1, sets=0, started_at=started_at)
        written = await client.put(f"/v1/workouts/{doc['id']}", headers=user.headers, json=doc)
        assert written.status_code == 200, written.text
        exercise = written.json()["exercises"][0]["id"]
        return cls(client, user, f"/v1/workouts/{doc['id']}/exercises/{exercise}/sets")

    async def log(self, weight: float, reps: int | None, **fields: Any) -> dict[str, Any]:
        body = {"weight": weight, "unit": "kg", "reps": reps, **fields}
        response = await self.client.post(self.path, headers=self.user.headers, json=body)
        assert response.status_code == 201, response.text
        logged: dict[str, Any] = response.json()
        return logged

    async def flags(self, weight: float, reps: int | None, **fields: Any) -> list[str]:
        records: list[str] = (await self.log(weight, reps, **fields))["records"]
        return records


async def test_records_of_sets_logged_one_at_a_time(
    client: httpx.AsyncClient, exercise_ids: list[str]
) -> None:
    user = await sign_up(client)
    first = await Session.start(client, user, exercise_ids[0])
    assert await first.flags(100, 5) == ALL  # the exercise's first working set
    assert await first.flags(90, 5) == []  # lighter, and a first set at 90 kg is no record
    assert await first.flags(100, 5) == []  # a tie keeps the earlier set
    assert await first.flags(105, 5) == ["heaviest_load", "best_e1rm"]
    # More reps at a lower load: a better e1RM (Epley 133.3 kg against 122.5) and the most
    # reps at 100 kg, not the heaviest load.
    assert await first.flags(100, 10) == ["best_e1rm", "most_reps"]
    assert await first.flags(100, 9) == []
    # The same load and reps further from failure estimate a higher e1RM.
    assert await first.flags(110, 5, rpe=10) == ["heaviest_load"]  # e1RM 127.1 kg
    assert await first.flags(110, 5, rpe=8) == ["best_e1rm"]  # 135.4 kg
    assert await first.flags(110, 5, rpe=9) == []  # 131.1 kg

    # Another workout of the same exercise: its tonnage is compared with the first one's
    # (5,525 kg) once it passes it.
    second = await Session.start(client, user, exercise_ids[0], START + dt.timedelta(days=2))
    for _ in range(4):
        assert await second.flags(60, 20) == []
    assert await second.flags(60, 20) == ["best_session_volume"]  # 6,000 kg
    assert await second.flags(20, 1) == ["best_session_volume"]  # still raising it


async def test_warm_ups_never_count(client: httpx.AsyncClient, exercise_ids: list[str]) -> None:
    user = await sign_up(client)
    session = await Session.start(client, user, exercise_ids[0])
    assert await session.flags(200, 5, set_type="warmup") == []
    assert await session.flags(60, 5) == ALL  # still the first working set
    assert await session.flags(150, 5, set_type="warmup") == []
    # Heavier than every working set, lighter than the warm-ups: a record.
    assert await session.flags(62.5, 5) == ["heaviest_load", "best_e1rm"]
    # Every other set type is a working set.
    assert await session.flags(65, 5, set_type="drop") == ["heaviest_load", "best_e1rm"]
    assert await session.flags(60, 8, set_type="failure") == ["best_e1rm", "most_reps"]
    assert await session.flags(60, 9, set_type="amrap") == ["best_e1rm", "most_reps"]
    # A set of no reps and a timed set make no record.
    assert await session.flags(100, 0) == []
    assert await session.flags(100, None, duration_s=60) == []


async def test_a_record_records_lists_the_same_set(
    client: httpx.AsyncClient, exercise_ids: list[str]
) -> None:
    user = await sign_up(client)
    session = await Session.start(client, user, exercise_ids[0])
    heaviest = None
    for weight, reps in ((80, 5), (85, 5), (82.5, 8), (87.5, 3), (86, 5)):
        logged = await session.log(weight, reps)
        if "heaviest_load" in logged["records"]:
            heaviest = logged["id"]
    records = (await client.get("/v1/records", headers=user.headers)).json()["items"]
    assert [r["heaviest_load"]["set_id"] for r in records] == [heaviest]
    assert records[0]["heaviest_load"]["value"] == 87.5


async def test_an_edit_is_judged_against_the_other_sets(
    client: httpx.AsyncClient, exercise_ids: list[str]
) -> None:
    user = await sign_up(client)
    session = await Session.start(client, user, exercise_ids[0])
    await session.log(100, 5)
    light = await session.log(90, 5)
    path = f"/v1/sets/{light['id']}"
    heavier = await client.patch(path, headers=user.headers, json={"weight": 110})
    assert heavier.status_code == 200, heavier.text
    assert heavier.json()["records"] == ["heaviest_load", "best_e1rm"]
    # Compared with the others, not with its own old values: it still holds both.
    again = await client.patch(path, headers=user.headers, json={"rpe": 9.5})
    assert again.json()["records"] == ["heaviest_load", "best_e1rm"]
    warmup = await client.patch(path, headers=user.headers, json={"set_type": "warmup"})
    assert warmup.json()["records"] == []


async def test_another_persons_sets_and_other_exercises_do_not_count(
    client: httpx.AsyncClient, exercise_ids: list[str]
) -> None:
    strong, user = await sign_up(client), await sign_up(client)
    theirs = await Session.start(client, strong, exercise_ids[0])
    assert await theirs.flags(250, 5) == ALL
    other_exercise = await Session.start(client, user, exercise_ids[1])
    assert await other_exercise.flags(300, 5) == ALL
    mine = await Session.start(client, user, exercise_ids[0])
    assert await mine.flags(50, 5) == ALL
    assert await mine.flags(55, 5) == ["heaviest_load", "best_e1rm"]


async def test_rir_10_is_stored_and_counted_like_an_easy_set(
    client: httpx.AsyncClient, exercise_ids: list[str]
) -> None:
    user = await sign_up(client)
    session = await Session.start(client, user, exercise_ids[0])
    assert await session.flags(100, 5, rir=2) == ALL
    assert await session.flags(105, 5, rir=10) == ["heaviest_load"]  # too easy for an e1RM
    for path in ("/v1/records", "/v1/stats/volume"):
        response = await client.get(path, headers=user.headers)
        assert response.status_code == 200, response.text


async def test_logging_a_set_costs_the_same_statements_whatever_the_history(
    client: httpx.AsyncClient, exercise_ids: list[str], query_counter: QueryCounter
) -> None:
    user = await sign_up(client)
    session = await Session.start(client, user, exercise_ids[0])
    counts = []
    for history in (0, 40):
        for n in range(history):
            await session.log(40 + n, 5 + n % 5, rpe=6 + n % 9 / 2)
        before = query_counter.count
        await session.log(200, 1)
        counts.append(query_counter.count - before)
    # BEGIN, set_config, the exercise and next position, the unit system, the write, the set
    # read back, the records, COMMIT.
    assert counts == [8, 8]
    set_id = (await session.log(10, 1))["id"]
    before = query_counter.count
    patched = await client.patch(f"/v1/sets/{set_id}", headers=user.headers, json={"reps": 2})
    assert patched.status_code == 200
    # BEGIN, set_config, the unit system, the update, the set read back, the records, COMMIT.
    assert query_counter.count - before == 7
