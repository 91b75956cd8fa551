"""Every CaptureClient method against the sandbox app through ASGITransport."""

from __future__ import annotations

import pytest

from capture_desktop.api import (
    AccessTokenAuth,
    AccessTokenExpired,
    CaptureClient,
    CreationTokenAuth,
    CreationTokenExpired,
    InvalidArgument,
    RecordNotFound,
    RecordSelector,
    TimestampMismatch,
    UniqueViolation,
)
from tests.unit.api.sandbox_env import SandboxEnv

REDIRECT = "http://127.0.0.1:53682/callback"


async def _alice(capture: CaptureClient) -> dict[str, object]:
    found = await capture.entity_find("user", "email = 'alice@example.com'")
    assert found.result_count == 1
    return found.results[0]


async def test_reads(capture: CaptureClient) -> None:
    alice = await _alice(capture)
    by_uuid = await capture.entity("user", RecordSelector.by_uuid(str(alice["uuid"])))
    by_id = await capture.entity("user", RecordSelector.by_id(int(str(alice["id"]))))
    by_key = await capture.entity(
        "user", RecordSelector.by_key("email", "alice@example.com"), attributes=["givenName"]
    )
    assert by_uuid.id == by_id.id == alice["id"]
    assert by_uuid.last_updated and by_uuid.created
    assert by_key.data == {"givenName": "Alice"}
    city = await capture.entity("user", RecordSelector.by_id(by_id.id or 0), attribute_name="email")
    assert city.data == {"email": "alice@example.com"}
    found = await capture.entity_find(
        "user", "emailVerified is not null", sort_on=["-email"], attributes=["email"],
        show_total_count=True, max_results=2,
    )  # fmt: skip
    assert found.result_count == 2 and found.total_count == 3
    assert [r["email"] for r in found.results] == ["carol@example.com", "bob@example.com"]
    assert await capture.entity_count("user") == 4
    assert await capture.entity_count("user", "givenName = 'Bob'") == 1


async def test_create_update_replace_delete(capture: CaptureClient) -> None:
    created = await capture.entity_create(
        "user",
        {"email": "new@example.com", "givenName": "New", "statuses": [{"status": "active"}]},
        include_record=True,
    )
    assert created.record is not None and created.record.uuid == created.uuid
    sel = RecordSelector.by_uuid(created.uuid or "")
    updated = await capture.entity_update(
        "user", sel, {"familyName": "Person", "statuses": [{"status": "vip"}]},
        include_record=True, last_updated=created.record.last_updated,
    )  # fmt: skip
    assert updated is not None and updated.data["familyName"] == "Person"
    assert [s["status"] for s in updated.data["statuses"]] == ["active", "vip"]
    with pytest.raises(TimestampMismatch):
        await capture.entity_update(
            "user", sel, {"givenName": "X"}, last_updated=created.record.last_updated
        )
    await capture.entity_update("user", sel, attribute_name="givenName", value="Renamed")
    assert (await capture.entity("user", sel)).data["givenName"] == "Renamed"
    replaced = await capture.entity_replace(
        "user", sel, {"email": "new@example.com", "givenName": "Only"}, include_record=True
    )
    assert replaced is not None and replaced.data["familyName"] is None
    assert replaced.data["statuses"] == []
    await capture.entity_replace("user", sel, attribute_name="statuses", value=[{"status": "a"}])
    element = (await capture.entity("user", sel)).data["statuses"][0]
    await capture.entity_delete("user", sel, attribute_name=f"statuses#{element['id']}")
    assert (await capture.entity("user", sel)).data["statuses"] == []
    await capture.entity_delete("user", sel)
    with pytest.raises(RecordNotFound):
        await capture.entity("user", sel)


async def test_bulk_create_reports_each_position(capture: CaptureClient) -> None:
    result = await capture.entity_bulk_create(
        "user",
        [{"email": "b1@example.com"}, {"email": "alice@example.com"}, {"email": "b2@example.com"}],
    )
    assert [i.error is None for i in result.items] == [True, False, True]
    assert isinstance(result.items[1].error, UniqueViolation)
    assert result.items[0].id and result.items[0].uuid and result.items[2].uuid


