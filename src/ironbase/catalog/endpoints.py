"""/v1/bar-types, /v1/muscle-groups, /v1/grips and /v1/life-categories: the small
vocabularies, readable without signing in. Exercises and equipment have their own subpackages.

Responses are sent as built by the service, without Pydantic validating them again on the
way out (ADR 0006).
"""

from __future__ import annotations

from fastapi import APIRouter

from ironbase.auth.dependencies import Tx
from ironbase.catalog import service
from ironbase.catalog.parameters import AcceptLanguage, Lang
from ironbase.catalog.schemas import BarTypeOut, GripOut, LifeCategoryOut, Listing, MuscleGroupOut
from ironbase.kit.locales import chain_for
from ironbase.kit.responses import JSONBytes
from ironbase.kit.retry import RetryingRoute

router = APIRouter(tags=["catalog"], route_class=RetryingRoute)


@router.get("/bar-types", response_model=Listing[BarTypeOut])
async def bar_types(tx: Tx, lang: Lang = None, accept_language: AcceptLanguage = None) -> JSONBytes:
    chain = chain_for(lang, accept_language)
    return JSONBytes({"items": await service.list_bar_types(tx, chain)})


@router.get("/muscle-groups", response_model=Listing[MuscleGroupOut])
async def muscle_groups(
    tx: Tx, lang: Lang = None, accept_language: AcceptLanguage = None
) -> JSONBytes:
    chain = chain_for(lang, accept_language)
    return JSONBytes({"items": await service.list_muscle_groups(tx, chain)})


@router.get("/grips", response_model=Listing[GripOut])
async def grips(tx: Tx, lang: Lang = None, accept_language: AcceptLanguage = None) -> JSONBytes:
    chain = chain_for(lang, accept_language)
    return JSONBytes({"items": await service.list_grips(tx, chain)})


@router.get("/life-categories", response_model=Listing[LifeCategoryOut])
async def life_categories(
    tx: Tx, lang: Lang = None, accept_language: AcceptLanguage = None
) -> JSONBytes:
    """The areas a readiness check-in scores, in the order a check-in asks them."""
    chain = chain_for(lang, accept_language)
    return JSONBytes({"items": await service.list_life_categories(tx, chain)})
