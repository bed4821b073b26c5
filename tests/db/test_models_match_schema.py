"""The models and the migrations describe one schema: a database migrated to head must match
the models' metadata, so neither side can drift from the other as tables are added.

The migrations are the truth. Alembic's autogenerate comparison covers tables, columns,
types, nullability, server defaults, indexes, unique constraints and foreign keys; it does
not look at CHECK constraints, so those are compared here by name, per table.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import (
    CheckConstraint,
    Column,
    Connection,
    Integer,
    MetaData,
    Table,
    create_engine,
    text,
)

import ironbase.models  # noqa: F401  (registers every table on Base.metadata)
from ironbase.db.base import Base
from ironbase.db.setup import DatabaseTarget

OWNED_SCHEMAS = frozenset({"public", "auth"})
DEFAULT_SCHEMA = "public"

# Tables the migrations create that no model maps, each with the reason.
UNMODELLED_TABLES = {
    ("public", "alembic_version"): "Alembic's own bookkeeping: written by Alembic, read by /ready",
}

T = TypeVar("T")
CheckKey = tuple[str, str, str]


def _include_name(name: str | None, type_: str, parents: dict[str, str | None]) -> bool:
    """Reflect only the schemas the project owns, minus the tables listed as unmodelled."""
    if type_ == "schema":
        return name is None or name in OWNED_SCHEMAS
    if type_ == "table":
        schema = parents.get("schema_name") or DEFAULT_SCHEMA
        return (schema, str(name)) not in UNMODELLED_TABLES
    return True


def schema_differences(conn: Connection, metadata: MetaData) -> list[Any]:
    """Alembic's differences, plus what it only warns about (e.g. a generated column's
    expression, which it cannot alter)."""
    context = MigrationContext.configure(
        conn,
        opts={
            "compare_type": True,
            "compare_server_default": True,
            "include_schemas": True,
            "include_name": _include_name,
        },
    )
    with warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        differences: list[Any] = list(compare_metadata(context, metadata))
    return differences + [f"warning: {warning.message}" for warning in warned]


def database_checks(conn: Connection) -> set[CheckKey]:
    rows = conn.execute(
        text(
            "select n.nspname, c.relname, k.conname from pg_constraint k "
            "join pg_class c on c.oid = k.conrelid "
            "join pg_namespace n on n.oid = c.relnamespace "
            "where k.contype = 'c' and n.nspname = any(:schemas)"
        ),
        {"schemas": sorted(OWNED_SCHEMAS)},
    )
    return {(schema, table, name) for schema, table, name in rows}


def model_checks(metadata: MetaData) -> set[CheckKey]:
    return {
        (table.schema or DEFAULT_SCHEMA, table.name, str(constraint.name))
        for table in metadata.tables.values()
        for constraint in table.constraints
        if isinstance(constraint, CheckConstraint)
    }


def check_differences(conn: Connection, metadata: MetaData) -> list[str]:
    in_database, in_models = database_checks(conn), model_checks(metadata)
    return [f"check only in the migrations: {key}" for key in sorted(in_database - in_models)] + [
        f"check only in the models: {key}" for key in sorted(in_models - in_database)
    ]


# Where the models' own DDL is built for comparison, inside a transaction that is rolled back.
MODEL_SCHEMAS = {"public": "models_public", "auth": "models_auth"}

DEFINITIONS = text(
    """
    select n.nspname, c.relname, k.conname, pg_get_constraintdef(k.oid)
    from pg_constraint k
    join pg_class c on c.oid = k.conrelid
    join pg_namespace n on n.oid = c.relnamespace
    where k.contype = 'c' and n.nspname = any(:schemas)
    union all
    select n.nspname, t.relname, i.relname,
           regexp_replace(pg_get_indexdef(x.indexrelid), '^.* USING ', '')
    from pg_index x
    join pg_class i on i.oid = x.indexrelid
    join pg_class t on t.oid = x.indrelid
    join pg_namespace n on n.oid = t.relnamespace
    where n.nspname = any(:schemas)
    """
)


def definitions(conn: Connection, schemas: dict[str, str]) -> dict[CheckKey, str]:
    """Every CHECK and index of ``schemas`` (actual name -> reported name) as PostgreSQL
    itself prints it: ``unique (...) where ...``, ``CHECK ((...))``."""
    rows = conn.execute(DEFINITIONS, {"schemas": sorted(schemas)})
    found = {(schemas[schema], table, name): sql for schema, table, name, sql in rows}
    return {key: sql for key, sql in found.items() if key[:2] not in UNMODELLED_TABLES}


def model_definitions(conn: Connection, metadata: MetaData) -> dict[CheckKey, str]:
    """Build the models' DDL in scratch schemas beside the migrated ones and read it back."""
    for schema in MODEL_SCHEMAS.values():
        conn.execute(text(f"create schema {schema}"))
    translate = {None: MODEL_SCHEMAS[DEFAULT_SCHEMA], "auth": MODEL_SCHEMAS["auth"]}
    metadata.create_all(conn.execution_options(schema_translate_map=translate))
    found = definitions(conn, {built: owned for owned, built in MODEL_SCHEMAS.items()})
    prefixes = tuple(f"{built}." for built in MODEL_SCHEMAS.values())
    return {key: _unqualify(sql, prefixes) for key, sql in found.items()}


