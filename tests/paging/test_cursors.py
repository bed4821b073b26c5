"""Cursors are signed and strictly decoded: whatever a client sends as `cursor` to any list
is a quick 422 problem+json (issue 7: a forged cursor froze the server or answered 500).

The endpoints come from the OpenAPI document, so a new list endpoint is covered as soon as
it takes a `cursor`.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import uuid
from fractions import Fraction
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ironbase.admin.notifications.service import NOTIFICATIONS_NEWEST
from ironbase.ambassadors.battles import service as battles
from ironbase.app import create_app
from ironbase.catalog.exercises.service import EXERCISES_BY_SLUG
from ironbase.catalog.search.service import EXERCISES_BY_RANK
from ironbase.config import Environment, Settings
from ironbase.gyms import cursors as gym_cursors
from ironbase.gyms.inventory.cursors import LOADS_BY_TOTAL
from ironbase.kit.pagination import (
    MAX_CURSOR_LENGTH,
    BadCursor,
    CursorCodec,
    CursorKind,
    Int,
    PageCursor,
    Ratio,
    Real,
    Text,
    Timestamp,
    Uuid,
    parse_payload,
)
from ironbase.programs.service import PROGRAMS_BY_NEWEST
from ironbase.social.challenges.service import CHALLENGES_BY_START, LEADERBOARD
from ironbase.training.templates.service import TEMPLATES_BY_NAME
from ironbase.training.transfer.service import IMPORTS_BY_NEWEST
from ironbase.training.workouts.service import WORKOUTS_BY_STARTED
from tests.conftest import TEST_JWT_SECRET, QueryCounter
from tests.gyms.conftest import create_gym
from tests.paging.conftest import Lister

PROBLEM = "application/problem+json"


def _cursor_operations() -> list[str]:
    """Every GET path of the published API that takes a `cursor` query parameter."""
    document = create_app(Settings(environment=Environment.test, jwt_secret=TEST_JWT_SECRET))
    paths: dict[str, Any] = document.openapi()["paths"]
    return sorted(
        path
        for path, item in paths.items()
        for method, operation in item.items()
        if method == "get"
        and any(
            p["name"] == "cursor" and p["in"] == "query" for p in operation.get("parameters", [])
        )
    )


CURSOR_PATHS = _cursor_operations()
KINDS = [
    "cities.name",
    "gyms.name",
    "gyms.distance",
    "memberships.joined",
    "role-requests.newest",
    "loads.total",
    "exercises.slug",
    "exercises.rank",
    "equipment.slug",
    "audit-log.newest",
    "data-quality-reports.newest",
    "workouts.started",
    "templates.name",
    "admin-notifications.newest",
    "imports.newest",
    "name-mappings.name",
    "flags.key",
    "readiness.day",
    "cycle_events.day",
    "social.blocks.created",
    "social.comments.created",
    "social.friends.since",
    "social.friend_requests.created",
    "social.posts.created",
    "social.reports.created",
    "challenges.starts_at",
    "challenges.leaderboard",
    "programs.newest",
    "battles.starts_at",
    "battles.invitations.created",
    "battles.leaderboard",
    "programs.coach_log.newest",
    "coaching.mentors.id",
    "coaching.links.created",
    "coaching.clients.created",
    "coaching.notes.created",
]


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _url(path: str, lister: Lister) -> str:
    # A new path parameter needs a value here: the KeyError names it.
    return path.format(
        gym_id=lister.gym_id,
        user_id=lister.user.id,
        post_id=lister.post_id,
        challenge_id=lister.challenge_id,
        battle_id=lister.battle_id,
        client_id=lister.client_id,
        workout_id=uuid.UUID(int=1),
    )


def assert_cursor_refused(response: httpx.Response) -> None:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM
    assert "cursor" in response.json()["errors"][0]["loc"]


def test_the_openapi_enumeration_finds_every_list() -> None:
    # A floor, not an exact list: new lists are picked up without editing this test.
    assert {
        "/v1/exercises",
        "/v1/equipment",
        "/v1/cities",
        "/v1/gyms",
        "/v1/me/gyms",
        "/v1/me/gyms/{gym_id}/loads",
        "/v1/gyms/{gym_id}/role-requests",
        "/v1/admin/audit-log",
        "/v1/admin/data-quality-reports",
        "/v1/admin/notifications",
    } <= set(CURSOR_PATHS)


# --- what an attacker sends -------------------------------------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=20)
    | st.sampled_from(["1e10000000", "1e5000", "9" * 321, "-0", "1/0"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=8,
)
cursor_like = st.tuples(st.sampled_from([*KINDS, "x"]), st.lists(json_values, max_size=3))
unsigned = st.one_of(
    # Arbitrary bytes and text.
    st.binary(max_size=200).map(lambda raw: raw.decode("latin-1")),
    st.text(max_size=MAX_CURSOR_LENGTH + 20),
    # Base64 of arbitrary JSON (the old, unsigned format).
    json_values.map(lambda v: b64(json.dumps(v).encode())),
    # Valid-looking payloads with a made-up tag, or one under a guessed key.
    st.tuples(cursor_like, st.binary(min_size=32, max_size=32)).map(
        lambda pair: f"{b64(json.dumps(pair[0]).encode())}.{b64(pair[1])}"
    ),
    st.tuples(cursor_like, st.sampled_from([b"", b"secret", TEST_JWT_SECRET.encode()])).map(
        lambda pair: CursorCodec(pair[1]).sign(json.dumps(pair[0]).encode())
    ),
)


@pytest.mark.parametrize("path", CURSOR_PATHS)
@given(cursor=unsigned)
@example(cursor=b64(b'["1e10000000"]'))
@example(cursor=b64(b'["1e5000"]'))
@example(cursor=b64(json.dumps([int("9" * 321), str(uuid.uuid4())]).encode()))
@example(cursor=b64(b'{"at": 1}'))
@example(cursor="")
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
async def test_a_forged_cursor_is_422_on_every_list(
    client: httpx.AsyncClient, lister: Lister, path: str, cursor: str
) -> None:
    response = await client.get(
        _url(path, lister), headers=lister.user.headers, params={"cursor": cursor}
    )
    assert_cursor_refused(response)


@pytest.mark.parametrize("path", CURSOR_PATHS)
@given(payload=cursor_like | json_values)
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
async def test_a_signed_but_malformed_cursor_is_never_a_5xx(
    app: FastAPI, client: httpx.AsyncClient, lister: Lister, path: str, payload: Any
) -> None:
    """Defence in depth (a leaked secret): the strict routine refuses what the tag let by."""
    cursor = app.state.cursors.sign(json.dumps(payload).encode())
    response = await client.get(
        _url(path, lister), headers=lister.user.headers, params={"cursor": cursor}
    )
    if response.status_code != 200:  # e.g. ["exercises.rank", [3]] is a real position
        assert_cursor_refused(response)


@pytest.mark.parametrize("path", CURSOR_PATHS)
async def test_every_list_accepts_no_cursor(
    client: httpx.AsyncClient, lister: Lister, path: str
) -> None:
    """The 422s above are about the cursor: the same request without one succeeds."""
    response = await client.get(_url(path, lister), headers=lister.user.headers)
    assert response.status_code == 200, response.text


async def test_the_probe_cursor_on_loads_is_refused_before_any_query(
    client: httpx.AsyncClient, lister: Lister, query_counter: QueryCounter
) -> None:
    """The cursor that froze the server: refused by its tag, before the request reads
    anything (the one statement is the transaction's role and claims)."""
    path = f"/v1/me/gyms/{lister.gym_id}/loads"
    params = {"bar_type": "gymtest-olympic-20kg"}
    assert (await client.get(path, headers=lister.user.headers, params=params)).status_code == 200
    for payload in (b'["1e10000000"]', b'["1e5000"]', b'["loads.total",["1e10000000"]]'):
        before = query_counter.count
        response = await client.get(
            path, headers=lister.user.headers, params={**params, "cursor": b64(payload)}
        )
        assert_cursor_refused(response)
        assert query_counter.count - before <= 1


async def test_a_cursor_works_only_on_the_list_and_order_that_issued_it(
    client: httpx.AsyncClient, lister: Lister
) -> None:
    headers = lister.user.headers
    cities = (await client.get("/v1/cities", params={"limit": 1})).json()["next_cursor"]
    assert cities is not None
    assert_cursor_refused(
        await client.get("/v1/gyms", headers=headers, params={"cursor": cities, "limit": 1})
    )
    await create_gym(client, lister.user)  # so that there is a second page
    gyms = (await client.get("/v1/gyms", headers=headers, params={"limit": 1})).json()
    by_name = gyms["next_cursor"]
    assert by_name is not None
    near = {"near": "40.4,-3.7", "cursor": by_name}
    assert_cursor_refused(await client.get("/v1/gyms", headers=headers, params=near))
    # The same list still takes it.
    again = await client.get("/v1/gyms", headers=headers, params={"cursor": by_name, "limit": 1})
    assert again.status_code == 200


async def test_a_cursor_of_another_server_is_refused(client: httpx.AsyncClient) -> None:
    """Same payload, same format, a different secret: refused."""
    other = CursorCodec.from_secret("another-server-" + "y" * 40)
    first = (await client.get("/v1/cities", params={"limit": 1})).json()["items"][0]
    forged = other.encode(gym_cursors.CITIES_BY_NAME, ["a", uuid.UUID(first["id"])])
    assert_cursor_refused(await client.get("/v1/cities", params={"cursor": forged}))


# --- the strict routine ------------------------------------------------------------------

CODEC = CursorCodec.from_secret(TEST_JWT_SECRET)


def test_the_cursor_key_is_not_the_token_key() -> None:
    """The cursor key is derived with its own label: no cursor tag is a token signature."""
    payload = b'["gyms.name",["a","00000000-0000-0000-0000-000000000000"]]'
    token_style = hmac.new(TEST_JWT_SECRET.encode(), payload, hashlib.sha256).digest()
    forged = f"{b64(payload)}.{b64(token_style)}"
    with pytest.raises(BadCursor):
        CODEC.verify(forged)
    assert CODEC.verify(CODEC.sign(payload)) == payload


@given(
    text=st.text(max_size=200).filter(lambda s: "\x00" not in s),
    ident=st.uuids(),
    # Timestamps PostgreSQL and a log could hold (Python's extremes overflow a UTC shift).
    when=st.datetimes(
        min_value=dt.datetime(1900, 1, 1),
        max_value=dt.datetime(2200, 1, 1),
        timezones=st.timezones(),
    ).filter(lambda d: d.utcoffset() is not None),
    real=st.floats(min_value=0, max_value=20_040),
    grams=st.fractions(max_denominator=10**12).filter(lambda f: abs(f.numerator) < 10**24),
    rank=st.integers(0, 1_000_000),
)
def test_every_kind_round_trips(
    text: str, ident: uuid.UUID, when: dt.datetime, real: float, grams: Fraction, rank: int
) -> None:
    cases: list[tuple[CursorKind, list[Any]]] = [
        (gym_cursors.GYMS_BY_NAME, [text, ident]),
        (gym_cursors.GYMS_BY_DISTANCE, [real, ident]),
        (gym_cursors.MEMBERSHIPS_BY_JOINED, [when, ident]),
        (LOADS_BY_TOTAL, [grams]),
        (EXERCISES_BY_SLUG, [text, ident]),
        (EXERCISES_BY_RANK, [rank]),
        (WORKOUTS_BY_STARTED, [when, ident]),
        (TEMPLATES_BY_NAME, [text, ident]),
        (NOTIFICATIONS_NEWEST, [when, ident]),
        (IMPORTS_BY_NEWEST, [when, ident]),
        (CHALLENGES_BY_START, [when, ident]),
        (LEADERBOARD, [rank, when, ident, rank + 1]),
        (PROGRAMS_BY_NEWEST, [when, ident]),
        (battles.BATTLES_BY_START, [when, ident]),
        (battles.INVITATIONS_BY_CREATED, [when, ident]),
        (battles.LEADERBOARD, [rank, when, ident, rank + 1]),
    ]
    for kind, key in cases:
        cursor = CODEC.encode(kind, key)
        assert len(cursor) <= MAX_CURSOR_LENGTH
        # Times come back in UTC: compared there, since Python never calls a repeated
        # ("fold") local time equal to an instant in another zone.
        expected = tuple(v.astimezone(dt.UTC) if isinstance(v, dt.datetime) else v for v in key)
        assert PageCursor(CODEC, CODEC.verify(cursor)).after(kind) == expected


@pytest.mark.parametrize(
    ("field", "raw"),
    [
        (Ratio(), "1e10000000"),
        (Ratio(), "1e5000"),
        (Ratio(), "1/0"),
        (Ratio(), "1" * 25),
        (Ratio(), "1/" + "1" * 25),
        (Ratio(), 5),
        (Ratio(), " 5"),
        (Int(0, 10), True),
        (Int(0, 10), 11),
        (Int(0, 10), 1.0),
        (Real(0, 10), float("inf")),
        (Real(0, 10), float("nan")),
        (Real(0, 10), "1"),
        (Real(0, 10), -1),
        (Text(5), "toolong"),
        (Text(5), "a\x00"),
        (Text(5), "\ud800"),
        (Text(5), ["a"]),
        (Uuid(), "not-a-uuid-but-36-characters-long!!!"),
        (Uuid(), 5),
        (Timestamp(), "2026-01-01T00:00:00"),  # naive
        (Timestamp(), "x" * 41),
        (Timestamp(), 1),
    ],
)
def test_fields_refuse_what_they_did_not_write(field: Any, raw: object) -> None:
    with pytest.raises(BadCursor):
        field.load(raw)


@pytest.mark.parametrize(
    "payload",
    [
        b'["gyms.distance",[' + b"9" * 321 + b',"00000000-0000-0000-0000-000000000000"]]',
        b'["gyms.distance",[1e5000,"00000000-0000-0000-0000-000000000000"]]',
        b'["gyms.distance",[NaN,"00000000-0000-0000-0000-000000000000"]]',
        b'["gyms.distance",[1,"00000000-0000-0000-0000-000000000000"],3]',
        b'["gyms.name",["a","00000000-0000-0000-0000-000000000000"]]',  # another kind
        b'{"kind":"gyms.distance"}',
        b"[" * 400 + b"]" * 400,
        b"\xff\xfe",
    ],
)
def test_payload_shape_and_numbers_are_bounded(payload: bytes) -> None:
    with pytest.raises(BadCursor):
        parse_payload(payload, gym_cursors.GYMS_BY_DISTANCE)


def test_the_longest_key_a_list_issues_still_fits() -> None:
    """200 characters of text, each four bytes of UTF-8 (a gym named in emoji)."""
    cursor = CODEC.encode(gym_cursors.GYMS_BY_NAME, ["\U0001f3cb" * 200, uuid.uuid4()])
    assert len(cursor) <= MAX_CURSOR_LENGTH
    assert PageCursor(CODEC, CODEC.verify(cursor)).after(gym_cursors.GYMS_BY_NAME) is not None
