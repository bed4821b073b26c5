"""Checks of the catalog as it is in the database (each check with the statements it
reads); the service stores the result as a ``data_quality_reports`` row. Errors fail
``ironbase catalog check``; warnings inform. The shipped files are checked by ``files``."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import func, select

from ironbase.catalog.search.engine import joined
from ironbase.db.pg import Query, Tx
from ironbase.kit.locales import SUPPORTED_LOCALES
from ironbase.models import catalog as m

Severity = Literal["error", "warning"]
MIN_EXERCISES_PER_MUSCLE = 3


@dataclass(frozen=True, slots=True)
class Finding:
    check: str
    severity: Severity
    subject: str
    message: str


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)

    def add(self, check: str, severity: Severity, subject: str, message: str) -> None:
        self.findings.append(Finding(check, severity, subject, message))

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")

    @property
    def status(self) -> str:
        return "fail" if self.errors else ("warn" if self.warnings else "pass")


CATALOG = m.Exercise.user_id.is_(None) & m.Exercise.retired_at.is_(None)
# Statements are compiled once, at import; they run in the caller's transaction (the
# administrator's request, or the CLI's service_role transaction).


async def _pairs(tx: Tx, query: Query) -> dict[Any, Any]:
    """A two-column query as a dict (e.g. locale -> count)."""
    return {row[0]: row[1] for row in await tx.fetch(query)}


_CATALOG_NAMES = Query(
    select(m.ExerciseTranslation.locale, m.ExerciseTranslation.name, m.Exercise.slug)
    .join(m.Exercise, m.Exercise.id == m.ExerciseTranslation.exercise_id)
    .where(CATALOG)
)


async def _duplicate_names(tx: Tx, report: Report) -> None:
    seen: dict[tuple[str, str], list[str]] = defaultdict(list)
    for locale, name, slug in await tx.fetch(_CATALOG_NAMES):
        seen[(locale, joined(name))].append(slug)
    for (locale, key), slugs in sorted(seen.items()):
        if len(slugs) > 1:
            report.add(
                "duplicate_names", "error", ", ".join(sorted(slugs)), f"same {locale} name ({key})"
            )


_NAME_OWNERS = Query(
    select(m.ExerciseTranslation.name, m.ExerciseTranslation.exercise_id)
    .join(m.Exercise, m.Exercise.id == m.ExerciseTranslation.exercise_id)
    .where(CATALOG)
)
_ALIASES = Query(select(m.ExerciseAlias.alias, m.ExerciseAlias.exercise_id))


async def _alias_collisions(tx: Tx, report: Report) -> None:
    owner = {joined(name): eid for name, eid in await tx.fetch(_NAME_OWNERS)}
    for alias, eid in await tx.fetch(_ALIASES):
        other = owner.get(joined(alias))
        if other is not None and other != eid:
            report.add("alias_collisions", "error", alias, "alias equals another exercise's name")


_LINK = m.ExerciseEquipmentProfile
_NO_EQUIPMENT = Query(
    select(m.Exercise.slug).where(
        CATALOG, ~select(_LINK.exercise_id).where(_LINK.exercise_id == m.Exercise.id).exists()
    )
)
_NO_SECONDARY = Query(
    select(m.Exercise.slug).where(
        CATALOG, m.Exercise.is_compound, func.cardinality(m.Exercise.secondary_muscles) == 0
    )
)


async def _missing_links(tx: Tx, report: Report) -> None:
    for (slug,) in await tx.fetch(_NO_EQUIPMENT):
        report.add("missing_equipment", "error", slug, "exercise lists no equipment")
    for (slug,) in await tx.fetch(_NO_SECONDARY):
        report.add("missing_muscles", "error", slug, "compound exercise lists no secondary muscles")


def _coverage_queries(parent: Any, table: Any, fk: Any) -> tuple[Query, Query]:
    """(how many rows, how many translations per locale) of one translated table."""
    where = [CATALOG] if parent is m.Exercise else []
    total = Query(select(func.count()).select_from(parent).where(*where))
    per_locale = Query(
        select(table.locale, func.count())
        .join(parent, parent.id == fk)
        .where(*where)
        .group_by(table.locale)
    )
    return total, per_locale


_COVERAGE: dict[str, tuple[Query, Query]] = {
    "exercises": _coverage_queries(
        m.Exercise, m.ExerciseTranslation, m.ExerciseTranslation.exercise_id
    ),
    "equipment": _coverage_queries(
        m.Equipment, m.EquipmentTranslation, m.EquipmentTranslation.equipment_id
    ),
    "body_parts": _coverage_queries(
        m.BodyPart, m.BodyPartTranslation, m.BodyPartTranslation.body_part_id
    ),
    "life_categories": _coverage_queries(
        m.LifeCategory, m.LifeCategoryTranslation, m.LifeCategoryTranslation.life_category_id
    ),
}


async def _translation_coverage(tx: Tx, report: Report) -> None:
    coverage: dict[str, dict[str, float]] = {}
    for subject, (total_query, per_locale_query) in _COVERAGE.items():
        total: int = await tx.value(total_query)
        per_locale: dict[str, int] = await _pairs(tx, per_locale_query)
        coverage[subject] = {
            loc: round(100 * per_locale.get(loc, 0) / max(total, 1), 1) for loc in SUPPORTED_LOCALES
        }
        for locale, percent in coverage[subject].items():
            if percent < 100:
                report.add(
                    "translation_coverage", "error", f"{subject}/{locale}", f"{percent}% translated"
                )
    groups = await _vocabulary_coverage(tx)
    coverage["muscle_groups"] = groups
    for locale, percent in groups.items():
        if percent < 100:
            report.add(
                "translation_coverage", "error", f"muscle_groups/{locale}", f"{percent}% translated"
            )
    report.summary["translation_coverage"] = coverage


_MUSCLE_GROUP_COUNT = Query(select(func.count()).select_from(m.MuscleGroupInfo))
_MUSCLE_GROUP_NAMES = Query(
    select(m.TextTranslation.locale, func.count())
    .where(m.TextTranslation.key.like("muscle_group.%"))
    .group_by(m.TextTranslation.locale)
)


async def _vocabulary_coverage(tx: Tx) -> dict[str, float]:
    total: int = await tx.value(_MUSCLE_GROUP_COUNT)
    counts = await _pairs(tx, _MUSCLE_GROUP_NAMES)
    return {loc: round(100 * counts.get(loc, 0) / max(total, 1), 1) for loc in SUPPORTED_LOCALES}


_PER_MUSCLE = Query(
    select(m.Exercise.primary_muscle, func.count())
    .where(CATALOG)
    .group_by(m.Exercise.primary_muscle)
)
_USED_LOAD_TYPES = Query(select(m.Exercise.load_type).where(CATALOG).distinct())
_LOAD_TYPES = Query(select(m.LoadType.slug))
_UNUSED_EQUIPMENT = Query(
    select(m.Equipment.slug).where(
        m.Equipment.retired_at.is_(None),
        ~select(_LINK.equipment_id).where(_LINK.equipment_id == m.Equipment.id).exists(),
    )
)


async def _muscle_and_equipment_coverage(tx: Tx, report: Report) -> None:
    # Enum values come back as their text.
    per_muscle: dict[str, int] = await _pairs(tx, _PER_MUSCLE)
    for muscle in m.MuscleGroup:
        count = per_muscle.get(muscle.value, 0)
        if count < MIN_EXERCISES_PER_MUSCLE:
            severity: Severity = "error" if count == 0 else "warning"
            report.add(
                "muscle_coverage", severity, muscle.value, f"{count} exercises as primary muscle"
            )
    used_types = {row[0] for row in await tx.fetch(_USED_LOAD_TYPES)}
    for (load_type,) in await tx.fetch(_LOAD_TYPES):
        if load_type not in used_types:
            report.add("equipment_coverage", "error", load_type, "no exercise uses this load type")
    unused_slugs = [row[0] for row in await tx.fetch(_UNUSED_EQUIPMENT)]
    for slug in unused_slugs:
        report.add("equipment_coverage", "warning", slug, "no exercise uses this equipment")
    report.summary["exercises_per_muscle"] = {str(k): v for k, v in per_muscle.items()}
    report.summary["unused_equipment"] = len(unused_slugs)


CHECKS = (
    _duplicate_names,
    _alias_collisions,
    _missing_links,
    _translation_coverage,
    _muscle_and_equipment_coverage,
)

_COUNTS = Query(
    select(
        select(func.count()).select_from(m.Exercise).where(CATALOG).scalar_subquery(),
        select(func.count()).select_from(m.Equipment).scalar_subquery(),
        select(func.count()).select_from(m.BarType).scalar_subquery(),
    )
)


async def run_catalog_checks(tx: Tx) -> Report:
    report = Report()
    for check in CHECKS:
        await check(tx, report)
    counts = await tx.row(_COUNTS)
    assert counts is not None
    exercises, equipment, bars = counts
    report.summary["counts"] = {"exercises": exercises, "equipment": equipment, "bar_types": bars}
    return report
