"""Checking the admin audit log's hash chain (``ironbase audit verify``).

The database chains every entry when it is written (trigger ``chain_audit_entry``):
``entry_hash = sha256(previous entry_hash || canonical content)``, positions ``chain_seq``
1, 2, 3, ... This module recomputes the hashes here, in Python, so a changed trigger or
hash function in the database cannot vouch for itself.

Since migration 0013 (ADR 0009) the content the chain hashes holds a *seal* of the entry's
personal columns (actor, target, before, after, address) instead of the columns:
``seal = sha256(salt || personal columns)`` with a random salt per entry. Each seal is
checked against its columns while the salt exists; erasure rewrites the columns of the
entries naming the erased person and destroys their salt, so those entries are counted
as redacted: their chain still holds, their personal columns can no longer be checked.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Connection

from ironbase.migrations.helpers import audit_entry_personal_sql, audit_entry_sealed_content_sql

# The same canonical content the trigger hashes (one definition, shared with the migration).
_CONTENT = audit_entry_sealed_content_sql("e")
_PERSONAL = audit_entry_personal_sql("e")
_ENTRIES = text(
    f"select e.id, e.chain_seq, e.entry_hash, {_CONTENT} as content, "  # noqa: S608 (constant)
    f"e.seal, e.seal_salt, {_PERSONAL} as personal "
    "from admin_audit_log e order by e.chain_seq"
)


@dataclass(frozen=True, slots=True)
class ChainBreak:
    entry_id: int
    chain_seq: int
    reason: str


@dataclass(frozen=True, slots=True)
class ChainReport:
    entries: int
    head_hash: str | None
    broken: ChainBreak | None
    #: entries whose personal columns erasure rewrote (their salt is gone)
    redacted: int = 0


def verify_chain(conn: Connection) -> ChainReport:
    """Walk the chain in order; stop at the first entry that does not follow from the last.

    A removed entry shows as a gap in positions, a changed one as a hash that no longer
    matches. Removing the newest entries leaves no gap: compare ``head_hash`` with one
    noted earlier (outside the database) to catch that.
    """
    previous = b""
    count = redacted = 0
    rows = conn.execution_options(yield_per=1000).execute(_ENTRIES)
    for entry_id, chain_seq, stored, content, seal, salt, personal in rows:
        count += 1
        if chain_seq != count:
            reason = f"entries at positions {count} to {chain_seq - 1} are missing"
            return ChainReport(count - 1, None, ChainBreak(entry_id, chain_seq, reason), redacted)
        if hashlib.sha256(previous + bytes(content)).digest() != bytes(stored):
            reason = "its hash does not match its content and the entry before it"
            return ChainReport(count - 1, None, ChainBreak(entry_id, chain_seq, reason), redacted)
        if salt is None:
            redacted += 1
        elif hashlib.sha256(bytes(salt) + bytes(personal)).digest() != bytes(seal):
            reason = "its actor, target or snapshots do not match its seal"
            return ChainReport(count - 1, None, ChainBreak(entry_id, chain_seq, reason), redacted)
        previous = bytes(stored)
    return ChainReport(count, previous.hex() or None, None, redacted)
