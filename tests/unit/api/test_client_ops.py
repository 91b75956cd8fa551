"""Every CaptureClient method against a scripted fake: endpoint, form encoding, typed result."""

from __future__ import annotations

import json
from datetime import timedelta

import httpx
import pytest

from capture_desktop.api import (
    BasicAuth,
    CaptureClient,
    RecordSelector,
    UnexpectedResponse,
    normalize_base_url,
)
from tests.unit.api.fakes import BASE, FakeCapture, FakeClock, form

UUID = "11111111-2222-3333-4444-555555555555"
RECORD = {
    "id": 5,
    "uuid": UUID,
    "email": "a@example.com",
    "lastUpdated": "2026-01-01 00:00:00.1 +0000",
}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("my-app.janraincapture.com", "https://my-app.janraincapture.com"),
        ("https://my-app.janraincapture.com/", "https://my-app.janraincapture.com"),
        ("  http://127.0.0.1:8080// ", "http://127.0.0.1:8080"),
        ("https://proxy.example/capture/", "https://proxy.example/capture"),
    ],
)
def test_base_url_normalisation(raw: str, expected: str) -> None:
    assert normalize_base_url(raw) == expected


@pytest.mark.parametrize("bad", ["", "ftp://x.test", "https://x.test/?a=1", "https://"])
def test_bad_base_urls(bad: str) -> None:
    with pytest.raises(ValueError):
        normalize_base_url(bad)


async def test_entity_by_key_quotes_key_value(client: CaptureClient, fake: FakeCapture) -> None:
    fake.reply("/entity", {"stat": "ok", "result": RECORD})
    entity = await client.entity(
        "user", RecordSelector.by_key("email", "a@example.com"), attributes=["email", "id"]
    )
    sent = form(fake.last)
    assert fake.last.method == "POST" and str(fake.last.url) == BASE + "/entity"
    assert sent["key_attribute"] == "email" and sent["key_value"] == '"a@example.com"'
    assert json.loads(sent["attributes"]) == ["email", "id"]
    assert (entity.id, entity.uuid, entity.data["email"]) == (5, UUID, "a@example.com")
    assert entity.last_updated == "2026-01-01 00:00:00.1 +0000"


async def test_entity_attribute_name_scalar(client: CaptureClient, fake: FakeCapture) -> None:
    fake.reply("/entity", {"stat": "ok", "result": "a@example.com"})
    entity = await client.entity("user", RecordSelector.by_id(5), attribute_name="email")
    assert entity.data == {"email": "a@example.com"} and entity.id is None


async def test_entity_find_encodes_lists_and_bools(
    client: CaptureClient, fake: FakeCapture
) -> None:
    fake.reply(
        "/entity.find",
        {"stat": "ok", "results": [RECORD], "result_count": 1, "total_count": 42},
    )
    result = await client.entity_find(
        "user",
        "email = 'a@example.com'",
        max_results=10,
        first_result=0,
        sort_on=["-lastUpdated"],
        attributes=["email"],
        show_total_count=True,
        timeout=20,
    )
    sent = form(fake.last)
    assert sent == {
        "type_name": "user",
        "filter": "email = 'a@example.com'",
        "max_results": "10",
        "first_result": "0",
        "sort_on": '["-lastUpdated"]',
        "attributes": '["email"]',
        "show_total_count": "true",
        "timeout": "20",
    }
    assert (result.result_count, result.total_count, result.results[0]["id"]) == (1, 42, 5)


async def test_entity_find_leaves_out_unset_parameters(
    client: CaptureClient, fake: FakeCapture
) -> None:
    fake.reply("/entity.find", {"stat": "ok", "results": [], "result_count": 0})
    result = await client.entity_find("user")
    assert form(fake.last) == {"type_name": "user"}
    assert result.total_count is None


async def test_entity_count(client: CaptureClient, fake: FakeCapture) -> None:
    fake.reply("/entity.count", {"stat": "ok", "total_count": 15})
    assert await client.entity_count("user", "id > 3") == 15
    assert form(fake.last) == {"type_name": "user", "filter": "id > 3"}


