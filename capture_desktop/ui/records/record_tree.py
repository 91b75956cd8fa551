"""The record as an editable tree: objects, plural elements with their ids, system attributes
marked read-only.

Values are edited in place (column "Value"); text is turned back into JSON by the schema type
of the attribute (``"null"`` means null). Plural elements can be added and removed; a removed
element only disappears on the server when saved with Replace (or with "Delete element").
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from capture_desktop.ui.records.schema import Attr, Schema

NODE_ROLE = Qt.ItemDataRole.UserRole + 10
COL_NAME, COL_VALUE, COL_TYPE = 0, 1, 2
READ_ONLY_COLOUR = QColor("#777777")
EDITED_COLOUR = QColor("#1565c0")


class ValueParseError(ValueError):
    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path


def value_text(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def parse_value(text: str, attr_type: str, original: Any, path: str) -> Any:
    """Turn edited text back into a JSON value of the attribute's type."""
    if text == "null":
        return None
    if attr_type in ("integer", "id"):
        try:
            return int(text)
        except ValueError:
            raise ValueParseError(path, "must be a whole number") from None
    if attr_type == "decimal":
        try:
            return float(text) if "." in text else int(text)
        except ValueError:
            raise ValueParseError(path, "must be a number") from None
    if attr_type == "boolean":
        if text.lower() in ("true", "false"):
            return text.lower() == "true"
        raise ValueParseError(path, "must be true or false")
    if attr_type == "json" or (attr_type == "" and not isinstance(original, str)):
        try:
            return json.loads(text)
        except ValueError:
            return text
    return text


def count_text(n: int) -> str:
    return f"{n} element" if n == 1 else f"{n} elements"


