"""Sandbox-only admin operations on one token, for QA's "Expire this token now" and "Revoke
this refresh token": POST a JSON body ``{"token": "..."}`` to ``/__sandbox__/tokens/expire`` or
``/__sandbox__/tokens/revoke``. The token is named by its value because that is all the app
holds; the answer never echoes it."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from capture_desktop.sandbox.state import Sandbox

JSON_TYPE = "application/json"
Endpoint = Callable[[Request], Awaitable[Response]]
# Which kinds each operation may touch: an access or creation token expires; a refresh token
# (or any other) is revoked.
EXPIRABLE = ("access", "creation", "refresh")
REVOCABLE = ("refresh", "access", "creation")


def _error(message: str, status: int) -> Response:
    return JSONResponse(
        {"error": message}, status_code=status, headers={"Cache-Control": "no-store"}
    )


async def _token_from(request: Request) -> str | Response:
    media = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media != JSON_TYPE:
        return _error(f"token operations take a {JSON_TYPE} body", 415)
    try:
        body = json.loads(await request.body() or b"{}")
    except (ValueError, RecursionError):
        return _error("the body must be a JSON object", 400)
    token = body.get("token") if isinstance(body, dict) else None
    if not isinstance(token, str) or not token:
        return _error('the body must be {"token": "..."}', 400)
    return token


def expire_endpoint(sandbox: Sandbox) -> Endpoint:
    async def expire(request: Request) -> Response:
        token = await _token_from(request)
        if isinstance(token, Response):
            return token
        kind = sandbox.tokens.expire_now(token, EXPIRABLE)
        if kind is None:
            return _error("no such token", 404)
        return JSONResponse({"expired": kind})

    return expire


def revoke_endpoint(sandbox: Sandbox) -> Endpoint:
    async def revoke(request: Request) -> Response:
        token = await _token_from(request)
        if isinstance(token, Response):
            return token
        kind = sandbox.tokens.revoke_one(token, REVOCABLE)
        if kind is None:
            return _error("no such token", 404)
        return JSONResponse({"revoked": kind})

    return revoke