async def test_schema_and_clients(capture: CaptureClient, sandbox: SandboxEnv) -> None:
    assert await capture.entity_type_list() == ["consent", "user"]
    schema = await capture.entity_type("user")
    email = schema.attribute("email")
    assert email is not None and "unique" in email.constraints and email.length == 256
    identifier = schema.attribute("profiles.identifier")
    assert identifier is not None and identifier.case_sensitive is True
    clients = await capture.clients_list()
    assert {c.description for c in clients} >= {
        "Sandbox owner client",
        "Sandbox login_client client",
    }
    issuers = await capture.clients_list(features=["access_issuer"])
    assert [c.client_id for c in issuers] == [sandbox.client("access_issuer")["client_id"]]


async def test_authorization_code_flow_and_refresh_rotation(
    capture: CaptureClient, sandbox: SandboxEnv
) -> None:
    alice = await _alice(capture)
    sel = RecordSelector.by_uuid(str(alice["uuid"]))
    code = await capture.get_authorization_code(
        "user", sel, REDIRECT, lifetime=60, transaction_state={"step": 1}
    )
    tokens = await capture.oauth_token(code=code.code, redirect_uri=REDIRECT)
    assert tokens.refresh_token and tokens.transaction_state == {"step": 1}
    assert tokens.client_id == sandbox.client("owner")["client_id"]
    with pytest.raises(InvalidArgument):  # codes are single-use
        await capture.oauth_token(code=code.code, redirect_uri=REDIRECT)
    own = AccessTokenAuth(tokens.access_token)
    assert (await capture.entity("user", auth=own)).uuid == alice["uuid"]
    await capture.entity_update("user", None, {"givenName": "Al"}, auth=own)
    fresh = await capture.oauth_token("refresh_token", refresh_token=tokens.refresh_token)
    assert fresh.refresh_token and fresh.refresh_token != tokens.refresh_token
    with pytest.raises(InvalidArgument):  # the old refresh token is spent
        await capture.oauth_token("refresh_token", refresh_token=tokens.refresh_token)
    sandbox.clock.advance(3601)
    with pytest.raises(AccessTokenExpired):
        await capture.entity("user", auth=AccessTokenAuth(fresh.access_token))


async def test_get_access_token_and_delete_access(capture: CaptureClient) -> None:
    alice = await _alice(capture)
    sel = RecordSelector.by_uuid(str(alice["uuid"]))
    tokens = await capture.get_access_token("user", sel)
    assert tokens.record_uuid == alice["uuid"] and tokens.refresh_token is None
    own = AccessTokenAuth(tokens.access_token)
    # The token reaches only its own record, whatever selector is sent along.
    bob = RecordSelector.by_key("email", "bob@example.com")
    assert (await capture.entity("user", bob, auth=own)).uuid == alice["uuid"]
    await capture.entity_delete_access("user", sel)
    with pytest.raises(AccessTokenExpired):
        await capture.entity("user", auth=own)


async def test_creation_token(capture: CaptureClient, sandbox: SandboxEnv) -> None:
    token = await capture.get_creation_token("user", lifetime=60)
    created = await capture.entity_create(
        "user", {"email": "ct@example.com"}, auth=CreationTokenAuth(token.token)
    )
    assert created.uuid
    later = await capture.get_creation_token("user", lifetime=5)
    sandbox.clock.advance(10)
    with pytest.raises(CreationTokenExpired):
        await capture.entity_create(
            "user", {"email": "late@example.com"}, auth=CreationTokenAuth(later.token)
        )


async def test_native_sign_in(capture: CaptureClient, sandbox: SandboxEnv) -> None:
    login = sandbox.client("login_client")["client_id"]
    signed = await capture.auth_native_traditional(
        client_id=login, email="alice@example.com", password="Password1!"
    )
    assert signed.access_token and signed.capture_user is not None
    assert signed.capture_user["email"] == "alice@example.com"
    assert signed.expires_in == 3600  # the sandbox's access-token lifetime
    both = await capture.auth_native_traditional(
        client_id=login, email="bob@example.com", password="Password2!",
        response_type="code_and_token", redirect_uri=REDIRECT,
    )  # fmt: skip
    assert both.authorization_code and both.access_token
