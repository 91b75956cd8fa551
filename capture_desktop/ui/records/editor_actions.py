"""The record editor's draft and delete steps, kept apart to keep the editor small.

``delete`` writes the JSON backup first and calls entity.delete only when the backup is on
disk; ``offer_draft``/``restore_draft`` bring back edits a failed save kept. Functions take
the editor and run on the GUI thread / qasync loop like its own methods.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel

from capture_desktop.redaction import restore_secret_values
from capture_desktop.ui.busy import busy
from capture_desktop.ui.records.diff import diff_records
from capture_desktop.ui.records.passwords import with_base_passwords
from capture_desktop.ui.records.storage import write_backup

NOT_KEPT_NOTE = (
    "Passwords are never kept in drafts: your new password was not kept; type it again "
    "after restoring."
)

if TYPE_CHECKING:
    from capture_desktop.ui.records.record_editor import RecordEditor


def notice_strip(colour: str, name: str) -> tuple[QFrame, QLabel, QHBoxLayout]:
    """A coloured notice strip (draft available, conflict) with room for buttons."""
    frame = QFrame()
    frame.setObjectName(name)
    frame.setStyleSheet(
        f"#{name} {{ border: 1px solid {colour}; border-left: 5px solid {colour};"
        " border-radius: 4px; }"
    )
    row = QHBoxLayout(frame)
    label = QLabel()
    label.setWordWrap(True)
    row.addWidget(label, 1)
    frame.hide()
    return frame, label, row


def offer_draft(editor: RecordEditor) -> None:
    """Show the "you have unsaved edits" strip when a draft of this record is on disk."""
    draft = editor.drafts.load(editor.profile_name, editor.type_name, str(editor.uuid))
    if draft is None or editor.read_only:
        editor.draft_frame.hide()
        return
    newer = draft.base_last_updated != editor.original.get("lastUpdated")
    editor.draft_label.setText(
        f"<b>You have unsaved edits</b> to this record from {draft.saved_at[:19]} "
        f"({draft.reason or 'not saved'})."
        + (" The record has changed on the server since then." if newer else "")
        + (f"<br>{NOT_KEPT_NOTE}" if draft.passwords_dropped else "")
    )
    editor.draft_frame.show()


def restore_draft(editor: RecordEditor) -> None:
    draft = editor.drafts.load(editor.profile_name, editor.type_name, str(editor.uuid))
    if draft is None:
        return
    # The draft has no passwords; the loaded ones go back so a restore never removes one.
    data = with_base_passwords(editor.schema, draft.data, editor.original)
    editor.show_record(restore_secret_values(data, editor.original))
    editor.dirty = True
    editor.draft_frame.hide()
    if draft.passwords_dropped:
        editor.status.setText("Draft restored: type the new password again, then save")
        editor.status.setToolTip(NOT_KEPT_NOTE)
    else:
        editor.status.setText("Draft restored: review and save")


def save_draft(editor: RecordEditor, data: dict[str, Any], reason: str) -> Path:
    """Keep ``data`` as this record's draft, without its password attributes."""
    return editor.drafts.save(
        editor.profile_name,
        editor.type_name,
        str(editor.uuid),
        data,
        editor.original.get("lastUpdated"),
        reason,
        schema=editor.schema,
        base=editor.original,
    )


def keep_unsaved(editor: RecordEditor, reason: str) -> bool:
    """Save the editor's unsaved edits as a draft (True when there were any)."""
    if not editor.dirty or editor.read_only or not editor.original or not editor.uuid:
        return False
    data, _issues = editor.current_record()
    if data is None or not diff_records(editor.original, data):
        return False
    save_draft(editor, data, reason)
    return True


async def delete(editor: RecordEditor, element_path: str | None) -> None:
    """Backup first (nothing is deleted if that fails), then entity.delete."""
    editor.banner.clear()
    try:
        backup = write_backup(
            editor.backups,
            editor.profile_name,
            editor.type_name,
            editor.original,
            element_path,
        )
    except OSError as exc:
        editor.banner.show_error(exc)
        editor.status.setText("Backup failed: nothing was deleted")
        return
    # Capture's write-side paths use slashes: /statuses#12, /primaryAddress/...
    attribute = "/" + element_path.replace(".", "/") if element_path else None
    buttons = (editor.delete_button, editor.save_button)
    with busy(*buttons, status=editor.status, text="Deleting…"):
        try:
            await editor.service.delete(
                editor.type_name, str(editor.uuid), attribute, editor.credential
            )
        except Exception as exc:
            editor.banner.show_error(exc)
            return
    editor.last_backup = backup
    if element_path:
        editor.status.setText(f"Element deleted. Backup: {backup.name}")
        await editor.reload_now()
        return
    editor.mark_deleted(backup)
