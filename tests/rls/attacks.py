"""The attacks of one person on another's rows, in SQL as ``authenticated``, for any table.

Every attempt runs in its own transaction exactly like an API request (``authenticator``,
then ``set_config('role', 'authenticated', true)`` and the attacker's claims) and is rolled
back. A write counts as refused when the database raises ``insufficient_privilege`` (a
policy or a missing grant) or touches no row; anything else is reported, so that a
refusal for an unrelated reason (a bad sample row) cannot pass for isolation.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypeAlias

import asyncpg

from tests.rls.factories import (
    FACTORIES,
    NO_OWN_INSERT,
    PUBLIC_PARENTS_ALLOWED,
    SHARED_ROWS,
    Factory,
    Row,
    new_user,
)
from tests.rls.shapes import ForeignKey, TableShape, table_shape

Outcome: TypeAlias = str | int | BaseException


def _match(columns: Sequence[str], first: int = 1) -> str:
    return " and ".join(f'"{c}" = ${i}' for i, c in enumerate(columns, first))


def _insert_sql(table: str, columns: Sequence[str]) -> str:
    if not columns:
        return f"insert into {table} default values"
    names = ", ".join(f'"{c}"' for c in columns)
    params = ", ".join(f"${i}" for i in range(1, len(columns) + 1))
    return f"insert into {table} ({names}) values ({params})"


@dataclass
class Attacker:
    conn: asyncpg.Connection
    user_id: uuid.UUID

    async def run(self, sql: str, *args: Any, fetch: bool = False) -> Outcome:
        tx = self.conn.transaction()
        await tx.start()
        try:
            await self.conn.execute(
                "select set_config('role', 'authenticated', true), "
                "set_config('request.jwt.claims', $1, true)",
                json.dumps({"sub": str(self.user_id), "role": "authenticated"}),
            )
            if fetch:
                count: int = await self.conn.fetchval(sql, *args)
                return count
            status: str = await self.conn.execute(sql, *args)
            return status
        except asyncpg.PostgresError as exc:
            error: BaseException = exc
            return error
        finally:
            await tx.rollback()


def refused(outcome: Outcome) -> bool:
    return isinstance(outcome, asyncpg.InsufficientPrivilegeError) or outcome in (
        "UPDATE 0",
        "DELETE 0",
    )


@dataclass
class Siege:
    """One table's attacks: the attacker against the victim's row, and its own row."""

    owner: asyncpg.Connection
    shape: TableShape
    attacker: Attacker
    victim: uuid.UUID
    row: Row
    own: Row
    problems: list[str] = field(default_factory=list)
    # Rows that belong to nobody (catalog rows) made for the attacks: removed afterwards.
    made: list[tuple[TableShape, Row]] = field(default_factory=list)

    def expect(self, what: str, outcome: Outcome, *, insert: bool = False) -> None:
        ok = isinstance(outcome, asyncpg.InsufficientPrivilegeError) if insert else refused(outcome)
        if not ok:
            self.problems.append(f"{self.shape.name}: {what} was not refused ({outcome!r})")

    def key_of(self, row: Row) -> list[Any]:
        return [row[c] for c in self.shape.key]

    async def read(self) -> None:
        t, key = self.shape.name, self.shape.key
        seen = await self.attacker.run(
            f"select count(*) from {t} where {_match(key)}", *self.key_of(self.row), fetch=True
        )
        by_owner = await self.attacker.run(
            f'select count(*) from {t} where "{self.shape.owner_column}" = $1',
            self.victim,
            fetch=True,
        )
        # No privilege at all (token rows: the auth path only) hides the row as well as a policy.
        seen, by_owner = (
            0 if isinstance(count, asyncpg.InsufficientPrivilegeError) else count
            for count in (seen, by_owner)
        )
        shared = t in SHARED_ROWS
        if shared and seen != 1:
            self.problems.append(f"{t}: listed as shared, but another user sees {seen!r}")
        if not shared and (seen, by_owner) != (0, 0):
            self.problems.append(f"{t}: another user reads the row ({seen!r}, {by_owner!r})")

    def _update_column(self) -> str:
        candidates = sorted(self.shape.updatable - set(self.shape.key))
        return candidates[0] if candidates else self.shape.owner_column

    async def update(self) -> None:
        column, key = self._update_column(), self.shape.key
        sql = f'update {self.shape.name} set "{column}" = "{column}" where {_match(key)}'
        outcome = await self.attacker.run(sql, *self.key_of(self.row))
        self.expect(f"updating another's row ({column})", outcome)

    async def delete(self) -> None:
        sql = f"delete from {self.shape.name} where {_match(self.shape.key)}"
        self.expect("deleting another's row", await self.attacker.run(sql, *self.key_of(self.row)))

    async def give_away(self) -> None:
        """Moving one's own row onto the victim is an insert for someone else in disguise."""
        owner_column, key = self.shape.owner_column, self.shape.key
        sql = f'update {self.shape.name} set "{owner_column}" = $1 where {_match(key, 2)}'
        outcome = await self.attacker.run(sql, self.victim, *self.key_of(self.own))
        self.expect("moving one's own row to another user", outcome)

    def private_parents(self) -> list[ForeignKey]:
        """Foreign keys to other people's private rows that the owner column does not bind."""
        parents = []
        for fk in self.shape.foreign_keys:
            if fk.parent == "auth.users" or self.shape.owner_column in fk.columns:
                continue
            if fk.parent in FACTORIES and fk.parent not in SHARED_ROWS:
                parents.append(fk)
        return parents

    async def foreign_targets(self, fk: ForeignKey) -> list[tuple[str, list[Any]]]:
        """The victim's parent row, and a parent that belongs to nobody when one can exist."""
        targets = [("another user's", [self.row[c] for c in fk.columns])]
        parent = await table_shape(self.owner, fk.parent)
        public_allowed = (self.shape.name, fk.parent) in PUBLIC_PARENTS_ALLOWED
        if parent.owner_column in parent.nullable and not public_allowed:
            nobodys = await FACTORIES[fk.parent](self.owner, None)
            self.made.append((parent, nobodys))
            targets.append(("nobody's (catalog)", [nobodys[c] for c in fk.parent_columns]))
        return targets

    async def repoint_own(self, fk: ForeignKey, label: str, values: list[Any]) -> None:
        t, key = self.shape.name, self.shape.key
        sets = ", ".join(f'"{c}" = ${i}' for i, c in enumerate(fk.columns, 1))
        sql = f"update {t} set {sets} where {_match(key, len(fk.columns) + 1)}"
        outcome = await self.attacker.run(sql, *values, *self.key_of(self.own))
        self.expect(f"pointing one's own row at {label} {fk.parent}", outcome)

    async def insert_pointing(self, fk: ForeignKey, label: str, values: list[Any]) -> None:
        row = {**self.own, **dict(zip(fk.columns, values, strict=True))}
        await self.insert(row, f"inserting a row pointing at {label} {fk.parent}")

    async def insert(self, row: Row, what: str, *, allowed: bool = False) -> None:
        columns = [c for c in row if c in self.shape.insertable]
        outcome = await self.attacker.run(
            _insert_sql(self.shape.name, columns), *(row[c] for c in columns)
        )
        if allowed and outcome != "INSERT 0 1":
            self.problems.append(f"{self.shape.name}: the owner's own {what} failed ({outcome!r})")
        elif not allowed:
            self.expect(what, outcome, insert=True)

    async def remove(self, row: Row, shape: TableShape | None = None) -> None:
        shape = shape or self.shape
        sql = f"delete from {shape.name} where {_match(shape.key)}"
        await self.owner.execute(sql, *(row[c] for c in shape.key))

    async def clean_up(self) -> None:
        for shape, row in self.made:
            await self.remove(row, shape)


async def besiege(
    owner: asyncpg.Connection, conn: asyncpg.Connection, shape: TableShape
) -> list[str]:
    make: Factory = FACTORIES[shape.name]
    victim, attacker = await new_user(owner), await new_user(owner)
    row, own = await make(owner, victim), await make(owner, attacker)
    siege = Siege(owner, shape, Attacker(conn, attacker), victim, row, own)
    await siege.read()
    await siege.update()
    await siege.delete()
    await siege.give_away()
    targets = [
        (fk, label, values)
        for fk in siege.private_parents()
        for label, values in await siege.foreign_targets(fk)
    ]
    for fk, label, values in targets:
        await siege.repoint_own(fk, label, values)
    # Inserts reuse the sample rows' keys: take the rows away first (children go with them).
    await siege.remove(row)
    await siege.remove(own)
    await siege.insert(row, "inserting a row for another user")
    for fk, label, values in targets:
        await siege.insert_pointing(fk, label, values)
    if shape.name not in NO_OWN_INSERT and shape.insertable:
        # The control: the same insert with one's own parents succeeds, so the refusals
        # above come from whose row it is, not from a bad sample row.
        await siege.insert(own, "row, inserted again", allowed=True)
    await siege.clean_up()
    return siege.problems
