"""DNS rebinding and cross-site writes against the sandbox on a real port.

A page on `evil.example` whose name re-resolves to 127.0.0.1 reaches the sandbox with its own
Host; a plain HTML form or `fetch(..., {mode: "no-cors"})` can POST `text/plain` without a
preflight. These tests send exactly those requests over real sockets.
"""

from __future__ import annotations

import json

import httpx
import pytest

from capture_desktop.sandbox import SandboxServer
from tests.helpers.sandbox import basic_auth, demo_client

ONE_YEAR = 365 * 24 * 3600
# The header the CLI documents and the app sends; a custom header also forces a CORS preflight.
ADMIN_TOKEN_HEADER = "X-Sandbox-Admin-Token"


def _admin(server: SandboxServer) -> dict[str, str]:
    return {ADMIN_TOKEN_HEADER: server.admin_token}


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/entity.count"),
        ("GET", "/oauth/signin"),
        ("POST", "/oauth/token"),
        ("GET", "/__sandbox__/health"),
        ("GET", "/__sandbox__/settings"),
        ("POST", "/__sandbox__/settings"),
        ("GET", "/__sandbox__/events"),
    ],
)
@pytest.mark.parametrize("host", ["evil.example:{port}", "evil.example", "127.0.0.1:1", ""])
def test_every_route_refuses_a_foreign_host(
    sandbox_server: SandboxServer, method: str, path: str, host: str
) -> None:
    owner = basic_auth(demo_client(sandbox_server.config.data_dir, "owner"))
    headers = {"Host": host.format(port=sandbox_server.port), **_admin(sandbox_server)}
    with httpx.Client(base_url=sandbox_server.base_url) as http:
        response = http.request(
            method,
            path,
            headers=headers,
            auth=owner,
            data={"type_name": "user"} if path == "/entity.count" else None,
        )
    assert response.status_code == 421, response.text
    assert str(sandbox_server.config.data_dir) not in response.text
    assert "total_count" not in response.text


@pytest.mark.parametrize("name", ["127.0.0.1", "localhost", "LOCALHOST"])
def test_loopback_names_with_the_servers_port_are_served(
    sandbox_server: SandboxServer, name: str
) -> None:
    owner = basic_auth(demo_client(sandbox_server.config.data_dir, "owner"))
    with httpx.Client(base_url=sandbox_server.base_url) as http:
        response = http.post(
            "/entity.count",
            data={"type_name": "user"},
            auth=owner,
            headers={"Host": f"{name}:{sandbox_server.port}"},
        )
    assert response.json() == {"total_count": 4, "stat": "ok"}


def test_a_cross_site_text_plain_post_changes_no_setting(sandbox_server: SandboxServer) -> None:
    # What a form on evil.example can send after rebinding its name, or from any origin to
    # 127.0.0.1 directly: no preflight, no custom header.
    with httpx.Client(base_url=sandbox_server.base_url) as http:
        response = http.post(
            "/__sandbox__/settings",
            content=json.dumps({"drop_rate": 1.0, "latency_ms": 10**9}),
            headers={"Content-Type": "text/plain", "Origin": "https://evil.example"},
        )
    assert response.status_code in (401, 415)
    assert sandbox_server.sandbox.settings.drop_rate == 0.0
    assert sandbox_server.sandbox.settings.latency_ms == 0


def test_settings_need_json_and_the_admin_token(sandbox_server: SandboxServer) -> None:
    settings = sandbox_server.sandbox.settings
    with httpx.Client(base_url=sandbox_server.base_url) as http:
        no_token = http.post("/__sandbox__/settings", json={"code_lifetime": 5})
        wrong = http.post(
            "/__sandbox__/settings",
            json={"code_lifetime": 5},
            headers={ADMIN_TOKEN_HEADER: "x" * len(sandbox_server.admin_token)},
        )
        plain = http.post(
            "/__sandbox__/settings",
            content=b'{"code_lifetime": 5}',
            headers={"Content-Type": "text/plain", **_admin(sandbox_server)},
        )
        reads = http.get("/__sandbox__/settings")
        events = http.get("/__sandbox__/events")
        assert (no_token.status_code, wrong.status_code) == (401, 401)
        assert plain.status_code == 415
        assert (reads.status_code, events.status_code) == (401, 401)
        assert settings.code_lifetime == 30
        applied = http.post(
            "/__sandbox__/settings", json={"code_lifetime": 5}, headers=_admin(sandbox_server)
        )
        assert applied.status_code == 200 and applied.json()["code_lifetime"] == 5
    assert settings.code_lifetime == 5


def test_two_runs_have_different_admin_tokens(sandbox_server: SandboxServer) -> None:
    other = SandboxServer(sandbox_server.config.__class__(data_dir=sandbox_server.config.data_dir))
    with other:
        assert other.admin_token and other.admin_token != sandbox_server.admin_token
        with httpx.Client(base_url=other.base_url) as http:
            stale = http.get("/__sandbox__/settings", headers=_admin(sandbox_server))
        assert stale.status_code == 401


@pytest.mark.parametrize(
    "change",
    [
        {"latency_ms": 60_001},
        {"access_token_lifetime": ONE_YEAR + 1},
        {"refresh_token_lifetime": 10**12},
        {"code_lifetime": ONE_YEAR + 1},
        {"creation_token_lifetime": 10**30},
        {"signed_skew_seconds": ONE_YEAR + 1},
        {"error_rate": 1.0001},
        {"drop_rate": -0.1},
        {"rate_limit_per_second": 1e309},
    ],
)
def test_admin_values_are_bounded(sandbox_server: SandboxServer, change: dict[str, object]) -> None:
    before = sandbox_server.sandbox.settings.as_dict()
    with httpx.Client(base_url=sandbox_server.base_url) as http:
        response = http.post(
            "/__sandbox__/settings",
            content=json.dumps(change).replace("Infinity", "1e309"),
            headers={"Content-Type": "application/json", **_admin(sandbox_server)},
        )
    assert response.status_code == 400, response.text
    assert next(iter(change)) in response.json()["error"]
    assert sandbox_server.sandbox.settings.as_dict() == before


def test_bounds_themselves_are_accepted(sandbox_server: SandboxServer) -> None:
    change = {
        "latency_ms": 60_000,
        "access_token_lifetime": ONE_YEAR,
        "refresh_token_lifetime": ONE_YEAR,
        "error_rate": 1,
        "drop_rate": 0,
    }
    with httpx.Client(base_url=sandbox_server.base_url) as http:
        response = http.post("/__sandbox__/settings", json=change, headers=_admin(sandbox_server))
        assert response.status_code == 200, response.text
        http.post(
            "/__sandbox__/settings",
            json={"latency_ms": 0, "error_rate": 0},
            headers=_admin(sandbox_server),
        )


def test_health_names_the_data_folder_only_to_the_admin(sandbox_server: SandboxServer) -> None:
    folder = str(sandbox_server.config.data_dir)
    with httpx.Client(base_url=sandbox_server.base_url) as http:
        anonymous = http.get("/__sandbox__/health")
        admin = http.get("/__sandbox__/health", headers=_admin(sandbox_server))
    assert anonymous.json() == {"status": "ok"}
    assert admin.json()["data_dir"] == folder
