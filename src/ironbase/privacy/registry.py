"""What every table holds: its backup tier and, for people's data, how it is exported and
erased.

Each domain declares its tables in a ``registered_tables.py`` module
(``TABLES: tuple[Table, ...]``); ``all_tables`` collects them. A test compares the
collection with the migrated database: a table without an entry, a column naming a person
that no entry accounts for, or an entry for a table that does not exist fails the suite.
Export, erasure, the erasure scan and the backups read nothing else, so a new domain is
covered as soon as its ``registered_tables.py`` is.
"""

from __future__ import annotations

import enum
import importlib
import pkgutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

import ironbase


class Tier(enum.IntEnum):
    """Backup tiers of the seed: what it costs to lose the table."""

    #: identity, training log, programs: what people cannot recreate
    IRREPLACEABLE = 1
    #: social, coaching, ambassadors: painful to lose, not a person's own record
    COMMUNITY = 2
    #: reference data, reports, counters: ``ironbase seed`` or time makes them again
    REPRODUCIBLE = 3


class Erase(enum.StrEnum):
    """What erasure does to the rows a person owns (``Table.owner``)."""

    #: the rows go
    DELETE = "delete"
    #: the rows stay (others rely on them), the owner column loses the identity
    PSEUDONYMISE = "pseudonymise"


class OnErase(enum.StrEnum):
    """What erasure does to a column that names a person in a row someone else owns."""

    #: the column becomes NULL (``gyms.created_by``: the gym stays)
    SET_NULL = "set_null"
    #: the column gets the erasure's pseudonym, a fresh uuid with no way back to the person
    PSEUDONYM = "pseudonym"
    #: a uuid[] column loses the person's id (``app_flags.user_ids``)
    REMOVE_FROM_ARRAY = "remove_from_array"
    #: rows whose text column mentions the person (their id or email) are deleted
    #: (``admin_check_rate_limit.key``: counters keyed by user id or email)
    DELETE_MENTIONING_ROWS = "delete_mentioning_rows"
    #: rows where the column names the person are deleted, whoever owns them
    #: (``social_friendships.friend_id``: the other side's row of a friendship goes too;
    #: ``social_post_likes.post_user_id``: likes of the person's posts go with the posts)
    DELETE_ROWS = "delete_rows"


@dataclass(frozen=True, slots=True)
class PersonColumn:
    """A column that names a person in rows that are not (only) theirs."""

    column: str
    on_erase: OnErase
    #: rows where the column names the person belong in their export (their audit trail)
    export: bool = False


@dataclass(frozen=True, slots=True)
class Table:
    """One table of the database, as export, erasure and backup see it."""

    #: schema-qualified: ``public.workouts``, ``auth.users``
    name: str
    tier: Tier
    #: the column naming the person each row belongs to; None for tables of nobody's rows
    owner: str | None = None
    erase: Erase = Erase.DELETE
    #: other columns naming people (actors, deciders, lists of people)
    people: tuple[PersonColumn, ...] = ()
    #: columns never written to an export (the password hash)
    not_exported: tuple[str, ...] = ()
    #: special categories of data (GDPR art. 9): never logged, owner-only
    sensitive: bool = False
    #: one line for the operator: what the table holds
    holds: str = ""

    @property
    def schema(self) -> str:
        return self.name.split(".", 1)[0]

    @property
    def relation(self) -> str:
        return self.name.split(".", 1)[1]

    @property
    def personal(self) -> bool:
        return self.owner is not None or bool(self.people)

    def person_columns(self) -> tuple[str, ...]:
        """Every column this entry says names a person."""
        owner = (self.owner,) if self.owner else ()
        return owner + tuple(p.column for p in self.people)


#: Tables the registry leaves out on purpose: migrations write them, restores rerun them.
SCHEMA_BOOKKEEPING = frozenset({"public.alembic_version"})


@dataclass(frozen=True, slots=True)
class Registry:
    tables: tuple[Table, ...] = field(default_factory=tuple)

    def by_name(self) -> dict[str, Table]:
        return {t.name: t for t in self.tables}

    def tier(self, tier: Tier) -> tuple[Table, ...]:
        return tuple(t for t in self.tables if t.tier == tier)

    def personal(self) -> tuple[Table, ...]:
        return tuple(t for t in self.tables if t.personal)


def _declaring_modules() -> Iterable[str]:
    for info in pkgutil.walk_packages(ironbase.__path__, prefix="ironbase."):
        if info.name.rsplit(".", 1)[-1] == "registered_tables" and not info.ispkg:
            yield info.name


@cache
def all_tables() -> Registry:
    """Every domain's ``registered_tables.TABLES`` in name order (declared twice: a bug)."""
    found: dict[str, Table] = {}
    for module_name in sorted(_declaring_modules()):
        module = importlib.import_module(module_name)
        for table in module.TABLES:
            if table.name in found:
                raise ValueError(f"{table.name} is declared twice (again in {module_name})")
            found[table.name] = table
    return Registry(tuple(found[name] for name in sorted(found)))
