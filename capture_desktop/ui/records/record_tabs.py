"""The record editor's two views of the edited record, Tree and JSON, kept in step when the
user switches between them, and the list of problems that stop reading it.

The tab that is showing is the source of the edits. A typed new password is never shown in
clear: the JSON view is then masked and read-only, and the tree stays the source.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QTabWidget, QVBoxLayout, QWidget

from capture_desktop.editing.schema import Schema
from capture_desktop.editing.validation import Issue, parse_json
from capture_desktop.ui.records.record_json import RecordJson
from capture_desktop.ui.records.record_tree import RecordTree, ValueParseError

TREE_TAB, JSON_TAB = 0, 1
ISSUE_ROLE = Qt.ItemDataRole.UserRole


def parse_issue(exc: ValueParseError) -> Issue:
    """The problem a value that does not parse yet is, at its path."""
    return Issue(exc.path, str(exc).split(": ", 1)[-1])


class RecordTabs(QWidget):
    """Tree and JSON tabs over one record, and its problems below; ``note(text)`` says why
    the JSON tab is read-only when it is."""

    note = Signal(str)

    def __init__(
        self,
        schema: Callable[[], Schema],
        read_only: Callable[[], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._schema = schema
        self._read_only = read_only
        self.tree = RecordTree()
        self.json = RecordJson()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.tree, "Tree")
        self.tabs.addTab(self.json, "JSON")
        self.tabs.currentChanged.connect(self._tab_changed)
        self.issues = QListWidget()
        self.issues.setAccessibleName("Validation problems")
        self.issues.setMaximumHeight(110)
        self.issues.itemActivated.connect(self.show_issue)
        self.issues.itemClicked.connect(self.show_issue)
        self.issues.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.issues)

    def on_tree(self) -> bool:
        return self.tabs.currentIndex() == TREE_TAB

    def show_record(self, record: dict[str, Any]) -> None:
        """Show ``record`` in both tabs, as the schema and the permissions allow."""
        read_only = self._read_only()
        self.tree.set_record(record, self._schema(), read_only=read_only)
        self.json.set_record(record, read_only=read_only)

    def current_record(self) -> tuple[dict[str, Any] | None, list[Issue]]:
        """The edited record from the visible tab, or the problems that stop reading it."""
        if self.tabs.currentIndex() == JSON_TAB and not self.json.isReadOnly():
            data, syntax = parse_json(self.json.toPlainText())
            if syntax is not None:
                return None, [syntax]
            if not isinstance(data, dict):
                return None, [Issue("", "the record must be a JSON object ({...})")]
            return data, []
        try:
            return self.tree.record(), []
        except ValueParseError as exc:
            return None, [parse_issue(exc)]

    def record_as_typed(self) -> dict[str, Any] | None:
        """What was edited, even where a value does not parse yet (kept as typed), or None
        when the JSON tab does not hold an object."""
        data, _issues = self.current_record()
        if data is None and self.on_tree():
            data, _problems = self.tree.record_and_problems()
        return data

    def set_issues(self, issues: list[Issue]) -> None:
        self.issues.clear()
        for issue in issues:
            item = QListWidgetItem(f"⚠ {issue}")
            item.setData(ISSUE_ROLE, issue)
            self.issues.addItem(item)
        self.issues.setVisible(bool(issues))

    def show_issue(self, item: QListWidgetItem) -> None:
        """Go to where the problem is: its line in the JSON, or its path in the open tab."""
        issue: Issue = item.data(ISSUE_ROLE)
        if issue.line:
            self.tabs.setCurrentIndex(JSON_TAB)
            self.json.go_to(issue.line, issue.column or 1)
        elif self.on_tree():
            self.tree.select_path(issue.path)
        else:
            self.json.select_key(issue.path)

    def _tab_changed(self, index: int) -> None:
        if index == JSON_TAB:
            # The tree stays the source of the edits while a new password is pending.
            masked = self.tree.has_new_passwords()
            try:
                record = self.tree.record(mask_new_passwords=masked)
            except ValueParseError as exc:
                self._stay_on(TREE_TAB, parse_issue(exc))
                return
            self.json.set_record(record, read_only=self._read_only() or masked)
            if masked:
                self.note.emit("JSON tab read-only: a new password is pending")
        elif not self.json.isReadOnly():
            data, syntax = parse_json(self.json.toPlainText())
            if syntax is not None or not isinstance(data, dict):
                self._stay_on(JSON_TAB, syntax or Issue("", "the record must be a JSON object"))
                return
            self.tree.set_record(data, self._schema(), read_only=self._read_only())

    def _stay_on(self, index: int, issue: Issue) -> None:
        """The other tab cannot take the edits over: stay here and say why."""
        self.tabs.blockSignals(True)
        self.tabs.setCurrentIndex(index)
        self.tabs.blockSignals(False)
        self.set_issues([issue])
