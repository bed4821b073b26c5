"""The in-process search index over the shared catalog, rebuilt when the catalog changes."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from dataclasses import dataclass
from typing import Any

from ironbase.catalog.search import repository as repo
from ironbase.catalog.search.engine import SearchIndex, Term, build_index
from ironbase.catalog.search.names import NameTable
from ironbase.db.pg import Tx
from ironbase.kit.heap import freeze_long_lived

ALIAS_BOOST = 4
MAX_BOOSTED_ALIASES = 6


@dataclass(frozen=True, slots=True)
class Corpus:
    index: SearchIndex
    facets: dict[str, dict[str, Any]]
    # Exact names for imports.
    names: NameTable


def corpus_from_rows(
    rows: list[dict[str, Any]],
    names: list[tuple[uuid.UUID, str, str]],
    aliases: list[tuple[uuid.UUID, str]],
) -> Corpus:
    facets = {str(r["id"]): r for r in rows}
    terms = [Term(str(r["id"]), r["name"], "en") for r in rows]
    terms += [Term(str(eid), name, locale) for eid, locale, name in names if str(eid) in facets]
    terms += [Term(str(eid), alias, None) for eid, alias in aliases if str(eid) in facets]
    alias_counts = Counter(str(eid) for eid, _ in aliases)
    boosts = {
        eid: ALIAS_BOOST * min(count, MAX_BOOSTED_ALIASES) for eid, count in alias_counts.items()
    }
    retired = frozenset(eid for eid, row in facets.items() if row.get("retired"))
    return Corpus(build_index(terms, boosts), facets, NameTable.build(terms, retired))


class CatalogSearchCache:
    """One per process. The version check is one cheap aggregate query per search, so
    every process sees an admin's edit on its next search, without a message bus."""

    def __init__(self) -> None:
        self._version: tuple[Any, ...] | None = None
        self._corpus: Corpus | None = None
        self._lock = asyncio.Lock()

    async def corpus(self, tx: Tx) -> Corpus:
        version = await repo.catalog_version(tx)
        if self._corpus is not None and version == self._version:
            return self._corpus
        async with self._lock:
            if self._corpus is None or version != self._version:
                rows, names, aliases = await repo.search_corpus(tx, owner=None)
                self._corpus = corpus_from_rows(rows, names, aliases)
                self._version = version
                # The index lives until the catalog changes: out of the collector's walks.
                freeze_long_lived(collect_first=False)
        return self._corpus

    def invalidate(self) -> None:
        self._version = None
