"""How the sandbox's admin routes read a JSON body and answer an error, in one place."""

from __future__ import annotations

import json

import pytest
from starlette.requests import Request
from starlette.responses import Response

from capture_desktop.sandbox.admin_http import error_response, json_body


def _request(body: bytes, content_type: str | None) -> Request:
    headers = [(b"content-type", content_type.encode())] if content_type else []
    sent = False

    async def receive() -> dict[str, object]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    scope = {"type": "http", "method": "POST", "path": "/x", "headers": headers}
    return Request(scope, receive)


async def test_a_json_body_is_decoded_and_an_empty_one_is_an_empty_object() -> None:
    assert await json_body(_request(b'{"a": [1]}', "application/json; charset=utf-8"), "") == {
        "a": [1]
    }
    assert await json_body(_request(b"", "application/json"), "") == {}
    assert await json_body(_request(b"[1, 2]", "application/json"), "") == [1, 2]


@pytest.mark.parametrize(
    ("body", "content_type", "status", "error"),
    [
        (b'{"a": 1}', "text/plain", 415, "say it in JSON"),
        (b'{"a": 1}', None, 415, "say it in JSON"),
        (b"{not json", "application/json", 400, "the body must be a JSON object"),
        (b"[" * 100_000, "application/json", 400, "the body must be a JSON object"),
    ],
)
async def test_anything_else_is_refused_with_the_reason(
    body: bytes, content_type: str | None, status: int, error: str
) -> None:
    answer = await json_body(_request(body, content_type), "say it in JSON")
    assert isinstance(answer, Response)
    assert answer.status_code == status
    assert json.loads(bytes(answer.body)) == {"error": error}
    assert answer.headers["cache-control"] == "no-store"


def test_error_responses_are_never_cached() -> None:
    answer = error_response("no such token", 404)
    assert answer.status_code == 404 and answer.headers["cache-control"] == "no-store"
    assert json.loads(bytes(answer.body)) == {"error": "no such token"}
