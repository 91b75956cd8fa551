"""Free-form dateTime input in the record editor: Capture's documented forms are accepted,
their meaning is shown before sending, and the canonical form is what the sandbox stores."""

from __future__ import annotations

import pytest

from capture_desktop.api import CaptureClient
from capture_desktop.ui.records.diff_dialog import DiffDialog
from tests.ui.records.editing import OpenRecord, find_one, save, set_value

# Capture's data-types page: all the same instant.
FORMS = [
    "2003-01-02 6:15pm",
    "2 Jan 03 18:15:00.00",
    "01-02-03 6:15pm",
    "January 2, 2003 11:15am -0700",
]
CANONICAL = "2003-01-02 18:15:00 +0000"


@pytest.mark.parametrize("typed", FORMS)
async def test_free_form_datetime_is_shown_then_saved_canonical(
    open_record: OpenRecord,
    owner_client: CaptureClient,
    typed: str,
) -> None:
    editor = (await open_record("dave@example.com")).editor
    set_value(editor, typed, "emailVerified")
    note = editor.status.text()
    assert f"“{typed}” means {CANONICAL}" in note
    assert ("read as UTC" in note) == (not typed.endswith("-0700"))
    shown = await save(editor, "update")
    assert shown["emailVerified"][2] == f'"{CANONICAL}"'  # the diff shows what is sent
    assert (await find_one(owner_client, "dave@example.com"))["emailVerified"] == CANONICAL


async def test_unreadable_datetime_is_refused_before_sending(
    open_record: OpenRecord,
    owner_client: CaptureClient,
) -> None:
    editor = (await open_record("dave@example.com")).editor
    set_value(editor, "the day after payday", "emailVerified")
    assert "not a date or time Capture reads" in editor.status.text()
    editor.review_and_save()
    assert not isinstance(editor.dialog, DiffDialog)
    assert not editor.issues.isHidden()
    assert "emailVerified" in editor.issues.item(0).text()
    assert (await find_one(owner_client, "dave@example.com"))["emailVerified"] is None
