"""Step widgets shared by the flow wizards.

- ``RequestPreview``: the request a step is about to make, secrets masked.
- ``ResponseView``: the response it got, secrets masked.
- ``ErrorPanel``: an inline explanation with code, meaning and request_id.
- ``CountdownLabel``: a live "expires in m:ss" for codes and tokens.
- ``CopyField``: a read-only value with a Copy button (the redirect_uri).
- ``EntityTypePicker``: the entity type, typed or loaded from entityType.list.
- ``PasteUrlRow``: where a redirect URL that went elsewhere is pasted back.
- ``action_button``, ``button_row``, ``seconds_spin``, ``slot_label_edit``: the small
  controls every step builds the same way.
All are plain widgets without I/O; they are safe to drive from coroutines.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from capture_desktop.auth.callback import SignInDenied
from capture_desktop.services.error_text import ErrorInfo
from capture_desktop.services.flow_display import is_secret_key, mask, pretty
from capture_desktop.services.flow_errors import explain
from capture_desktop.ui.a11y import StatusLabel, announce
from capture_desktop.ui.clipboard import show_copied
from capture_desktop.ui.theme import text_colour

if TYPE_CHECKING:
    from capture_desktop.services.flows import Watch

Clock = Callable[[], datetime]


def utcnow() -> datetime:
    return datetime.now(UTC)


def editable_combo(name: str, typed_name: str, min_width: int) -> QComboBox:
    """A combo that offers choices but takes a typed value too; both parts are named."""
    combo = QComboBox()
    combo.setEditable(True)
    combo.setAccessibleName(name)
    editor = combo.lineEdit()
    if editor is not None:  # the text field inside the editable combo
        editor.setAccessibleName(typed_name)
    combo.setMinimumWidth(min_width)
    return combo


def _mono_view(name: str, placeholder: str) -> QPlainTextEdit:
    view = QPlainTextEdit()
    view.setReadOnly(True)
    view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
    view.setPlaceholderText(placeholder)
    view.setAccessibleName(name)
    view.setMinimumHeight(90)
    return view


class _TextBox(QGroupBox):
    """A titled box of read-only monospaced text: what a step sends, or what came back."""

    def __init__(
        self, title: str, description: str, name: str, placeholder: str, parent: QWidget | None
    ) -> None:
        super().__init__(title, parent)
        self.setAccessibleDescription(description)
        self.setMaximumHeight(300)
        layout = QVBoxLayout(self)
        self.view = _mono_view(name, placeholder)
        layout.addWidget(self.view)

    def text(self) -> str:
        return self.view.toPlainText()


class RequestPreview(_TextBox):
    """Shows ``POST /operation`` with the credential kind and the redacted parameters."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "Request to send (secrets masked)",
            "Request preview",
            "Request preview text",
            "The request this step will send.",
            parent,
        )
        self.operation = ""
        self.params: dict[str, Any] = {}

    def set_request(
        self,
        operation: str,
        params: Mapping[str, Any],
        *,
        auth: str = "client credentials",
        pending: Sequence[str] = (),
    ) -> None:
        """Show the request; ``pending`` names parameters that are filled in later."""
        # What is shown, as data: tests compare it with what the client really sent.
        self.operation = operation
        self.params = {
            k: v for k, v in params.items() if k not in pending and v is not None and v != ""
        }
        lines = [f"POST {operation}", f"Authentication: {auth}", ""]
        for key, value in params.items():
            if key in pending:
                lines.append(f"{key} = (filled in when it arrives)")
                continue
            if value is None or value == "":
                continue
            shown = mask(value, key) if is_secret_key(key) else str(value)
            lines.append(f"{key} = {shown}")
        self.view.setPlainText("\n".join(lines))


