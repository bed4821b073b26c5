"""Alembic environment: always runs on a connection handed over by ``ironbase.db.setup``.

Migrations run as the owner role, so every object they create belongs to it and not to
whichever login the operator supplied.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import text
from sqlalchemy.engine import Connection

from ironbase.db.base import Base
from ironbase.db.roles import OWNER
from ironbase.models import *  # noqa: F403  (registers every table on Base.metadata)

config = context.config


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        include_schemas=True,
        compare_type=True,
    )
    # One transaction for the whole upgrade (PostgreSQL DDL is transactional); SET LOCAL
    # ends with it, so the caller's connection gets its own role back.
    with context.begin_transaction():
        connection.execute(text(f"set local role {OWNER}"))
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations with `ironbase db upgrade`, which supplies the connection")
run_migrations(connection)
