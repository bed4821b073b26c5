"""Translated strings the API itself writes (problem titles and details, notification texts),
held in memory and looked up along a language chain (``kit.locales``: pt-BR -> pt -> en).

Pure: no framework, no database. The ``i18n`` domain fills the process-wide ``TEXTS`` with
the shipped strings when the app is built and overlays the ``text_translations`` rows when it
starts, then again whenever they change: a request never queries for its strings.

Placeholders are ``{name}``, replaced from a request's own values; nothing else in a text
is interpreted (translations are data an administrator may edit, so no ``str.format``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any

from ironbase.kit.locales import SUPPORTED_LOCALES

PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]{0,40})\}")
# The longest value a placeholder receives: a parameter never makes a text unbounded.
MAX_PARAM_LENGTH = 200

Table = Mapping[str, Mapping[str, str]]  # key -> locale -> text


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def fill(template: str, params: Mapping[str, Any]) -> str:
    """``{name}`` replaced by ``params[name]``; an unknown name is left as written."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in params:
            return match.group(0)
        return str(params[name])[:MAX_PARAM_LENGTH]

    return PLACEHOLDER.sub(value, template)


class Texts:
    """One immutable snapshot of every key in every locale; replaced whole on reload, so a
    request reading it never sees half of an update."""

    __slots__ = ("_bundles", "_table", "version")

    def __init__(self, table: Table | None = None) -> None:
        frozen = {key: dict(by_locale) for key, by_locale in (table or {}).items()}
        self._table: Mapping[str, Mapping[str, str]] = MappingProxyType(frozen)
        self.version = _digest(frozen)
        # The bundle of each supported language, built once per snapshot.
        self._bundles = {
            locale: self._resolve_all([locale, "en"] if locale != "en" else ["en"])
            for locale in SUPPORTED_LOCALES
        }

    def __len__(self) -> int:
        return len(self._table)

    @property
    def table(self) -> Table:
        return self._table

    def lookup(self, key: str, chain: Sequence[str]) -> tuple[str, str] | None:
        """The text of ``key`` in the first locale of ``chain`` that has it, with that locale."""
        by_locale = self._table.get(key)
        if by_locale is None:
            return None
        for locale in chain:
            text = by_locale.get(locale)
            if text is not None:
                return text, locale
        return None

    def render(
        self,
        key: str,
        chain: Sequence[str],
        params: Mapping[str, Any] | None = None,
        default: str | None = None,
    ) -> str | None:
        """The text of ``key`` in ``chain`` with its placeholders filled, else ``default``."""
        found = self.lookup(key, chain)
        if found is None:
            return default
        return fill(found[0], params or {})

    def bundle(self, locale: str) -> Mapping[str, str]:
        """Every key in ``locale``, falling back to English (``locale`` is a supported one)."""
        return self._bundles[locale]

    def _resolve_all(self, chain: Sequence[str]) -> Mapping[str, str]:
        resolved = {}
        for key in sorted(self._table):
            found = self.lookup(key, chain)
            if found is not None:
                resolved[key] = found[0]
        return MappingProxyType(resolved)


def _digest(table: Mapping[str, Mapping[str, str]]) -> str:
    digest = hashlib.sha256()
    for key in sorted(table):
        for locale in sorted(table[key]):
            for part in (key, locale, table[key][locale]):
                digest.update(part.encode("utf-8", "surrogatepass") + b"\x00")
    return digest.hexdigest()[:16]


def merged(*tables: Table) -> dict[str, dict[str, str]]:
    """Later tables win, text by text (the database's rows over the shipped file)."""
    result: dict[str, dict[str, str]] = {}
    for table in tables:
        for key, by_locale in table.items():
            result.setdefault(key, {}).update(by_locale)
    return result


def table_from_rows(rows: Iterable[tuple[str, str, str]]) -> dict[str, dict[str, str]]:
    """``(key, locale, value)`` rows as a table."""
    result: dict[str, dict[str, str]] = {}
    for key, locale, value in rows:
        result.setdefault(key, {})[locale] = value
    return result


class TextStore:
    """The process's current snapshot (every app of the process shares it)."""

    __slots__ = ("current",)

    def __init__(self) -> None:
        self.current = Texts()

    def install(self, texts: Texts) -> None:
        self.current = texts


TEXTS = TextStore()
