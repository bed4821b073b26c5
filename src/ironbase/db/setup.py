"""Database setup: roles, grants and migrations, run with the operator's (privileged) URL.

The API never serves with that URL; it connects as ``authenticator`` (see ``serving_url``).
"""

from __future__ import annotations

import logging
import random
import time
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from ironbase.config import Settings
from ironbase.db import roles
from ironbase.db.embedded import embedded_database_url
from ironbase.db.urls import authenticator_url, sync_url
from ironbase.secrets_store import read_or_create

log = logging.getLogger(__name__)

_NOLOGIN_ROLES = (roles.OWNER, roles.ANON, roles.AUTHENTICATED, roles.APP_ADMIN, roles.AUTH_SERVICE)


@dataclass(frozen=True)
class DatabaseTarget:
    """Where setup runs (``admin_url``) and what the API serves with."""

    admin_url: URL
    authenticator_password: str

    @property
    def serving_url(self) -> URL:
        return authenticator_url(self.admin_url, self.authenticator_password)


def resolve_target(settings: Settings) -> DatabaseTarget:
    admin = settings.database_url or embedded_database_url(settings.data_dir)
    if settings.authenticator_password is not None:
        password = settings.authenticator_password.get_secret_value()
    else:
        password = read_or_create(settings.data_dir, "authenticator_password", 24)
    return DatabaseTarget(admin_url=sync_url(admin), authenticator_password=password)


def _quote_literal(value: str) -> str:
    # Utility statements (ALTER ROLE ... PASSWORD) take no bind parameters.
    return "'" + value.replace("'", "''") + "'"


def _create_role(conn: Connection, name: str, options: str) -> bool:
    """Create the role unless it exists; True when this call created it."""
    exists = conn.execute(text("select 1 from pg_roles where rolname = :n"), {"n": name}).scalar()
    if exists:
        return False
    try:
        with conn.begin_nested():
            conn.exec_driver_sql(f"create role {name} {options}")
    except DBAPIError as exc:  # another process created it between our check and our create
        if "already exists" not in str(exc.orig):
            raise
        return False
    return True


LOGIN_REFUSED = (
    "PostgreSQL refused this installation's password for the `authenticator` role. Roles are "
    "shared by every database of a cluster, and the password is set only when the role is "
    "created, so another installation on this server probably created it with its own "
    "password. Either give this installation that password (IRONBASE_AUTHENTICATOR_PASSWORD "
    "or the data folder's secrets/authenticator_password), or run "
    "`ironbase db set-authenticator-password` to give the role this installation's password "
    "(every other installation on this cluster must then use it too)."
)


class AuthenticatorLoginFailed(RuntimeError):
    """The API's login role exists but does not accept the password this installation has."""

    def __init__(self) -> None:
        super().__init__(LOGIN_REFUSED)


def _memberships(conn: Connection, member: str) -> set[str]:
    rows = conn.execute(
        text(
            "select r.rolname from pg_auth_members m join pg_roles r on r.oid = m.roleid "
            "join pg_roles u on u.oid = m.member where u.rolname = :member"
        ),
        {"member": member},
    )
    return set(rows.scalars())


def _restrict_authenticator(conn: Connection) -> None:
    """Exactly the roles the API switches to: an older install granted service_role too."""
    for extra in sorted(_memberships(conn, roles.AUTHENTICATOR) - set(roles.REQUEST_ROLES)):
        conn.exec_driver_sql(f"revoke {extra} from {roles.AUTHENTICATOR}")
    granted = ", ".join(roles.REQUEST_ROLES)
    conn.exec_driver_sql(f"grant {granted} to {roles.AUTHENTICATOR}")


def ensure_roles(conn: Connection, authenticator_password: str) -> None:
    """Create the cluster-wide roles if missing and (re)assert their attributes.

    The authenticator's password is set only when this creates the role: it is shared by
    every database of the cluster, so resetting it on each start would lock out any other
    installation there (see ``set_authenticator_password`` for changing it on purpose).
    """
    for name in _NOLOGIN_ROLES:
        _create_role(conn, name, "nologin")
    _create_role(conn, roles.SERVICE_ROLE, "nologin")
    if _create_role(conn, roles.AUTHENTICATOR, "login noinherit"):
        _set_password(conn, authenticator_password)
    conn.exec_driver_sql(
        f"alter role {roles.AUTHENTICATOR} with login noinherit nosuperuser nocreatedb "
        "nocreaterole nobypassrls"
    )
    try:
        with conn.begin_nested():
            conn.exec_driver_sql(f"alter role {roles.SERVICE_ROLE} bypassrls")
    except DBAPIError:
        log.warning("could not grant BYPASSRLS to service_role (needs a superuser)")
    _restrict_authenticator(conn)
    # Admins act as themselves too: app_admin inherits every `authenticated` policy and grant.
    conn.exec_driver_sql(f"grant {roles.AUTHENTICATED} to {roles.APP_ADMIN}")
    is_super = conn.execute(
        text("select rolsuper from pg_roles where rolname = current_user")
    ).scalar()
    if not is_super:
        # The operator's login runs migrations as the owner and system jobs as service_role.
        conn.exec_driver_sql(f"grant {roles.OWNER}, {roles.SERVICE_ROLE} to current_user")


