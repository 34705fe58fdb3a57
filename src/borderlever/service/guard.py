"""Checks every request passes before a route sees it: body size and nesting, bearer token.

A pure ASGI middleware: the body is read once (refused past :attr:`.config.Limits.request_bytes` with
413 while it streams in), checked by :func:`borderlever.safeparse.load_json` (UTF-8, nesting past
:attr:`.config.Limits.json_depth`, syntax: 400 with its message, the same limits and checks scenario
files get) and handed on unchanged.  With a token configured, every ``/api`` path but ``/api/health``
needs ``Authorization: Bearer <token>`` (or, for a GET such as a download link,
``?token=<token>``; 401 otherwise).
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qs

from borderlever.errors import ConfigError
from borderlever.safeparse import Limits, load_json

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

OPEN_PATHS = ("/api/health",)


async def _reply(
    send: Send, status: int, detail: str, headers: tuple[tuple[bytes, bytes], ...] = ()
) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class Guard:
    """Size, nesting and token checks in front of ``app``."""

    def __init__(self, app: ASGIApp, *, max_bytes: int, max_depth: int, token: str | None) -> None:
        self.app, self.max_bytes, self.token = app, max_bytes, token
        self.limits = Limits(max_bytes=max_bytes, max_depth=max_depth)

    def _authorised(self, scope: Scope) -> bool:
        if not self.token or not scope["path"].startswith("/api") or scope["path"] in OPEN_PATHS:
            return True
        if scope["path"] in ("/api/openapi.json", "/api/docs"):
            return True
        headers = dict(scope.get("headers") or [])
        given = headers.get(b"authorization", b"").decode("latin-1")
        if hmac.compare_digest(given.encode(), f"Bearer {self.token}".encode()):
            return True
        # download links cannot carry a header: ?token= works for GET
        query = parse_qs((scope.get("query_string") or b"").decode("latin-1"))
        return scope.get("method") == "GET" and any(
            hmac.compare_digest(t.encode(), self.token.encode()) for t in query.get("token", [])
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if not self._authorised(scope):
            await _reply(
                send,
                401,
                "this service needs a bearer token: send 'Authorization: Bearer <token>' (the "
                "token given to `borderlever serve --token`)",
                ((b"www-authenticate", b"Bearer"),),
            )
            return
        body = b""
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                break
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > self.max_bytes:
                await _reply(
                    send,
                    413,
                    f"request body over the service's limit of {self.max_bytes} bytes",
                )
                return
        if body:
            try:  # the same limits and checks as scenario files (borderlever.safeparse)
                load_json(body, "request body", self.limits)
            except ConfigError as exc:
                await _reply(send, 400, str(exc))
                return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
