"""Turning the one URL a user gives into the URLs each part of ironbase connects with."""

from __future__ import annotations

from sqlalchemy.engine import URL, make_url

from ironbase.db.roles import AUTHENTICATOR


def sync_url(url: str | URL) -> URL:
    """psycopg2 URL for setup and migrations (Alembic runs synchronously)."""
    return make_url(url).set(drivername="postgresql+psycopg2")


def async_url(url: str | URL) -> URL:
    return make_url(url).set(drivername="postgresql+asyncpg")


def authenticator_url(admin_url: str | URL, password: str) -> URL:
    """Same server and database, but as the `authenticator` login the API serves with."""
    return async_url(admin_url).set(username=AUTHENTICATOR, password=password)


def with_database(url: str | URL, database: str) -> URL:
    return make_url(url).set(database=database)


def asyncpg_dsn(url: str | URL) -> str:
    """The same URL as a libpq-style DSN, the form asyncpg's own pool takes."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
