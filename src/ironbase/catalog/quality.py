"""Automated checks of the catalog as it is in the database; results become a
``data_quality_reports`` row. Errors fail ``ironbase catalog check``; warnings inform."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from sqlalchemy import func, insert, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from ironbase.catalog.search import joined
from ironbase.models import catalog as m

Severity = Literal["error", "warning"]
REQUIRED_LOCALES = ("en", "es", "de", "fr", "pt", "it")
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


async def _pairs(session: AsyncSession, statement: Any) -> dict[Any, Any]:
    """A two-column query as a dict (e.g. locale -> count)."""
    rows = (await session.execute(statement)).all()
    return {row[0]: row[1] for row in rows}


async def _duplicate_names(session: AsyncSession, report: Report) -> None:
    rows = await session.execute(
        select(m.ExerciseTranslation.locale, m.ExerciseTranslation.name, m.Exercise.slug)
        .join(m.Exercise, m.Exercise.id == m.ExerciseTranslation.exercise_id)
        .where(CATALOG)
    )
    seen: dict[tuple[str, str], list[str]] = defaultdict(list)
    for locale, name, slug in rows:
        seen[(locale, joined(name))].append(slug)
    for (locale, key), slugs in sorted(seen.items()):
        if len(slugs) > 1:
            report.add(
                "duplicate_names", "error", ", ".join(sorted(slugs)), f"same {locale} name ({key})"
            )


async def _alias_collisions(session: AsyncSession, report: Report) -> None:
    names = await session.execute(
        select(m.ExerciseTranslation.name, m.ExerciseTranslation.exercise_id)
        .join(m.Exercise, m.Exercise.id == m.ExerciseTranslation.exercise_id)
        .where(CATALOG)
    )
    owner = {joined(name): eid for name, eid in names}
    aliases = await session.execute(select(m.ExerciseAlias.alias, m.ExerciseAlias.exercise_id))
    for alias, eid in aliases:
        other = owner.get(joined(alias))
        if other is not None and other != eid:
            report.add("alias_collisions", "error", alias, "alias equals another exercise's name")


async def _missing_links(session: AsyncSession, report: Report) -> None:
    link = m.ExerciseEquipmentProfile
    no_equipment = await session.execute(
        select(m.Exercise.slug).where(
            CATALOG, ~select(link.exercise_id).where(link.exercise_id == m.Exercise.id).exists()
        )
    )
    for (slug,) in no_equipment:
        report.add("missing_equipment", "error", slug, "exercise lists no equipment")
    no_secondary = await session.execute(
        select(m.Exercise.slug).where(
            CATALOG, m.Exercise.is_compound, func.cardinality(m.Exercise.secondary_muscles) == 0
        )
    )
    for (slug,) in no_secondary:
        report.add("missing_muscles", "error", slug, "compound exercise lists no secondary muscles")


async def _translation_coverage(session: AsyncSession, report: Report) -> None:
    subjects: dict[str, tuple[Any, Any, Any]] = {
        "exercises": (m.Exercise, m.ExerciseTranslation, m.ExerciseTranslation.exercise_id),
        "equipment": (m.Equipment, m.EquipmentTranslation, m.EquipmentTranslation.equipment_id),
        "body_parts": (m.BodyPart, m.BodyPartTranslation, m.BodyPartTranslation.body_part_id),
    }
    coverage: dict[str, dict[str, float]] = {}
    for subject, (parent, table, fk) in subjects.items():
        where = [CATALOG] if parent is m.Exercise else []
        total = (
            await session.execute(select(func.count()).select_from(parent).where(*where))
        ).scalar_one()
        per_locale: dict[str, int] = await _pairs(
            session,
            select(table.locale, func.count())
            .join(parent, parent.id == fk)
            .where(*where)
            .group_by(table.locale),
        )
        coverage[subject] = {
            loc: round(100 * per_locale.get(loc, 0) / max(total, 1), 1) for loc in REQUIRED_LOCALES
        }
        for locale, percent in coverage[subject].items():
            if percent < 100:
                report.add(
                    "translation_coverage", "error", f"{subject}/{locale}", f"{percent}% translated"
                )
    groups = await _vocabulary_coverage(session)
    coverage["muscle_groups"] = groups
    for locale, percent in groups.items():
        if percent < 100:
            report.add(
                "translation_coverage", "error", f"muscle_groups/{locale}", f"{percent}% translated"
            )
    report.summary["translation_coverage"] = coverage


async def _vocabulary_coverage(session: AsyncSession) -> dict[str, float]:
    total = (
        await session.execute(select(func.count()).select_from(m.MuscleGroupInfo))
    ).scalar_one()
    t = m.TextTranslation
    counts = await _pairs(
        session,
        select(t.locale, func.count()).where(t.key.like("muscle_group.%")).group_by(t.locale),
    )
    return {loc: round(100 * counts.get(loc, 0) / max(total, 1), 1) for loc in REQUIRED_LOCALES}


async def _muscle_and_equipment_coverage(session: AsyncSession, report: Report) -> None:
    per_muscle = await _pairs(
        session,
        select(m.Exercise.primary_muscle, func.count())
        .where(CATALOG)
        .group_by(m.Exercise.primary_muscle),
    )
    for muscle in m.MuscleGroup:
        count = per_muscle.get(muscle, 0)
        if count < MIN_EXERCISES_PER_MUSCLE:
            severity: Severity = "error" if count == 0 else "warning"
            report.add(
                "muscle_coverage", severity, muscle.value, f"{count} exercises as primary muscle"
            )
    link = m.ExerciseEquipmentProfile
    used_types = set(
        (await session.execute(select(m.Exercise.load_type).where(CATALOG).distinct())).scalars()
    )
    for load_type in (await session.execute(select(m.LoadType.slug))).scalars():
        if load_type not in used_types:
            report.add("equipment_coverage", "error", load_type, "no exercise uses this load type")
    unused = await session.execute(
        select(m.Equipment.slug).where(
            m.Equipment.retired_at.is_(None),
            ~select(link.equipment_id).where(link.equipment_id == m.Equipment.id).exists(),
        )
    )
    unused_slugs = list(unused.scalars())
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


async def run_catalog_checks(session: AsyncSession) -> Report:
    report = Report()
    for check in CHECKS:
        await check(session, report)
    counts = await session.execute(
        select(
            select(func.count()).select_from(m.Exercise).where(CATALOG).scalar_subquery(),
            select(func.count()).select_from(m.Equipment).scalar_subquery(),
            select(func.count()).select_from(m.BarType).scalar_subquery(),
        )
    )
    exercises, equipment, bars = counts.one()
    report.summary["counts"] = {"exercises": exercises, "equipment": equipment, "bar_types": bars}
    return report


async def store_report(
    session: AsyncSession, report: Report, created_by: uuid.UUID | None
) -> uuid.UUID:
    statement = (
        insert(m.DataQualityReport)
        .values(
            kind="catalog",
            status=report.status,
            error_count=report.errors,
            warning_count=report.warnings,
            summary=report.summary,
            findings=[asdict(f) for f in report.findings],
            created_by=created_by,
        )
        .returning(m.DataQualityReport.id)
    )
    report_id: uuid.UUID = (await session.execute(statement)).scalar_one()
    return report_id


async def get_report(session: AsyncSession, report_id: uuid.UUID) -> m.DataQualityReport | None:
    return await session.get(m.DataQualityReport, report_id)


async def list_reports(
    session: AsyncSession, *, limit: int, after: tuple[dt.datetime, uuid.UUID] | None
) -> list[m.DataQualityReport]:
    """Newest first, keyset on (created_at, id); up to ``limit + 1`` rows."""
    report = m.DataQualityReport
    statement = select(report).order_by(report.created_at.desc(), report.id.desc())
    if after is not None:
        statement = statement.where(tuple_(report.created_at, report.id) < after)
    return list((await session.execute(statement.limit(limit + 1))).scalars())
