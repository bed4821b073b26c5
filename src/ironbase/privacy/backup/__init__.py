"""Backups by tier and verified restores (``ironbase backup``, ``ironbase restore``).

A backup of one tier is a folder: ``tier-N.dump`` (``pg_dump -Fc --data-only`` of the
tier's tables, as ``ironbase.privacy.registry`` lists them) and ``manifest.json`` (the
migration revision, and per table its row count and a checksum of its content, computed in
the snapshot the dump reads). Tiers backed up by one command are a restore point
(``DIR/tier1``, ``DIR/tier2``, ...): all dumped from one snapshot, so they agree with one
another. A restore migrates an empty database to that revision, loads one or more tier
folders with triggers off, and recomputes every count and checksum
(see docs/adr/0010-backup-tiers-and-restore.md).
"""

from ironbase.privacy.backup.dump import BackupRefused, backup_tier, backup_tiers, tier_folders
from ironbase.privacy.backup.manifest import FORMAT_VERSION, Manifest, ManifestError, TableSum
from ironbase.privacy.backup.restore import (
    RestoreRefused,
    RestoreReport,
    TableCheck,
    different_moments,
    restore,
    verify_database,
)
from ironbase.privacy.backup.tools import ToolMissing

__all__ = [
    "FORMAT_VERSION",
    "BackupRefused",
    "Manifest",
    "ManifestError",
    "RestoreRefused",
    "RestoreReport",
    "TableCheck",
    "TableSum",
    "ToolMissing",
    "backup_tier",
    "backup_tiers",
    "different_moments",
    "restore",
    "tier_folders",
    "verify_database",
]