def _looks_plural(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and isinstance(value[0], dict)


def _children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    return [c for c in (item.child(i) for i in range(item.childCount())) if c is not None]


class RecordTree(QTreeWidget):
    """Tree editor for one record. ``edited`` fires on every change by the user."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Record tree")
        self.setColumnCount(3)
        self.setHeaderLabels(["Attribute", "Value", "Type"])
        self.setAlternatingRowColors(True)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.setUniformRowHeights(True)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_VALUE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_TYPE, QHeaderView.ResizeMode.ResizeToContents)
        self.schema = Schema("")
        self.read_only = False
        self._loading = False
        self.itemChanged.connect(self._item_changed)

    # ---- building ----------------------------------------------------------------------------
    def set_record(self, record: dict[str, Any], schema: Schema, *, read_only: bool) -> None:
        self._loading = True
        self.schema = schema
        self.read_only = read_only
        expanded = self._expanded_paths()
        self.clear()
        keys = [a.name for a in schema.attrs if a.name in record]
        keys += [k for k in record if k not in keys]
        for key in keys:
            attr = schema.get(key)
            item = self._make(key, record[key], attr, key, system=attr.is_system if attr else False)
            self.addTopLevelItem(item)
        self._loading = False
        self._restore_expanded(expanded)

    def _make(
        self, name: str, value: Any, attr: Attr | None, path: str, *, system: bool = False
    ) -> QTreeWidgetItem:
        attr_type = attr.type if attr else ""
        item = QTreeWidgetItem([name, "", attr_type or type(value).__name__])
        node = {"path": path, "type": attr_type, "kind": "value", "original": value}
        if attr_type == "object" or (not attr and isinstance(value, dict)):
            node["kind"] = "object"
            item.setText(COL_VALUE, "" if value is not None else "null")
            for key, child_value in (value or {}).items():
                child = attr.child(key) if attr else None
                item.addChild(self._make(key, child_value, child, f"{path}.{key}", system=system))
        elif attr_type == "plural" or (
            not attr and isinstance(value, list) and value and isinstance(value[0], dict)
        ):
            node["kind"] = "plural"
            elements = value or []
            item.setText(COL_VALUE, count_text(len(elements)))
            for element in elements:
                item.addChild(self._element(element, attr, path, system=system))
        else:
            item.setText(COL_VALUE, value_text(value))
            if value is None:
                item.setForeground(COL_VALUE, QBrush(READ_ONLY_COLOUR))
            if not system and not self.read_only:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        if system:
            item.setText(COL_TYPE, f"{attr_type or 'system'} · read-only")
            for col in range(3):
                item.setForeground(col, QBrush(READ_ONLY_COLOUR))
            item.setToolTip(COL_NAME, "Set by Capture; cannot be changed.")
        item.setData(COL_NAME, NODE_ROLE, node)
        return item

    def _element(
        self, element: dict[str, Any], attr: Attr | None, plural_path: str, *, system: bool = False
    ) -> QTreeWidgetItem:
        eid = element.get("id")
        label = f"#{eid}" if eid is not None else "new element"
        item = QTreeWidgetItem([label, "", "element"])
        item.setData(
            COL_NAME,
            NODE_ROLE,
            {"path": f"{plural_path}#{eid}", "type": "element", "kind": "element", "id": eid},
        )
        if eid is not None:
            id_item = QTreeWidgetItem(["id", str(eid), "id · read-only"])
            id_item.setForeground(COL_NAME, QBrush(READ_ONLY_COLOUR))
            id_item.setData(COL_NAME, NODE_ROLE, {"path": "", "kind": "element_id"})
            item.addChild(id_item)
        names = [c.name for c in attr.children if c.name != "id"] if attr else []
        names += [k for k in element if k not in names and k != "id"]
        for key in names:
            child = attr.child(key) if attr else None
            item.addChild(
                self._make(key, element.get(key), child, f"{plural_path}.{key}", system=system)
            )
        summary = ", ".join(value_text(element.get(k)) for k in names[:2] if element.get(k))
        item.setText(COL_VALUE, summary)
        if eid is None:
            font = QFont(item.font(COL_NAME))
            font.setItalic(True)
            item.setFont(COL_NAME, font)
        return item

    # ---- plural elements ---------------------------------------------------------------------
    def plural_item(self, item: QTreeWidgetItem | None) -> QTreeWidgetItem | None:
        while item is not None:
            if (item.data(COL_NAME, NODE_ROLE) or {}).get("kind") == "plural":
                return item
            item = item.parent()
        return None

    def element_item(self, item: QTreeWidgetItem | None) -> QTreeWidgetItem | None:
        while item is not None:
            if (item.data(COL_NAME, NODE_ROLE) or {}).get("kind") == "element":
                return item
            item = item.parent()
        return None

    def add_element(self, plural: QTreeWidgetItem) -> QTreeWidgetItem:
        node = plural.data(COL_NAME, NODE_ROLE)
        attr = self.schema.find_path(node["path"])
        blank = {c.name: None for c in attr.children if c.name != "id"} if attr else {}
        element = self._element(blank, attr, node["path"])
        plural.addChild(element)
        plural.setText(COL_VALUE, count_text(plural.childCount()))
        plural.setExpanded(True)
        element.setExpanded(True)
        self.setCurrentItem(element.child(0) or element)
        self.edited.emit()
        return element

    def remove_element(self, element: QTreeWidgetItem) -> None:
        plural = element.parent()
        if plural is None:
            return
        plural.removeChild(element)
        plural.setText(COL_VALUE, count_text(plural.childCount()))
        self.edited.emit()

    # ---- reading back ------------------------------------------------------------------------
    def record(self) -> dict[str, Any]:
        """The edited record as JSON data; raises ValueParseError on an unparsable value."""
        return {item.text(COL_NAME): self._value(item) for item in self.top_items()}

    def top_items(self) -> list[QTreeWidgetItem]:
        items = (self.topLevelItem(i) for i in range(self.topLevelItemCount()))
        return [item for item in items if item is not None]

    def _value(self, item: QTreeWidgetItem) -> Any:
        node = item.data(COL_NAME, NODE_ROLE) or {}
        kind = node.get("kind")
        if kind == "object":
            if item.childCount() == 0 and item.text(COL_VALUE) == "null":
                return None
            return {c.text(COL_NAME): self._value(c) for c in _children(item)}
        if kind == "plural":
            return [self._value(c) for c in _children(item)]
        if kind == "element":
            out: dict[str, Any] = {}
            if node.get("id") is not None:
                out["id"] = node["id"]
            for child in _children(item):
                if (child.data(COL_NAME, NODE_ROLE) or {}).get("kind") != "element_id":
                    out[child.text(COL_NAME)] = self._value(child)
            return out
        return parse_value(
            item.text(COL_VALUE), node.get("type", ""), node.get("original"), node.get("path", "")
        )

    # ---- navigation --------------------------------------------------------------------------
    def select_path(self, path: str) -> bool:
        """Select the item for a validation path like ``statuses[1].status``."""
        item: QTreeWidgetItem | None = None
        parts = path.replace("]", "").replace("[", ".[").split(".")
        children = self.top_items()
        for part in parts:
            if not part:
                continue
            if part.startswith("[") and item is not None:
                idx = int(part[1:]) if part[1:].lstrip("+").isdigit() else -1
                item = item.child(idx) if 0 <= idx < item.childCount() else item
            else:
                item = next((c for c in children if c.text(COL_NAME) == part), item)
            if item is None:
                return False
            children = _children(item)
        if item is None:
            return False
        self.setCurrentItem(item)
        self.scrollToItem(item)
        parent = item.parent()
        while parent is not None:
            parent.setExpanded(True)
            parent = parent.parent()
        return True

    def _item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._loading or column != COL_VALUE:
            return
        # Mark edited values so the user sees what they touched before the diff.
        self._loading = True
        font = QFont(item.font(COL_VALUE))
        font.setBold(True)
        item.setFont(COL_VALUE, font)
        item.setForeground(COL_VALUE, QBrush(EDITED_COLOUR))
        self._loading = False
        self.edited.emit()

    def _expanded_paths(self) -> set[str]:
        paths: set[str] = set()

        def walk(item: QTreeWidgetItem, prefix: str) -> None:
            key = f"{prefix}/{item.text(COL_NAME)}"
            if item.isExpanded():
                paths.add(key)
            for child in _children(item):
                walk(child, key)

        for top in self.top_items():
            walk(top, "")
        return paths

    def _restore_expanded(self, paths: set[str]) -> None:
        def walk(item: QTreeWidgetItem, prefix: str) -> None:
            key = f"{prefix}/{item.text(COL_NAME)}"
            if key in paths:
                item.setExpanded(True)
            for child in _children(item):
                walk(child, key)

        for top in self.top_items():
            walk(top, "")
