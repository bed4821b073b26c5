"""/v1/i18n/{locale}: every string in one language, for clients (no sign-in, no database:
served from the process's texts)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Path, Response

from ironbase.i18n import service
from ironbase.i18n.schemas import StringBundle
from ironbase.kit.retry import RetryingRoute

# Every route retries (a test holds it); this one runs no transaction to retry.
router = APIRouter(tags=["i18n"], route_class=RetryingRoute)

Locale = Annotated[
    str,
    Path(
        max_length=35,
        pattern=r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8}){0,4}$",
        description="A language tag (pt-BR falls back to pt, then en; unknown ones to en).",
    ),
]


@router.get("/i18n/{locale}", response_model=StringBundle)
async def string_bundle(
    locale: Locale,
    if_none_match: Annotated[str | None, Header(max_length=200)] = None,
) -> Response:
    found = service.bundle(locale)
    headers = {
        "ETag": found.etag,
        "Cache-Control": "public, max-age=300",
        "Content-Language": found.locale,
    }
    if if_none_match is not None and found.etag in if_none_match:
        return Response(status_code=304, headers=headers)
    return Response(found.body, media_type="application/json", headers=headers)
