"""The record editor's email verification against the sandbox: "Mark email as verified" and
"Get a verification code", each confirmed first and written to the audit log; disabled, with
a tooltip naming the features, for a client that may not ask for codes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from capture_desktop.api import CaptureClient
from capture_desktop.store.audit import AuditLog
from capture_desktop.ui.records.verification import VerificationCodeDialog
from tests.helpers.qt import wait_until
from tests.ui.records.editing import OpenRecord, find_one, open_editor, open_view, set_value
from tests.ui.records.fakes import FakeSession


def _audit(home: Path) -> list[tuple[str, str | None, tuple[str, ...]]]:
    return [
        (e.operation, e.uuid, e.changed_attributes)
        for e in AuditLog(home / "data" / "audit.jsonl").entries()
    ]


def _answer(dialog: object, button: QMessageBox.StandardButton) -> None:
    assert isinstance(dialog, QMessageBox)
    assert dialog.isVisible()  # open(), not exec(): no nested loop
    dialog.button(button).click()


async def test_mark_email_as_verified_after_confirmation(
    qtbot: QtBot,
    make_session: Callable[[str], FakeSession],
    home: Path,
    owner_client: CaptureClient,
) -> None:
    view = await open_view(qtbot, make_session("owner"), home)
    dave = await find_one(owner_client, "dave@example.com")
    assert dave["emailVerified"] is None
    editor = await open_editor(view, dave["uuid"])
    actions = editor.verification
    assert actions.isVisible() and actions.mark_button.isEnabled()

    actions.mark_button.click()
    _answer(actions.dialog, QMessageBox.StandardButton.Cancel)
    await wait_until(lambda: not editor.session_pending())
    assert (await find_one(owner_client, "dave@example.com"))["emailVerified"] is None
    assert _audit(home) == []

    actions.mark_button.click()
    _answer(actions.dialog, QMessageBox.StandardButton.Yes)
    await wait_until(lambda: editor.original.get("emailVerified") is not None)
    await wait_until(lambda: not editor.session_pending())
    assert (await find_one(owner_client, "dave@example.com"))["emailVerified"]
    assert editor.status.text() == "Email marked as verified."
    assert _audit(home) == [("access/useVerificationCode", dave["uuid"], ("emailVerified",))]


async def test_get_a_verification_code_shows_it_with_copy(
    open_record: OpenRecord,
    home: Path,
    owner_client: CaptureClient,
) -> None:
    dave, _, editor = await open_record("dave@example.com")
    actions = editor.verification
    actions.code_button.click()
    _answer(actions.dialog, QMessageBox.StandardButton.Yes)
    await wait_until(lambda: isinstance(actions.dialog, VerificationCodeDialog))
    dialog = actions.dialog
    assert isinstance(dialog, VerificationCodeDialog) and dialog.isVisible()
    code = dialog.code.text()
    assert code and dialog.code.isReadOnly()
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == code
    assert dialog.guard.pending()  # taken back later if still ours
    # Only asked for: the record is unchanged until the code is used.
    assert (await find_one(owner_client, "dave@example.com"))["emailVerified"] is None
    assert _audit(home) == [("access/getVerificationCode", dave["uuid"], ("emailVerified",))]
    assert await owner_client.use_verification_code(code) == dave["uuid"]
    assert (await find_one(owner_client, "dave@example.com"))["emailVerified"]
    dialog.guard.flush()
    dialog.close()


async def test_disabled_with_the_needed_feature_for_a_read_only_client(
    open_record: OpenRecord,
) -> None:
    editor = (await open_record("dave@example.com", "direct_read_access")).editor
    for button in (editor.verification.mark_button, editor.verification.code_button):
        assert button.isVisible() and not button.isEnabled()
        assert "owner, access_issuer or direct_access" in button.toolTip()


async def test_marking_verified_keeps_unsaved_edits(
    open_record: OpenRecord,
    owner_client: CaptureClient,
) -> None:
    editor = (await open_record("dave@example.com")).editor
    set_value(editor, "David", "givenName")
    assert editor.dirty
    editor.verification.mark_button.click()
    _answer(editor.verification.dialog, QMessageBox.StandardButton.Yes)
    await wait_until(lambda: "marked as verified" in editor.status.text())
    await wait_until(lambda: not editor.session_pending())
    assert (await find_one(owner_client, "dave@example.com"))["emailVerified"]
    assert editor.tree.record()["givenName"] == "David"
    assert "unsaved edits are kept" in editor.status.text()