async def test_entity_create_with_record(client: CaptureClient, fake: FakeCapture) -> None:
    fake.reply("/entity.create", {"stat": "ok", "id": 5, "uuid": UUID, "result": RECORD})
    result = await client.entity_create(
        "user", {"email": "a@example.com", "optIn": False, "tags": [1]}, include_record=True
    )
    sent = form(fake.last)
    assert json.loads(sent["attributes"]) == {"email": "a@example.com", "optIn": False, "tags": [1]}
    assert sent["include_record"] == "true"
    assert result.record is not None and result.record.uuid == UUID


async def test_entity_bulk_create_mixed_results(client: CaptureClient, fake: FakeCapture) -> None:
    failure = {
        "stat": "error",
        "code": 361,
        "error": "unique_violation",
        "error_description": "dup",
    }
    fake.reply(
        "/entity.bulkCreate",
        {"stat": "ok", "results": [10, failure], "uuid_results": ["u-10", failure]},
    )
    result = await client.entity_bulk_create("user", [{"email": "a@x.y"}, {"email": "a@x.y"}])
    assert json.loads(form(fake.last)["all_attributes"]) == [{"email": "a@x.y"}] * 2
    assert (result.items[0].id, result.items[0].uuid, result.items[0].error) == (10, "u-10", None)
    from capture_desktop.api import UniqueViolation

    assert isinstance(result.failed[0].error, UniqueViolation)


@pytest.mark.parametrize("operation", ["entity_update", "entity_replace"])
async def test_update_and_replace(client: CaptureClient, fake: FakeCapture, operation: str) -> None:
    path = "/entity.update" if operation == "entity_update" else "/entity.replace"
    fake.reply(path, {"stat": "ok", "result": RECORD})
    method = getattr(client, operation)
    record = await method(
        "user",
        RecordSelector.by_uuid(UUID),
        {"givenName": "Ann", "optIn": True},
        include_record=True,
        last_updated="2026-01-01 00:00:00.1 +0000",
    )
    sent = form(fake.last)
    assert json.loads(sent["attributes"]) == {"givenName": "Ann", "optIn": True}
    assert sent["uuid"] == UUID and sent["include_record"] == "true"
    assert sent["lastUpdated"] == "2026-01-01 00:00:00.1 +0000"
    assert record is not None and record.id == 5
    await method("user", RecordSelector.by_id(5), attribute_name="givenName", value="Bo")
    sent = form(fake.last)
    assert sent["attribute_name"] == "givenName" and sent["value"] == '"Bo"'
    assert "attributes" not in sent
    await method("user", RecordSelector.by_id(5), attribute_name="statuses", value=[])
    assert form(fake.last)["value"] == "[]"
    with pytest.raises(ValueError, match="attributes"):
        await method("user", RecordSelector.by_id(5))


async def test_delete_and_delete_access(client: CaptureClient, fake: FakeCapture) -> None:
    fake.reply("/entity.delete", {"stat": "ok"})
    fake.reply("/entity.deleteAccess", {"stat": "ok"})
    await client.entity_delete("user", RecordSelector.by_id(5), attribute_name="statuses#7")
    assert form(fake.last) == {"type_name": "user", "id": "5", "attribute_name": "statuses#7"}
    await client.entity_delete_access("user", RecordSelector.by_uuid(UUID))
    assert str(fake.last.url).endswith("/entity.deleteAccess")
    assert form(fake.last) == {"type_name": "user", "uuid": UUID}


async def test_entity_type_and_list(client: CaptureClient, fake: FakeCapture) -> None:
    schema = {
        "name": "user",
        "attr_defs": [
            {"name": "id", "type": "id"},
            {"name": "email", "type": "string", "length": 256, "case-sensitive": False,
             "constraints": ["unique", "email-address"], "features": ["query"]},
            {"name": "primaryAddress", "type": "object",
             "attr_defs": [{"name": "city", "type": "string", "length": None}]},
        ],
    }  # fmt: skip
    fake.reply("/entityType", {"stat": "ok", "schema": schema})
    fake.reply("/entityType.list", {"stat": "ok", "results": ["user", "pet"]})
    parsed = await client.entity_type("user")
    assert form(fake.last) == {"type_name": "user"}
    email = parsed.attribute("email")
    assert email is not None and email.constraints == ("unique", "email-address")
    assert email.case_sensitive is False and email.length == 256 and email.features == ("query",)
    city = parsed.attribute("primaryAddress.city")
    assert city is not None and city.type == "string" and city.length is None
    assert parsed.attribute("nope.x") is None
    assert await client.entity_type_list() == ["user", "pet"]
    assert form(fake.last) == {}


