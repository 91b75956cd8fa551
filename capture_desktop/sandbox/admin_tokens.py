"""Sandbox-only admin operations on one token, for QA's "Expire this token now" and "Revoke
this refresh token": POST a JSON body ``{"token": "..."}`` to ``/__sandbox__/tokens/expire`` or
``/__sandbox__/tokens/revoke``. The token is named by its value because that is all the app
holds; the answer never echoes it."""

from __future__ import annotations

from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from capture_desktop.sandbox.admin_http import JSON_TYPE, Endpoint, error_response, json_body
from capture_desktop.sandbox.state import Sandbox

# Which kinds each operation may touch: an access or creation token expires; a refresh token
# (or any other) is revoked.
EXPIRABLE = ("access", "creation", "refresh")
REVOCABLE = ("refresh", "access", "creation")


async def _token_from(request: Request) -> str | Response:
    body = await json_body(request, f"token operations take a {JSON_TYPE} body")
    if isinstance(body, Response):
        return body
    token = body.get("token") if isinstance(body, dict) else None
    if not isinstance(token, str) or not token:
        return error_response('the body must be {"token": "..."}', 400)
    return token


def _token_endpoint(act: Callable[[str], str | None], outcome: str) -> Endpoint:
    """POST ``{"token": …}``: ``act`` on it answers the token's kind, or None when there is
    no such token; the answer is ``{outcome: kind}``."""

    async def endpoint(request: Request) -> Response:
        token = await _token_from(request)
        if isinstance(token, Response):
            return token
        kind = act(token)
        if kind is None:
            return error_response("no such token", 404)
        return JSONResponse({outcome: kind})

    return endpoint


def expire_endpoint(sandbox: Sandbox) -> Endpoint:
    return _token_endpoint(lambda token: sandbox.tokens.expire_now(token, EXPIRABLE), "expired")


def revoke_endpoint(sandbox: Sandbox) -> Endpoint:
    return _token_endpoint(lambda token: sandbox.tokens.revoke_one(token, REVOCABLE), "revoked")
