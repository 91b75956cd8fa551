"""The flows and the token keeper against the sandbox on a real uvicorn port."""

from __future__ import annotations

import socket
from datetime import UTC, datetime
from pathlib import Path

import httpx

from capture_desktop.api import (
    AccessTokenAuth,
    BasicAuth,
    CaptureClient,
    CreationTokenAuth,
    RecordSelector,
)
from capture_desktop.auth import (
    AuthorizationCodeFlow,
    BrowserSignInFlow,
    CreationTokenFlow,
    LoopbackReceiver,
    TokenKeeper,
)
from capture_desktop.sandbox import SandboxServer
from capture_desktop.store.memory_backend import MemoryKeyring
from capture_desktop.store.secrets import SERVICE, SecretStore
from capture_desktop.store.slots import SlotStore
from tests.helpers.sandbox import demo_client
from tests.unit.auth.fake_browser import FakeBrowser
from tests.unit.auth.fakes import FakeClock


def _client(
    http: httpx.AsyncClient, server: SandboxServer, feature: str, clock: FakeClock | None = None
) -> CaptureClient:
    creds = demo_client(server.config.data_dir, feature)
    auth = BasicAuth(creds["client_id"], creds["client_secret"])
    if clock is None:
        return CaptureClient(http, server.base_url, auth)
    return CaptureClient(http, server.base_url, auth, clock=clock)


async def test_browser_sign_in_then_kept_and_refreshed(
    sandbox_server: SandboxServer,
    http: httpx.AsyncClient,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
) -> None:
    # One clock for the client (issued_at) and the keeper; the server keeps real time.
    clock = FakeClock(datetime.now(UTC))
    client = _client(http, sandbox_server, "access_issuer", clock)
    client_id = demo_client(sandbox_server.config.data_dir, "access_issuer")["client_id"]
    browser = FakeBrowser(http, "bob@example.com", "Password2!")
    # A path other than the default must be registered for the client, as on Capture.
    sandbox_server.sandbox.clients.register_redirect_uri(
        client_id, "http://localhost/desktop/callback"
    )
    receiver = LoopbackReceiver(host_form="localhost", path="/desktop/callback")
    tokens = await BrowserSignInFlow(client, receiver, browser, client_id).run()
    assert receiver.redirect_uri.startswith("http://localhost:")
    assert browser.landing is not None and browser.landing.status_code == 200

    keeper = TokenKeeper(
        lambda profile: client, SecretStore(), SlotStore(tmp_path / "slots.json"), clock=clock
    )
    slot = await keeper.save_token_set("Sandbox", tokens, label="bob", email="bob@example.com")
    assert len(memory_keyring.usernames(SERVICE)) == 2  # access + refresh token, one item each

    async def read(token: str) -> str:
        record = await client.entity("user", auth=AccessTokenAuth(token))
        return str(record.data["email"])

    assert await keeper.call_with_retry(slot.slot_id, read) == "bob@example.com"
    clock.advance(3600)
    assert keeper.state(slot.slot_id) == "expired"
    assert await keeper.call_with_retry(slot.slot_id, read) == "bob@example.com"
    assert keeper.state(slot.slot_id) == "valid"


async def test_authorization_code_to_the_first_free_registered_port(
    sandbox_server: SandboxServer, http: httpx.AsyncClient
) -> None:
    client = _client(http, sandbox_server, "owner")
    with socket.socket() as held, socket.socket() as probe:
        held.bind(("127.0.0.1", 0))
        held.listen()
        probe.bind(("127.0.0.1", 0))
        free = probe.getsockname()[1]
        probe.close()
        async with LoopbackReceiver(ports=(held.getsockname()[1], free)) as rx:
            assert rx.redirect_uri == f"http://127.0.0.1:{free}/callback"
            flow = AuthorizationCodeFlow(client)
            code = await flow.request_code(
                "user", RecordSelector.by_key("email", "carol@example.com"), rx.redirect_uri
            )
            tokens = await flow.exchange(code)
    record = await client.entity("user", auth=AccessTokenAuth(tokens.access_token))
    assert record.data["email"] == "carol@example.com"


async def test_creation_token_creates_a_record_without_client_credentials(
    sandbox_server: SandboxServer, http: httpx.AsyncClient
) -> None:
    owner = _client(http, sandbox_server, "owner")
    token = await CreationTokenFlow(owner).create("user", lifetime=300)
    assert token.expires_at > token.issued_at
    anonymous = CaptureClient(http, sandbox_server.base_url)
    created = await anonymous.entity_create(
        "user", {"email": "new.user@example.com"}, auth=CreationTokenAuth(token.token)
    )
    assert created.uuid
    found = await owner.entity("user", RecordSelector.by_uuid(created.uuid))
    assert found.data["email"] == "new.user@example.com"
