"""Regressions of the solver's denial-of-service findings through the API: bounded
work (422 before any table is built), no pooled connection held while computing,
inventories the solver cannot serve are not stored, bounded digits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from ironbase.gyms import plates as p
from ironbase.gyms.plates import tables
from tests.conftest import SignedUpUser, sign_up
from tests.gyms.conftest import Catalog, assert_problem, create_gym, join

POWERS = [f"{0.001 * 2**k:.3f}" for k in range(17)]  # 0.001 ... 65.536
POWER_PLATES = [{"mass": m, "unit": u, "pairs": 1} for m in POWERS for u in ("kg", "lb")]
GYM_PLATES = [
    {"mass": 20, "unit": "kg", "pairs": 2},
    {"mass": 10, "unit": "kg", "pairs": 2},
    {"mass": 45, "unit": "lb", "pairs": 2},
    {"mass": 2.5, "unit": "kg", "pairs": 2},
]


@pytest.fixture(autouse=True)
def fresh_caches() -> None:
    p.clear_caches()


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the table-building steps: the heavy part of every solver call."""
    calls: list[int] = []
    real = tables._add_kind

    def counted(*args: Any) -> dict[int, int]:
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(tables, "_add_kind", counted)
    return calls


async def _member(client: httpx.AsyncClient, catalog: Catalog) -> tuple[SignedUpUser, str]:
    user = await sign_up(client)
    gym = await create_gym(client, user)
    body = {
        "bar_types": [{"bar_type": catalog.olympic_kg}],
        "dumbbells": [{"mass": m, "unit": "kg"} for m in (10, 12.5, 15)],
    }
    saved = await client.put(f"/v1/gyms/{gym['id']}/equipment", headers=user.headers, json=body)
    assert saved.status_code == 200, saved.text
    await join(client, user, gym["id"])
    return user, f"/v1/me/gyms/{gym['id']}"


async def test_the_34_power_of_two_plates_warmup_is_422_before_any_search(
    client: httpx.AsyncClient, built: list[int]
) -> None:
    user = await sign_up(client)
    body = {
        "unit": "kg",
        "bar": 20,
        "plates": POWER_PLATES,
        "targets": [20 + 5 * i for i in range(20)],
    }
    response = await client.post("/v1/plates/warmup", headers=user.headers, json=body)
    assert "fine-grained" in assert_problem(response, 422)["detail"]
    solve = {**body, "target": 60}
    del solve["targets"]
    assert_problem(await client.post("/v1/plates/solve", headers=user.headers, json=solve), 422)
    assert built == []


async def test_storing_an_inventory_the_solver_cannot_serve_is_refused(
    client: httpx.AsyncClient, catalog: Catalog, built: list[int]
) -> None:
    user, base = await _member(client, catalog)
    kept = await client.put(f"{base}/plates", headers=user.headers, json={"plates": GYM_PLATES})
    assert kept.status_code == 200, kept.text
    refused = await client.put(
        f"{base}/plates", headers=user.headers, json={"plates": POWER_PLATES[:34:2]}
    )
    assert "fine-grained" in assert_problem(refused, 422)["detail"]
    assert (await client.get(f"{base}/plates", headers=user.headers)).json() == kept.json()
    # Miniweights are counted with the plates they join.
    fine = {"miniweights": [{"mass": m, "unit": "lb", "pairs": 1} for m in POWERS[2:14]]}
    with_plates = {"plates": [{"mass": m, "unit": "kg", "pairs": 1} for m in POWERS[2:14]]}
    assert (await client.put(f"{base}/miniweights", headers=user.headers, json=fine)).is_success
    assert_problem(await client.put(f"{base}/plates", headers=user.headers, json=with_plates), 422)
    assert built == []


def _assert_idle_pool(app: FastAPI, real: Callable[..., Any], seen: list[int]) -> Any:
    def computing(*args: Any, **kwargs: Any) -> Any:
        pool = app.state.pool  # the request path's asyncpg pool: connections in use
        seen.append(pool.get_size() - pool.get_idle_size())
        return real(*args, **kwargs)

    return computing


