"""The Tree and JSON tabs keep one edited record in step, and the notices say what happened."""

from __future__ import annotations

from typing import Any

from capture_desktop.editing.schema import infer_schema
from capture_desktop.store.drafts import Draft
from capture_desktop.ui.records.notices import CONFLICT_TEXT, ConflictNotice, DraftNotice
from capture_desktop.ui.records.record_tabs import JSON_TAB, TREE_TAB, RecordTabs

RECORD = {"id": 7, "uuid": "u-7", "givenName": "Dave", "age": 40}


def _tabs(qtbot: Any, *, read_only: bool = False) -> RecordTabs:
    tabs = RecordTabs(lambda: infer_schema("user", RECORD), lambda: read_only)
    qtbot.addWidget(tabs)
    tabs.show_record(dict(RECORD))
    return tabs


def test_edits_in_json_carry_over_to_the_tree_and_back(qtbot: Any) -> None:
    tabs = _tabs(qtbot)
    assert tabs.on_tree() and tabs.current_record() == (RECORD, [])
    tabs.tabs.setCurrentIndex(JSON_TAB)
    tabs.json.setPlainText('{"id": 7, "uuid": "u-7", "givenName": "David", "age": 40}')
    assert tabs.current_record()[0] == {**RECORD, "givenName": "David"}
    tabs.tabs.setCurrentIndex(TREE_TAB)
    assert tabs.on_tree() and tabs.tree.record()["givenName"] == "David"
    assert tabs.issues.isHidden()


def test_json_that_is_not_an_object_keeps_the_json_tab_open_and_says_why(qtbot: Any) -> None:
    tabs = _tabs(qtbot)
    tabs.tabs.setCurrentIndex(JSON_TAB)
    tabs.json.setPlainText("[1, 2]")
    record, issues = tabs.current_record()
    assert record is None and "JSON object" in str(issues[0])
    assert tabs.record_as_typed() is None
    tabs.tabs.setCurrentIndex(TREE_TAB)
    assert tabs.tabs.currentIndex() == JSON_TAB  # stayed: the tree cannot take this over
    assert not tabs.issues.isHidden() and tabs.issues.count() == 1
    assert "JSON object" in tabs.issues.item(0).text()
    tabs.set_issues([])
    assert tabs.issues.isHidden()


def test_the_notices_say_what_happened(qtbot: Any) -> None:
    draft_notice, conflict_notice = DraftNotice(), ConflictNotice()
    for notice in (draft_notice, conflict_notice):
        qtbot.addWidget(notice)
        assert notice.isHidden()
    draft = Draft("p", "user", "u-7", dict(RECORD), "t1", "2026-12-06T09:00:00.123456+00:00",
                  reason="closed with unsaved edits", passwords_dropped=("password",))  # fmt: skip
    draft_notice.show_draft(draft, newer=True)
    text = draft_notice.label.text()
    assert not draft_notice.isHidden()
    assert "2026-12-06T09:00:00 (closed with unsaved edits)" in text
    assert "changed on the server" in text and "type it again" in text
    conflict_notice.show_conflict()
    assert not conflict_notice.isHidden() and conflict_notice.label.text() == CONFLICT_TEXT
    assert "330" in CONFLICT_TEXT
