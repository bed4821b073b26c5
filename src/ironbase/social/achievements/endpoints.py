"""/v1/achievements: every definition, the caller's marked with ``earned_at``."""

from __future__ import annotations

from fastapi import APIRouter

from ironbase.auth.dependencies import CurrentUser, Tx
from ironbase.catalog.parameters import AcceptLanguage, Lang
from ironbase.kit.locales import chain_for
from ironbase.kit.responses import JSONBytes
from ironbase.kit.retry import RetryingRoute
from ironbase.social.achievements import service
from ironbase.social.achievements.schemas import Achievements

router = APIRouter(tags=["achievements"], route_class=RetryingRoute)


@router.get("/achievements", response_model=Achievements)
async def list_achievements(
    caller: CurrentUser, tx: Tx, lang: Lang = None, accept_language: AcceptLanguage = None
) -> JSONBytes:
    chain = chain_for(lang, accept_language)
    return JSONBytes(await service.list_achievements(tx, caller, chain))
