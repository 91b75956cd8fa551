"""Deeply nested records, served over a real socket. Up to the client's depth limit a record
reads (the request log keeps a redacted copy); a record nested 600, 900 or 20,000 levels deep
fails with a clean ``CaptureError`` naming the problem, never ``RecursionError``."""

from __future__ import annotations

from typing import Any

import pytest

from capture_desktop.api import (
    BasicAuth,
    CaptureClient,
    CaptureError,
    RequestLog,
    make_http_client,
)
from capture_desktop.api._core import MAX_JSON_DEPTH
from capture_desktop.redaction import MASK, redact_json, redact_params
from tests.helpers.json_server import json_server


def nested(depth: int) -> dict[str, Any]:
    value: dict[str, Any] = {"password": "deep-secret-value", "leaf": 1}
    for _ in range(depth):
        value = {"n": value}
    return value


def _depth_of_password(value: Any) -> str:
    while isinstance(value, dict) and "n" in value:
        value = value["n"]
    return str(value["password"])


async def test_a_record_at_the_depth_limit_reads_and_is_redacted_in_the_log() -> None:
    # Depth counted from the answer: answer, results, record, profile.
    record = {"uuid": "u-1", "id": 1, "profile": nested(MAX_JSON_DEPTH - 4)}
    body = {"stat": "ok", "result_count": 1, "results": [record]}
    log = RequestLog()
    async with json_server(body) as base_url, make_http_client(proxy="none") as http:
        client = CaptureClient(http, base_url, BasicAuth("cid", "client-secret-x"), request_log=log)
        found = await client.entity_find("user")
    assert found.results[0]["uuid"] == "u-1"
    logged = log.events()[-1].response
    assert _depth_of_password(logged["results"][0]["profile"]) == MASK


@pytest.mark.parametrize("depth", [600, 900])
async def test_a_record_nested_hundreds_deep_is_a_clean_capture_error(depth: int) -> None:
    body = {"stat": "ok", "results": [{"uuid": "u-1", "profile": nested(depth)}]}
    async with json_server(body) as base_url, make_http_client(proxy="none") as http:
        client = CaptureClient(http, base_url, BasicAuth("cid", "client-secret-x"))
        with pytest.raises(CaptureError, match=f"more than {MAX_JSON_DEPTH} levels"):
            await client.entity_find("user")


async def test_a_record_too_deep_to_parse_is_a_clean_capture_error() -> None:
    raw = b'{"stat":"ok","results":[' + b'{"n":[' * 20000 + b"1" + b"]}" * 20000 + b"]}"
    async with json_server(raw) as base_url, make_http_client(proxy="none") as http:
        client = CaptureClient(http, base_url, BasicAuth("cid", "client-secret-x"))
        with pytest.raises(CaptureError, match="nested"):
            await client.entity_find("user")


def test_redaction_of_very_deep_values_does_not_recurse() -> None:
    deep = nested(50_000)
    assert _depth_of_password(redact_json(deep)) == MASK
    # A form value holding deep JSON (say, attributes) is left as sent, not crashed on.
    text = '{"a":' * 5000 + '"x"' + "}" * 5000
    assert redact_params({"attributes": text}) == {"attributes": text}