async def test_no_database_connection_is_held_while_the_solver_computes(
    client: httpx.AsyncClient, app: FastAPI, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    user, base = await _member(client, catalog)
    await client.put(f"{base}/plates", headers=user.headers, json={"plates": GYM_PLATES})
    seen: list[int] = []
    for name in ("solve", "warmup_ladder", "achievable_loads", "pick_dumbbell"):
        monkeypatch.setattr(p, name, _assert_idle_pool(app, getattr(p, name), seen))
    calculator = {"bar": 20, "plates": GYM_PLATES}  # no unit: the profile's is read first
    requests = [
        client.post("/v1/plates/solve", json={**calculator, "target": 100}, headers=user.headers),
        client.post(
            "/v1/plates/warmup", json={**calculator, "targets": [60, 100]}, headers=user.headers
        ),
        client.get(f"{base}/loads", params={"target": 100}, headers=user.headers),
        client.get(f"{base}/loads", params={"limit": 5}, headers=user.headers),
        client.get(f"{base}/dumbbells", params={"target": 12}, headers=user.headers),
    ]
    for request in requests:
        response = await request
        assert response.status_code == 200, response.text
    assert len(seen) >= len(requests)
    assert seen == [0] * len(seen)


async def test_a_search_past_its_budget_is_503_problem_json(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = await sign_up(client)
    monkeypatch.setattr(p, "SOLVE_BUDGET_SECONDS", -1.0)
    body = {"unit": "kg", "bar": 20, "plates": GYM_PLATES, "target": 100}
    response = await client.post("/v1/plates/solve", headers=user.headers, json=body)
    problem = assert_problem(response, 503)
    assert problem["type"].endswith("/solver-timeout")


RAW_COLLARS = [
    '{"items": [{"mass": 1e-999999999}]}',  # was stored as 0
    '{"items": [{"mass": 0E-999999}]}',
    '{"items": [{"mass": "0E-999999"}]}',
    '{"items": [{"mass": 1e10000000}]}',
    '{"items": [{"mass": 1.' + "0" * 5000 + "}]}",
    '{"items": [{"mass": "1.' + "0" * 5000 + '"}]}',
    '{"items": [{"mass": 1' + "0" * 5000 + "}]}",
]


@pytest.mark.parametrize("raw", RAW_COLLARS, ids=range(len(RAW_COLLARS)))
async def test_numbers_with_absurd_digits_are_422(
    client: httpx.AsyncClient, catalog: Catalog, raw: str
) -> None:
    user, base = await _member(client, catalog)
    headers = {**user.headers, "content-type": "application/json"}
    response = await client.put(f"{base}/collars", headers=headers, content=raw)
    assert_problem(response, 422)
    assert (await client.get(f"{base}/collars", headers=user.headers)).json() == {"items": []}


async def test_digits_are_bounded_in_bodies_and_queries(
    client: httpx.AsyncClient, catalog: Catalog
) -> None:
    user, base = await _member(client, catalog)
    long = "1." + "0" * 5000
    plates = {"plates": [{"mass": long, "pairs": 1}]}
    assert_problem(await client.put(f"{base}/plates", headers=user.headers, json=plates), 422)
    for params in ({"target": long}, {"min": long}, {"target": "1e-999999999"}):
        assert_problem(await client.get(f"{base}/loads", headers=user.headers, params=params), 422)
    assert_problem(
        await client.get(f"{base}/dumbbells", headers=user.headers, params={"target": long}), 422
    )
    exact = {"items": [{"mass": 2.5}]}  # an ordinary number still works, exactly
    saved = await client.put(f"{base}/collars", headers=user.headers, json=exact)
    assert saved.json()["items"] == [{"bar_type": None, "mass": 2.5, "unit": "kg"}]
