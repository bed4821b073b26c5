"""/v1/exercises: the catalog's exercises, readable without signing in, and each person's
private ones.

Responses are sent as built by the service (rows and dicts in the documented shapes),
without Pydantic validating them again on the way out (ADR 0006).
"""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from ironbase.auth.dependencies import AppSettings, CurrentUser, Tx
from ironbase.catalog.exercises import service
from ironbase.catalog.exercises.schemas import (
    ExerciseCreate,
    ExerciseDetail,
    ExerciseFilters,
    ExerciseSummary,
)
from ironbase.catalog.parameters import AcceptLanguage, Caller, Key, Lang, SlugQuery
from ironbase.catalog.search import service as search
from ironbase.catalog.search.cache import CatalogSearchCache
from ironbase.kit.locales import chain_for
from ironbase.kit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page
from ironbase.kit.responses import JSONBytes
from ironbase.kit.retry import RetryingRoute
from ironbase.models.catalog import MuscleGroup

router = APIRouter(tags=["catalog"], route_class=RetryingRoute)


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
    chain = chain_for(lang, accept_language)
    filters = ExerciseFilters(muscle, equipment, pattern, difficulty, compound, include_retired)
    if q is not None and q.strip():
        page = await search.search_exercises(
            tx, caller, _cache(request), q, filters, chain, limit, cursor
        )
    else:
        page = await service.list_exercises(tx, caller, filters, chain, limit, cursor)
    return JSONBytes({"items": page.items, "next_cursor": page.next_cursor})


@router.get("/exercises/{key}", response_model=ExerciseDetail)
async def get_exercise(
    key: Key, caller: Caller, tx: Tx, lang: Lang = None, accept_language: AcceptLanguage = None
) -> JSONBytes:
    chain = chain_for(lang, accept_language)
    return JSONBytes(await service.get_exercise(tx, caller, key, chain))


@router.post("/exercises", status_code=201, response_model=ExerciseDetail)
async def create_exercise(
    body: ExerciseCreate, caller: CurrentUser, tx: Tx, settings: AppSettings, lang: Lang = None
) -> JSONBytes:
    """A private exercise, visible only to its creator."""
    quota = settings.max_private_exercises_per_user
    chain = chain_for(lang, None)
    created = await service.create_custom_exercise(tx, caller, body, chain, quota=quota)
    return JSONBytes(created, status_code=201)


@router.delete("/exercises/{exercise_id}", status_code=204)
async def delete_exercise(exercise_id: uuid.UUID, caller: CurrentUser, tx: Tx) -> Response:
    await service.delete_custom_exercise(tx, caller, exercise_id)
    return Response(status_code=204)
