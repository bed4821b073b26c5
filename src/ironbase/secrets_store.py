"""Secrets generated once on a development machine and kept in the data folder (mode 0600)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def read_or_create(data_dir: Path, name: str, nbytes: int = 48) -> str:
    """Return the secret called ``name``, creating it on first use."""
    folder = data_dir / "secrets"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / name
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    value = secrets.token_urlsafe(nbytes)
    # O_EXCL: two processes starting at once must not both write different secrets.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(value)
    return value
