"""The Records page of the main window: the entity browser plus one tab per open record.

The main window creates ``RecordsView(session)`` and calls ``open_record`` (e.g. "Open record"
from a token slot) and ``start_create`` (e.g. "Create a record with it" from the creation-token
wizard). The view loads lazily, the first time it is shown or when the profile changes.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from capture_desktop.services.records import ADMIN, Credential, RecordsService
from capture_desktop.store import paths
from capture_desktop.store.drafts import DraftStore
from capture_desktop.ui.records.browser import RecordBrowser
from capture_desktop.ui.records.create_dialog import CreateDialog
from capture_desktop.ui.records.record_editor import RecordEditor
from capture_desktop.ui.records.tasks import runner_for

if TYPE_CHECKING:
    from capture_desktop.services.session import Session

log = logging.getLogger("capture_desktop.ui.records.view")


class RecordsView(QWidget):
    """Browser tab plus closable record tabs."""

    # An editor asked for the access-token wizard: (type_name, RecordSelector).
    access_token_requested = Signal(str, object)

    def __init__(
        self,
        session: Session,
        parent: QWidget | None = None,
        *,
        service: RecordsService | None = None,
        data_dir: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("RecordsView")
        self.setAccessibleName("Records")
        self.session = session
        self.service = service or RecordsService(session)
        base = data_dir or paths.data_dir()
        self.drafts = DraftStore(base / "drafts")
        self.backups = base / "backups"
        self._runner = runner_for(session, self)
        self._loaded_profile: object = object()
        self.browser = RecordBrowser(self.service)
        self.browser.open_requested.connect(self._open_from_browser)
        self.browser.create_requested.connect(self.start_create)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setTabsClosable(True)
        self.tabs.tabCloseRequested.connect(self._close_tab)
        self.tabs.addTab(self.browser, "Browse")
        self.tabs.tabBar().setTabButton(0, self.tabs.tabBar().ButtonPosition.RightSide, None)
        # Ctrl+W (the platform's Close key) closes the current record tab.
        close_tab = QShortcut(QKeySequence(QKeySequence.StandardKey.Close), self)
        close_tab.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        close_tab.activated.connect(lambda: self._close_tab(self.tabs.currentIndex()))
        self.placeholder = QLabel(
            "No connection profile is active. Choose or create a profile to browse records."
        )
        self.placeholder.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.tabs, 1)
        self.editors: list[RecordEditor] = []
        session.profile_changed.connect(self._profile_changed)
        session.slots_changed.connect(self.browser.refresh_slots)
        session.features_changed.connect(self._features_changed)
        self._sync_placeholder()

    def _profile(self) -> Any:
        return self.service._profile()

    def _sync_placeholder(self) -> None:
        has = self._profile() is not None
        self.placeholder.setVisible(not has)
        self.tabs.setVisible(has)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.ensure_loaded()

    def ensure_loaded(self) -> None:
        """Load types, schema and permissions once per profile."""
        profile = self._profile()
        self._sync_placeholder()
        if profile is None or profile is self._loaded_profile:
            return
        self._loaded_profile = profile
        self._runner.run(self.browser.load(), name="records.view.load")

    def _profile_changed(self, *_args: object) -> None:
        for editor in list(self.editors):
            self._close_editor(editor)
        # Rows of the previous profile's application must not linger.
        self.browser.model.clear()
        self.browser.summary.clear()
        self._loaded_profile = object()
        if self.isVisible():
            self.ensure_loaded()
        else:
            self._sync_placeholder()

    def _features_changed(self, *_args: object) -> None:
        if self._profile() is not None and self._loaded_profile is self._profile():
            self._runner.run(self.browser.load_permissions(), name="records.view.permissions")

    # ---- record tabs -------------------------------------------------------------------------
    def _open_from_browser(self, type_name: str, uuid: str, cred: Credential) -> None:
        self.open_editor(type_name, uuid, cred)

    def open_record(
        self, type_name: str, uuid: str | None, slot_id: str | None = None
    ) -> RecordEditor:
        """Open a record in its own tab (acting as the token slot when ``slot_id`` is given)."""
        cred = ADMIN
        if slot_id is not None:
            self.browser.refresh_slots()
            self.browser.credentials.select_slot(slot_id)
            chosen = self.browser.credentials.credential()
            cred = chosen if chosen.slot_id == slot_id else Credential("token", slot_id, slot_id)
        return self.open_editor(type_name, uuid, cred)

    def open_editor(self, type_name: str, uuid: str | None, cred: Credential) -> RecordEditor:
        for editor in self.editors:
            if editor.uuid == uuid and uuid and editor.credential == cred:
                self.tabs.setCurrentWidget(editor)
                return editor
        editor = RecordEditor(
            self.service,
            type_name,
            uuid,
            credential=cred,
            permissions=self.browser.permissions,
            drafts=self.drafts,
            backups=self.backups,
        )
        if self.browser.schema.name == type_name and self.browser.schema.attrs:
            editor.schema = self.browser.schema
        editor.deleted.connect(lambda _u: self.browser.search())
        editor.access_token_requested.connect(self.access_token_requested)
        editor.loaded.connect(lambda: self._retitle(editor))
        editor.schema_changed.connect(self.browser.adopt_schema)
        self.editors.append(editor)
        label = (uuid or "own record")[:8]
        self.tabs.addTab(editor, f"{type_name} {label}")
        self._name_close_button(editor)
        self.tabs.setCurrentWidget(editor)
        editor.load()
        return editor

    def _retitle(self, editor: RecordEditor) -> None:
        index = self.tabs.indexOf(editor)
        if index >= 0:
            rec = editor.original
            title = str(rec.get("email") or rec.get("displayName") or f"id {rec.get('id')}")
            self.tabs.setTabText(index, title[:32])
            self.tabs.setTabToolTip(index, f"{editor.type_name} {rec.get('uuid')}")
            self._name_close_button(editor)

    def _name_close_button(self, editor: RecordEditor) -> None:
        # Qt's own close button has a tooltip but no accessible name and takes no focus: say
        # which tab it closes, and let Tab reach it (Space presses it) after the tab bar.
        index = self.tabs.indexOf(editor)
        if index < 0:
            return
        bar = self.tabs.tabBar()
        # The style decides the side (left on macOS).
        for side in (bar.ButtonPosition.RightSide, bar.ButtonPosition.LeftSide):
            button = bar.tabButton(index, side)
            if button is not None:
                button.setAccessibleName(f"Close {self.tabs.tabText(index)}")
                button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        # Reading order: the tab bar, then each tab's × in tab order, then the page.
        previous: QWidget = bar
        for i in range(self.tabs.count()):
            for side in (bar.ButtonPosition.RightSide, bar.ButtonPosition.LeftSide):
                close = bar.tabButton(i, side)
                if close is not None:
                    QWidget.setTabOrder(previous, close)
                    previous = close

    def _close_tab(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if isinstance(widget, RecordEditor):
            self._close_editor(widget)

    def _close_editor(self, editor: RecordEditor) -> None:
        editor.keep_unsaved_as_draft("closed with unsaved edits")
        if editor in self.editors:
            self.editors.remove(editor)
        index = self.tabs.indexOf(editor)
        if index >= 0:
            self.tabs.removeTab(index)
        editor.deleteLater()

    # ---- create ------------------------------------------------------------------------------
    def start_create(
        self, type_name: str | None = None, creation_slot_id: str | None = None
    ) -> CreateDialog:
        name = type_name or self.browser.type_name()
        schema = self.browser.schema if self.browser.schema.name == name else None
        from capture_desktop.editing.schema import Schema

        dialog = CreateDialog(
            self.service,
            name,
            schema or Schema(name),
            creation_slot_id=creation_slot_id,
            parent=self,
        )
        dialog.created.connect(lambda t, u: self.open_editor(t, u, ADMIN))
        dialog.open()
        return dialog
