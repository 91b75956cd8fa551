"""The sandbox's data folder holds every client secret and every live token: only its owner may
read it. Checked on the real files after real writes over a real port."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from capture_desktop.sandbox import SandboxConfig, SandboxServer
from tests.helpers.sandbox import basic_auth, demo_client


@pytest.fixture
def permissive_umask() -> Iterator[None]:
    # The usual desktop umask, under which plain file creation gives 0644 and 0755.
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _write_through_the_api(server: SandboxServer) -> None:
    owner = basic_auth(demo_client(server.config.data_dir, "owner"))
    with httpx.Client(base_url=server.base_url) as http:
        created = http.post(
            "/entity.create",
            data={"type_name": "user", "attributes": '{"email": "mode@example.com"}'},
            auth=owner,
        )
        assert created.json()["stat"] == "ok", created.text
        code = http.post(
            "/access/getAuthorizationCode",
            data={"type_name": "user", "id": "1", "redirect_uri": "http://127.0.0.1:9/cb"},
            auth=owner,
        ).json()["authorizationCode"]
        tokens = http.post(
            "/oauth/token",
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": "http://127.0.0.1:9/cb",
            },
            auth=owner,
        )
        assert tokens.json()["access_token"]


def _assert_private(data_dir: Path) -> None:
    assert _mode(data_dir) == 0o700
    names = {path.name for path in data_dir.iterdir()}
    # The WAL files exist while the server runs: they are checked, not assumed away.
    assert {"sandbox.db", "sandbox.db-wal", "sandbox.db-shm", "clients.json"} <= names
    for path in data_dir.rglob("*"):
        expected = 0o700 if path.is_dir() else 0o600
        assert _mode(path) == expected, f"{path.name} is {oct(_mode(path))}"


def test_a_fresh_data_folder_is_private(tmp_path: Path, permissive_umask: None) -> None:
    data_dir = tmp_path / "sandbox"
    with SandboxServer(SandboxConfig(data_dir=data_dir)) as server:
        _write_through_the_api(server)
        _assert_private(data_dir)


def test_an_existing_readable_data_folder_is_made_private(
    tmp_path: Path, permissive_umask: None
) -> None:
    data_dir = tmp_path / "sandbox"
    with SandboxServer(SandboxConfig(data_dir=data_dir)):
        pass
    # As an older sandbox left it: world-readable folder, database, WAL files and a backup.
    data_dir.chmod(0o755)
    for name in ("sandbox.db", "clients.json"):
        (data_dir / name).chmod(0o644)
    backup = data_dir / "sandbox.db.v1.bak"
    backup.write_bytes(b"old")
    backup.chmod(0o644)
    with sqlite3.connect(data_dir / "sandbox.db") as conn:
        conn.execute("PRAGMA journal_mode=WAL")
    with SandboxServer(SandboxConfig(data_dir=data_dir)) as server:
        _write_through_the_api(server)
        _assert_private(data_dir)
