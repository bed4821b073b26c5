"""Problems in the request's language, the client's string bundle, and the texts following
the table without a query per request."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from ironbase.app import create_app
from ironbase.db.setup import DatabaseTarget
from ironbase.i18n import service as i18n
from tests.conftest import QueryCounter, client_for, make_settings, run_sql, sign_up

PROBLEM = "application/problem+json"


@pytest.fixture
async def table_loaded(app: FastAPI, seeded_catalog: None) -> None:
    """The app read the table before the catalog was seeded: read it again now."""
    await i18n.reload(app.state.pool)


@pytest.mark.parametrize(
    ("accept_language", "title", "detail", "language"),
    [
        ("de-DE,de;q=0.9", "Nicht gefunden", "Das Angeforderte wurde nicht gefunden.", "de"),
        ("pt-BR", "Não encontrado", "O item pedido não foi encontrado.", "pt"),
        ("ja", "Not Found", "Workout was not found.", "en"),
        (None, "Not Found", "Workout was not found.", "en"),
    ],
)
async def test_a_problem_speaks_the_request_language(
    client: httpx.AsyncClient,
    accept_language: str | None,
    title: str,
    detail: str,
    language: str,
) -> None:
    user = await sign_up(client)
    headers = {**user.headers, **({"Accept-Language": accept_language} if accept_language else {})}
    response = await client.get(f"/v1/workouts/{uuid.uuid4()}", headers=headers)
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM
    assert response.headers["content-language"] == language
    body = response.json()
    assert (body["title"], body["detail"]) == (title, detail)
    assert body["type"].endswith("/not-found")  # the type never changes with the language


async def test_every_kind_of_problem_is_translated(client: httpx.AsyncClient) -> None:
    es = {"Accept-Language": "es"}
    invalid = await client.post("/v1/auth/signup", json={"email": 5}, headers=es)
    assert (invalid.status_code, invalid.json()["title"]) == (422, "Datos no válidos")
    assert invalid.json()["detail"].startswith("La solicitud no tiene la forma esperada")
    assert invalid.json()["errors"]  # field messages stay as the validator wrote them
    no_route = await client.get("/v1/no-such-thing", headers={"Accept-Language": "fr"})
    assert (no_route.json()["title"], no_route.json()["detail"]) == ("Introuvable", "Introuvable")
    anonymous = await client.get("/v1/me", headers={"Accept-Language": "it"})
    assert anonymous.json()["title"] == "Non autorizzato"
    assert anonymous.json()["detail"].startswith("Accedi prima")
    wrong = await client.post(
        "/v1/auth/token",
        json={"email": f"nobody-{uuid.uuid4().hex[:6]}@example.com", "password": "x" * 12},
        headers={"Accept-Language": "de"},
    )
    assert wrong.json()["detail"] == "E-Mail oder Passwort ist falsch."


async def test_the_bundle_of_a_language(
    client: httpx.AsyncClient, table_loaded: None, query_counter: QueryCounter
) -> None:
    before = query_counter.count
    response = await client.get("/v1/i18n/de")
    assert query_counter.count == before  # served from memory
    assert response.status_code == 200
    assert response.headers["content-language"] == "de"
    body = response.json()
    assert (body["locale"], body["fallback"]) == ("de", ["de", "en"])
    strings = body["strings"]
    assert strings["http.status.404"] == "Nicht gefunden"
    assert strings["notification.backup_failed.title"] == "Sicherung fehlgeschlagen"
    assert strings["muscle_group.chest"] == "Brust"  # from text_translations (the catalog's)
    assert "{failures}" in strings["notification.repeated_failed_logins.body"]

    again = await client.get("/v1/i18n/de", headers={"If-None-Match": response.headers["etag"]})
    assert (again.status_code, again.content) == (304, b"")


@pytest.mark.parametrize(
    ("requested", "served", "fallback"),
    [("pt-BR", "pt", ["pt", "en"]), ("pt_br", "pt", ["pt", "en"]), ("ja", "en", ["en"])],
)
async def test_a_bundle_falls_back(
    client: httpx.AsyncClient, requested: str, served: str, fallback: list[str]
) -> None:
    body = (await client.get(f"/v1/i18n/{requested}")).json()
    assert (body["locale"], body["fallback"]) == (served, fallback)
    english = (await client.get("/v1/i18n/en")).json()["strings"]
    assert body["strings"].keys() == english.keys()


@pytest.mark.parametrize("requested", ["x", "e" * 36, "en-" + "a" * 9, "en;q=1", "%00"])
async def test_a_bundle_needs_a_language_tag(client: httpx.AsyncClient, requested: str) -> None:
    response = await client.get(f"/v1/i18n/{requested}")
    assert response.status_code in (404, 422)
    assert response.headers["content-type"] == PROBLEM


@pytest.fixture
async def quick_app(database_target: DatabaseTarget, tmp_path: Path) -> AsyncIterator[FastAPI]:
    settings = make_settings(database_target, tmp_path, i18n_refresh_seconds=0.1)
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


async def _until(http: httpx.AsyncClient, key: str, present: bool) -> dict[str, str]:
    for _ in range(100):
        strings: dict[str, str] = (await http.get("/v1/i18n/fr")).json()["strings"]
        if (key in strings) is present:
            return strings
        await asyncio.sleep(0.05)
    raise AssertionError(f"{key} never became {'present' if present else 'absent'}")


async def test_a_change_to_the_table_reaches_the_texts(
    quick_app: FastAPI, database_target: DatabaseTarget
) -> None:
    key = f"test.refresh.{uuid.uuid4().hex[:8]}"
    async with client_for(quick_app) as http:
        run_sql(
            database_target,
            "insert into text_translations (key, locale, value) values "
            "(:key, 'en', 'Fresh'), (:key, 'fr', 'Frais')",
            key=key,
        )
        try:
            strings = await _until(http, key, present=True)
            assert strings[key] == "Frais"
            run_sql(
                database_target,
                "update text_translations set value = 'Tout frais' "
                "where key = :key and locale = 'fr'",
                key=key,
            )
            for _ in range(100):
                if (await http.get("/v1/i18n/fr")).json()["strings"][key] == "Tout frais":
                    break
                await asyncio.sleep(0.05)
            else:
                raise AssertionError("the edit never arrived")
        finally:
            run_sql(database_target, "delete from text_translations where key = :key", key=key)
        await _until(http, key, present=False)
