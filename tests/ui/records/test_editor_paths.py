"""Editor and browser paths users take: Reload with unsaved edits, several problems at once,
and a profile switch in the Records page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from capture_desktop.store.drafts import DraftStore
from capture_desktop.ui.records.record_tree import COL_NAME
from tests.helpers.qt import wait_until
from tests.ui.records.editing import OpenRecord, item, open_view, set_value
from tests.ui.records.fakes import FakeProfile, FakeSession


async def test_reload_with_unsaved_edits_asks_and_keeps_a_draft(
    open_record: OpenRecord,
    home: Path,
) -> None:
    bob, _, editor = await open_record("bob@example.com")
    set_value(editor, "Robbie", "givenName")
    set_value(editor, "not a number", "loginCount")
    editor.review_and_save()
    assert "Fix the problems" in editor.status.text()

    editor.reload_button.click()
    dialog = editor.dialog
    assert isinstance(dialog, QMessageBox), "Reload asks before discarding edits"
    assert dialog.isVisible()
    assert item(editor, "givenName").text(1) == "Robbie", "nothing discarded yet"
    keep = next(b for b in dialog.buttons() if "draft" in b.text().lower())
    keep.click()
    await wait_until(lambda: not editor.session_pending())
    assert item(editor, "givenName").text(1) == bob["givenName"]
    assert editor.issues.isHidden(), "old problems are gone"
    assert "Fix the problems" not in editor.status.text()
    draft = DraftStore(home / "drafts").load("Sandbox", "user", bob["uuid"])
    assert draft is not None and draft.data["givenName"] == "Robbie"
    assert not editor.draft_notice.isHidden(), "the draft is offered back"


async def test_reload_cancelled_keeps_the_edits(
    open_record: OpenRecord,
) -> None:
    editor = (await open_record("bob@example.com")).editor
    set_value(editor, "Robbie", "givenName")
    editor.reload_button.click()
    dialog = editor.dialog
    assert isinstance(dialog, QMessageBox)
    dialog.button(QMessageBox.StandardButton.Cancel).click()
    await wait_until(lambda: not editor.session_pending())
    assert item(editor, "givenName").text(1) == "Robbie"


async def test_every_problem_is_reported_at_once(
    open_record: OpenRecord,
) -> None:
    editor = (await open_record("bob@example.com")).editor
    set_value(editor, "lots", "loginCount")
    set_value(editor, "soon", "birthday")
    editor.review_and_save()
    shown = [editor.issues.item(i).text() for i in range(editor.issues.count())]
    assert len(shown) == 2, shown
    for field in ("loginCount", "birthday"):
        assert any(field in text for text in shown), (field, shown)
    # Each one points at its field.
    for row in range(editor.issues.count()):
        entry = editor.issues.item(row)
        editor.issues.itemActivated.emit(entry)
        current = editor.tree.currentItem()
        assert current is not None
        assert current.text(COL_NAME) in entry.text(), (current.text(COL_NAME), entry.text())


async def test_profile_switch_clears_the_old_results(
    qtbot: QtBot,
    make_session: Callable[[str], FakeSession],
    home: Path,
) -> None:
    session = make_session("owner")
    view = await open_view(qtbot, session, home)
    view.browser.filter_bar.use_raw("email = 'alice@example.com'")
    view.browser.search()
    await wait_until(lambda: not view.browser.model.loading and bool(view.browser.model.rows))
    session._profile = FakeProfile(client_id=session._profile.client_id, name="Other")
    session.profile_changed.emit(session._profile)
    await wait_until(lambda: not session.runner.pending())
    assert view.browser.model.rows == []
    assert "No records match" not in view.browser.summary.text()
    # Whatever repaints the summary next (a scroll, a column change) must not claim it either.
    assert "No records match" not in view.browser.model.summary()


async def test_review_says_what_replace_does(
    open_record: OpenRecord,
) -> None:
    from capture_desktop.ui.records.diff_dialog import DiffDialog

    editor = (await open_record("bob@example.com")).editor
    set_value(editor, "Robbie", "givenName")
    editor.review_and_save()
    dialog = editor.dialog
    assert isinstance(dialog, DiffDialog)
    assert "1 change</b> will be sent" in dialog.heading.text()
    dialog.replace_radio.setChecked(True)
    said = dialog.heading.text()
    assert "whole record is rewritten" in said and "new id" in said, said
    assert "will be sent to Capture" not in said
    dialog.update_radio.setChecked(True)
    assert "1 change</b> will be sent" in dialog.heading.text()
    dialog.reject()
