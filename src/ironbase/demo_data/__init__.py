"""Demo people with training histories in bulk (``ironbase demo-data``): ``generate``
draws them from a seed, ``load`` writes them with COPY. The single demo account a newcomer
signs in with is ``ironbase.demo``."""

from __future__ import annotations

from ironbase.config import Settings
from ironbase.secrets_store import read_or_create


def shared_password(settings: Settings) -> str:
    """Every demo person's password: generated once per data folder (the prefix keeps it
    within the password policy). One argon2 hash for all keeps the load fast."""
    return "demo-" + read_or_create(settings.data_dir, "demo_data_password", 12)
