"""Sandbox-only admin routes under `/__sandbox__/` (a prefix Capture never uses): health, the
runtime settings (faults and lifetimes, GET to read, POST JSON to change) and recorded events."""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from capture_desktop.sandbox.admin_tokens import expire_endpoint, revoke_endpoint
from capture_desktop.sandbox.config import SettingsError
from capture_desktop.sandbox.state import Sandbox

PREFIX = "/__sandbox__"


def admin_routes(sandbox: Sandbox) -> list[Route]:
    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok", "data_dir": str(sandbox.config.data_dir)})

    async def settings(request: Request) -> Response:
        if request.method == "POST":
            try:
                changes = json.loads(await request.body() or b"{}")
            except ValueError:
                return JSONResponse({"error": "the body must be a JSON object"}, status_code=400)
            if not isinstance(changes, dict):
                return JSONResponse({"error": "the body must be a JSON object"}, status_code=400)
            try:
                sandbox.settings.update(changes)
            except SettingsError as exc:
                return JSONResponse({"error": str(exc)}, status_code=400)
        return JSONResponse(sandbox.settings.as_dict())

    async def events(request: Request) -> Response:
        return JSONResponse({"events": sandbox.storage.events()})

    return [
        Route(f"{PREFIX}/health", health, methods=["GET"]),
        Route(f"{PREFIX}/settings", settings, methods=["GET", "POST"]),
        Route(f"{PREFIX}/events", events, methods=["GET"]),
        Route(f"{PREFIX}/tokens/expire", expire_endpoint(sandbox), methods=["POST"]),
        Route(f"{PREFIX}/tokens/revoke", revoke_endpoint(sandbox), methods=["POST"]),
    ]