class ResponseView(_TextBox):
    """Shows the redacted JSON of the last response, or a waiting message."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "Response (secrets masked)",
            "Response",
            "Response text",
            "The response appears here once sent.",
            parent,
        )

    def set_response(self, data: Any) -> None:
        self.view.setPlainText(pretty(data))

    def set_message(self, text: str) -> None:
        self.view.setPlainText(text)

    def show_call(self, watch: Watch, operation: str, fallback: Any = None) -> None:
        """Show the response ``operation`` got while ``watch`` ran; without one (or with an
        empty one, when there is a ``fallback``) show ``fallback``, if any."""
        event = watch.last(operation)
        reply = event.response if event is not None else None
        if reply is None or (not reply and fallback is not None):
            reply = fallback
        if reply is not None:
            self.set_response(reply)

    def clear(self) -> None:
        self.view.clear()


class ErrorPanel(QFrame):
    """Inline error explanation: title, meaning, then code / request_id details."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("WizardErrorPanel")
        self.setAccessibleName("Error explanation")
        self.setStyleSheet(
            "#WizardErrorPanel { border: 1px solid #c62828; border-left: 5px solid #c62828;"
            " border-radius: 4px; }"
        )
        self.info: ErrorInfo | None = None
        layout = QVBoxLayout(self)
        self._label = QLabel()
        self._label.setWordWrap(True)
        self._label.setTextFormat(Qt.TextFormat.RichText)
        self._label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._label.setAccessibleDescription("Error explanation text")
        layout.addWidget(self._label)
        self.hide()

    def show_error(self, exc: BaseException, **context: str | None) -> ErrorInfo:
        info = explain(exc, **context)
        # A user who cancels did nothing wrong: say it calmly, not in alarm red.
        self.show_info(info, notice=isinstance(exc, SignInDenied) and exc.cancelled)
        return info

    def show_info(self, info: ErrorInfo, *, notice: bool = False) -> None:
        self.info = info
        colour = text_colour("warning" if notice else "error")
        self.setStyleSheet(
            f"#WizardErrorPanel {{ border: 1px solid {colour}; border-left: 5px solid {colour};"
            " border-radius: 4px; }"
        )
        meaning = "<br>".join(escape(line) for line in info.meaning.splitlines())
        rows = "".join(
            f"<tr><td style='padding-right:10px'><b>{escape(k)}</b></td><td>{escape(v)}</td></tr>"
            for k, v in info.details
        )
        self._label.setText(
            f"<b style='color:{colour}'>{escape(info.title)}</b><br>{meaning}"
            + (f"<table style='margin-top:6px'>{rows}</table>" if rows else "")
        )
        self.show()
        announce(self._label, f"{info.title}: {info.meaning}", assertive=not notice)

    def text(self) -> str:
        return self.info.as_text() if self.info else ""

    def clear(self) -> None:
        self.info = None
        self._label.clear()
        self.hide()


def format_remaining(seconds: float) -> str:
    seconds = max(0, int(seconds + 0.999))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


ANNOUNCE_AT = (30, 10)  # seconds left at which a countdown is spoken


class CountdownLabel(QLabel):
    """A live "expires in m:ss" that turns red and emits ``expired`` at zero."""

    expired = Signal()

    def __init__(self, what: str = "Expires", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._what = what
        self._clock: Clock = utcnow
        self._expires_at: datetime | None = None
        self._last_left: float | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self._tick)
        self.setAccessibleDescription(f"{what} countdown")
        self.setText("")

    def start(self, expires_at: datetime, clock: Clock | None = None) -> None:
        self._expires_at = expires_at
        if clock is not None:
            self._clock = clock
        self._tick()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def remaining(self) -> float:
        if self._expires_at is None:
            return 0.0
        return (self._expires_at - self._clock()).total_seconds()

    def _tick(self) -> None:
        left = self.remaining()
        # Spoken at 30 s, 10 s and at expiry only, not every second.
        before, self._last_left = self._last_left, left
        for mark in ANNOUNCE_AT:
            if before is not None and before > mark >= left > 0:
                announce(self, f"{self._what} in {mark} seconds")
        if left <= 0:
            self._timer.stop()
            self.setText(f"<b style='color:{text_colour('error')}'>{self._what}: expired</b>")
            if before is None or before > 0:
                announce(self, f"{self._what}: expired", assertive=True)
            self.expired.emit()
            return
        # Colour is never the only signal: under 10 s the words say so too (WCAG 1.4.1).
        soon = left < 10
        colour = text_colour("warning" if soon else "ok")
        when = format_remaining(left) + (" — soon" if soon else "")
        self.setText(f"{self._what} in <b style='color:{colour}'>{when}</b>")


