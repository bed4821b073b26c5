"""Loads the catalog shipped in ``catalog/data`` into the database, idempotently.

Re-running with the same files changes nothing (updates are skipped when no column
differs); an edited file updates exactly the rows it changed. Ids are part of the data, so
an exercise has the same uuid on every install.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from sqlalchemy import Boolean, Table, and_, delete, literal_column, or_, select, tuple_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from ironbase.catalog.search.engine import joined
from ironbase.models import catalog as m

DATA_FILES = (
    "body_parts",
    "life_categories",
    "muscle_groups",
    "movement_patterns",
    "load_types",
    "grips",
    "bar_types",
    "equipment",
    "exercises",
)


def load_data() -> dict[str, list[dict[str, Any]]]:
    folder = resources.files("ironbase.catalog") / "data"
    return {name: json.loads((folder / f"{name}.json").read_text("utf-8")) for name in DATA_FILES}


@dataclass
class SeedStats:
    """Rows written per table: inserted, updated, deleted."""

    tables: dict[str, list[int]] = field(default_factory=dict)

    def add(self, table: str, inserted: int = 0, updated: int = 0, deleted: int = 0) -> None:
        counts = self.tables.setdefault(table, [0, 0, 0])
        counts[0] += inserted
        counts[1] += updated
        counts[2] += deleted

    @property
    def changed(self) -> int:
        return sum(sum(c) for c in self.tables.values())


def _table(model: Any) -> Table:
    table: Table = model.__table__
    return table


def upsert(
    conn: Connection,
    model: Any,
    rows: Sequence[dict[str, Any]],
    keys: Sequence[str],
    stats: SeedStats,
) -> None:
    """Insert new rows, update changed ones, leave identical ones untouched."""
    if not rows:
        return
    table = _table(model)
    statement = insert(table)
    columns = [c for c in rows[0] if c not in keys]
    if columns:
        changed = or_(*(table.c[c].is_distinct_from(statement.excluded[c]) for c in columns))
        statement = statement.on_conflict_do_update(
            index_elements=list(keys),
            set_={c: statement.excluded[c] for c in columns},
            where=changed,
        )
    else:
        statement = statement.on_conflict_do_nothing(index_elements=list(keys))
    # xmax = 0 only for a freshly inserted row; rows skipped by the WHERE return nothing.
    returning = statement.returning(literal_column("xmax = 0", type_=Boolean))
    flags = [bool(flag) for flag in conn.execute(returning, list(rows)).scalars()]
    stats.add(table.name, inserted=sum(flags), updated=len(flags) - sum(flags))


def prune(
    conn: Connection,
    model: Any,
    parent_column: str,
    parents: Iterable[Any],
    keep: Iterable[tuple[Any, ...]],
    key_columns: Sequence[str],
    stats: SeedStats,
) -> None:
    """Delete child rows of the seeded parents that the data no longer lists."""
    table = _table(model)
    parent_ids = list(parents)
    if not parent_ids:
        return
    key = tuple_(*(table.c[c] for c in key_columns))
    wanted = list(keep)
    condition: ColumnElement[bool] = table.c[parent_column].in_(parent_ids)
    if wanted:
        condition = and_(condition, key.not_in(wanted))
    result = conn.execute(delete(table).where(condition))
    stats.add(table.name, deleted=result.rowcount or 0)


def _translations(key_prefix: str, items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"key": f"{key_prefix}.{item['slug']}", "locale": locale, "value": name}
        for item in items
        for locale, name in item["names"].items()
    ]


def _seed_vocabularies(
    conn: Connection, data: dict[str, list[dict[str, Any]]], stats: SeedStats
) -> None:
    upsert(
        conn,
        m.BodyPart,
        [{"id": b["id"], "slug": b["slug"]} for b in data["body_parts"]],
        ["id"],
        stats,
    )
    upsert(
        conn,
        m.BodyPartTranslation,
        [
            {"body_part_id": b["id"], "locale": loc, "name": name}
            for b in data["body_parts"]
            for loc, name in b["names"].items()
        ],
        ["body_part_id", "locale"],
        stats,
    )
    _seed_life_categories(conn, data["life_categories"], stats)
    parts = {b["slug"]: b["id"] for b in data["body_parts"]}
    upsert(
        conn,
        m.MuscleGroupInfo,
        [
            {"slug": g["slug"], "id": g["id"], "body_part_id": parts[g["body_part"]]}
            for g in data["muscle_groups"]
        ],
        ["slug"],
        stats,
    )
    for name, model in (("movement_patterns", m.MovementPattern), ("load_types", m.LoadType)):
        upsert(
            conn, model, [{"slug": p["slug"], "id": p["id"]} for p in data[name]], ["slug"], stats
        )
    upsert(
        conn,
        m.Grip,
        [{k: g[k] for k in ("id", "slug", "orientation", "width")} for g in data["grips"]],
        ["id"],
        stats,
    )
    texts = (
        _translations("muscle_group", data["muscle_groups"])
        + _translations("movement_pattern", data["movement_patterns"])
        + _translations("load_type", data["load_types"])
        + _translations("grip", data["grips"])
        + _translations("bar_type", data["bar_types"])
        + _translations("body_part", data["body_parts"])
    )
    upsert(conn, m.TextTranslation, texts, ["key", "locale"], stats)


LIFE_CATEGORY_COLUMNS = ("id", "slug", "position", "scale_min", "scale_max", "hooper")


def _seed_life_categories(conn: Connection, items: list[dict[str, Any]], stats: SeedStats) -> None:
    upsert(
        conn,
        m.LifeCategory,
        [{k: c[k] for k in LIFE_CATEGORY_COLUMNS} for c in items],
        ["id"],
        stats,
    )
    _children(
        conn,
        stats,
        m.LifeCategoryTranslation,
        "life_category_id",
        [c["id"] for c in items],
        [
            {
                "life_category_id": c["id"],
                "locale": loc,
                "name": name,
                "description": c.get("descriptions", {}).get(loc),
            }
            for c in items
            for loc, name in c["names"].items()
        ],
        ["life_category_id", "locale"],
    )


def _seed_equipment(
    conn: Connection, data: dict[str, list[dict[str, Any]]], stats: SeedStats
) -> None:
    bar_columns = (
        "id",
        "slug",
        "mass_g",
        "mass",
        "unit",
        "length_mm",
        "sleeve_diameter_mm",
        "loads_plates",
    )
    upsert(
        conn,
        m.BarType,
        [
            {**{k: b.get(k) for k in bar_columns}, "name": b["names"]["en"]}
            for b in data["bar_types"]
        ],
        ["id"],
        stats,
    )
    bars = {b["slug"]: b["id"] for b in data["bar_types"]}
    grips = {g["slug"]: g["id"] for g in data["grips"]}
    items = data["equipment"]
    upsert(
        conn,
        m.Equipment,
        [
            {
                "id": e["id"],
                "slug": e["slug"],
                "name": e["names"]["en"],
                "category": e["category"],
                "load_type": e["load_type"],
                "bar_type_id": bars.get(e.get("bar_type") or ""),
            }
            for e in items
        ],
        ["id"],
        stats,
    )
    ids = [e["id"] for e in items]
    _children(
        conn,
        stats,
        m.EquipmentTranslation,
        "equipment_id",
        ids,
        [
            {"equipment_id": e["id"], "locale": loc, "name": n}
            for e in items
            for loc, n in e["names"].items()
        ],
        ["equipment_id", "locale"],
    )
    profile_columns = (
        "adjustable",
        "increment_g",
        "fixed_weights_g",
        "base_weight_g",
        "stack_max_g",
    )
    upsert(
        conn,
        m.EquipmentProfile,
        [
            {"equipment_id": e["id"], **{k: e["profile"].get(k) for k in profile_columns}}
            for e in items
        ],
        ["equipment_id"],
        stats,
    )
    _children(
        conn,
        stats,
        m.EquipmentGripDefault,
        "equipment_id",
        ids,
        [
            {"equipment_id": e["id"], "grip_id": grips[g]}
            for e in items
            for g in e.get("grip_defaults", [])
        ],
        ["equipment_id", "grip_id"],
    )
    _children(
        conn,
        stats,
        m.EquipmentHandleOrientation,
        "equipment_id",
        ids,
        [
            {"equipment_id": e["id"], "orientation": o}
            for e in items
            for o in e.get("handle_orientations", [])
        ],
        ["equipment_id", "orientation"],
    )


def _children(
    conn: Connection,
    stats: SeedStats,
    model: Any,
    parent_column: str,
    parent_ids: list[Any],
    rows: list[dict[str, Any]],
    keys: list[str],
) -> None:
    prune(
        conn,
        model,
        parent_column,
        parent_ids,
        [tuple(str(r[k]) for k in keys) for r in rows],
        keys,
        stats,
    )
    upsert(conn, model, rows, keys, stats)


# The data file's unit of a rep range -> what a logged set of the exercise records.
TRACKING = {"reps": "reps", "seconds": "duration", "meters": "distance"}


def _exercise_row(x: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": x["id"],
        "user_id": None,
        "name": x["name"],
        "slug": x["slug"],
        "description": x.get("description"),
        "instructions": x.get("instructions"),
        "primary_muscle": x["primary_muscle"],
        "secondary_muscles": x.get("secondary_muscles", []),
        "difficulty": x["difficulty"],
        "is_compound": x["is_compound"],
        "movement_pattern": x["movement_pattern"],
        "load_type": x["load_type"],
        "is_unilateral": x.get("is_unilateral", False),
        "tracking": TRACKING[x["ai"].get("rep_unit", "reps")],
    }


def _seed_exercises(
    conn: Connection, data: dict[str, list[dict[str, Any]]], stats: SeedStats
) -> None:
    items = data["exercises"]
    equipment = {e["slug"]: e["id"] for e in data["equipment"]}
    grips = {g["slug"]: g["id"] for g in data["grips"]}
    upsert(conn, m.Exercise, [_exercise_row(x) for x in items], ["id"], stats)
    ids = [x["id"] for x in items]
    child_sets: list[tuple[Any, list[dict[str, Any]], list[str]]] = [
        (
            m.ExerciseTranslation,
            [
                {"exercise_id": x["id"], "locale": loc, "name": n}
                for x in items
                for loc, n in x["names"].items()
            ],
            ["exercise_id", "locale"],
        ),
        (
            m.ExerciseDefaultGrip,
            [
                {"exercise_id": x["id"], "grip_id": grips[g]}
                for x in items
                for g in x.get("default_grips", [])
            ],
            ["exercise_id", "grip_id"],
        ),
        (
            m.ExerciseEquipmentProfile,
            [
                {"exercise_id": x["id"], "equipment_id": equipment[slug], "position": pos}
                for x in items
                for pos, slug in enumerate(x["equipment"])
            ],
            ["exercise_id", "equipment_id"],
        ),
    ]
    for model, rows, keys in child_sets:
        _children(conn, stats, model, "exercise_id", ids, rows, keys)
    _seed_aliases(conn, items, ids, stats)
    upsert(conn, m.AIExercise, [_ai_row(x) for x in items], ["exercise_id"], stats)


def _seed_aliases(
    conn: Connection, items: list[dict[str, Any]], ids: list[Any], stats: SeedStats
) -> None:
    rows = [
        {"exercise_id": x["id"], "alias": alias, "normalized": joined(alias)}
        for x in items
        for alias in x.get("aliases", [])
    ]
    table = _table(m.ExerciseAlias)
    prune(
        conn,
        m.ExerciseAlias,
        "exercise_id",
        ids,
        [(r["normalized"],) for r in rows],
        ["normalized"],
        stats,
    )
    existing = {
        row.normalized: (str(row.exercise_id), row.alias)
        for row in conn.execute(select(table.c.normalized, table.c.exercise_id, table.c.alias))
    }
    fresh = [r for r in rows if existing.get(r["normalized"]) != (r["exercise_id"], r["alias"])]
    for row in fresh:  # an alias moved between exercises or changed spelling: rewrite it
        conn.execute(delete(table).where(table.c.normalized == row["normalized"]))
    if fresh:
        conn.execute(insert(table), fresh)
    stats.add(table.name, inserted=len(fresh))


def _ai_row(x: dict[str, Any]) -> dict[str, Any]:
    ai = x["ai"]
    return {
        "exercise_id": x["id"],
        "movement_pattern": x["movement_pattern"],
        "load_type": x["load_type"],
        "skill_level": ai["skill_level"],
        "contraindications": ai.get("contraindications", []),
        "rep_min": ai["rep_range"][0],
        "rep_max": ai["rep_range"][1],
        "plate_loaded": ai["plate_loaded"],
    }


STEPS: tuple[
    tuple[str, Callable[[Connection, dict[str, list[dict[str, Any]]], SeedStats], None]], ...
] = (
    ("vocabularies", _seed_vocabularies),
    ("equipment", _seed_equipment),
    ("exercises", _seed_exercises),
)


def catalog_present(conn: Connection) -> bool:
    """Whether any exercise exists (first start seeds only an empty catalog)."""
    return bool(conn.execute(select(m.Exercise.id).limit(1)).first())
