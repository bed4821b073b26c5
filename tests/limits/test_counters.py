"""The counters' SQL side and the settings: ``rate_limit_hit`` is confined to its own keys,
prunes spent windows, and is callable by the API's login only; limits come from settings,
merged onto the defaults; routes can name only known buckets."""

from __future__ import annotations

import uuid

import asyncpg
import pytest
from pydantic import ValidationError

from ironbase.config import DEFAULT_RATE_LIMITS, Settings
from ironbase.limits.dependencies import rate_limited
from ironbase.limits.subjects import address_subject
from tests.support import as_user

HIT = "select * from public.rate_limit_hit($1::text[], $2::integer[], $3)"


async def test_one_call_counts_each_key_in_its_window(authenticator_dsn: str) -> None:
    keys = [f"rl:test:u:{uuid.uuid4()}", f"rl:test:a:{uuid.uuid4()}"]
    conn = await asyncpg.connect(authenticator_dsn)
    try:
        await conn.fetch(HIT, keys, [60, 3600], False)
        rows = await conn.fetch(HIT, keys, [60, 3600], False)
    finally:
        await conn.close()
    by_key = {r["key"]: r for r in rows}
    assert {k: by_key[k]["count"] for k in keys} == {keys[0]: 2, keys[1]: 2}
    assert 0 < by_key[keys[0]]["seconds_left"] <= 60
    assert 0 < by_key[keys[1]]["seconds_left"] <= 3600


async def test_the_function_touches_only_its_own_keys(
    authenticator_dsn: str, owner_url: str
) -> None:
    """The sign-in counters share the table: the API's login cannot bump or read them."""
    foreign = f"signup:ip:{uuid.uuid4()}"
    conn = await asyncpg.connect(authenticator_dsn)
    try:
        assert await conn.fetch(HIT, [foreign], [60], False) == []
    finally:
        await conn.close()
    owner = await asyncpg.connect(owner_url)
    try:
        assert (
            await owner.fetchval(
                "select count(*) from admin_check_rate_limit where key = $1", foreign
            )
            == 0
        )
    finally:
        await owner.close()


async def test_bad_windows_count_nothing(authenticator_dsn: str) -> None:
    conn = await asyncpg.connect(authenticator_dsn)
    try:
        rows = await conn.fetch(HIT, [f"rl:test:u:{uuid.uuid4()}"] * 2, [0, 86_401], False)
    finally:
        await conn.close()
    assert rows == []


async def test_spent_windows_are_pruned_and_nothing_else(
    authenticator_dsn: str, owner_url: str
) -> None:
    spent, live, login = (f"rl:test:u:{uuid.uuid4()}", f"rl:test:u:{uuid.uuid4()}",
                          f"login:ip:{uuid.uuid4()}")  # fmt: skip
    owner = await asyncpg.connect(owner_url)
    try:
        await owner.execute(
            "insert into admin_check_rate_limit (key, window_start, count) values "
            "($1, now() - interval '2 days', 5), ($2, now() - interval '2 days', 5), "
            "($3, now() - interval '2 days', 5), ($3, now() - interval '1 hour', 1)",
            spent, login, live,
        )  # fmt: skip
        conn = await asyncpg.connect(authenticator_dsn)
        try:
            # A page of at most 1,000 rows per call: a few calls clear any backlog.
            for _ in range(5):
                await conn.fetch(HIT, [f"rl:test:u:{uuid.uuid4()}"], [60], True)
        finally:
            await conn.close()
        left = await owner.fetch(
            "select key, count from admin_check_rate_limit where key = any($1) order by key",
            [spent, live, login],
        )
    finally:
        await owner.close()
    assert sorted((r["key"], r["count"]) for r in left) == sorted([(login, 5), (live, 1)])


async def test_only_the_api_login_may_count(authenticator_dsn: str, owner_url: str) -> None:
    """People's roles cannot call it: they could only inflate someone's counters, but the
    counters are the API's business."""
    owner = await asyncpg.connect(owner_url)
    try:
        user_id = await owner.fetchval(
            "insert into auth.users (email) values ($1) returning id",
            f"limits-{uuid.uuid4().hex}@example.com",
        )
    finally:
        await owner.close()
    async with as_user(authenticator_dsn, user_id) as conn:
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.fetch(HIT, [f"rl:test:u:{user_id}"], [60], False)
    async with as_user(authenticator_dsn, user_id) as conn:
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute("insert into admin_check_rate_limit values ('rl:x', now(), 1)")


def test_settings_override_single_figures() -> None:
    settings = Settings(rate_limits={"plates": {"per_user": 7}})
    assert settings.rate_limits["plates"].per_user == 7
    assert settings.rate_limits["plates"].per_address == DEFAULT_RATE_LIMITS["plates"].per_address
    assert settings.rate_limits["imports"] == DEFAULT_RATE_LIMITS["imports"]
    assert Settings().rate_limits == DEFAULT_RATE_LIMITS


def test_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IRONBASE_RATE_LIMITS", '{"imports": {"window_seconds": 600}}')
    settings = Settings()
    assert settings.rate_limits["imports"].window_seconds == 600
    assert settings.rate_limits["imports"].per_user == DEFAULT_RATE_LIMITS["imports"].per_user


@pytest.mark.parametrize(
    "limits",
    [
        {"plate": {"per_user": 1}},  # a typo names no bucket
        {"plates": {"per_user": 0}},
        {"plates": {"window_seconds": 86_401}},
        {"plates": {"per_minute": 5}},
        {"plates": 5},
    ],
)
def test_bad_settings_are_refused_at_start(limits: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Settings(rate_limits=limits)


def test_routes_name_known_buckets_only() -> None:
    for bucket in DEFAULT_RATE_LIMITS:
        assert rate_limited(bucket) is rate_limited(bucket)  # one dependency per bucket
    with pytest.raises(ValueError, match="unknown rate-limit bucket"):
        rate_limited("plate")


@pytest.mark.parametrize(
    ("raw", "counted"),
    [
        ("198.51.100.7", "198.51.100.7"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("2001:db8:1:2::ffff", "2001:db8:1:2::/64"),
        ("::ffff:198.51.100.7", "198.51.100.7"),
        ("not an address", None),
        ("", None),
        (None, None),
    ],
)
def test_addresses_as_counted(raw: str | None, counted: str | None) -> None:
    assert address_subject(raw) == counted
