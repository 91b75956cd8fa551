"""Sandbox-only admin routes under `/__sandbox__/` (a prefix Capture never uses): health, the
runtime settings (faults and lifetimes, GET to read, POST JSON to change) and recorded events.

Settings and events need the per-run admin token in the `X-Sandbox-Admin-Token` header; a
change must be sent as `application/json`. A web page can send neither without a CORS
preflight, which the sandbox never grants, so cross-site writes are refused. Health answers
anyone on a loopback Host, and names the data folder only to the admin.
"""

from __future__ import annotations

import hmac
import secrets

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from capture_desktop.sandbox.admin_http import JSON_TYPE, Endpoint, error_response, json_body
from capture_desktop.sandbox.admin_tokens import expire_endpoint, revoke_endpoint
from capture_desktop.sandbox.config import SettingsError
from capture_desktop.sandbox.state import Sandbox

PREFIX = "/__sandbox__"
ADMIN_TOKEN_HEADER = "X-Sandbox-Admin-Token"  # noqa: S105 - a header name


def new_admin_token() -> str:
    return secrets.token_urlsafe(32)


def _is_admin(request: Request, token: str) -> bool:
    given = request.headers.get(ADMIN_TOKEN_HEADER, "")
    return hmac.compare_digest(given.encode(), token.encode())


def admin_routes(sandbox: Sandbox, token: str) -> list[Route]:
    def admin_only(handler: Endpoint) -> Endpoint:
        async def guarded(request: Request) -> Response:
            if not _is_admin(request, token):
                return error_response(f"the {ADMIN_TOKEN_HEADER} header is missing or wrong", 401)
            return await handler(request)

        return guarded

    async def health(request: Request) -> Response:
        body: dict[str, str] = {"status": "ok"}
        if _is_admin(request, token):
            body["data_dir"] = str(sandbox.config.data_dir)
        return JSONResponse(body)

    async def settings(request: Request) -> Response:
        if request.method == "POST":
            changes = await json_body(request, f"settings are changed with a {JSON_TYPE} body")
            if isinstance(changes, Response):
                return changes
            if not isinstance(changes, dict):
                return error_response("the body must be a JSON object", 400)
            try:
                sandbox.settings.update(changes)
            except SettingsError as exc:
                return error_response(str(exc), 400)
        return JSONResponse(sandbox.settings.as_dict())

    async def events(request: Request) -> Response:
        return JSONResponse({"events": sandbox.storage.events()})

    return [
        Route(f"{PREFIX}/health", health, methods=["GET"]),
        Route(f"{PREFIX}/settings", admin_only(settings), methods=["GET", "POST"]),
        Route(f"{PREFIX}/events", admin_only(events), methods=["GET"]),
        Route(f"{PREFIX}/tokens/expire", admin_only(expire_endpoint(sandbox)), methods=["POST"]),
        Route(f"{PREFIX}/tokens/revoke", admin_only(revoke_endpoint(sandbox)), methods=["POST"]),
    ]
