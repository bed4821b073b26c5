"""The client's app version (``X-App-Version``) and ``require_flag``, the gate the API puts
on its own features."""

from __future__ import annotations

import functools
import re
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Header, Request

from ironbase.auth.dependencies import CurrentUser
from ironbase.db import pg
from ironbase.flags import service
from ironbase.flags.versions import MAX_VERSION_LENGTH, ClientVersion, client_version
from ironbase.kit.caller import SignedIn
from ironbase.kit.errors import InvalidInput, ProblemError
from ironbase.models.flags import KEY_FORMAT, MAX_KEY_LENGTH

_HEADER = "X-App-Version"
_KEY = re.compile(KEY_FORMAT)


async def app_version(
    x_app_version: Annotated[
        str | None,
        Header(
            alias=_HEADER,
            max_length=MAX_VERSION_LENGTH,
            description="The client app's version (`2.14.1`, `2.15.0-beta.1`); flags with "
            "a minimum version are off for a client that does not send it.",
        ),
    ] = None,
) -> ClientVersion | None:
    if x_app_version is None:
        return None
    try:
        return client_version(x_app_version)
    except ValueError as exc:
        raise InvalidInput(f"header.{_HEADER}", str(exc)) from exc


AppVersion = Annotated[ClientVersion | None, Depends(app_version)]

FlagGate = Callable[[Request, SignedIn, ClientVersion | None], Awaitable[None]]


def feature_unavailable() -> ProblemError:
    return ProblemError(
        404,
        "This feature is not available to you.",
        kind="feature-unavailable",
        title="Feature unavailable",
    )


@functools.cache
def require_flag(key: str, *, when_absent: bool = False) -> FlagGate:
    """A route dependency: 404 ``feature-unavailable`` unless flag ``key`` is on for the
    caller. ``when_absent`` is the answer while nobody has created the flag: True for a
    kill switch on a feature that exists (operators create the flag to switch it off or
    narrow it), False for a feature being rolled out.

    The flag is read in a short transaction of its own, closed before the route runs, so it
    also gates routes that hold no transaction while they compute.
    """
    if len(key) > MAX_KEY_LENGTH or not _KEY.fullmatch(key):
        raise ValueError(f"not a flag key: {key!r}")

    async def gate(request: Request, caller: CurrentUser, version: AppVersion) -> None:
        async with pg.request_transaction(request.app.state.pool, caller) as tx:
            on = await service.is_on(tx, key, version, when_absent=when_absent)
        if not on:
            raise feature_unavailable()

    gate.__name__ = f"require_flag_{key.replace('.', '_')}"
    return gate
