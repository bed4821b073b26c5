"""Query, header and path parameters shared by the catalog's endpoints."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Path, Query

from ironbase.auth.dependencies import get_caller
from ironbase.kit.caller import AuthContext
from ironbase.kit.locales import chain_for

# Signed in or not: the catalog is readable by anyone.
Caller = Annotated[AuthContext, Depends(get_caller)]
Lang = Annotated[
    str | None,
    Query(
        max_length=35,
        pattern=r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$",
        description="Language of names (falls back pt-BR -> pt -> en). Default: Accept-Language.",
    ),
]


def _lang_chain(lang: Lang = None) -> list[str]:
    return chain_for(lang, None)


# The names' language chain from ``?lang=`` alone, without Accept-Language.
LangChain = Annotated[list[str], Depends(_lang_chain)]

AcceptLanguage = Annotated[str | None, Header(max_length=200)]
SlugQuery = Annotated[str | None, Query(max_length=120, pattern=r"^[a-z0-9][a-z0-9_-]*$")]
Key = Annotated[str, Path(max_length=120, description="A uuid or a slug.")]