async def test_clients_list_drops_secrets(client: CaptureClient, fake: FakeCapture) -> None:
    fake.reply(
        "/clients/list",
        {"stat": "ok", "results": [{"client_id": "c1", "client_secret": "s-canary-777",
                                    "description": "Sandbox owner client", "features": ["owner"]}]},
    )  # fmt: skip
    clients = await client.clients_list(features=["owner"])
    assert form(fake.last) == {"features": '["owner"]'}
    assert clients[0].features == ("owner",)
    assert "s-canary-777" not in repr(clients)


async def test_get_authorization_code(
    client: CaptureClient, fake: FakeCapture, clock: FakeClock
) -> None:
    fake.reply("/access/getAuthorizationCode", {"stat": "ok", "authorizationCode": "code-canary-1"})
    code = await client.get_authorization_code(
        "user",
        RecordSelector.by_uuid(UUID),
        "http://127.0.0.1:5000/cb",
        lifetime=60,
        transaction_state={"a": 1},
        for_client_id="other",
    )
    sent = form(fake.last)
    assert sent["redirect_uri"] == "http://127.0.0.1:5000/cb" and sent["lifetime"] == "60"
    assert json.loads(sent["transaction_state"]) == {"a": 1} and sent["for_client_id"] == "other"
    assert code.code == "code-canary-1" and code.redirect_uri == "http://127.0.0.1:5000/cb"
    assert code.expires_at == clock.now + timedelta(seconds=60)
    assert "code-canary-1" not in repr(code)


async def test_get_access_token(client: CaptureClient, fake: FakeCapture, clock: FakeClock) -> None:
    fake.reply("/access/getAccessToken", {"stat": "ok", "accessToken": "at-canary-1"})
    tokens = await client.get_access_token("user", RecordSelector.by_uuid(UUID))
    assert tokens.access_token == "at-canary-1" and tokens.refresh_token is None
    assert tokens.record_uuid == UUID and tokens.client_id == "client-one"
    assert tokens.expires_in(clock.now) == 3600


async def test_get_creation_token_and_alias_fallback(
    client: CaptureClient, fake: FakeCapture, clock: FakeClock
) -> None:
    fake.reply("/access/getCreationCode", {"stat": "ok", "creation_token": "ct-canary"})
    token = await client.get_creation_token("user", lifetime=120)
    paths = [r.url.path for r in fake.requests]
    assert paths == ["/access/getCreationToken", "/access/getCreationCode"]
    assert token.token == "ct-canary" and token.type_name == "user"
    assert token.expires_at - token.issued_at == timedelta(seconds=120)
    fake.reply("/access/getCreationToken", {"stat": "ok", "creation_token": "ct2"})
    assert (await client.get_creation_token("user")).expires_at == clock.now + timedelta(hours=1)


async def test_oauth_token_grants(
    client: CaptureClient, fake: FakeCapture, clock: FakeClock
) -> None:
    fake.reply(
        "/oauth/token",
        {"stat": "ok", "access_token": "at-1", "refresh_token": "rt-1", "expires_in": 600,
         "transaction_state": {"x": 1}},
    )  # fmt: skip
    tokens = await client.oauth_token(code="c-1", redirect_uri="http://127.0.0.1:1/cb")
    assert form(fake.last) == {
        "grant_type": "authorization_code",
        "code": "c-1",
        "redirect_uri": "http://127.0.0.1:1/cb",
    }
    assert tokens.expires_at == clock.now + timedelta(seconds=600)
    assert tokens.refresh_token == "rt-1" and tokens.transaction_state == {"x": 1}
    assert "at-1" not in repr(tokens) and "rt-1" not in repr(tokens)
    await client.oauth_token("refresh_token", refresh_token="rt-1")
    assert form(fake.last) == {"grant_type": "refresh_token", "refresh_token": "rt-1"}
    await client.oauth_token(code="c", redirect_uri="r", code_verifier="v" * 43)
    assert form(fake.last)["code_verifier"] == "v" * 43
    with pytest.raises(ValueError, match="code and redirect_uri"):
        await client.oauth_token(code="", redirect_uri="x")
    clock.advance(700)
    assert tokens.is_expired(clock.now) and tokens.expires_in(clock.now) == 0


