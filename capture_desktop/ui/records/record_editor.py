"""One record, viewed and edited: the diff to review, and the outcomes of saving, comparing,
drafts and deleting.

The editing itself (changes, Update or Replace with ``lastUpdated``, the 330 conflict, drafts
on disk, delete after a backup) is ``capture_desktop.editing.record_edit.RecordEdit``; this
widget renders its outcomes. Its parts each have their own module: the Tree and JSON tabs
(``record_tabs``), the draft and conflict strips (``notices``), email verification
(``verification``) and revoking the record's tokens (``revoke_menu``). All I/O runs as tasks
on the session's runner; dialogs are non-modal (``open()``), so no nested event loop ever runs
inside a coroutine.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from capture_desktop.api.errors import RecordNotFound
from capture_desktop.editing.record_edit import (
    BackupFailed,
    Conflict,
    RecordEdit,
    Saved,
    SaveMode,
)
from capture_desktop.editing.schema import Schema
from capture_desktop.editing.validation import validate_record
from capture_desktop.services.records import ADMIN, Credential, Permissions, RecordsService
from capture_desktop.store.drafts import DraftStore
from capture_desktop.ui.a11y import StatusLabel
from capture_desktop.ui.busy import busy
from capture_desktop.ui.dialogs import open_held
from capture_desktop.ui.error_banner import ErrorBanner
from capture_desktop.ui.folders import elided_path, open_folder
from capture_desktop.ui.records.delete_dialog import DeleteDialog
from capture_desktop.ui.records.diff_dialog import CompareDialog, DiffDialog
from capture_desktop.ui.records.notices import NOT_KEPT_NOTE, ConflictNotice, DraftNotice
from capture_desktop.ui.records.record_tabs import RecordTabs, parse_issue
from capture_desktop.ui.records.record_tree import NODE_ROLE
from capture_desktop.ui.records.revoke_menu import RevokeMenu
from capture_desktop.ui.records.target import RecordTarget
from capture_desktop.ui.records.tasks import runner_for
from capture_desktop.ui.records.verification import VerificationActions
from capture_desktop.ui.theme import text_colour

SCHEMA_UNREADABLE = (
    "The schema (entityType) could not be read, so the editor guessed it from this record: "
    "it cannot tell which attributes are passwords, and their values may show. Drafts still "
    "never keep values under secret-looking names (password, PIN, token, secret…)."
)

log = logging.getLogger("capture_desktop.ui.records.editor")


class RecordEditor(QWidget):
    """Editor for one record; ``deleted(uuid)`` when the record is gone."""

    deleted = Signal(str)
    # The access-token wizard for this record: (type_name, RecordSelector); the main window
    # opens it.
    access_token_requested = Signal(str, object)
    loaded = Signal()
    saved = Signal(str)  # "update" | "replace"
    # A reload brought a different schema for the type (the browser follows it).
    schema_changed = Signal(object)
    save_failed = Signal(object)

    def __init__(
        self,
        service: RecordsService,
        type_name: str,
        uuid: str | None,
        *,
        credential: Credential = ADMIN,
        permissions: Permissions | None = None,
        drafts: DraftStore,
        backups: Path,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("RecordEditor")
        self.service = service
        self.credential = credential
        self.permissions = permissions or Permissions(None)
        # Drafts and backups belong to the profile the record was opened in.
        self.edit = RecordEdit(
            service, drafts, backups,
            profile=service.profile_name(), type_name=type_name, uuid=uuid, credential=credential,
        )  # fmt: skip
        self._runner = runner_for(service.session, self)
        self.dirty = False
        self.last_backup: Path | None = None
        self._gone = False  # deleted, here or elsewhere
        self.dialog: QDialog | None = None  # the non-modal dialog currently open
        self._build()

    # ---- the edit's state, for the view and tests ---------------------------------------------
    @property
    def type_name(self) -> str:
        return self.edit.type_name

    @property
    def uuid(self) -> str | None:
        return self.edit.uuid

    @property
    def original(self) -> dict[str, Any]:
        return self.edit.original

    @property
    def backups(self) -> Path:
        return self.edit.backups

    @property
    def schema(self) -> Schema:
        return self.edit.schema

    @schema.setter
    def schema(self, schema: Schema) -> None:
        self.edit.schema = schema

    # ---- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        self.header = QLabel("Loading…")
        self.header.setAccessibleDescription("Record summary")
        self.header.setWordWrap(True)
        self.read_only_note = QLabel()
        self.read_only_note.setStyleSheet(f"color: {text_colour('warning')};")
        self.read_only_note.hide()
        self.schema_note = QLabel(SCHEMA_UNREADABLE)
        self.schema_note.setWordWrap(True)
        self.schema_note.setStyleSheet(f"color: {text_colour('warning')};")
        self.schema_note.setAccessibleDescription("Schema problem")
        self.schema_note.hide()
        self.draft_notice = DraftNotice()
        self.draft_notice.restore_button.clicked.connect(self.restore_draft)
        self.draft_notice.discard_button.clicked.connect(self.discard_draft)
        self.conflict_notice = ConflictNotice()
        self.conflict_notice.compare_button.clicked.connect(self.reload_and_compare)
        self.banner = ErrorBanner()
        self.record_tabs = RecordTabs(lambda: self.schema, lambda: self.read_only)
        # The parts tests and the view reach directly.
        self.tabs, self.tree, self.json = (
            self.record_tabs.tabs,
            self.record_tabs.tree,
            self.record_tabs.json,
        )
        self.issues = self.record_tabs.issues
        self.tree.edited.connect(self._edited)
        self.json.edited.connect(self._edited)
        self.tree.currentItemChanged.connect(lambda *_: self._update_element_buttons())
        self.status = StatusLabel()
        self.status.setAccessibleDescription("Editor status")
        self.tree.time_read.connect(self.status.setText)
        self.record_tabs.note.connect(self.status.setText)
        self.add_element_button = QPushButton("Add element")
        self.remove_element_button = QPushButton("Remove element")
        self.delete_element_button = QPushButton("Delete element now…")
        self.add_element_button.clicked.connect(self._add_element)
        self.remove_element_button.clicked.connect(self._remove_element)
        self.delete_element_button.clicked.connect(self._delete_element)
        self.reload_button = QPushButton("Reload")
        self.reload_button.clicked.connect(self.reload)
        self.token_button = QPushButton("Get an access token for this user…")
        self.token_button.clicked.connect(self._start_token_wizard)
        self.delete_button = QPushButton("Delete record…")
        self.delete_button.setStyleSheet(f"color: {text_colour('error')};")
        self.delete_button.clicked.connect(lambda: self.confirm_delete(None))
        self.delete_button.setEnabled(False)  # until the record is loaded
        target = RecordTarget(self.service, self.type_name, lambda: self.uuid, self._runner)
        self.more_button = RevokeMenu(
            target, lambda: str(self.original.get("email") or self.uuid), status=self.status
        )
        self.more_button.started.connect(self.banner.clear)
        self.more_button.failed.connect(self.banner.show_error)
        self.open_backups_button = QPushButton("Open backups folder")
        self.open_backups_button.setAccessibleName("Open the folder with the delete backups")
        self.open_backups_button.clicked.connect(self.open_backups)
        self.open_backups_button.hide()
        self.verification = VerificationActions(target)
        self.verification.finished.connect(self.status.setText)
        self.verification.failed.connect(self.banner.show_error)
        self.verification.verified.connect(self._email_verified)
        self.save_button = QPushButton("Review and save…")
        self.save_button.setAccessibleDescription("Review changes and save")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.review_and_save)
        elements = QHBoxLayout()
        for b in (self.add_element_button, self.remove_element_button, self.delete_element_button):
            elements.addWidget(b)
        elements.addStretch(1)
        elements.addWidget(self.status)
        actions = QHBoxLayout()
        for a in (
            self.reload_button,
            self.token_button,
            self.verification,
            self.delete_button,
            self.more_button,
            self.open_backups_button,
        ):
            actions.addWidget(a)
        actions.addStretch(1)
        actions.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        for w in (
            self.header,
            self.read_only_note,
            self.schema_note,
            self.draft_notice,
            self.conflict_notice,
            self.banner,
        ):
            layout.addWidget(w)
        layout.addWidget(self.record_tabs, 1)
        layout.addLayout(elements)
        layout.addLayout(actions)

    def _environment(self) -> str:
        """The profile's environment (production, …), named in the save and delete dialogs."""
        profile = self.service._profile()
        return str(profile.environment) if profile is not None else ""

    def session_pending(self) -> bool:
        """True while one of this editor's tasks (load, save, delete) is still running."""
        return any(name.startswith("records.editor.") for name in self._runner.pending())

    @property
    def read_only(self) -> bool:
        return self.permissions.read_only

    def _apply_permissions(self) -> None:
        ro = self.read_only
        self.read_only_note.setText(
            "Read-only: this client has direct_read_access, which can read but not change records."
        )
        self.read_only_note.setVisible(ro)
        for b in (
            self.save_button,
            self.delete_button,
            self.add_element_button,
            self.remove_element_button,
            self.delete_element_button,
        ):
            b.setVisible(not ro)
        # A token holder cannot ask for tokens; the wizard needs client credentials.
        self.token_button.setVisible(not self.credential.is_token)
        self.verification.setVisible(not self.credential.is_token)
        self.verification.set_allowed(
            self.permissions, has_attribute=self.schema.find_path("emailVerified") is not None
        )
        self.more_button.set_allowed(self.permissions, gone=self._gone)
        self._update_element_buttons()

    # ---- loading -----------------------------------------------------------------------------
    def load(self, *, refresh_schema: bool = False) -> None:
        self._runner.run(self._load(refresh_schema), name="records.editor.load")

    async def _load(self, refresh_schema: bool = False) -> None:
        schema = self.schema
        with busy(self.reload_button, self.save_button, status=self.status, text="Loading…"):
            try:
                record = await self.edit.load(refresh_schema=refresh_schema)
            except Exception as exc:
                self.header.setText("Could not load the record.")
                self.banner.show_error(exc)
                # Nothing loaded, nothing to delete (a deleted record answers 310 here).
                self.delete_button.setEnabled(False)
                return
            self.schema_note.setVisible(self.schema.inferred)
        self.set_original(record)
        self.delete_button.setEnabled(not self._gone)
        self.show_record(record)
        self._apply_permissions()
        self._check_draft()
        if self.schema != schema:
            self.schema_changed.emit(self.schema)
        self.loaded.emit()

    def set_original(self, record: dict[str, Any]) -> None:
        self.edit.set_original(record)
        self.tree.baseline = record
        email = record.get("email") or record.get("displayName") or ""
        self.header.setText(
            f"<b>{self.type_name}</b> · id <b>{record.get('id')}</b> · uuid {record.get('uuid')}"
            + (f" · <b>{email}</b>" if email else "")
            + f"<br><small>created {record.get('created')} · last updated "
            f"{record.get('lastUpdated')} · acting as {self.credential.label}</small>"
        )

    def show_record(self, record: dict[str, Any]) -> None:
        self.record_tabs.show_record(record)
        self.dirty = record != self.original
        self.record_tabs.set_issues([])

    async def reload_now(self) -> None:
        await self._load()

    def reload(self) -> None:
        """Reload from the server; unsaved edits are first kept as a draft, if the user agrees."""
        if self.dirty and not self.read_only:
            box = QMessageBox(
                QMessageBox.Icon.Question,
                "Reload the record?",
                "This record has unsaved edits. Reloading shows the server's version; your "
                "edits are kept as a draft you can restore.",
                QMessageBox.StandardButton.Cancel,
                self,
            )
            keep = box.addButton(
                "Keep edits as a draft and reload", QMessageBox.ButtonRole.AcceptRole
            )
            box.setDefaultButton(QMessageBox.StandardButton.Cancel)
            box.buttonClicked.connect(
                lambda button: self._reload_confirmed() if button is keep else None
            )
            open_held(self, box)
            return
        self._reload_confirmed()

    def _reload_confirmed(self) -> None:
        self.keep_unsaved_as_draft("reloaded with unsaved edits")
        self.conflict_notice.hide()
        self.banner.clear()
        self.record_tabs.set_issues([])
        self.status.setText("")
        # The type's schema may have changed too (entityType.addAttribute and friends).
        self.load(refresh_schema=True)

    # ---- reading the edits -------------------------------------------------------------------
    def _edited(self) -> None:
        self.dirty = True
        self.status.setText("Unsaved changes")

    # ---- plural elements ---------------------------------------------------------------------
    def _update_element_buttons(self) -> None:
        item = self.tree.currentItem()
        in_plural = self.tree.plural_item(item) is not None
        element = self.tree.element_item(item)
        on_tree = self.record_tabs.on_tree()
        self.add_element_button.setEnabled(on_tree and in_plural and not self.read_only)
        self.remove_element_button.setEnabled(on_tree and element is not None)
        has_id = element is not None and (element.data(0, NODE_ROLE) or {}).get("id") is not None
        self.delete_element_button.setEnabled(on_tree and has_id)

    def _add_element(self) -> None:
        plural = self.tree.plural_item(self.tree.currentItem())
        if plural is not None:
            self.tree.add_element(plural)

    def _remove_element(self) -> None:
        element = self.tree.element_item(self.tree.currentItem())
        if element is not None:
            self.tree.remove_element(element)
            self.status.setText("Element removed locally; save with Replace to apply")

    def _delete_element(self) -> None:
        element = self.tree.element_item(self.tree.currentItem())
        if element is not None:
            self.confirm_delete(str((element.data(0, NODE_ROLE) or {}).get("path", "")))

    # ---- save --------------------------------------------------------------------------------
    def review_and_save(self) -> None:
        """Validate, show the diff, and let the user pick Update or Replace."""
        data, issues = self.record_tabs.current_record()
        if data is None and self.record_tabs.on_tree():
            # Unparsable values and schema problems together: every problem at once.
            data, parse_problems = self.tree.record_and_problems()
            bad_paths = {p.path for p in parse_problems}
            issues = [parse_issue(p) for p in parse_problems]
            issues += [i for i in validate_record(self.schema, data) if i.path not in bad_paths]
            data = None
        elif data is not None:
            issues = validate_record(self.schema, data)
        self.record_tabs.set_issues(issues)
        if issues or data is None:
            self.status.setText("Fix the problems listed before saving")
            if issues:
                self.record_tabs.show_issue(self.issues.item(0))
            return
        self.edit.draft = data
        changes = self.edit.changes()
        if not changes:
            self.status.setText("No changes to save")
            return
        dialog = DiffDialog(
            changes, environment=self._environment(), schema=self.schema, parent=self
        )
        dialog.save_chosen.connect(lambda mode: self.save(mode, data))
        open_held(self, dialog)

    def save(self, mode: SaveMode, data: dict[str, Any]) -> None:
        self._runner.run(self._save(mode, data), name=f"records.editor.{mode}")

    async def _save(self, mode: SaveMode, data: dict[str, Any]) -> None:
        self.banner.clear()
        self.edit.draft = data
        with busy(self.save_button, self.delete_button, status=self.status, text="Saving…"):
            outcome = await self.edit.save(mode)
        if not isinstance(outcome, Saved):
            log.info("save failed; edits kept as draft %s", outcome.draft.name)
            if isinstance(outcome, Conflict):
                self.conflict_notice.show_conflict()
            else:
                self.banner.show_error(outcome.error)
            self.status.setText("Not saved: your edits are kept as a draft")
            self.save_failed.emit(outcome.error)
            return
        self.draft_notice.hide()
        self.conflict_notice.hide()
        self.dirty = False
        self.status.setText(f"Saved with {mode.capitalize()}")
        self.saved.emit(mode)
        await self._load()

    def reload_and_compare(self) -> None:
        self._runner.run(self._reload_and_compare(), name="records.editor.compare")

    async def _reload_and_compare(self) -> None:
        data, issues = self.record_tabs.current_record()
        if data is None:
            self.record_tabs.set_issues(issues)
            return
        self.edit.draft = data
        try:
            comparison = await self.edit.compare()
        except Exception as exc:
            self.banner.show_error(exc)
            return
        self.set_original(comparison.latest)
        self.show_record(comparison.rebased)  # the user's edits, reapplied on the newer version
        self.dirty = True
        self.conflict_notice.hide()
        dialog = CompareDialog(
            comparison.mine,
            theirs=comparison.theirs,
            both=comparison.both,
            schema=self.schema,
            parent=self,
        )
        open_held(self, dialog)
        self.status.setText("Reloaded: review the differences, then save again")

    # ---- drafts --------------------------------------------------------------------------------
    def _check_draft(self) -> None:
        """Show the "you have unsaved edits" strip when a draft of this record is on disk."""
        draft = self.edit.stored_draft()
        if draft is None or self.read_only:
            self.draft_notice.hide()
            return
        self.draft_notice.show_draft(draft, newer=self.edit.draft_is_older(draft))

    def restore_draft(self) -> None:
        draft = self.edit.stored_draft()
        if draft is None:
            return
        self.show_record(self.edit.restored(draft))
        self.dirty = True
        self.draft_notice.hide()
        if draft.passwords_dropped:
            self.status.setText("Draft restored: type the new password again, then save")
            self.status.setToolTip(NOT_KEPT_NOTE)
        else:
            self.status.setText("Draft restored: review and save")

    def keep_unsaved_as_draft(self, reason: str) -> bool:
        """Closing with unsaved edits keeps them as a draft, offered on the next open."""
        if not self.dirty or self.read_only:
            return False
        # A value that does not parse yet is kept as typed rather than lost.
        data = self.record_tabs.record_as_typed()
        if data is None:
            return False
        self.edit.draft = data
        return self.edit.keep_unsaved(reason)

    def discard_draft(self) -> None:
        self.edit.discard_draft()
        self.draft_notice.hide()

    # ---- delete --------------------------------------------------------------------------------
    def confirm_delete(self, element_path: str | None) -> None:
        """Ask for the typed confirmation; the delete runs after ``confirmed``."""
        dialog = DeleteDialog(
            self.original, self.backups, element_path=element_path,
            environment=self._environment(),
            parent=self,
        )  # fmt: skip
        dialog.confirmed.connect(lambda: self.delete(element_path))
        open_held(self, dialog)

    def delete(self, element_path: str | None) -> None:
        """Back up, then delete (the record, or the element at ``statuses#12``)."""
        self._runner.run(self._delete(element_path), name="records.editor.delete")

    async def _delete(self, element_path: str | None) -> None:
        self.banner.clear()
        with busy(self.delete_button, self.save_button, status=self.status, text="Deleting…"):
            try:
                backup = await self.edit.delete(element_path)
            except BackupFailed as exc:
                self.banner.show_error(exc.__cause__ or exc)
                self.status.setText("Backup failed: nothing was deleted")
                return
            except RecordNotFound as exc:
                if element_path:
                    self.banner.show_error(exc)
                    return
                gone = True
            except Exception as exc:
                self.banner.show_error(exc)
                return
            else:
                gone = False
        if gone:
            self.mark_deleted(None)
            return
        self.last_backup = backup
        self.open_backups_button.show()
        if element_path:
            self.status.setText(f"Element deleted. Backup: {backup.name}")
            self.status.setToolTip(str(backup))
            await self.reload_now()
            return
        self.mark_deleted(backup)

    def mark_deleted(self, backup: Path | None) -> None:
        """The record is gone (deleted here, with ``backup``, or by someone else)."""
        self._gone = True
        if backup is not None:
            self.status.setText(elided_path(self.status, backup, prefix="Backup: "))
            self.header.setText(f"<b>Deleted.</b> A backup is in {html.escape(backup.name)}")
            self.header.setToolTip(str(backup))
            self.open_backups_button.show()
        else:
            self.status.setText("This record was already deleted.")
            self.header.setText("<b>Deleted.</b> The record no longer exists on the server.")
        self.tabs.setEnabled(False)
        for b in (self.save_button, self.delete_button, self.reload_button, self.token_button):
            b.setEnabled(False)
        self.verification.setEnabled(False)
        self.more_button.action.setEnabled(False)
        # Nothing left to delete, verify or revoke: their room goes to "Open backups folder", so the
        # action row stays as narrow as before.
        self.delete_button.hide()
        self.verification.hide()
        self.more_button.hide()
        self.deleted.emit(str(self.uuid))

    def open_backups(self) -> None:
        open_folder(self.last_backup.parent if self.last_backup else self.backups)

    def _email_verified(self) -> None:
        if self.dirty:
            # A reload would drop the user's edits; a later save meets the 330 conflict.
            self.status.setText(
                "Email marked as verified. Reload to see it; your unsaved edits are kept."
            )
            return
        message = self.status.text()
        self.reload()
        self.status.setText(message)  # a reload clears old messages; this one is news

    # ---- token -------------------------------------------------------------------------------
    def _start_token_wizard(self) -> None:
        from capture_desktop.api.selectors import RecordSelector

        self.access_token_requested.emit(self.type_name, RecordSelector.by_uuid(str(self.uuid)))
