"""The console's detail pane: one event's summary, redacted parameters, headers and response.

Everything shown has been redacted by the core and is masked again here (``redact.mask``).
The curl preview is always the redacted rendering; revealing is a separate, confirmed action.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QTabWidget, QVBoxLayout, QWidget

from capture_desktop.ui.console.model import duration_text, is_error, status_text, time_text
from capture_desktop.ui.console.redact import expand_json_values, pretty
from capture_desktop.ui.theme import text_colour


def _mono() -> QFont:
    return QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)


def _text_pane(name: str) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setAccessibleName(name)
    edit.setReadOnly(True)
    edit.setFont(_mono())
    edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
    return edit


class ConsoleDetail(QWidget):
    """Shows the selected event; ``show_event(None)`` shows the empty hint."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setObjectName("consoleSummary")
        self.summary.setAccessibleDescription("Selected call")
        self.tabs = QTabWidget()
        self.params = _text_pane("Request parameters (masked)")
        self.response = _text_pane("Response")
        self.headers = _text_pane("Request headers (masked)")
        self.curl = _text_pane("curl command (masked)")
        self.curl.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.tabs.addTab(self.params, "Parameters")
        self.tabs.addTab(self.response, "Response")
        self.tabs.addTab(self.headers, "Headers")
        self.tabs.addTab(self.curl, "curl")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        self.show_event(None)

    def show_event(self, event: Any, curl_text: str = "") -> None:
        if event is None:
            self.summary.setText(
                f"<span style='color:{text_colour('muted')}'>Select a request to see its "
                "parameters and response. Secrets are always shown masked.</span>"
            )
            for pane in (self.params, self.response, self.headers, self.curl):
                pane.setPlainText("")
            return
        self.summary.setText(_summary_html(event))
        self.params.setPlainText(pretty(expand_json_values(getattr(event, "params", None))))
        self.response.setPlainText(pretty(getattr(event, "response", None)))
        self.headers.setPlainText(pretty(getattr(event, "headers", None)))
        self.curl.setPlainText(curl_text)

    def all_text(self) -> str:
        """Everything the pane displays (tests check it for leaks)."""
        parts = [self.summary.text()]
        parts += [p.toPlainText() for p in (self.params, self.response, self.headers, self.curl)]
        return "\n".join(parts)


def _summary_html(event: Any) -> str:
    esc = html.escape
    method = str(getattr(event, "method", "") or "")
    url = str(getattr(event, "url", "") or "")
    op = str(getattr(event, "operation", "") or "")
    facts = [
        f"<b>{esc(op)}</b> &nbsp; <code>{esc(method)} {esc(url)}</code>",
        " · ".join(
            esc(x)
            for x in (
                time_text(event),
                f"credential: {getattr(event, 'credential_kind', None) or 'none'}",
                f"HTTP {getattr(event, 'http_status', None) or '—'}",
                status_text(event) if getattr(event, "error", None) is not None else "",
                duration_text(event),
                f"request_id: {getattr(event, 'request_id', None) or '—'}",
            )
            if x
        ),
    ]
    error = getattr(event, "error", None)
    if error is not None:
        meaning = getattr(error, "meaning", "") or ""
        name = type(error).__name__
        code = getattr(error, "code", None)
        head = f"{name} ({code})" if code is not None else name
        desc = getattr(error, "error_description", None)
        line = f"<span style='color:{text_colour('error')}'><b>{esc(head)}</b>: {esc(str(meaning))}"
        if desc:
            line += f"<br/>Server said: {esc(str(desc))}"
        arg = getattr(error, "argument_name", None)
        if arg:
            line += f" (argument: <code>{esc(str(arg))}</code>)"
        facts.append(line + "</span>")
    elif is_error(event):
        facts.append(f"<span style='color:{text_colour('error')}'><b>HTTP error</b></span>")
    return "<br/>".join(facts)
