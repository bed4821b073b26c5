"""``ironbase i18n check``: every key in every supported language, and no translation naming
a placeholder its English does not have (it would reach a client unfilled). Pure: it reads
a table of texts, wherever they came from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ironbase.kit.i18n import Table, placeholders
from ironbase.kit.locales import SUPPORTED_LOCALES


@dataclass(frozen=True, slots=True)
class LanguageCoverage:
    locale: str
    present: int
    missing: list[str]


@dataclass
class CheckReport:
    keys: int
    languages: list[LanguageCoverage]
    bad_placeholders: list[tuple[str, str, list[str]]] = field(default_factory=list)
    # Translations in a language the platform does not speak (served to nobody).
    unknown_locales: dict[str, int] = field(default_factory=dict)

    @property
    def errors(self) -> int:
        missing = sum(len(language.missing) for language in self.languages)
        return missing + len(self.bad_placeholders)


def check_texts(table: Table, locales: Sequence[str] = SUPPORTED_LOCALES) -> CheckReport:
    keys = sorted(table)
    languages = [
        LanguageCoverage(
            locale,
            sum(1 for key in keys if locale in table[key]),
            [key for key in keys if locale not in table[key]],
        )
        for locale in locales
    ]
    report = CheckReport(len(keys), languages)
    for key in keys:
        english = table[key].get("en")
        allowed = placeholders(english) if english is not None else set()
        for locale, text in sorted(table[key].items()):
            if locale not in locales:
                report.unknown_locales[locale] = report.unknown_locales.get(locale, 0) + 1
            extra = sorted(placeholders(text) - allowed)
            if extra and english is not None:
                report.bad_placeholders.append((key, locale, extra))
    return report
