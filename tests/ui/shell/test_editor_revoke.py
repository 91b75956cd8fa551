"""Revoke at the server from the record editor: "Revoke all tokens for this record…" asks
first (non-modally), calls entity.deleteAccess with the profile's client credentials, writes
the audit log, and every slot of the record then reads revoked without a refresh attempt."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from capture_desktop.services.capabilities import Permissions
from capture_desktop.services.records import RecordsService
from capture_desktop.services.session import Session
from capture_desktop.store.audit import AuditLog
from capture_desktop.ui.records.record_editor import RecordEditor
from capture_desktop.ui.records.view import RecordsView
from tests.helpers.qt import wait_until
from tests.ui.shell.tokens import access_slot, user_uuid


def _sandbox_events(session: Session, kind: str) -> int:
    assert session.sandbox is not None
    server: Any = session.sandbox._server
    return sum(e["kind"] == kind for e in server.sandbox.storage.events(1000))


async def _entity_with(session: Session, token: str) -> dict[str, Any]:
    assert session.sandbox is not None and session.sandbox.base_url is not None
    async with httpx.AsyncClient() as http:
        answer = await http.post(
            f"{session.sandbox.base_url}/entity",
            data={"type_name": "user", "attributes": '["email"]'},
            headers={"Authorization": f"OAuth {token}"},
        )
    body: dict[str, Any] = answer.json()
    return body


async def _open(qtbot: QtBot, session: Session, home: Path, uuid: str) -> RecordEditor:
    service = RecordsService(session, audit_path=home / "audit.jsonl")
    view = RecordsView(session, service=service, data_dir=home)
    qtbot.addWidget(view)
    view.resize(1200, 760)
    view.show()
    await wait_until(lambda: bool(view.browser.schema.attrs) and not session.runner.pending())
    editor = view.open_record("user", uuid, None)
    await wait_until(lambda: bool(editor.original) and not session.runner.pending())
    return editor


async def test_revoke_from_the_editor_kills_the_tokens_and_marks_the_slots(
    qtbot: QtBot, sandbox_session: Session, tmp_path: Path
) -> None:
    session = sandbox_session
    slot = await access_slot(session, "carol@example.com")
    other = await access_slot(session, "bob@example.com")
    keeper = session.tokens.keeper
    token = await keeper.access_token(slot.slot_id)
    assert (await _entity_with(session, token))["stat"] == "ok"
    editor = await _open(qtbot, session, tmp_path, slot.record_uuid)
    assert editor.more_button.action.isEnabled()

    editor.more_button.ask()
    box = editor.more_button.box
    assert box is not None and box.isVisible()
    assert "carol@example.com" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()  # cancel: nothing happens
    assert keeper.state(slot.slot_id) == "valid"
    assert (await _entity_with(session, token))["stat"] == "ok"

    editor.more_button.action.trigger()
    assert editor.more_button.box is not None and editor.more_button.confirm is not None
    grants = _sandbox_events(session, "oauth_token")
    editor.more_button.confirm.click()
    await wait_until(lambda: keeper.state(slot.slot_id) == "revoked")
    await wait_until(lambda: not session.runner.pending())

    dead = await _entity_with(session, token)
    assert (dead["stat"], dead["code"]) == ("error", 414)
    assert keeper.state(other.slot_id) == "valid"
    assert "revoked" in editor.status.text().lower(), editor.status.text()
    assert "1 token slot" in editor.status.text(), editor.status.text()
    entries = AuditLog(tmp_path / "audit.jsonl").entries()
    assert [(e.operation, e.uuid) for e in entries] == [("entity.deleteAccess", slot.record_uuid)]
    # A revoked slot is never refreshed, even when its token is asked for.
    with pytest.raises(Exception, match="revoked"):
        await keeper.access_token(slot.slot_id)
    assert _sandbox_events(session, "oauth_token") == grants
    assert keeper.state(slot.slot_id) == "revoked"


async def test_revoke_is_disabled_with_the_needed_feature_for_other_clients(
    qtbot: QtBot, sandbox_session: Session, tmp_path: Path
) -> None:
    uuid = await user_uuid(sandbox_session, "carol@example.com")
    editor = await _open(qtbot, sandbox_session, tmp_path, uuid)
    editor.permissions = Permissions.of(["direct_read_access"])
    editor._apply_permissions()
    assert not editor.more_button.action.isEnabled()
    tip = editor.more_button.action.toolTip()
    assert "access_issuer" in tip and "direct_access" in tip, tip
    assert editor.more_button.menu() is not None
    assert editor.more_button.menu().toolTipsVisible()
