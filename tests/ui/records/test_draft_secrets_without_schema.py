"""When the schema (entityType) cannot be read, the editor says so, and a draft still never
holds a password typed into the record (the guessed schema knows no password attributes).

Real parts: the record editor on the sandbox on a real port (the record, the failed save) and
the draft files on disk; only the entityType answer is made to fail, as a server that refuses
it would.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from capture_desktop.api import CaptureClient
from capture_desktop.api.errors import ApiError
from capture_desktop.sandbox.server import SandboxServer
from capture_desktop.services.records import RecordsService
from capture_desktop.ui.records.record_tabs import JSON_TAB
from tests.ui.records.editing import find_one, open_editor, open_view, save
from tests.ui.records.fakes import FakeSession

TYPED = "Typed-Canary-Pw1!"


async def test_without_a_schema_drafts_keep_no_typed_secret(  # noqa: PLR0917 - fixtures
    qtbot: QtBot,
    make_session: Callable[[str], FakeSession],
    home: Path,
    owner_client: CaptureClient,
    sandbox: SandboxServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dave = await find_one(owner_client, "dave@example.com")

    async def refused(self: object, type_name: str, *, refresh: bool = False) -> object:
        raise ApiError.from_payload(
            {"stat": "error", "code": 403, "error": "access_not_allowed",
             "error_description": "entityType is not allowed for this client"},
            403,
        )  # fmt: skip

    monkeypatch.setattr(RecordsService, "schema", refused)
    view = await open_view(qtbot, make_session("owner"), home)
    editor = await open_editor(view, dave["uuid"])

    assert not editor.schema_note.isHidden()
    assert "could not be read" in editor.schema_note.text()

    editor.tabs.setCurrentIndex(JSON_TAB)
    record = json.loads(editor.json.toPlainText())
    assert editor.schema.get("password") is not None
    record.update(password=TYPED, givenName="Davey")  # the guessed schema has no password type
    editor.json.setPlainText(json.dumps(record))

    sandbox.sandbox.settings.update({"error_rate": 1.0, "error_code": 500})
    try:
        await save(editor, "update")
    finally:
        sandbox.sandbox.settings.update({"error_rate": 0.0})

    drafts = list((home / "drafts").glob("*.json"))
    assert len(drafts) == 1
    text = drafts[0].read_text()
    assert "Davey" in text  # the ordinary edit is kept
    assert TYPED not in text