def _set_password(conn: Connection, password: str) -> None:
    conn.exec_driver_sql(f"alter role {roles.AUTHENTICATOR} password {_quote_literal(password)}")


def set_authenticator_password(target: DatabaseTarget) -> None:
    """Give the cluster-wide `authenticator` role this installation's password (on request)."""
    engine = create_engine(target.admin_url)
    try:
        with engine.begin() as conn:
            _set_password(conn, target.authenticator_password)
    finally:
        engine.dispose()


def is_password_refusal(exc: BaseException) -> bool:
    """PostgreSQL's invalid_password (28P01), as psycopg2 or asyncpg report it."""
    inner = getattr(exc, "orig", None) or exc
    code = getattr(inner, "pgcode", None) or getattr(inner, "sqlstate", None)
    return code == "28P01" or "password authentication failed" in str(inner)


def check_authenticator_login(target: DatabaseTarget) -> None:
    """Fail with advice, not a driver error, when the API could not log in with its password."""
    engine = create_engine(sync_url(target.serving_url), poolclass=NullPool)
    try:
        with engine.connect() as conn:
            conn.execute(text("select 1"))
    except DBAPIError as exc:
        if is_password_refusal(exc):
            raise AuthenticatorLoginFailed() from None  # `from None`: keep the URL out of logs
        # Anything else (pg_hba, a pooler in front) is the API's own start to report.
        log.warning("could not check the authenticator login: %s", type(exc.orig).__name__)
    finally:
        engine.dispose()


def ensure_database_grants(conn: Connection) -> None:
    database = conn.execute(text("select current_database()")).scalar_one()
    conn.exec_driver_sql(
        f'grant connect, create, temporary on database "{database}" to {roles.OWNER}'
    )
    conn.exec_driver_sql(f'grant connect on database "{database}" to {roles.AUTHENTICATOR}')
    conn.exec_driver_sql(f"grant usage, create on schema public to {roles.OWNER}")
    conn.exec_driver_sql("revoke create on schema public from public")


def alembic_config(conn: Connection) -> Config:
    config = Config()
    location = resources.files("ironbase") / "migrations"
    config.set_main_option("script_location", str(location))
    config.set_main_option(
        "file_template", "%%(year)d_%%(month).2d_%%(day).2d_%%(hour).2d%%(minute).2d-%%(slug)s"
    )
    config.attributes["connection"] = conn
    return config


ROLE_SETUP_ATTEMPTS = 6


def _with_role_retries(conn: Connection, authenticator_password: str) -> None:
    """Roles are cluster-wide, so two databases of one cluster preparing at the same moment
    (a test run beside a dev server) can collide on the same role row ("tuple concurrently
    updated"). The statements are idempotent: roll back and try again."""
    for attempt in range(1, ROLE_SETUP_ATTEMPTS + 1):
        try:
            ensure_roles(conn, authenticator_password)
            ensure_database_grants(conn)
            conn.commit()
            return
        except DBAPIError as exc:
            conn.rollback()
            if "concurrently" not in str(exc.orig) or attempt == ROLE_SETUP_ATTEMPTS:
                raise
            time.sleep(random.uniform(0.05, 0.3) * attempt)  # noqa: S311 (jitter, not crypto)


def prepare(target: DatabaseTarget, revision: str = "head") -> None:
    """Roles, grants, then migrations to ``revision`` (head unless a restore needs the
    backup's own). Idempotent: safe on every start."""
    engine = create_engine(target.admin_url)
    try:
        with engine.connect() as conn:
            # Serialises starts against one database (advisory locks are per database).
            conn.execute(text("select pg_advisory_lock(7290531)"))
            conn.commit()
            try:
                _with_role_retries(conn, target.authenticator_password)
                check_authenticator_login(target)
                command.upgrade(alembic_config(conn), revision)
                conn.commit()
                # An older revision (a restore's) may predate the steps' table; the restore
                # prepares again to head once its data is verified.
                if revision == "head":
                    _write_erasure_steps(conn)
                    conn.commit()
            finally:
                conn.rollback()
                conn.execute(text("select pg_advisory_unlock(7290531)"))
                conn.commit()
    finally:
        engine.dispose()


def _write_erasure_steps(conn: Connection) -> None:
    """What erasure does, from this code's registry of tables (``ironbase.privacy``)."""
    from ironbase.privacy.erasure import write_steps  # the registry imports every domain

    write_steps(conn)


def downgrade(target: DatabaseTarget, revision: str) -> None:
    engine = create_engine(target.admin_url)
    try:
        with engine.connect() as conn:
            command.downgrade(alembic_config(conn), revision)
            conn.commit()
    finally:
        engine.dispose()


@lru_cache(maxsize=1)
def head_revision() -> str | None:
    """The newest migration shipped with this package (read once: it cannot change at run time)."""
    script = ScriptDirectory(str(resources.files("ironbase") / "migrations"))
    return script.get_current_head()


def current_revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()
