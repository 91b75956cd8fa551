"""The console's detail pane: one event's summary, redacted parameters, headers and response.

Everything shown has been redacted by the core and is masked again here (``redact.mask``).
The curl preview is always the redacted rendering; revealing is a separate, confirmed action.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QTabWidget, QVBoxLayout, QWidget

from capture_desktop.api.errors import ApiError
from capture_desktop.ui.console.model import duration_text, is_error, status_text, time_text
from capture_desktop.ui.console.render import expand_json_values, pretty
from capture_desktop.ui.theme import text_colour

if TYPE_CHECKING:
    from capture_desktop.api.request_log import RequestEvent


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
        self.headers = _text_pane("Request and response headers (masked)")
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

    def show_event(self, event: RequestEvent | None, curl_text: str = "") -> None:
        if event is None:
            self.summary.setText(
                f"<span style='color:{text_colour('muted')}'>Select a request to see its "
                "parameters and response. Secrets are always shown masked.</span>"
            )
            for pane in (self.params, self.response, self.headers, self.curl):
                pane.setPlainText("")
            return
        self.summary.setText(_summary_html(event))
        self.params.setPlainText(pretty(expand_json_values(event.params)))
        self.response.setPlainText(pretty(event.response))
        self.headers.setPlainText(
            "Request headers\n"
            + pretty(event.headers)
            + "\n\nResponse headers\n"
            + (pretty(event.response_headers) or "(no answer)")
        )
        self.curl.setPlainText(curl_text)

    def all_text(self) -> str:
        """Everything the pane displays (tests check it for leaks)."""
        parts = [self.summary.text()]
        parts += [p.toPlainText() for p in (self.params, self.response, self.headers, self.curl)]
        return "\n".join(parts)


def _summary_html(event: RequestEvent) -> str:
    esc = html.escape
    facts = [
        f"<b>{esc(event.operation)}</b> &nbsp; <code>{esc(event.method)} {esc(event.url)}</code>",
        " · ".join(
            esc(x)
            for x in (
                time_text(event),
                f"credential: {event.credential_kind or 'none'}",
                f"HTTP {event.http_status or '—'}",
                status_text(event) if event.error is not None else "",
                duration_text(event),
                f"request_id: {event.request_id or '—'}",
            )
            if x
        ),
    ]
    error = event.error
    if error is not None:
        name = type(error).__name__
        api = error if isinstance(error, ApiError) else None
        head = f"{name} ({api.code})" if api is not None else name
        line = (
            f"<span style='color:{text_colour('error')}'><b>{esc(head)}</b>: {esc(error.meaning)}"
        )
        if api is not None and api.error_description:
            line += f"<br/>Server said: {esc(api.error_description)}"
        if api is not None and api.argument_name:
            line += f" (argument: <code>{esc(api.argument_name)}</code>)"
        facts.append(line + "</span>")
    elif is_error(event):
        facts.append(f"<span style='color:{text_colour('error')}'><b>HTTP error</b></span>")
    return "<br/>".join(facts)
