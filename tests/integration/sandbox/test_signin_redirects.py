"""The hosted sign-in page only ever redirects to a redirect URI registered for the client.

The attack: a link to the sandbox's real sign-in page with `redirect_uri=https://evil.example/`
makes the page bounce the browser there on cancel, and hand the authorization code there on
sign-in. Sent here as a browser sends it, to the sandbox on a real port.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from capture_desktop.sandbox import SandboxServer
from tests.helpers.sandbox import demo_client


def _form(server: SandboxServer, redirect_uri: str, **extra: str) -> dict[str, str]:
    return {
        "response_type": "code",
        "client_id": demo_client(server.config.data_dir, "login_client")["client_id"],
        "redirect_uri": redirect_uri,
        "state": "st-1",
        **extra,
    }


def _codes(server: SandboxServer) -> int:
    row = server.sandbox.storage.conn.execute(
        "SELECT COUNT(*) FROM tokens WHERE kind = 'code'"
    ).fetchone()
    return int(row[0])


SIGN_IN = {"action": "signin", "email": "alice@example.com", "password": "Password1!"}
CANCEL = {"action": "cancel"}

UNREGISTERED = [
    "https://evil.example/cb",
    "http://evil.example:8080/callback",
    "http://127.0.0.1.evil.example/callback",
    "http://localhost@evil.example/callback",
    "http://user@127.0.0.1:8123/callback",
    "http://127.0.0.1:8123/elsewhere",
    "http://127.0.0.1:8123/callback/../../evil",
    "http://127.0.0.1:8123/callback?next=https://evil.example",
    "https://127.0.0.1:8123/callback",
    "https://app.example/cb/more",
    "https://app.example:444/cb",
    "http://app.example/cb",
    "https://APP.example/cb?x",
]


@pytest.mark.parametrize("redirect_uri", UNREGISTERED)
@pytest.mark.parametrize("action", [SIGN_IN, CANCEL], ids=["sign-in", "cancel"])
def test_unregistered_redirect_uris_get_an_error_page(
    sandbox_server: SandboxServer, redirect_uri: str, action: dict[str, str]
) -> None:
    login = demo_client(sandbox_server.config.data_dir, "login_client")["client_id"]
    sandbox_server.sandbox.clients.register_redirect_uri(login, "https://app.example/cb")
    before = _codes(sandbox_server)
    with httpx.Client(base_url=sandbox_server.base_url) as browser:
        page = browser.get("/oauth/signin", params=_form(sandbox_server, redirect_uri))
        posted = browser.post("/oauth/signin", data=_form(sandbox_server, redirect_uri, **action))
    for response in (page, posted):
        assert response.status_code == 400, response.text
        assert "location" not in response.headers
        assert "not registered" in response.text
    assert _codes(sandbox_server) == before  # no code was issued for the attacker


@pytest.mark.parametrize("port", [1, 8123, 65535])
@pytest.mark.parametrize("host", ["127.0.0.1", "[::1]", "localhost"])
def test_loopback_redirects_match_with_any_port(
    sandbox_server: SandboxServer, host: str, port: int
) -> None:
    redirect_uri = f"http://{host}:{port}/callback"
    with httpx.Client(base_url=sandbox_server.base_url) as browser:
        signed_in = browser.post(
            "/oauth/signin", data=_form(sandbox_server, redirect_uri, **SIGN_IN)
        )
        cancelled = browser.post(
            "/oauth/signin", data=_form(sandbox_server, redirect_uri, **CANCEL)
        )
    assert signed_in.status_code == 302
    location = urlsplit(signed_in.headers["location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == redirect_uri
    assert parse_qs(location.query)["state"] == ["st-1"] and parse_qs(location.query)["code"]
    assert cancelled.status_code == 302
    assert cancelled.headers["location"] == f"{redirect_uri}?error=access_denied&state=st-1"


def test_a_registered_uri_matches_exactly(sandbox_server: SandboxServer) -> None:
    login = demo_client(sandbox_server.config.data_dir, "login_client")["client_id"]
    registered = "https://app.example/cb?keep=1"
    sandbox_server.sandbox.clients.register_redirect_uri(login, registered)
    assert registered in sandbox_server.sandbox.clients.redirect_uris(login)
    with httpx.Client(base_url=sandbox_server.base_url) as browser:
        cancelled = browser.post("/oauth/signin", data=_form(sandbox_server, registered, **CANCEL))
    assert cancelled.status_code == 302
    assert cancelled.headers["location"] == f"{registered}&error=access_denied&state=st-1"
