"""The Tokens page: every token slot of the active profile, live, with what you can do to it.

Countdown once a second; states coloured; Refresh now, per-slot auto-refresh, Copy (the
clipboard is cleared after the configured delay if it still holds the token), Reveal (masked
until asked), refresh history, Open record and Delete (which also removes the keyring items).
All I/O runs on the session's TaskRunner; buttons are disabled while it runs.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from capture_desktop.redaction import MASK
from capture_desktop.ui.a11y import StatusLabel, keyboard_table
from capture_desktop.ui.busy import busy
from capture_desktop.ui.clipboard import ClipboardGuard
from capture_desktop.ui.error_banner import ErrorBanner
from capture_desktop.ui.icons import icon
from capture_desktop.ui.token_model import COL_AUTO, COL_STATUS, StatusDelegate, TokenTableModel
from capture_desktop.ui.unsaved_tokens import UnsavedTokensBar

if TYPE_CHECKING:
    from PySide6.QtWidgets import QAbstractButton, QMessageBox

    from capture_desktop.services.session import Session

log = logging.getLogger("capture_desktop.ui.token_panel")


def _button(text: str, icon_name: str, tip: str) -> QPushButton:
    button = QPushButton(icon(icon_name), text)
    button.setAccessibleName(text.rstrip("…"))
    button.setToolTip(tip)
    return button


class TokenPanel(QWidget):
    """Tokens page (see the module docstring). Navigation leaves through signals, which the
    main window connects."""

    open_record_requested = Signal(str, str, str)  # type name, record uuid, slot id
    wizard_requested = Signal(str)  # a key of ui.launch.WIZARDS

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setObjectName("TokenPanel")
        self.setAccessibleName("Tokens")
        self.model = TokenTableModel(parent=self)
        self.clipboard = ClipboardGuard(self)
        self.clipboard.cleared.connect(self._on_clipboard_cleared)
        self._revealed: str | None = None

        title = QLabel("<h2 style='margin:0'>Tokens</h2>")
        title.setAccessibleDescription("Tokens title")
        intro = QLabel(
            "Access tokens act as one user on their own record; creation tokens let "
            "entity.create run without client credentials. Tokens are kept in the keyring."
        )
        intro.setWordWrap(True)
        intro.setAccessibleDescription("Tokens explanation")

        self.table = QTableView()
        self.table.setObjectName("TokenTable")
        self.table.setAccessibleName("Token slots")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(COL_STATUS, StatusDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        # Two slots of one user often differ only at the end of the label: keep both ends.
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(48)
        # Label and Record share what is left; the short columns keep a width that fits their
        # content, so at 1280×800 every column shows without a horizontal scrollbar.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((0, 64, 0, 92, 124, 108, 92)):
            if width:
                header.resizeSection(column, width)
        for column in (0, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(30)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.table.clicked.connect(self._on_clicked)
        keyboard_table(self.table, lambda _index: self._open_record())

        # The no-tokens page is built when first needed (``empty``): a returning user with
        # tokens does not wait for it at start-up.
        self._empty: QWidget | None = None
        self._wizard_buttons: dict[str, tuple[QPushButton, str]] = {}
        self.table_stack = QStackedWidget()
        self.table_stack.addWidget(self.table)

        self.refresh_button = _button("Refresh now", "refresh", "Refresh this token now")
        self.auto_button = _button("Auto-refresh", "refresh", "Refresh before it expires")
        self.auto_button.setCheckable(True)
        self.copy_button = _button(
            "Copy token", "copy", "Copy the token; the clipboard is cleared afterwards"
        )
        self.open_button = _button("Open record", "open", "Show this user's record")
        self.delete_button = _button("Delete", "delete", "Delete the slot and its keyring items")
        self.revoke_button = _button(
            "Revoke at server…", "delete", "Revoke all tokens for this record at the server"
        )
        self.revoke_box: QMessageBox | None = None
        self.revoke_confirm: QAbstractButton | None = None
        self.refresh_button.clicked.connect(lambda: self._run(self._refresh, "refresh"))
        self.auto_button.clicked.connect(lambda on: self._run(self._set_auto, "auto", on))
        self.copy_button.clicked.connect(lambda: self._run(self._copy, "copy"))
        self.open_button.clicked.connect(self._open_record)
        self.delete_button.clicked.connect(lambda: self._run(self._delete, "delete"))
        self.revoke_button.clicked.connect(self.ask_revoke)
        actions = QHBoxLayout()
        for b in (self.refresh_button, self.auto_button, self.copy_button, self.open_button):
            actions.addWidget(b)
        actions.addStretch(1)
        actions.addWidget(self.revoke_button)
        actions.addWidget(self.delete_button)

        self.banner = ErrorBanner()
        self.status = StatusLabel()
        self.status.setAccessibleDescription("Token panel status")
        self.details = self._build_details()

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table_stack, 1)
        left_layout.addLayout(actions)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(self.banner)
        self.unsaved_bar = UnsavedTokensBar(session)
        layout.addWidget(self.unsaved_bar)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)

        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.model.tick)
        self.timer.timeout.connect(self._tick_details)
        self.timer.start()
        session.slots_changed.connect(self.reload)
        session.features_changed.connect(self._gate_wizards)
        session.profile_changed.connect(self._gate_wizards)
        session.slot_state_changed.connect(self._on_state)
        self.reload()

    # -- building -----------------------------------------------------------------------
    @property
    def empty(self) -> QWidget:
        """The no-tokens page, with a button for each flow wizard (built on first use)."""
        if self._empty is None:
            self._empty = self._build_empty_state()
            self.table_stack.insertWidget(0, self._empty)
            self._gate_wizards()
        return self._empty

    @property
    def wizard_buttons(self) -> dict[str, tuple[QPushButton, str]]:
        """The no-tokens page's wizard buttons by ``ui.launch.WIZARDS`` key, with their tips."""
        _ = self.empty
        return self._wizard_buttons

    def _build_empty_state(self) -> QWidget:
        box = QFrame()
        box.setObjectName("TokensEmpty")
        box.setStyleSheet("#TokensEmpty { border: 1px dashed palette(mid); border-radius: 8px; }")
        layout = QVBoxLayout(box)
        layout.addStretch(1)
        text = QLabel(
            "<h3>No tokens yet</h3>Get one with a flow below; it appears here with a live "
            "countdown and is refreshed for you."
        )
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setWordWrap(True)
        text.setAccessibleDescription("No tokens yet")
        layout.addWidget(text)
        row = QHBoxLayout()
        row.addStretch(1)
        for key, label, icon_name in (
            ("access", "New access token…", "tokens"),
            ("browser", "Browser sign-in…", "browser"),
            ("creation", "Creation token…", "creation"),
        ):
            tip = f"Start the {label.rstrip('…').lower()} wizard"
            button = _button(label, icon_name, tip)
            self._wizard_buttons[key] = (button, tip)
            button.clicked.connect(lambda _=False, k=key: self._start_wizard(k))
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
        return box

    def _build_details(self) -> QWidget:
        box = QGroupBox("Selected token")
        box.setAccessibleName("Selected token")
        box.setMinimumWidth(330)
        form = self._details_form = QFormLayout(box)
        self.d_label = QLabel("—")
        self.d_label.setWordWrap(True)
        self.d_record = QLabel("—")
        self.d_record.setWordWrap(True)
        self.d_record.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # The UUID support staff copy into a query, on a row of its own under its caption: a
        # UUID whose hyphens are all followed by digits has no place to wrap (Unicode line
        # breaking), and beside the labels it did not fit. A read-only field, so it can be
        # selected whole from the keyboard, and it scrolls rather than clips in a narrow pane.
        self.d_uuid = QLineEdit()
        self.d_uuid.setReadOnly(True)
        self.d_uuid.setPlaceholderText("not known")
        self.d_uuid_row = QWidget()
        uuid_column = QVBoxLayout(self.d_uuid_row)
        uuid_column.setContentsMargins(0, 0, 0, 0)
        uuid_column.setSpacing(2)
        uuid_caption = QLabel("Record UUID")
        uuid_caption.setBuddy(self.d_uuid)
        uuid_column.addWidget(uuid_caption)
        uuid_column.addWidget(self.d_uuid)
        self.d_expires = QLabel("—")
        self.d_value = QLineEdit(MASK)
        self.d_value.setReadOnly(True)
        self.d_value.setAccessibleName("Token value")
        self.reveal_button = _button("Reveal", "reveal", "Show the token value")
        self.reveal_button.setCheckable(True)
        self.reveal_button.toggled.connect(self._on_reveal)
        value_row = QHBoxLayout()
        value_row.addWidget(self.d_value, 1)
        value_row.addWidget(self.reveal_button)
        self.history = QListWidget()
        self.history.setAccessibleName("Refresh history")
        for name, widget in (
            ("Slot label", self.d_label),
            ("Record", self.d_record),
            ("Record UUID", self.d_uuid),
            ("Expires at", self.d_expires),
        ):
            widget.setAccessibleName(name)
        form.addRow("Label", self.d_label)
        form.addRow("Record", self.d_record)
        form.addRow(self.d_uuid_row)
        form.addRow("Expires at", self.d_expires)
        form.addRow("Token", value_row)
        form.addRow(QLabel("Refresh history"))
        form.addRow(self.history)
        return box

    # -- data ---------------------------------------------------------------------------
    def reload(self) -> None:
        selected = self.selected_id()
        try:
            slots = self.session.token_slots()
        except Exception as exc:
            log.warning("could not list token slots: %s", exc)
            slots = []
        self.model.set_slots(slots)
        self.table_stack.setCurrentWidget(self.table if slots else self.empty)
        self.details.setVisible(bool(slots))
        for button in self._action_buttons():
            button.setVisible(bool(slots))
        self._gate_wizards()
        row = self.model.row_of(selected) if selected else -1
        if row < 0 and slots:
            row = 0
        if row >= 0:
            self.table.selectRow(row)
        self._show_details()

    def _gate_wizards(self, *_args: object) -> None:
        """A wizard that cannot start now is off (``Session.may_start_wizard``), its tooltip
        naming the feature the client lacks when that is why."""
        for key, (button, tip) in self._wizard_buttons.items():
            button.setEnabled(self.session.may_start_wizard(key))
            button.setToolTip(self.session.wizard_needs(key) or tip)

    def _action_buttons(self) -> list[QPushButton]:
        return [
            self.refresh_button,
            self.auto_button,
            self.copy_button,
            self.open_button,
            self.revoke_button,
            self.delete_button,
        ]

    def _on_state(self, slot_id: str, state: str) -> None:
        slot = self.session.tokens.slot(slot_id)
        if slot is not None:
            self.model.update_slot(slot)
        if slot_id == self.selected_id():
            self._show_details()
            if state == "valid":  # e.g. refreshed in the background
                self._reveal_again()

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        slot = self.model.slot_at(rows[0].row())
        return slot.slot_id if slot is not None else None

    def selected(self) -> Any | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.slot_at(rows[0].row()) if rows else None

    def _on_selection(self, _a: QItemSelection, _b: QItemSelection) -> None:
        self.reveal_button.setChecked(False)
        self._show_details()

    def _on_clicked(self, index: QModelIndex) -> None:
        slot = self.model.slot_at(index.row())
        if index.column() == COL_AUTO and slot is not None and slot.kind == "access":
            self._run(self._set_auto, "auto", not slot.auto_refresh)

    def _show_details(self) -> None:
        slot = self.selected()
        has = slot is not None
        is_access = slot is not None and slot.kind == "access"
        for button in (self.copy_button, self.delete_button, self.reveal_button):
            button.setEnabled(has)
        refreshable = bool(is_access and getattr(slot, "refreshable", True))
        self.refresh_button.setEnabled(refreshable)
        self.auto_button.setEnabled(refreshable)
        no_refresh = (
            "This token came with no refresh token, so it cannot be refreshed. It stays "
            "usable until it expires; then sign in again."
        )
        self.refresh_button.setToolTip(
            "Refresh this token now" if refreshable or not is_access else no_refresh
        )
        self.auto_button.setToolTip(
            "Refresh before it expires" if refreshable or not is_access else no_refresh
        )
        self.open_button.setEnabled(bool(slot is not None and is_access and slot.record_uuid))
        self.revoke_button.setEnabled(
            bool(slot is not None and is_access and slot.record_uuid and slot.state != "revoked")
        )
        self.copy_button.setText(
            "Copy access token" if is_access or not has else "Copy creation token"
        )
        if slot is None:
            self.d_label.setText("—")
            self.d_record.setText("—")
            self.d_uuid.clear()
            self.d_expires.setText("—")
            self.history.clear()
            self._mask()
            return
        self.auto_button.setChecked(bool(slot.auto_refresh))
        self.auto_button.setText(f"Auto-refresh: {'on' if slot.auto_refresh else 'off'}")
        self.d_label.setText(f"{slot.label}  ({slot.kind})")
        if is_access:
            email = f"{slot.email}\n" if slot.email else ""
            self.d_record.setText(f"{email}type {slot.type_name or '—'}")
            self.d_uuid.setText(slot.record_uuid or "")
            self.d_uuid.setCursorPosition(0)  # its start, if the pane is too narrow for it all
        else:
            self.d_record.setText(f"creates new {slot.type_name or 'records'}")
            self.d_uuid.clear()
        self._details_form.setRowVisible(self.d_uuid_row, is_access)
        self.history.clear()
        for entry in self.session.token_history(slot.slot_id):
            self.history.addItem(entry.describe())
        if self.history.count() == 0:
            self.history.addItem("No refresh yet.")
        self._tick_details()

    def _tick_details(self) -> None:
        slot = self.selected()
        if slot is None or slot.expires_at is None:
            return
        local = slot.expires_at.astimezone()
        remaining = self.model.data(self.model.index(self.model.row_of(slot.slot_id), 4))
        self.d_expires.setText(f"{local:%Y-%m-%d %H:%M:%S}\n{remaining}")

    def _mask(self) -> None:
        self._revealed = None
        self.d_value.setText(MASK)
        self.d_value.setEchoMode(QLineEdit.EchoMode.Normal)

    # -- actions ------------------------------------------------------------------------
    def _run(self, action: Any, name: str, *args: Any) -> None:
        slot = self.selected()
        if slot is None:
            return
        self.session.runner.run(self._guarded(action, slot, *args), name=f"tokens:{name}")

    async def _guarded(self, action: Any, slot: Any, *args: Any) -> None:
        self.banner.clear()
        buttons = (
            self.refresh_button,
            self.auto_button,
            self.copy_button,
            self.revoke_button,
            self.delete_button,
        )
        with busy(*buttons):
            try:
                await action(slot, *args)
            except Exception as exc:
                self.banner.show_error(exc)
        self._show_details()
        self._reveal_again()

    def _reveal_again(self) -> None:
        """A revealed value follows the slot: after a refresh it shows the new token."""
        slot = self.selected()
        if slot is not None and self.reveal_button.isChecked():
            self.session.runner.run(self._reveal(slot), name="tokens:reveal")

    async def _refresh(self, slot: Any) -> None:
        self.status.setText(f"Refreshing “{slot.label}”…")
        try:
            await self.session.tokens.refresh(slot.slot_id)
        except BaseException:
            self.status.setText(f"“{slot.label}” was not refreshed.")
            raise
        self.status.setText(f"“{slot.label}” refreshed.")

    async def _set_auto(self, slot: Any, on: bool) -> None:
        await self.session.tokens.set_auto_refresh(slot.slot_id, bool(on))

    async def _copy(self, slot: Any) -> None:
        value = await self.session.tokens.token_value(slot.slot_id)
        seconds = float(self.session.settings.clipboard_clear_seconds)
        self.clipboard.copy(value, seconds)
        self.status.setText(
            f"Token copied. The clipboard is cleared in {int(seconds)} s if it still holds it."
        )

    def _on_clipboard_cleared(self, cleared: bool) -> None:
        if cleared:
            self.status.setText("The copied token was cleared from the clipboard.")

    def _on_reveal(self, on: bool) -> None:
        if not on:
            self._mask()
            return
        slot = self.selected()
        if slot is not None:
            self.session.runner.run(self._reveal(slot), name="tokens:reveal")

    async def _reveal(self, slot: Any) -> None:
        try:
            value = await self.session.tokens.token_value(slot.slot_id)
        except Exception as exc:
            self.reveal_button.setChecked(False)
            self.banner.show_error(exc)
            return
        if self.reveal_button.isChecked() and self.selected_id() == slot.slot_id:
            self._revealed = value
            self.d_value.setText(value)
            self.d_value.setCursorPosition(0)

    def ask_revoke(self) -> QMessageBox | None:
        """Confirm (non-modally), then revoke every token of the record at the server."""
        slot = self.selected()
        if slot is None:
            return None
        if self.revoke_box is not None:
            self.revoke_box.close()
        who = slot.email or slot.record_uuid or slot.label
        # Loaded on first use: the question's message box is not needed before the first paint.
        from capture_desktop.ui.revoke_question import revoke_question

        box, revoke = revoke_question(
            self,
            who,
            "Deleting a slot only forgets the token here; this revokes it. The revocation is "
            "written to the audit log.",
        )
        # The slot is bound now: a selection change while the box is open must not swap it.
        box.buttonClicked.connect(lambda button: self._revoke_answered(button, slot))
        self.revoke_box, self.revoke_confirm = box, revoke
        box.open()
        return box

    def _revoke_answered(self, button: QAbstractButton, slot: Any) -> None:
        confirmed = button is self.revoke_confirm
        self.revoke_box = self.revoke_confirm = None
        if confirmed:
            self.session.runner.run(self._guarded(self._revoke, slot), name="tokens:revoke")

    async def _revoke(self, slot: Any) -> None:
        self.status.setText(f"Revoking the tokens of “{slot.label}” at the server…")
        revoked = await self.session.tokens.revoke_at_server(slot.slot_id)
        self.status.setText(
            f"Revoked at the server: {len(revoked)} slot(s) of this record now read revoked."
        )

    async def _delete(self, slot: Any) -> None:
        await self.session.tokens.delete(slot.slot_id)
        self.status.setText(f"Deleted “{slot.label}” and its keyring items.")

    def _open_record(self) -> None:
        slot = self.selected()
        if slot is None or not slot.record_uuid:
            return
        self.open_record_requested.emit(slot.type_name or "user", slot.record_uuid, slot.slot_id)

    def _start_wizard(self, key: str) -> None:
        self.wizard_requested.emit(key)
