"""The shared flat-table model: counts and column titles, as every table view reads them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from capture_desktop.ui.audit_view import AuditModel
from capture_desktop.ui.console.model import ConsoleModel
from capture_desktop.ui.table_model import TitledTableModel
from capture_desktop.ui.token_model import TokenTableModel


class _Letters(TitledTableModel):
    titles = ("Letter", "Position")

    def __init__(self, letters: str) -> None:
        super().__init__()
        self.letters = letters

    def row_total(self) -> int:
        return len(self.letters)

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return self.letters[index.row()] if role == Qt.ItemDataRole.DisplayRole else None


def test_counts_and_titles_come_from_the_rows_and_the_titles(qtbot: Any) -> None:
    model = _Letters("abc")
    assert (model.rowCount(), model.columnCount()) == (3, 2)
    horizontal, vertical = Qt.Orientation.Horizontal, Qt.Orientation.Vertical
    assert [model.headerData(i, horizontal) for i in range(2)] == ["Letter", "Position"]
    assert model.headerData(0, vertical) is None
    assert model.headerData(0, horizontal, Qt.ItemDataRole.ToolTipRole) is None
    # A flat table: no item has children.
    child_of = model.index(0, 0)
    assert child_of.isValid() and model.rowCount(child_of) == 0
    assert model.columnCount(child_of) == 0
    assert model.rowCount(QModelIndex()) == 3


def test_the_apps_tables_show_their_own_titles(qtbot: Any) -> None:
    for model, first in (
        (AuditModel(), "Time"),
        (ConsoleModel(), "Time"),
        (TokenTableModel(), "Label"),
    ):
        assert model.rowCount() == 0
        assert model.columnCount() == len(model.titles) > 3
        assert model.headerData(0, Qt.Orientation.Horizontal) == first
