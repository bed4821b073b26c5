"""``manifest.json``: what a tier's dump holds, to be checked after a restore.

Format 2 adds ``restore_point`` and ``snapshot_id``: the tiers of one backup command share
them (and ``created_at``), having been dumped from one snapshot. Format 1 manifests (one
snapshot per tier, no restore point) are still read and restored.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FORMAT_VERSION = 2
#: every format this ironbase reads (1: before restore points)
READABLE_FORMATS = (1, 2)
MANIFEST_FILE = "manifest.json"
#: bounds what a restore reads from a folder it is handed (a manifest is a few kB)
MAX_MANIFEST_BYTES = 4 * 1024 * 1024


class ManifestError(ValueError):
    """The folder holds no readable manifest of a supported format, or its dump file does not
    match the manifest."""


@dataclass(frozen=True, slots=True)
class TableSum:
    """One table in one snapshot: its rows and a checksum of their content."""

    name: str
    rows: int
    checksum: str


@dataclass(frozen=True, slots=True)
class Manifest:
    format: int
    tier: int
    #: the alembic revision the database was at (a restore migrates to exactly this one)
    revision: str
    created_at: str
    server_version: str
    #: major version of the pg_dump that wrote the archive (older pg_restores cannot read it)
    pg_dump_major: int
    dump_file: str
    dump_sha256: str
    tables: tuple[TableSum, ...]
    #: shared by the tiers dumped from one snapshot by one command (None: a format 1 manifest)
    restore_point: str | None = None
    #: the exported snapshot's id (``pg_export_snapshot()``), for the record: the server
    #: reuses such ids after a restart, ``restore_point`` is unique
    snapshot_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        point = (
            {"restore_point": self.restore_point, "snapshot_id": self.snapshot_id}
            if self.format >= 2
            else {}
        )
        return {
            "format": self.format,
            "tier": self.tier,
            "revision": self.revision,
            "created_at": self.created_at,
            **point,
            "server_version": self.server_version,
            "pg_dump_major": self.pg_dump_major,
            "dump_file": self.dump_file,
            "dump_sha256": self.dump_sha256,
            "tables": [
                {"name": t.name, "rows": t.rows, "checksum": t.checksum} for t in self.tables
            ],
        }

    @classmethod
    def from_json(cls, data: Any) -> Manifest:
        try:
            if data["format"] not in READABLE_FORMATS or isinstance(data["format"], bool):
                readable = ", ".join(map(str, READABLE_FORMATS))
                raise ManifestError(
                    f"manifest format {data['format']!r}: this ironbase reads formats {readable}"
                )
            later = data["format"] >= 2
            tables = tuple(
                TableSum(str(t["name"]), int(t["rows"]), str(t["checksum"])) for t in data["tables"]
            )
            manifest = cls(
                format=int(data["format"]),
                tier=int(data["tier"]),
                revision=str(data["revision"]),
                created_at=str(data["created_at"]),
                server_version=str(data["server_version"]),
                pg_dump_major=int(data["pg_dump_major"]),
                dump_file=str(data["dump_file"]),
                dump_sha256=str(data["dump_sha256"]),
                tables=tables,
                restore_point=_text(data["restore_point"]) if later else None,
                snapshot_id=_text(data["snapshot_id"]) if later else None,
            )
        except (KeyError, TypeError, ValueError) as exc:
            if isinstance(exc, ManifestError):
                raise
            raise ManifestError(f"the manifest is malformed ({type(exc).__name__}: {exc})") from exc
        if Path(manifest.dump_file).name != manifest.dump_file:
            raise ManifestError("the manifest's dump_file must be a file name in its folder")
        names = [t.name for t in tables]
        if len(set(names)) != len(names):
            raise ManifestError("the manifest names a table twice")
        return manifest

    def write(self, folder: Path) -> Path:
        """Written last and whole (a temporary file renamed): a folder with a manifest holds a
        finished backup."""
        path = folder / MANIFEST_FILE
        partial = folder / (MANIFEST_FILE + ".partial")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as sink:
            sink.write(json.dumps(self.to_json(), indent=2) + "\n")
        partial.replace(path)
        return path

    @classmethod
    def read(cls, folder: Path) -> Manifest:
        path = folder / MANIFEST_FILE
        try:
            with path.open("rb") as source:
                raw = source.read(MAX_MANIFEST_BYTES + 1)
        except OSError as exc:
            raise ManifestError(f"{path}: cannot read ({exc.strerror})") from exc
        if len(raw) > MAX_MANIFEST_BYTES:
            raise ManifestError(f"{path}: larger than {MAX_MANIFEST_BYTES} bytes")
        try:
            data = json.loads(raw)
        except ValueError as exc:
            raise ManifestError(f"{path}: not JSON ({exc})") from exc
        return cls.from_json(data)

    def dump_path(self, folder: Path) -> Path:
        return folder / self.dump_file

    def check_dump(self, folder: Path) -> None:
        """The dump file is the one the manifest was written for (not truncated, not swapped)."""
        path = self.dump_path(folder)
        if not path.is_file():
            raise ManifestError(f"{path}: the dump file the manifest names is missing")
        if file_sha256(path) != self.dump_sha256:
            raise ManifestError(f"{path}: its sha256 differs from the manifest's")


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError(f"{value!r} is not a non-empty string")
    return value


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        for chunk in iter(lambda: source.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
