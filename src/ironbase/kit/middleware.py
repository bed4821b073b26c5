"""Pure ASGI middleware (no BaseHTTPMiddleware: it costs a task per request)."""

from __future__ import annotations

import logging
import re
import time
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ironbase.kit.context import client_ip_var, request_id_var
from ironbase.kit.errors import internal_error

log = logging.getLogger("ironbase.access")
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


def access_line(request_id: str, method: str, path: str, status: int, duration_ms: float) -> None:
    """One line per request. Checked before anything is built: with the access log off
    (a level above INFO) a request pays one comparison."""
    if log.isEnabledFor(logging.INFO):
        log.info(
            "request",
            extra={
                "request_id": request_id,
                "method": method,
                "path": path,
                "status": status,
                "duration_ms": round(duration_ms, 2),
            },
        )


class RequestContextMiddleware:
    """Assigns the request id, remembers the client address, writes one access-log line."""

    def __init__(self, app: ASGIApp, *, trust_forwarded_for: bool = False) -> None:
        self.app = app
        self.trust_forwarded_for = trust_forwarded_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or ())
        request_id = self._request_id(headers.get(b"x-request-id"))
        id_token = request_id_var.set(request_id)
        ip_token = client_ip_var.set(self._client_ip(scope, headers))
        started = time.perf_counter()
        status = 500
        status_sent = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, status_sent
            if message["type"] == "http.response.start":
                status, status_sent = message["status"], True
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception as exc:
            # What escapes every handler would reach Starlette's outermost error middleware,
            # which runs after this one has let go of the request id: answer 500 here.
            if status_sent:
                raise
            language = headers.get(b"accept-language")
            response = internal_error(exc, language.decode("latin-1") if language else None)
            await response(scope, receive, send_with_id)
        finally:
            access_line(
                request_id,
                scope["method"],
                scope["path"],
                status,
                (time.perf_counter() - started) * 1000,
            )
            request_id_var.reset(id_token)
            client_ip_var.reset(ip_token)

    @staticmethod
    def _request_id(raw: bytes | None) -> str:
        if raw:
            candidate = raw.decode("latin-1")
            if _SAFE_REQUEST_ID.fullmatch(candidate):
                return candidate
        return uuid.uuid4().hex

    def _client_ip(self, scope: Scope, headers: dict[bytes, bytes]) -> str | None:
        if self.trust_forwarded_for and b"x-forwarded-for" in headers:
            return headers[b"x-forwarded-for"].decode("latin-1").split(",")[0].strip() or None
        client = scope.get("client")
        return str(client[0]) if client else None
