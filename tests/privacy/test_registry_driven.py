"""Export and erasure follow the registry, not a list: a table a later domain registers is
exported and erased as soon as it is registered (here: made-up social and coaching tables,
created and registered inside a transaction that is rolled back)."""

from __future__ import annotations

import uuid

import asyncpg
import pytest
from sqlalchemy import create_engine, text

from ironbase.db.pg import Tx
from ironbase.db.setup import DatabaseTarget
from ironbase.privacy import exporting
from ironbase.privacy.erasure import IDENTITY, Step, plan, write_steps
from ironbase.privacy.registry import Erase, OnErase, PersonColumn, Registry, Table, Tier
from ironbase.privacy.registry import all_tables as registered


def extended() -> Registry:
    later = (
        Table("public.zz_posts", Tier.COMMUNITY, owner="user_id", holds="posts"),
        Table(
            "public.zz_follows",
            Tier.COMMUNITY,
            owner="user_id",
            people=(PersonColumn("followee", OnErase.DELETE_ROWS),),
            holds="who follows whom",
        ),
        Table(
            "public.zz_coach_notes",
            Tier.COMMUNITY,
            owner="coach_id",
            people=(PersonColumn("client_id", OnErase.SET_NULL),),
            holds="a coach's notes about clients",
        ),
    )
    return Registry(tuple(sorted(registered().tables + later, key=lambda t: t.name)))


LATER_TABLES = """
create table public.zz_posts (
  user_id uuid not null references auth.users (id), id uuid primary key, body text
);
create table public.zz_follows (user_id uuid not null, followee uuid not null);
create table public.zz_coach_notes (coach_id uuid not null, client_id uuid, note text);
"""


def test_the_plan_orders_people_columns_then_pseudonyms_then_deletes() -> None:
    registry = Registry(
        (
            Table("auth.users", Tier.IRREPLACEABLE, owner="id", holds="x"),
            Table("public.child", Tier.IRREPLACEABLE, owner="user_id", holds="x"),
            Table("public.parent", Tier.IRREPLACEABLE, owner="user_id", holds="x"),
            Table(
                "public.kept",
                Tier.COMMUNITY,
                owner="user_id",
                erase=Erase.PSEUDONYMISE,
                people=(PersonColumn("by", OnErase.SET_NULL),),
                holds="x",
            ),
        )
    )
    types = {
        ("auth.users", "id"): "uuid",
        ("public.child", "user_id"): "uuid",
        ("public.parent", "user_id"): "uuid",
        ("public.kept", "user_id"): "uuid",
        ("public.kept", "by"): "uuid",
    }
    steps = plan(registry, types, [("public.child", "public.parent")])
    child, parent = (
        Step("public.child", "user_id", "uuid", "delete"),
        Step("public.parent", "user_id", "uuid", "delete"),
    )
    assert steps == [
        Step("public.kept", "by", "uuid", "set_null"),
        Step("public.kept", "user_id", "uuid", "pseudonymise"),
        child,
        parent,
        Step(IDENTITY, "id", "uuid", "delete"),
        child,
        parent,
    ]
    # The foreign key the other way round turns the order round.
    reverse = plan(registry, types, [("public.parent", "public.child")])
    deletes = [s.table_name for s in reverse if s.action == "delete"]
    assert deletes[:3] == ["public.parent", "public.child", IDENTITY]
    with pytest.raises(ValueError, match="does not exist"):
        plan(registry, {}, [])


def test_a_table_registered_later_is_erased_by_its_entry(database_target: DatabaseTarget) -> None:
    engine = create_engine(database_target.admin_url)
    try:
        with engine.connect() as conn, conn.begin() as transaction:
            # As a migration makes them: owned by the owner role, so service_role may write.
            conn.exec_driver_sql("set local role ironbase_owner")
            conn.exec_driver_sql(LATER_TABLES)
            conn.exec_driver_sql("reset role")
            person, coach, fan = (
                conn.execute(
                    text("insert into auth.users (email) values (:e) returning id"),
                    {"e": f"{name}-{uuid.uuid4().hex[:8]}@example.com"},
                ).scalar_one()
                for name in ("person", "coach", "fan")
            )
            conn.execute(
                text("insert into zz_posts values (:p, gen_random_uuid(), 'PR day')"), {"p": person}
            )
            conn.execute(
                text("insert into zz_follows values (:a, :b), (:b, :a), (:c, :b)"),
                {"a": person, "b": fan, "c": coach},
            )
            conn.execute(
                text("insert into zz_coach_notes values (:c, :p, 'deload next week')"),
                {"c": coach, "p": person},
            )
            write_steps(conn, extended())  # as service_role from here on
            conn.execute(text("select public.erase_person(:p)"), {"p": person})
            conn.exec_driver_sql("reset role")
            assert conn.execute(text("select count(*) from zz_posts")).scalar_one() == 0
            follows = conn.execute(text("select user_id, followee from zz_follows")).all()
            assert [tuple(r) for r in follows] == [(coach, fan)]
            notes = conn.execute(text("select coach_id, client_id, note from zz_coach_notes")).all()
            assert [tuple(r) for r in notes] == [(coach, None, "deload next week")]
            transaction.rollback()
    finally:
        engine.dispose()


async def test_a_table_registered_later_is_in_the_export(owner_url: str) -> None:
    conn = await asyncpg.connect(owner_url)
    try:
        async with conn.transaction():
            await conn.execute(LATER_TABLES)
            person = await conn.fetchval(
                "insert into auth.users (email) values ($1) returning id",
                f"person-{uuid.uuid4().hex[:8]}@example.com",
            )
            await conn.execute(
                "insert into zz_posts values ($1, gen_random_uuid(), 'PR day')", person
            )

            async def quiet(_done: int, _total: int, _what: str) -> None:
                return None

            files = await exporting.collect(
                Tx(conn), person, "person@example.com", quiet, extended()
            )
            names = dict(files.files)
            assert b"PR day" in names["tables/public.zz_posts.json"]
            assert files.rows["public.zz_follows"] == 0
            raise _Rollback
    except _Rollback:
        pass
    finally:
        await conn.close()


class _Rollback(Exception):
    pass
