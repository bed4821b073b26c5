"""The app's routes are mounted flat (app.py ``mount_flat``), not as included routers: the
published document must be exactly what including the same routers would publish, and no
request may walk an included-router branch."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute
from starlette.routing import Route

from ironbase.app import API_PREFIX, DOMAIN_ROUTERS, create_app
from ironbase.config import Settings
from ironbase.health import router as health_router
from ironbase.kit.openapi import document_problems


def _app(tmp_path: Path) -> FastAPI:
    return create_app(Settings(jwt_secret="o" * 48, data_dir=tmp_path))


def _as_included(app: FastAPI) -> FastAPI:
    """The same routers the way FastAPI includes them."""
    reference = FastAPI(title=app.title, version=app.version, description=app.description)
    document_problems(reference)
    reference.include_router(health_router)
    api = APIRouter(prefix=API_PREFIX)
    for domain in DOMAIN_ROUTERS:
        api.include_router(domain)
    reference.include_router(api)
    return reference


def test_openapi_is_the_same_as_with_included_routers(tmp_path: Path) -> None:
    app = _app(tmp_path)
    flat, included = app.openapi(), _as_included(app).openapi()
    assert sorted(flat["paths"]) == sorted(included["paths"])
    assert flat == included


def test_every_route_is_a_plain_route_of_the_app(tmp_path: Path) -> None:
    app = _app(tmp_path)
    # /docs, /redoc and /openapi.json are Starlette routes; everything else an APIRoute.
    assert all(isinstance(route, Route) for route in app.router.routes)
    api_routes = [route for route in app.router.routes if isinstance(route, APIRoute)]
    expected = len(health_router.routes) + sum(len(d.routes) for d in DOMAIN_ROUTERS)
    assert len(api_routes) == expected
    assert any(route.path == "/v1/me" for route in api_routes)
