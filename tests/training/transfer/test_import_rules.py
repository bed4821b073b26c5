"""Importing once, all or nothing, within bounds, and only into one's own log."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import httpx
import pytest

from ironbase.training.imports import MAX_IMPORT_BYTES
from ironbase.training.transfer import repository
from tests.conftest import QueryCounter, sign_up
from tests.training.transfer.conftest import PROBLEM, sample, stored, upload

NOTHING = {
    "import_batches": 0,
    "workouts": 0,
    "workout_exercises": 0,
    "workout_sets": 0,
    "import_pending_exercises": 0,
    "exercise_name_mappings": 0,
}


def strong_lines() -> list[str]:
    return sample("strong_6x_kg.csv").decode("utf-8-sig").splitlines()


async def test_the_same_file_twice_creates_nothing_the_second_time(
    client: httpx.AsyncClient, seeded_catalog: None, owner_url: str
) -> None:
    user = await sign_up(client)
    content = sample("hevy_kg.csv")
    first = await upload(client, user, content, name="workouts.csv")
    assert first.status_code == 201, first.text
    after_first = await stored(owner_url, user.id)
    # The same bytes under another name: the same file.
    again = await upload(client, user, content, name="copy of workouts.csv")
    assert again.status_code == 200, again.text
    assert again.json() == first.json()
    assert await stored(owner_url, user.id) == after_first
    assert len((await client.get("/v1/imports", headers=user.headers)).json()["items"]) == 1


async def test_a_later_export_adds_only_the_workouts_not_imported_before(
    client: httpx.AsyncClient, seeded_catalog: None, owner_url: str
) -> None:
    user = await sign_up(client)
    lines = strong_lines()
    assert (await upload(client, user, "\n".join(lines).encode())).status_code == 201
    lead = '"3";"2025-05-16 07:00:00";"Upper C";"1800";"Bench Press (Barbell)"'
    newer = [*lines, f'{lead};"1";"95";"5";"";"";"";"";""', f'{lead};"2";"95";"5";"";"";"";"";""']
    response = await upload(client, user, "\n".join(newer).encode())
    assert response.status_code == 201, response.text
    report = response.json()
    assert (report["workouts_created"], report["workouts_existing"]) == (1, 2)
    assert report["sets_created"] == 2
    # The six sets of the two workouts imported before, and the rest timer row.
    assert report["rows_skipped"] == 7
    assert (await stored(owner_url, user.id))["workouts"] == 3


@pytest.mark.parametrize(
    ("line", "old", "new", "column"),
    [
        (4, '"92.5";"5";"8.5"', '"92.5";"-1";"8.5"', "Reps"),
        (3, '"92.5";"5";"8"', '"92.5";"5";"11"', "RPE"),
        (6, '"12.900000000000034"', '"twelve"', "Weight (kg)"),
    ],
)
async def test_a_bad_line_stores_nothing_and_is_named(
    client: httpx.AsyncClient,
    seeded_catalog: None,
    owner_url: str,
    line: int,
    old: str,
    new: str,
    column: str,
) -> None:
    user = await sign_up(client)
    lines = strong_lines()
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new)
    response = await upload(client, user, "\n".join(lines).encode())
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM
    problem = response.json()
    assert problem["type"].endswith("/invalid-line")
    assert f"line {line}" in problem["detail"]
    assert problem["errors"][0]["loc"] == ["file", line, column]
    assert await stored(owner_url, user.id) == NOTHING


async def test_a_line_the_log_cannot_hold_is_refused_before_any_write(
    client: httpx.AsyncClient, seeded_catalog: None, owner_url: str
) -> None:
    """The parser accepts a 30-hour set and a 300-character title; the log does not."""
    user = await sign_up(client)
    lines = strong_lines()
    lines[5] = lines[5].replace('"12";"";"";"";""', '"12";"";"";"108000";""')
    response = await upload(client, user, "\n".join(lines).encode())
    assert response.status_code == 422, response.text
    assert "line 6" in response.json()["detail"]
    assert response.json()["errors"][0]["loc"] == ["file", 6]

    lines = strong_lines()
    lines[1:] = [line.replace('"Upper A"', '"' + "A" * 300 + '"') for line in lines[1:]]
    response = await upload(client, user, "\n".join(lines).encode())
    assert response.status_code == 422, response.text
    assert "line 2" in response.json()["detail"]
    assert await stored(owner_url, user.id) == NOTHING


async def test_a_nul_byte_is_refused_naming_its_line(
    client: httpx.AsyncClient, seeded_catalog: None, owner_url: str
) -> None:
    user = await sign_up(client)
    lines = strong_lines()
    lines[2] = lines[2].replace("Upper A", "Upper\x00A")
    response = await upload(client, user, "\n".join(lines).encode())
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    assert "line 3" in response.json()["detail"]
    assert "NUL" in response.json()["detail"]
    assert await stored(owner_url, user.id) == NOTHING


async def test_what_is_not_a_file_upload_is_refused(
    client: httpx.AsyncClient, seeded_catalog: None, owner_url: str
) -> None:
    user = await sign_up(client)
    as_json = await client.post("/v1/imports", json={"file": "x"}, headers=user.headers)
    no_file = await client.post("/v1/imports", files={"unit": (None, "kg")}, headers=user.headers)
    text_field = await client.post(
        "/v1/imports", files={"file": (None, "Date,Exercise")}, headers=user.headers
    )
    raw = await client.post(
        "/v1/imports",
        content=sample("hevy_kg.csv"),
        headers=user.headers | {"content-type": "text/csv"},
    )
    unknown = await upload(client, user, b"a,b,c\n1,2,3\n")
    empty = await upload(client, user, b"")
    utf16 = await upload(client, user, sample("hevy_kg.csv").decode().encode("utf-16"))
    for response in (as_json, no_file, text_field, raw, unknown, empty, utf16):
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == PROBLEM
    assert as_json.json()["errors"][0]["loc"] == ["file"]
    assert unknown.json()["type"].endswith("/unknown-format")
    assert utf16.json()["type"].endswith("/bad-encoding")
    signed_out = await client.post("/v1/imports", files={"file": ("a.csv", b"x")})
    assert signed_out.status_code == 401
    assert await stored(owner_url, user.id) == NOTHING


class Body:
    """A multipart body of ``size`` file bytes, produced on demand, counting what the
    server pulled."""

    boundary = "ironbase-test-boundary"

    def __init__(self, size: int) -> None:
        self.size = size
        self.pulled = 0
        self.head = (
            f"--{self.boundary}\r\n"
            'Content-Disposition: form-data; name="file"; filename="huge.csv"\r\n'
            "Content-Type: text/csv\r\n\r\n"
        ).encode()
        self.tail = f"\r\n--{self.boundary}--\r\n".encode()

    @property
    def length(self) -> int:
        return len(self.head) + self.size + len(self.tail)

    async def chunks(self) -> AsyncIterator[bytes]:
        yield self.head
        line = b"2025-01-01 10:00:00,Bench Press (Barbell),1,100,5\n"
        block = line * (65536 // len(line))
        sent = 0
        while sent < self.size:
            piece = block[: self.size - sent]
            sent += len(piece)
            self.pulled += len(piece)
            yield piece
        yield self.tail

    def headers(self, user_headers: dict[str, str], declared: bool) -> dict[str, str]:
        headers = {**user_headers, "content-type": f"multipart/form-data; boundary={self.boundary}"}
        if declared:
            headers["content-length"] = str(self.length)
        return headers


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "chunked"])
async def test_a_50_mb_upload_is_refused_without_reading_it_all(
    client: httpx.AsyncClient, seeded_catalog: None, owner_url: str, declared: bool
) -> None:
    user = await sign_up(client)
    body = Body(50 * 1024 * 1024)
    response = await client.post(
        "/v1/imports", content=body.chunks(), headers=body.headers(user.headers, declared)
    )
    assert response.status_code == 413, response.text
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["type"].endswith("/import-too-large")
    if declared:
        assert body.pulled == 0  # refused on the declared length alone
    else:
        assert body.pulled < MAX_IMPORT_BYTES + 256 * 1024
    assert await stored(owner_url, user.id) == NOTHING


async def test_a_file_just_over_the_limit_is_refused_by_its_size(
    client: httpx.AsyncClient, seeded_catalog: None, owner_url: str
) -> None:
    """Within the body's allowance for the form itself, over the file's own limit."""
    user = await sign_up(client)
    body = Body(MAX_IMPORT_BYTES + 1)
    response = await client.post(
        "/v1/imports", content=body.chunks(), headers=body.headers(user.headers, True)
    )
    assert response.status_code == 413, response.text
    assert str(MAX_IMPORT_BYTES) in response.json()["detail"]
    assert await stored(owner_url, user.id) == NOTHING


async def test_another_persons_import_is_not_found(
    client: httpx.AsyncClient, seeded_catalog: None, owner_url: str
) -> None:
    owner, other = await sign_up(client), await sign_up(client)
    report = (await upload(client, owner, sample("fitnotes_legacy.csv"))).json()
    path = f"/v1/imports/{report['id']}"
    exercise = (await client.get("/v1/exercises/stationary_bike_ride")).json()["id"]
    mapping = [{"name": "Cycling", "exercise_id": exercise}]
    assert (await client.get(path, headers=other.headers)).status_code == 404
    assert (await client.delete(path, headers=other.headers)).status_code == 404
    mapped = await client.post(f"{path}/mappings", json=mapping, headers=other.headers)
    assert mapped.status_code == 404
    assert mapped.headers["content-type"] == PROBLEM
    assert (await client.get("/v1/imports", headers=other.headers)).json()["items"] == []
    # The same file is a new import for someone else.
    assert (await upload(client, other, sample("fitnotes_legacy.csv"))).status_code == 201
    assert (await client.get(path, headers=owner.headers)).json() == report
    assert (await stored(owner_url, owner.id))["import_pending_exercises"] == 1


async def test_deleting_an_import_removes_its_workouts_and_allows_it_again(
    client: httpx.AsyncClient, seeded_catalog: None, owner_url: str
) -> None:
    user = await sign_up(client)
    first = (await upload(client, user, sample("fitnotes_legacy.csv"))).json()
    deleted = await client.delete(f"/v1/imports/{first['id']}", headers=user.headers)
    assert deleted.status_code == 204
    assert await stored(owner_url, user.id) == NOTHING
    assert (await client.get(f"/v1/imports/{first['id']}", headers=user.headers)).status_code == 404
    again = await upload(client, user, sample("fitnotes_legacy.csv"))
    assert again.status_code == 201
    assert again.json()["workouts_created"] == 1


async def test_the_list_is_newest_first_in_a_fixed_number_of_statements(
    client: httpx.AsyncClient, seeded_catalog: None, query_counter: QueryCounter
) -> None:
    user = await sign_up(client)
    names = ["fitnotes_legacy.csv", "hevy_lbs.csv", "strong_6x_lbs.csv"]
    made = [(await upload(client, user, sample(n), name=n)).json()["id"] for n in names]
    counts = []
    for limit in (1, 3):
        query_counter.count = 0
        page = await client.get("/v1/imports", headers=user.headers, params={"limit": limit})
        counts.append(query_counter.count)
        assert [i["id"] for i in page.json()["items"]] == made[::-1][:limit]
    assert counts[0] == counts[1]
    walked, cursor = [], None
    while True:
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        body = (await client.get("/v1/imports", headers=user.headers, params=params)).json()
        walked += [i["id"] for i in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert walked == made[::-1]
    unmatched = {i["file_name"]: i["unmatched_exercises"] for i in body["items"]}
    assert unmatched["fitnotes_legacy.csv"] == [{"name": "Cycling", "rows": 1}]


def strong_rows(sessions: int) -> bytes:
    """``sessions`` workouts of ten sets over two exercises (Strong's comma layout)."""
    lines = [
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,"
        "Notes,Workout Notes,RPE"
    ]
    for day in range(sessions):
        for slot in range(10):
            exercise = "Squat (Barbell)" if slot < 5 else "Bench Press (Barbell)"
            lines.append(
                f"2025-01-{day % 28 + 1:02d} {7 + day // 28}:00:00,Day {day},1h,{exercise},"
                f"{slot % 5 + 1},{60 + slot},5,0,0,,,8"
            )
    return "\n".join(lines).encode()


async def test_an_import_costs_the_same_statements_for_any_size(
    client: httpx.AsyncClient, seeded_catalog: None, query_counter: QueryCounter
) -> None:
    # The process builds the catalog's name table on its first import: not counted.
    assert (await upload(client, await sign_up(client), strong_rows(1), unit="kg")).is_success
    counts = {}
    for sessions in (1, 60):
        user = await sign_up(client)
        query_counter.count = 0
        response = await upload(client, user, strong_rows(sessions), unit="kg")
        assert response.status_code == 201, response.text
        assert response.json()["sets_created"] == sessions * 10
        counts[sessions] = query_counter.count
    assert counts[1] == counts[60]
    # The rate-limit count, then two transactions (BEGIN, context and COMMIT each): a read
    # of what the log holds, then the batch, one statement for every row, and the report.
    assert counts[60] == 17


async def test_an_import_retried_after_a_serialization_failure_reads_the_file_again(
    client: httpx.AsyncClient,
    seeded_catalog: None,
    owner_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The route re-runs a request whose transaction hit a conflict: the upload, read once
    from the network, is read again from the start."""
    real = repository.write_rows
    calls = []

    async def conflict_once(*args: Any, **kwargs: Any) -> None:
        calls.append(1)
        if len(calls) == 1:
            raise asyncpg.exceptions.SerializationError("could not serialize access")
        await real(*args, **kwargs)

    monkeypatch.setattr(repository, "write_rows", conflict_once)
    user = await sign_up(client)
    response = await upload(client, user, sample("hevy_kg.csv"))
    assert response.status_code == 201, response.text
    assert len(calls) == 2
    assert response.json()["sets_created"] == 6
    held = await stored(owner_url, user.id)
    assert (held["import_batches"], held["workout_sets"]) == (1, 6)
