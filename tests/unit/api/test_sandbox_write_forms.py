"""The core client sends each whole-record write form that real clients use, and the sandbox
takes each one: `value` alone (by access token, by type_name + id, by key), `attribute_name` +
`value`, and `attributes`."""

from __future__ import annotations

import httpx

from capture_desktop.api import AccessTokenAuth, CaptureClient, RecordSelector, RequestLog


async def _alice_id(capture: CaptureClient) -> int:
    found = await capture.entity_find("user", "email = 'alice@example.com'")
    return int(str(found.results[0]["id"]))


def _last_form(request_log: RequestLog) -> dict[str, str]:
    event = request_log.events()[-1]
    return dict(event.params)


async def test_value_alone_by_access_token_without_type_name(
    capture: CaptureClient, request_log: RequestLog
) -> None:
    alice = await _alice_id(capture)
    token = await capture.get_access_token("user", RecordSelector.by_id(alice))
    own = AccessTokenAuth(token.access_token)
    await capture.entity_update(None, None, value={"givenName": "Alicia"}, auth=own)
    sent = _last_form(request_log)
    assert "type_name" not in sent and "attribute_name" not in sent and "attributes" not in sent
    assert (await capture.entity("user", RecordSelector.by_id(alice))).data["givenName"] == "Alicia"


async def test_value_alone_by_id_and_by_key(
    capture: CaptureClient, request_log: RequestLog
) -> None:
    alice = await _alice_id(capture)
    await capture.entity_update("user", RecordSelector.by_id(alice), value={"givenName": "Al"})
    assert _last_form(request_log)["value"] == '{"givenName": "Al"}'
    record = await capture.entity_replace(
        "user",
        RecordSelector.by_key("email", "alice@example.com"),
        value={"email": "alice@example.com", "familyName": "Only"},
        include_record=True,
    )
    assert record is not None
    assert record.data["familyName"] == "Only" and record.data["givenName"] is None


async def test_attribute_name_with_value_and_attributes(capture: CaptureClient) -> None:
    alice = RecordSelector.by_id(await _alice_id(capture))
    await capture.entity_update("user", alice, attribute_name="primaryAddress/city", value="Oslo")
    await capture.entity_update("user", alice, {"givenName": "Ali"})
    record = await capture.entity("user", alice)
    assert record.data["primaryAddress"]["city"] == "Oslo"
    assert record.data["givenName"] == "Ali"


async def test_writes_always_go_as_form_bodies(capture: CaptureClient) -> None:
    seen: list[httpx.Request] = []
    original = capture._http.send  # watch the wire, not the API

    async def spy(request: httpx.Request, **kwargs: object) -> httpx.Response:
        seen.append(request)
        return await original(request, **kwargs)  # type: ignore[arg-type]

    capture._http.send = spy  # type: ignore[method-assign]
    alice = RecordSelector.by_id(await _alice_id(capture))
    await capture.entity_update("user", alice, value={"givenName": "Q"})
    await capture.entity_delete("user", alice, attribute_name="statuses")
    for request in seen:
        assert request.method == "POST"
        assert request.url.query == b""
        assert request.headers["content-type"] == "application/x-www-form-urlencoded"
        assert b"type_name=user" in request.content
