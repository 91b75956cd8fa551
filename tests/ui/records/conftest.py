"""Fixtures: a sandbox on a real loopback port, a CaptureClient per demo client, and a
RecordsView built on a hand-written session (see fakes.py). Files go under tmp_path."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import httpx
import pytest
from pytestqt.qtbot import QtBot

from capture_desktop.api import BasicAuth, CaptureClient
from capture_desktop.sandbox.clients import client_for_feature
from capture_desktop.sandbox.server import SandboxServer
from tests.helpers.sandbox import sandbox_config, sandbox_server  # noqa: F401
from tests.ui.records.editing import Opened, OpenRecord, find_one, open_editor, open_view
from tests.ui.records.fakes import FakeProfile, FakeSession


@pytest.fixture
def sandbox(sandbox_server: SandboxServer) -> SandboxServer:  # noqa: F811
    """The shared real-port sandbox (tests/helpers/sandbox.py), under the name these tests use;
    a test module may still override ``sandbox_config``."""
    return sandbox_server


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """CAPTURE_DESKTOP_HOME for the test: drafts, backups and the audit log land here."""
    path = tmp_path / "home"
    monkeypatch.setenv("CAPTURE_DESKTOP_HOME", str(path))
    return path


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=20) as client:
        yield client


@pytest.fixture
def make_session(sandbox: SandboxServer, http: httpx.AsyncClient) -> Callable[[str], FakeSession]:
    """A session acting as the demo client with ``feature`` (its features as the client's)."""

    def make(feature: str = "owner") -> FakeSession:
        info = client_for_feature(sandbox.config.data_dir, feature)
        creds = BasicAuth(info["client_id"], info["client_secret"])
        client = CaptureClient(http, sandbox.base_url, creds)
        profile = FakeProfile(client_id=info["client_id"])
        return FakeSession(client, profile, list(info["features"]))

    return make


@pytest.fixture
def owner_client(sandbox: SandboxServer, http: httpx.AsyncClient) -> CaptureClient:
    """A second, independent caller (e.g. 'someone else' changing a record)."""
    info = client_for_feature(sandbox.config.data_dir, "owner")
    return CaptureClient(
        http, sandbox.base_url, BasicAuth(info["client_id"], info["client_secret"])
    )


@pytest.fixture
def open_record(
    qtbot: QtBot,
    make_session: Callable[[str], FakeSession],
    home: Path,
    owner_client: CaptureClient,
) -> OpenRecord:
    """Opens the user with ``email`` in the Records view's editor, acting as the demo client
    with ``feature``: the steps most editor tests start with."""

    async def open_(email: str, feature: str = "owner") -> Opened:
        record = await find_one(owner_client, email)
        view = await open_view(qtbot, make_session(feature), home)
        return Opened(record, view, await open_editor(view, record["uuid"]))

    return open_
