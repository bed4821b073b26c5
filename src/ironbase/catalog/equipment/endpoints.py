"""/v1/equipment: the catalog's equipment, readable without signing in (ADR 0006: sent as
the service builds it)."""

from __future__ import annotations

from fastapi import APIRouter

from ironbase.auth.dependencies import Tx
from ironbase.catalog.equipment import service
from ironbase.catalog.equipment.schemas import EquipmentOut
from ironbase.catalog.parameters import AcceptLanguage, Key, Lang, SlugQuery
from ironbase.kit.locales import chain_for
from ironbase.kit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page
from ironbase.kit.responses import JSONBytes
from ironbase.kit.retry import RetryingRoute

router = APIRouter(tags=["catalog"], route_class=RetryingRoute)


@router.get("/equipment", response_model=Page[EquipmentOut])
async def list_equipment(
    cursor: Cursor,
    tx: Tx,
    category: SlugQuery = None,
    load_type: SlugQuery = None,
    lang: Lang = None,
    accept_language: AcceptLanguage = None,
    limit: Limit = DEFAULT_LIMIT,
) -> JSONBytes:
    items, next_cursor = await service.list_equipment(
        tx, chain_for(lang, accept_language), category, load_type, limit, cursor
    )
    return JSONBytes({"items": items, "next_cursor": next_cursor})


@router.get("/equipment/{key}", response_model=EquipmentOut)
async def get_equipment(
    key: Key, tx: Tx, lang: Lang = None, accept_language: AcceptLanguage = None
) -> JSONBytes:
    return JSONBytes(await service.get_equipment(tx, key, chain_for(lang, accept_language)))