class CopyField(QWidget):
    """A read-only line with a Copy button; used for the exact redirect_uri."""

    copied = Signal(str)

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.line = QLineEdit()
        self.line.setReadOnly(True)
        self.line.setAccessibleName(name)
        self.line.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.line.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.button = QPushButton("Copy")
        self.button.setAccessibleName(f"Copy {name}")
        self.button.setEnabled(False)
        self.button.clicked.connect(self.copy)
        layout.addWidget(self.line)
        layout.addWidget(self.button)

    def set_value(self, value: str) -> None:
        self.line.setText(value)
        self.line.setCursorPosition(0)  # long URLs: show where they start
        self.button.setEnabled(bool(value))

    def value(self) -> str:
        return self.line.text()

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.line.text())
        show_copied(self.button)
        self.copied.emit(self.line.text())


class EntityTypePicker(QWidget):
    """An editable entity-type combo with a "Load types" button (entityType.list).

    A client that may not list types can still type a name; ``load_clicked`` asks the step
    to load them, and ``set_types`` fills the list without losing what was typed."""

    load_clicked = Signal()
    type_changed = Signal(str)

    def __init__(self, type_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.combo = editable_combo("Entity type", "Entity type (typed)", 220)
        self.combo.setEditText(type_name)
        self.button = QPushButton("Load types")
        self.button.setAccessibleDescription("Load entity types")
        self.button.setToolTip("Ask Capture for its entity types (entityType.list)")
        self.button.clicked.connect(self.load_clicked)
        self.combo.editTextChanged.connect(lambda _t: self.type_changed.emit(self.type_name()))
        layout.addWidget(self.combo, 1)
        layout.addWidget(self.button)

    def type_name(self) -> str:
        return self.combo.currentText().strip()

    def set_types(self, types: Sequence[str]) -> None:
        """Offer ``types``; keep the typed name, or take the first type when none was."""
        current = self.type_name()
        self.combo.clear()
        self.combo.addItems(list(types))
        self.combo.setEditText(current or (types[0] if types else ""))


class PasteUrlRow(QWidget):
    """The fallback when a redirect did not reach the receiver: paste the full URL here.

    ``submitted`` carries the trimmed URL (Return or the button); the caller checks it and
    calls ``clear`` once it is accepted."""

    submitted = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("http://127.0.0.1:PORT/callback?code=…&state=…")
        self.edit.setAccessibleName("Paste redirect URL")
        self.button = QPushButton("Use this URL")
        self.button.setAccessibleDescription("Use the pasted redirect URL")
        self.button.clicked.connect(self._submit)
        self.edit.returnPressed.connect(self._submit)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.button)

    def _submit(self) -> None:
        url = self.edit.text().strip()
        if url:
            self.submitted.emit(url)

    def clear(self) -> None:
        self.edit.clear()


def add_heading(layout: QVBoxLayout, tag: str, title: str, role: str, text: str) -> QLabel:
    """Append ``title`` as an ``h2``/``h3`` heading that says what it is titling (``role``),
    then ``text`` wrapped under it; returns the text's label."""
    heading = QLabel(f"<{tag} style='margin:0'>{title}</{tag}>")
    heading.setAccessibleDescription(role)
    layout.addWidget(heading)
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    layout.addWidget(label)
    return label


def hint(text: str) -> QLabel:
    """A secondary, wrapped explanatory paragraph."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setOpenExternalLinks(False)
    label.setStyleSheet("color: palette(placeholder-text);")
    return label


def status_label(name: str) -> QLabel:
    label = StatusLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setAccessibleDescription(name)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setText("")  # empty: not focusable until it says something
    return label


def ok_text(text: str) -> str:
    return f"<span style='color:{text_colour('ok')}'>✔</span> {escape(text)}"


def action_button(text: str, description: str, on_click: Callable[[], object]) -> QPushButton:
    """A step's action button: its label, what it does for a screen reader, and its slot."""
    button = QPushButton(text)
    button.setAccessibleDescription(description)
    button.clicked.connect(on_click)
    return button


def button_row(*widgets: QWidget) -> QHBoxLayout:
    """``widgets`` side by side on the left of a row; the rest of the row stays empty."""
    row = QHBoxLayout()
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return row


def seconds_spin(name: str, maximum: int, value: int, width: int) -> QSpinBox:
    """A lifetime in whole seconds, from 1 to ``maximum``."""
    spin = QSpinBox()
    spin.setRange(1, maximum)
    spin.setValue(value)
    spin.setSuffix(" s")
    spin.setAccessibleName(name)
    spin.setMaximumWidth(width)
    return spin


def slot_label_edit(placeholder: str = "A name for this token in the Tokens panel") -> QLineEdit:
    """Where the user names the slot a step stores its token in."""
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    edit.setAccessibleName("Slot label")
    return edit