def _unqualify(sql: str, prefixes: tuple[str, ...]) -> str:
    """The scratch schemas' names as the migrated ones print: ``public`` is on the search
    path, so PostgreSQL names its types (an enum in a partial index) unqualified."""
    for prefix in prefixes:
        owned = prefix.removeprefix("models_")
        sql = sql.replace(prefix, "" if owned == f"{DEFAULT_SCHEMA}." else owned)
    return sql


def definition_differences(engine_url: Any, metadata: MetaData) -> list[str]:
    engine = create_engine(engine_url)
    try:
        with engine.connect() as conn:
            try:
                from_models = model_definitions(conn, metadata)
                from_migrations = definitions(conn, {s: s for s in MODEL_SCHEMAS})
            finally:
                conn.rollback()
    finally:
        engine.dispose()
    return [
        f"{key}: migrations {from_migrations.get(key)!r}, models {from_models.get(key)!r}"
        for key in sorted(from_models.keys() | from_migrations.keys())
        if from_models.get(key) != from_migrations.get(key)
    ]


@pytest.fixture(scope="module")
def migrated(database_target: DatabaseTarget) -> Iterator[Connection]:
    """A connection to the session database, which `database_target` migrated to head."""
    engine = create_engine(database_target.admin_url)
    try:
        with engine.connect() as conn:
            yield conn
    finally:
        engine.dispose()


def test_models_match_the_migrated_schema(migrated: Connection) -> None:
    differences = schema_differences(migrated, Base.metadata)
    assert differences == [], "\n".join(map(str, differences))


def test_models_declare_every_check_constraint_of_the_schema(migrated: Connection) -> None:
    differences = check_differences(migrated, Base.metadata)
    assert differences == [], "\n".join(differences)


def test_models_define_checks_and_indexes_as_the_migrations_do(
    database_target: DatabaseTarget,
) -> None:
    """Names are not enough: a check's expression or an index's columns, uniqueness or
    predicate (which autogenerate does not compare) must be the same too."""
    differences = definition_differences(database_target.admin_url, Base.metadata)
    assert differences == [], "\n".join(differences)


def test_unmodelled_tables_exist(migrated: Connection) -> None:
    """An entry for a table that no longer exists would hide nothing but mislead readers."""
    rows = migrated.execute(
        text("select table_schema, table_name from information_schema.tables")
    ).all()
    assert set(UNMODELLED_TABLES) <= {(schema, table) for schema, table in rows}


def _drifted_copy() -> MetaData:
    copy = MetaData(naming_convention=Base.metadata.naming_convention)
    for table in Base.metadata.tables.values():
        table.to_metadata(copy)
    return copy


def _named(items: Iterable[T], name: str) -> T:
    return next(item for item in items if getattr(item, "name", None) == name)


def test_a_drift_is_reported(migrated: Connection, database_target: DatabaseTarget) -> None:
    """The comparisons are not blind: each kind of drift below is reported."""
    drifted = _drifted_copy()
    exercises, gyms, users = (drifted.tables[name] for name in ("exercises", "gyms", "users"))
    exercises.indexes.discard(_named(exercises.indexes, "uq_exercises_user_slug"))
    gyms.c.time_zone.nullable = True
    Table("not_migrated", drifted, Column("id", Integer, primary_key=True))
    users.constraints.discard(_named(users.constraints, "ck_users_locale_length"))
    time_zone_check = _named(users.constraints, "ck_users_time_zone_length")
    assert isinstance(time_zone_check, CheckConstraint)
    time_zone_check.sqltext = text("time_zone <> ''")
    _named(exercises.indexes, "ix_exercises_user_id").dialect_options["postgresql"]["where"] = text(
        "user_id is null"
    )

    reported = "\n".join(map(str, schema_differences(migrated, drifted)))
    assert "remove_index" in reported
    assert "uq_exercises_user_slug" in reported
    assert "modify_nullable" in reported
    assert "add_table" in reported
    assert check_differences(migrated, drifted) == [
        "check only in the migrations: ('public', 'users', 'ck_users_locale_length')"
    ]
    changed = definition_differences(database_target.admin_url, drifted)
    assert [line.split(":")[0] for line in changed] == [
        "('public', 'exercises', 'ix_exercises_user_id')",
        "('public', 'exercises', 'uq_exercises_user_slug')",
        "('public', 'not_migrated', 'pk_not_migrated')",
        "('public', 'users', 'ck_users_locale_length')",
        "('public', 'users', 'ck_users_time_zone_length')",
    ]
