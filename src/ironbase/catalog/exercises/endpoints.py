"""/v1/exercises, /v1/equipment and the small vocabularies. Readable without signing in.

Responses are sent as built by the service (rows and dicts in the documented shapes),
without Pydantic validating them again on the way out (ADR 0006).
"""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Query, Request, Response

from ironbase.auth.dependencies import AppSettings, CurrentUser, Tx, get_caller
from ironbase.catalog import repository as repo
from ironbase.catalog import service
from ironbase.catalog.schemas import (
    BarTypeOut,
    EquipmentOut,
    ExerciseCreate,
    ExerciseDetail,
    ExerciseSummary,
    GripOut,
    Listing,
    MuscleGroupOut,
)
from ironbase.catalog.search_cache import CatalogSearchCache
from ironbase.kit.caller import AuthContext
from ironbase.kit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page
from ironbase.kit.responses import JSONBytes
from ironbase.kit.retry import RetryingRoute
from ironbase.models.catalog import MuscleGroup

router = APIRouter(tags=["catalog"], route_class=RetryingRoute)

Caller = Annotated[AuthContext, Depends(get_caller)]
Lang = Annotated[
    str | None,
    Query(
        max_length=35,
        pattern=r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$",
        description="Language of names (falls back pt-BR -> pt -> en). Default: Accept-Language.",
    ),
]
AcceptLanguage = Annotated[str | None, Header(max_length=200)]
SlugQuery = Annotated[str | None, Query(max_length=120, pattern=r"^[a-z0-9][a-z0-9_-]*$")]
Key = Annotated[str, Path(max_length=120, description="A uuid or a slug.")]


def _cache(request: Request) -> CatalogSearchCache:
    cache: CatalogSearchCache = request.app.state.catalog_search
    return cache


@router.get("/exercises", response_model=Page[ExerciseSummary])
async def list_exercises(
    request: Request,
    caller: Caller,
    cursor: Cursor,
    tx: Tx,
    q: Annotated[
        str | None, Query(min_length=1, max_length=200, description="Search text.")
    ] = None,
    muscle: Annotated[MuscleGroup | None, Query(description="Primary muscle.")] = None,
    equipment: SlugQuery = None,
    pattern: SlugQuery = None,
    difficulty: Annotated[int | None, Query(ge=1, le=5)] = None,
    compound: bool | None = None,
    include_retired: bool = False,
    lang: Lang = None,
    accept_language: AcceptLanguage = None,
    limit: Limit = DEFAULT_LIMIT,
) -> JSONBytes:
    chain = service.chain_for(lang, accept_language)
    filters = repo.ExerciseFilters(
        muscle, equipment, pattern, difficulty, compound, include_retired
    )
    if q is not None and q.strip():
        page = await service.search_exercises(
            tx, caller, _cache(request), q, filters, chain, limit, cursor
        )
    else:
        page = await service.list_exercises(tx, caller, filters, chain, limit, cursor)
    return JSONBytes({"items": page.items, "next_cursor": page.next_cursor})


@router.get("/exercises/{key}", response_model=ExerciseDetail)
async def get_exercise(
    key: Key, caller: Caller, tx: Tx, lang: Lang = None, accept_language: AcceptLanguage = None
) -> JSONBytes:
    chain = service.chain_for(lang, accept_language)
    return JSONBytes(await service.get_exercise(tx, caller, key, chain))


@router.post("/exercises", status_code=201, response_model=ExerciseDetail)
async def create_exercise(
    body: ExerciseCreate, caller: CurrentUser, tx: Tx, settings: AppSettings, lang: Lang = None
) -> JSONBytes:
    """A private exercise, visible only to its creator."""
    quota = settings.max_private_exercises_per_user
    chain = service.chain_for(lang, None)
    created = await service.create_custom_exercise(tx, caller, body, chain, quota=quota)
    return JSONBytes(created, status_code=201)


@router.delete("/exercises/{exercise_id}", status_code=204)
async def delete_exercise(exercise_id: uuid.UUID, caller: CurrentUser, tx: Tx) -> Response:
    await service.delete_custom_exercise(tx, caller, exercise_id)
    return Response(status_code=204)


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
        tx, service.chain_for(lang, accept_language), category, load_type, limit, cursor
    )
    return JSONBytes({"items": items, "next_cursor": next_cursor})


@router.get("/equipment/{key}", response_model=EquipmentOut)
async def get_equipment(
    key: Key, tx: Tx, lang: Lang = None, accept_language: AcceptLanguage = None
) -> JSONBytes:
    return JSONBytes(await service.get_equipment(tx, key, service.chain_for(lang, accept_language)))


@router.get("/bar-types", response_model=Listing[BarTypeOut])
async def bar_types(tx: Tx, lang: Lang = None, accept_language: AcceptLanguage = None) -> JSONBytes:
    chain = service.chain_for(lang, accept_language)
    return JSONBytes({"items": await service.list_bar_types(tx, chain)})


@router.get("/muscle-groups", response_model=Listing[MuscleGroupOut])
async def muscle_groups(
    tx: Tx, lang: Lang = None, accept_language: AcceptLanguage = None
) -> JSONBytes:
    chain = service.chain_for(lang, accept_language)
    return JSONBytes({"items": await service.list_muscle_groups(tx, chain)})


@router.get("/grips", response_model=Listing[GripOut])
async def grips(tx: Tx, lang: Lang = None, accept_language: AcceptLanguage = None) -> JSONBytes:
    chain = service.chain_for(lang, accept_language)
    return JSONBytes({"items": await service.list_grips(tx, chain)})
