"""``capture-desktop token …`` against the sandbox on a real port, one process per command."""

from __future__ import annotations

import json
import shlex
import socket
from pathlib import Path
from typing import Any

import httpx
import pytest

from capture_desktop.sandbox import SandboxServer
from tests.integration.scripting.conftest import Cli

# Every process of a test shares one private gnome-keyring (tests/helpers/secret_service.py).
pytestmark = pytest.mark.secret_service


async def _whoami(http: httpx.AsyncClient, base_url: str, token: str) -> httpx.Response:
    return await http.post(
        f"{base_url}/entity",
        data={"type_name": "user", "attributes": '["email"]'},
        headers={"Authorization": f"OAuth {token}"},
    )


async def test_new_mints_a_slot_whose_token_reaches_its_record(
    cli: Cli, sandbox_profile: str, sandbox_server: SandboxServer, http: httpx.AsyncClient
) -> None:
    slot = cli.ok("token", "new", "--profile", sandbox_profile, "--record", "alice@example.com")
    slot = slot.strip()
    assert slot and "\n" not in slot  # only the slot id, for $(…)
    token = cli.ok("token", "print", slot).strip()
    answer = await _whoami(http, sandbox_server.base_url, token)
    assert answer.json()["result"]["email"] == "alice@example.com"
    listed = json.loads(cli.ok("token", "list", "--profile", sandbox_profile, "--json"))
    assert [(s["slot"], s["email"], s["state"]) for s in listed] == [
        (slot, "alice@example.com", "valid")
    ]
    # The token went through the keyring: the slot file on disk holds no token value.
    assert token not in (cli.home / "data" / "token-slots.json").read_text()


def test_new_went_through_the_code_flow(
    cli: Cli, sandbox_profile: str, sandbox_server: SandboxServer
) -> None:
    cli.ok("token", "new", "--profile", sandbox_profile, "--record", "bob@example.com")
    events = sandbox_server.sandbox.storage.events()
    grants = [e["grant_type"] for e in events if e["kind"] == "oauth_token"]
    assert grants == ["authorization_code"]


def test_env_prints_exports_without_the_secret(
    cli: Cli, sandbox_profile: str, sandbox_server: SandboxServer, issuer: dict[str, Any]
) -> None:
    slot = cli.ok("token", "new", "--profile", sandbox_profile, "--record", "alice@example.com")
    out = cli.ok("token", "env", slot.strip())
    values = {}
    for line in out.splitlines():
        assert line.startswith("export ")
        name, _, quoted = line.removeprefix("export ").partition("=")
        values[name] = shlex.split(quoted)[0]
    assert values["CAPTURE_BASE_URL"] == sandbox_server.base_url
    assert values["CAPTURE_CLIENT_ID"] == issuer["client_id"]
    assert values["CAPTURE_ACCESS_TOKEN"] == cli.ok("token", "print", slot.strip()).strip()
    assert issuer["client_secret"] not in out
    as_json = json.loads(cli.ok("token", "env", slot.strip(), "--json"))
    assert set(as_json) == {"CAPTURE_ACCESS_TOKEN", "CAPTURE_BASE_URL", "CAPTURE_CLIENT_ID"}


def test_unknown_slot_is_exit_2(cli: Cli) -> None:
    done = cli.run("token", "print", "nosuchslot")
    assert done.returncode == 2
    assert done.stderr.strip() == "capture-desktop: No token slot 'nosuchslot'."
    assert done.stdout == ""


def test_unknown_record_is_a_server_error_exit_5(cli: Cli, sandbox_profile: str) -> None:
    done = cli.run("token", "new", "--profile", sandbox_profile, "--record", "nobody@example.com")
    assert done.returncode == 5
    assert done.stderr.startswith("capture-desktop: The server refused the call: 310")
    assert "Traceback" not in done.stderr


def test_a_wrong_client_secret_is_exit_5_and_never_echoed(
    cli: Cli, sandbox_server: SandboxServer, issuer: dict[str, Any]
) -> None:
    wrong = "not-the-secret-0123456789"
    cli.ok(
        "profile", "add", "bad", "--url", sandbox_server.base_url,
        "--client-id", issuer["client_id"], stdin=wrong + "\n",
    )  # fmt: skip
    done = cli.run("token", "new", "--profile", "bad", "--record", "alice@example.com")
    assert done.returncode == 5
    assert wrong not in done.stderr and wrong not in done.stdout


def test_token_help_has_examples_and_exit_codes(cli: Cli) -> None:
    text = cli.ok("token", "--help")
    assert "slot=$(capture-desktop token new" in text
    assert "5  the server or the network failed the call" in text


def test_a_busy_registered_redirect_port_is_said_plainly(
    cli: Cli, sandbox_server: SandboxServer, issuer: dict[str, Any], tmp_path: Path
) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        provisioning = tmp_path / "p.json"
        provisioning.write_text(json.dumps({
            "name": "fixed", "base_url": sandbox_server.base_url,
            "client_id": issuer["client_id"], "redirect_ports": [port],
        }))  # fmt: skip
        cli.ok("profile", "add", "--from-json", str(provisioning))
        cli.ok("profile", "add", "fixed", "--replace", stdin=issuer["client_secret"] + "\n")
        done = cli.run("token", "new", "--profile", "fixed", "--record", "alice@example.com")
    assert done.returncode == 1
    assert done.stderr.startswith("capture-desktop: The loopback receiver failed:")
    assert str(port) in done.stderr and "Traceback" not in done.stderr
