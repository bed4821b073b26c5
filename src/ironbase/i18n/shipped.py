"""The strings shipped in ``i18n/data/strings.json``: ``{key: {locale: text}}``.

The file is the source of the English and the five other catalog languages for every key
the code names (problem titles and details, notification texts); ``ironbase seed`` loads it
into ``text_translations``, and the API reads it first, so the texts work before a seed.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from types import MappingProxyType

from ironbase.kit.i18n import Table


@functools.cache
def shipped_strings() -> Table:
    raw = (resources.files("ironbase.i18n") / "data" / "strings.json").read_text("utf-8")
    document = json.loads(raw)
    return MappingProxyType(
        {key: MappingProxyType(dict(by_locale)) for key, by_locale in document.items()}
    )
