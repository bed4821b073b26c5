"""``ironbase seed`` step: the achievement definitions and their names, idempotently.

Definitions are upserted by slug (an unchanged file writes nothing); names go to
``text_translations`` as ``achievement.<slug>``. A definition dropped from the file stays
in the database (awards point at it) until removed on purpose.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from ironbase.catalog.seed import SeedStats, upsert
from ironbase.models import catalog as m
from ironbase.models.achievements import Achievement
from ironbase.social.achievements.definitions import TRANSLATION_PREFIX, load


def seed_achievements(
    conn: Connection, _data: dict[str, list[dict[str, Any]]], stats: SeedStats
) -> None:
    definitions = load()
    wanted = {d.exercise for d in definitions if d.exercise}
    exercises = dict(
        conn.execute(
            select(m.Exercise.slug, m.Exercise.id).where(
                m.Exercise.slug.in_(wanted), m.Exercise.user_id.is_(None)
            )
        ).all()
    )
    unknown = wanted - exercises.keys()
    if unknown:
        raise ValueError(f"achievements name exercises the catalog lacks: {sorted(unknown)}")
    upsert(
        conn,
        Achievement,
        [
            {
                "slug": d.slug,
                "kind": d.kind,
                "threshold": d.threshold,
                "exercise_id": exercises[d.exercise] if d.exercise else None,
                "position": d.position,
            }
            for d in definitions
        ],
        ["slug"],
        stats,
    )
    upsert(
        conn,
        m.TextTranslation,
        [
            {"key": f"{TRANSLATION_PREFIX}{d.slug}", "locale": locale, "value": name}
            for d in definitions
            for locale, name in d.names.items()
        ],
        ["key", "locale"],
        stats,
    )
