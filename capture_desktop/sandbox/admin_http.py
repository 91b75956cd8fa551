"""What every sandbox admin route answers alike: its errors and how it reads a JSON body."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

JSON_TYPE = "application/json"
Endpoint = Callable[[Request], Awaitable[Response]]


def error_response(message: str, status: int) -> Response:
    """``{"error": message}`` with ``status``; never cached."""
    return JSONResponse(
        {"error": message}, status_code=status, headers={"Cache-Control": "no-store"}
    )


async def json_body(request: Request, wrong_type: str) -> object:
    """The decoded JSON body (an empty body is ``{}``), or the error ``Response`` to answer
    with: 415 with ``wrong_type`` for any other media type, 400 for a body that is not JSON.
    Only ``application/json`` is read, so a web page cannot send it without a preflight."""
    media = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media != JSON_TYPE:
        return error_response(wrong_type, 415)
    try:
        body: object = json.loads(await request.body() or b"{}")
    except (ValueError, RecursionError):
        return error_response("the body must be a JSON object", 400)
    return body
