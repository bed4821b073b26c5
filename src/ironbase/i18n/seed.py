"""``ironbase seed``'s step for the shipped strings: upserted into ``text_translations``
(rows an administrator added are left alone; changed shipped texts are updated)."""

from __future__ import annotations

from sqlalchemy.engine import Connection

from ironbase.catalog.seed import SeedStats, upsert
from ironbase.i18n.shipped import shipped_strings
from ironbase.models import catalog as m


def seed_strings(conn: Connection, stats: SeedStats) -> None:
    rows = [
        {"key": key, "locale": locale, "value": value}
        for key, by_locale in sorted(shipped_strings().items())
        for locale, value in sorted(by_locale.items())
    ]
    upsert(conn, m.TextTranslation, rows, ["key", "locale"], stats)
