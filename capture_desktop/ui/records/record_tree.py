"""The record as an editable tree: objects, plural elements with their ids, system attributes
marked read-only.

Values are edited in place (column "Value"); text is turned back into JSON by the schema type
of the attribute (``"null"`` means null). Plural elements can be added and removed; a removed
element only disappears on the server when saved with Replace (or with "Delete element").
Password attributes are never shown: they read "•••• (set)", are typed in a password field,
and then read "•••• (new value)" (the typed value is kept in the item, not in its text).
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from capture_desktop.editing.passwords import MASK_NEW, MASK_SET, PASSWORD, masked
from capture_desktop.editing.schema import Attr, Schema
from capture_desktop.ui.records.datetime_input import (
    TIME_TYPES,
    DateTimeInputError,
    canonical_time,
    meaning,
)
from capture_desktop.ui.theme import text_colour

NODE_ROLE = Qt.ItemDataRole.UserRole + 10
SECRET_ROLE = Qt.ItemDataRole.UserRole + 11  # a password typed in the tree (never displayed)
_MISSING: Any = object()
COL_NAME, COL_VALUE, COL_TYPE = 0, 1, 2


def _read_only_brush() -> QBrush:
    # Per call, so the shade follows the current light or dark scheme (4.5:1 on the view).
    return QBrush(QColor(text_colour("muted")))


def _edited_brush() -> QBrush:
    return QBrush(QColor(text_colour("info")))


def _enclosing(item: QTreeWidgetItem | None, kind: str) -> QTreeWidgetItem | None:
    """``item`` itself or its nearest ancestor that is a node of ``kind``, if any."""
    while item is not None:
        if (item.data(COL_NAME, NODE_ROLE) or {}).get("kind") == kind:
            return item
        item = item.parent()
    return None


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
    if attr_type in TIME_TYPES and text != value_text(original):
        # Capture's free-form input; what is sent is the canonical form it stands for.
        try:
            return canonical_time(text, attr_type)
        except DateTimeInputError as exc:
            raise ValueParseError(path, str(exc)) from None
    if attr_type == "json" or (attr_type == "" and not isinstance(original, str)):
        try:
            return json.loads(text)
        except ValueError:
            return text
    return text


def count_text(n: int) -> str:
    return f"{n} element" if n == 1 else f"{n} elements"


def _children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    return [c for c in (item.child(i) for i in range(item.childCount())) if c is not None]


def _is_password(index: QModelIndex | QPersistentModelIndex) -> bool:
    model = index.model()
    node = model.index(index.row(), COL_NAME, index.parent()).data(NODE_ROLE) if model else None
    return isinstance(node, dict) and node.get("type") == PASSWORD


class _PasswordDelegate(QStyledItemDelegate):
    """Password values are typed blind into an empty field; leaving it empty changes nothing."""

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        editor = super().createEditor(parent, option, index)
        if editor is not None:
            # The in-place editor has no visible label: name it by its attribute.
            editor.setAccessibleName(f"Value of {index.sibling(index.row(), COL_NAME).data()}")
        if _is_password(index) and isinstance(editor, QLineEdit):
            editor.setEchoMode(QLineEdit.EchoMode.Password)
            editor.setPlaceholderText("Type the new password")
            editor.setAccessibleName("New password")
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        if _is_password(index) and isinstance(editor, QLineEdit):
            editor.clear()
            return
        super().setEditorData(editor, index)

    def setModelData(
        self,
        editor: QWidget,
        model: QAbstractItemModel,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        if _is_password(index) and isinstance(editor, QLineEdit) and not editor.text():
            return
        super().setModelData(editor, model, index)


class RecordTree(QTreeWidget):
    """Tree editor for one record. ``edited`` fires on every change by the user."""

    edited = Signal()
    # What an edited date or dateTime means, worded (datetime_input.meaning).
    time_read = Signal(str)

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
        header.setAccessibleName("Record tree columns")
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_VALUE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_TYPE, QHeaderView.ResizeMode.ResizeToContents)
        self.setItemDelegate(_PasswordDelegate(self))
        self.schema = Schema("")
        self._mask = False
        # While record_and_problems() runs: where unparsable values are collected.
        self._problems: list[ValueParseError] | None = None
        # The record as loaded from the server: a password equal to it reads "(set)".
        self.baseline: dict[str, Any] = {}
        self.read_only = False
        self._loading = False
        self.itemChanged.connect(self._item_changed)

    # ---- keyboard ----------------------------------------------------------------------------
    def edit(  # type: ignore[override]
        self,
        index: QModelIndex | QPersistentModelIndex,
        trigger: QAbstractItemView.EditTrigger | None = None,
        event: QEvent | None = None,
    ) -> bool:
        """Edits always go to the value: attribute names are fixed by the schema (new ones
        come from "Add attribute"), so F2 or a double-click on a name edits its value."""
        if index.isValid() and index.column() != COL_VALUE:
            index = index.sibling(index.row(), COL_VALUE)
        if trigger is None:  # the public edit(index) slot, called from Python
            return bool(super().edit(index))
        # Qt passes no event for edits it starts itself; the binding's stub omits that case.
        return bool(super().edit(index, trigger, event))  # type: ignore[arg-type]

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        editing = self.state() == QAbstractItemView.State.EditingState
        if not editing and index.isValid() and not event.modifiers():
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                # Enter edits the value, as F2 does (Enter is the edit key on macOS only).
                self.edit(index, QAbstractItemView.EditTrigger.EditKeyPressed, event)
                return
            if key == Qt.Key.Key_Right and index.column() == COL_NAME:
                item = self.itemFromIndex(index)
                if item is not None and item.childCount() == 0:
                    # Right on a leaf reaches its value column (rows are selected whole).
                    self.setCurrentIndex(index.siblingAtColumn(COL_VALUE))
                    return
            if key == Qt.Key.Key_Left and index.column() == COL_VALUE:
                self.setCurrentIndex(index.siblingAtColumn(COL_NAME))
                return
        super().keyPressEvent(event)

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
            item = self._make(
                key,
                record[key],
                attr,
                key,
                system=attr.is_system if attr else False,
                base=self.baseline.get(key, _MISSING),
            )
            self.addTopLevelItem(item)
        self._loading = False
        self._restore_expanded(expanded)

    def _make(
        self,
        name: str,
        value: Any,
        attr: Attr | None,
        path: str,
        *,
        system: bool = False,
        base: Any = _MISSING,
    ) -> QTreeWidgetItem:
        attr_type = attr.type if attr else ""
        item = QTreeWidgetItem([name, "", attr_type or type(value).__name__])
        node = {"path": path, "type": attr_type, "kind": "value", "original": value}
        if attr_type == "object" or (not attr and isinstance(value, dict)):
            node["kind"] = "object"
            item.setText(COL_VALUE, "" if value is not None else "null")
            for key, child_value in (value or {}).items():
                child = attr.child(key) if attr else None
                child_base = base.get(key, _MISSING) if isinstance(base, dict) else _MISSING
                item.addChild(
                    self._make(
                        key, child_value, child, f"{path}.{key}", system=system, base=child_base
                    )
                )
        elif attr_type == "plural" or (
            not attr and isinstance(value, list) and value and isinstance(value[0], dict)
        ):
            node["kind"] = "plural"
            elements = value or []
            item.setText(COL_VALUE, count_text(len(elements)))
            loaded = base if isinstance(base, list) else []
            old = {e.get("id"): e for e in loaded if isinstance(e, dict)}
            for element in elements:
                element_base = old.get(element.get("id"), _MISSING)
                item.addChild(self._element(element, attr, path, system=system, base=element_base))
        elif attr_type == PASSWORD:
            self._make_password(item, node, value, base, editable=not system and not self.read_only)
        else:
            item.setText(COL_VALUE, value_text(value))
            if value is None:
                item.setForeground(COL_VALUE, _read_only_brush())
            if not system and not self.read_only:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        if system:
            item.setText(COL_TYPE, f"{attr_type or 'system'} · read-only")
            for col in range(3):
                item.setForeground(col, _read_only_brush())
            item.setToolTip(COL_NAME, "Set by Capture; cannot be changed.")
        item.setData(COL_NAME, NODE_ROLE, node)
        return item

    def _make_password(
        self, item: QTreeWidgetItem, node: dict[str, Any], value: Any, base: Any, *, editable: bool
    ) -> None:
        if value is not None and value != base:
            # Not what the server sent (e.g. typed in the JSON tab): a new value, held apart.
            item.setData(COL_VALUE, SECRET_ROLE, value)
            node["original"] = None if base is _MISSING else base
        item.setText(COL_VALUE, self._password_text(item, node))
        if item.text(COL_VALUE) == "null":
            item.setForeground(COL_VALUE, _read_only_brush())
        item.setToolTip(
            COL_VALUE,
            "Passwords are never shown. Double-click to type a new one. (Capture does not "
            "return passwords, so null does not mean that none is set.)",
        )
        if editable:
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)

    @staticmethod
    def _password_text(item: QTreeWidgetItem, node: dict[str, Any]) -> str:
        if item.data(COL_VALUE, SECRET_ROLE) is not None:
            return MASK_NEW
        return "null" if node.get("original") is None else MASK_SET

    def has_new_passwords(self) -> bool:
        """True when a password was typed (the JSON tab must not show it in clear)."""

        def walk(item: QTreeWidgetItem) -> bool:
            if item.data(COL_VALUE, SECRET_ROLE) is not None:
                return True
            return any(walk(c) for c in _children(item))

        return any(walk(top) for top in self.top_items())

    def _element(
        self,
        element: dict[str, Any],
        attr: Attr | None,
        plural_path: str,
        *,
        system: bool = False,
        base: Any = _MISSING,
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
            id_item.setForeground(COL_NAME, _read_only_brush())
            id_item.setData(COL_NAME, NODE_ROLE, {"path": "", "kind": "element_id"})
            item.addChild(id_item)
        names = [c.name for c in attr.children if c.name != "id"] if attr else []
        names += [k for k in element if k not in names and k != "id"]
        for key in names:
            child = attr.child(key) if attr else None
            child_base = base.get(key, _MISSING) if isinstance(base, dict) else _MISSING
            item.addChild(
                self._make(
                    key,
                    element.get(key),
                    child,
                    f"{plural_path}.{key}",
                    system=system,
                    base=child_base,
                )
            )
        shown = masked(attr, element) if attr else element
        summary = ", ".join(value_text(shown.get(k)) for k in names[:2] if element.get(k))
        item.setText(COL_VALUE, summary)
        if eid is None:
            font = QFont(item.font(COL_NAME))
            font.setItalic(True)
            item.setFont(COL_NAME, font)
        return item

    # ---- plural elements ---------------------------------------------------------------------
    def plural_item(self, item: QTreeWidgetItem | None) -> QTreeWidgetItem | None:
        return _enclosing(item, "plural")

    def element_item(self, item: QTreeWidgetItem | None) -> QTreeWidgetItem | None:
        return _enclosing(item, "element")

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
    def record(self, *, mask_new_passwords: bool = False) -> dict[str, Any]:
        """The edited record as JSON data; raises ValueParseError on an unparsable value.
        ``mask_new_passwords`` puts ``MASK_NEW`` in place of typed passwords (for display)."""
        record, problems = self.record_and_problems(mask_new_passwords=mask_new_passwords)
        if problems:
            raise problems[0]
        return record

    def record_and_problems(
        self, *, mask_new_passwords: bool = False
    ) -> tuple[dict[str, Any], list[ValueParseError]]:
        """The edited record plus every value that could not be parsed (each one left as its
        text in the record), so all problems can be reported at once."""
        self._mask = mask_new_passwords
        self._problems = []
        try:
            record = {item.text(COL_NAME): self._value(item) for item in self.top_items()}
            return record, list(self._problems)
        finally:
            self._mask = False
            self._problems = None

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
        if node.get("type") == PASSWORD:
            typed = item.data(COL_VALUE, SECRET_ROLE)
            if typed is None:
                return node.get("original")
            return MASK_NEW if self._mask else typed
        try:
            return parse_value(
                item.text(COL_VALUE),
                node.get("type", ""),
                node.get("original"),
                node.get("path", ""),
            )
        except ValueParseError as exc:
            if self._problems is None:
                raise
            self._problems.append(exc)
            return item.text(COL_VALUE)

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
        node = item.data(COL_NAME, NODE_ROLE) or {}
        if node.get("type") == PASSWORD and item.text(COL_VALUE) not in (MASK_SET, MASK_NEW):
            # The typed password moves out of the visible text at once.
            item.setData(COL_VALUE, SECRET_ROLE, item.text(COL_VALUE))
            item.setText(COL_VALUE, MASK_NEW)
        font = QFont(item.font(COL_VALUE))
        font.setBold(True)
        item.setFont(COL_VALUE, font)
        item.setForeground(COL_VALUE, _edited_brush())
        self._loading = False
        self.edited.emit()
        if node.get("type") in TIME_TYPES:
            # After ``edited``: the editor's "Unsaved changes" must not hide the reading.
            self.time_read.emit(meaning(node["path"], item.text(COL_VALUE), node["type"]))

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