async def test_auth_native_traditional_sends_no_client_secret(fake: FakeCapture) -> None:
    from tests.unit.api.fakes import make_client

    fake.reply(
        "/oauth/auth_native_traditional",
        {"stat": "ok", "access_token": "at-n", "capture_user": {"uuid": UUID}},
    )
    client, http = make_client(fake, BasicAuth("admin", "admin-secret-canary"))
    async with http:
        result = await client.auth_native_traditional(
            client_id="login-client", email="a@example.com", password="Password1!"
        )
    sent = form(fake.last)
    assert "authorization" not in fake.last.headers and "client_secret" not in sent
    assert sent["client_id"] == "login-client" and sent["signInEmailAddress"] == "a@example.com"
    assert sent["currentPassword"] == "Password1!" and sent["form"] == "signInForm"
    assert result.access_token == "at-n" and result.capture_user == {"uuid": UUID}
    assert result.expires_in is None  # not sent: callers fall back to the documented default


@pytest.mark.parametrize(("sent", "parsed"), [(600, 600), ("90", 90), ("soon", None), (True, None)])
def test_native_sign_in_keeps_expires_in(sent: object, parsed: int | None) -> None:
    from capture_desktop.api.models import NativeSignIn

    result = NativeSignIn.from_payload({"access_token": "at-n", "expires_in": sent})
    assert result.expires_in == parsed


async def test_non_json_answer_is_unexpected_response(
    client: CaptureClient, fake: FakeCapture
) -> None:
    fake.reply("/entity.count", httpx.Response(502, text="<html>bad gateway</html>"))
    with pytest.raises(UnexpectedResponse) as info:
        await client.entity_count("user")
    assert info.value.http_status == 502


async def test_missing_result_fields_are_unexpected(
    client: CaptureClient, fake: FakeCapture
) -> None:
    fake.reply("/entity.count", {"stat": "ok"})
    with pytest.raises(UnexpectedResponse):
        await client.entity_count("user")
    fake.reply("/access/getAuthorizationCode", {"stat": "ok"})
    with pytest.raises(UnexpectedResponse):
        await client.get_authorization_code("user", RecordSelector.by_id(1), "http://x/cb")


def test_token_set_parsing_edge_cases() -> None:
    from datetime import UTC, datetime

    from capture_desktop.api import TokenSet

    now = datetime(2026, 1, 1, tzinfo=UTC)
    zero = TokenSet.from_payload({"access_token": "a", "expires_in": 0}, now)
    assert zero.expires_at == now and zero.is_expired(now)
    text = TokenSet.from_payload({"accessToken": "a", "expires_in": "120"}, now)
    assert text.expires_in(now) == 120 and text.refresh_token is None
    user = TokenSet.from_payload({"access_token": "a", "capture_user": {"uuid": "u-9"}}, now)
    assert user.record_uuid == "u-9" and user.expires_in(now) == 3600
    with pytest.raises(UnexpectedResponse):
        TokenSet.from_payload({"stat": "ok"}, now)


def test_capture_timestamps() -> None:
    from datetime import UTC, datetime

    from capture_desktop.api import parse_capture_time

    assert parse_capture_time("2015-11-15 01:58:01.862312 +0000") == datetime(
        2015, 11, 15, 1, 58, 1, 862312, tzinfo=UTC
    )
    assert parse_capture_time("2016-03-13 19:39:17 +0000") == datetime(
        2016, 3, 13, 19, 39, 17, tzinfo=UTC
    )
    assert parse_capture_time("2001-01-01") == datetime(2001, 1, 1, tzinfo=UTC)
    assert parse_capture_time("garbage") is None and parse_capture_time(None) is None
