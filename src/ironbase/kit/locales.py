"""The languages the platform speaks, and how a request's language falls back to them.

Pure (no framework, no database): the catalog's data files, its database checks and its
endpoints all read this one definition.
"""

from __future__ import annotations

from collections.abc import Sequence

# Every shipped name has a translation in each of these; English is the last fallback.
SUPPORTED_LOCALES: tuple[str, ...] = ("en", "es", "de", "fr", "pt", "it")


def locale_chain(requested: str | None, supported: Sequence[str] = SUPPORTED_LOCALES) -> list[str]:
    """``pt-BR`` -> ``[pt-BR, pt, en]``, keeping only locales we have; English always last."""
    chain: list[str] = []
    if requested:
        parts = requested.replace("_", "-").split("-")
        for size in range(len(parts), 0, -1):
            candidate = "-".join(parts[:size])
            match = next((s for s in supported if s.lower() == candidate.lower()), None)
            if match and match not in chain:
                chain.append(match)
    if "en" not in chain:
        chain.append("en")
    return chain


def chain_for(lang: str | None, accept_language: str | None) -> list[str]:
    """``lang`` wins over ``Accept-Language``; both fall back through ``pt-BR -> pt -> en``."""
    requested = lang
    if requested is None and accept_language:
        requested = accept_language.split(",")[0].split(";")[0].strip() or None
    return locale_chain(requested)
