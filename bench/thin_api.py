"""The thin baseline: the least a Python endpoint can do for ``GET /v1/me``.

JWT verify, an asyncpg pool as ``authenticator``, ``begin; set_config(role, claims);
select ...; commit``, the JSON built by Postgres. It shows what FastAPI + asyncpg cost on
this machine, so ironbase's request path is judged against the same floor as PostgREST.

    THIN_DSN=postgresql://authenticator:...@127.0.0.1/db THIN_JWT_SECRET=... \
        uvicorn bench.thin_api:app --port 8100
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

import asyncpg
import jwt
import orjson
from fastapi import FastAPI, Header, HTTPException
from fastapi.responses import Response

SET_CONTEXT = "select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)"
PROFILE_JSON = (
    "select json_build_object('id', u.id, 'email', a.email, 'is_pro', u.is_pro, "
    "'display_name', u.display_name, 'unit_system', u.unit_system, 'time_zone', u.time_zone, "
    "'locale', u.locale, 'created_at', u.created_at)::text "
    "from public.users u join auth.users a on a.id = u.id where u.id = $1"
)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.pool = await asyncpg.create_pool(os.environ["THIN_DSN"], min_size=10, max_size=20)
    yield
    await app.state.pool.close()


app = FastAPI(lifespan=lifespan)
SECRET = os.environ.get("THIN_JWT_SECRET", "")


@app.get("/me")
async def me(authorization: Annotated[str, Header()]) -> Response:
    try:
        claims = jwt.decode(
            authorization.removeprefix("Bearer "),
            SECRET,
            algorithms=["HS256"],
            audience="authenticated",
        )
    except jwt.PyJWTError as exc:
        raise HTTPException(401) from exc
    pool: asyncpg.Pool = app.state.pool
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute(SET_CONTEXT, "authenticated", orjson.dumps(claims).decode())
        body = await conn.fetchval(PROFILE_JSON, claims["sub"])
    if body is None:
        raise HTTPException(404)
    return Response(body, media_type="application/json")
