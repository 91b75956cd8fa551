"""The app's sandbox settings: Preferences sets the lenient switch and the schema files, the
built-in sandbox starts with them, and an imported schema with two types drives the Records
browser and editor."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from capture_desktop.services.sandbox_service import SandboxService
from capture_desktop.services.session import Session
from capture_desktop.services.settings import Settings, settings_path
from capture_desktop.ui.preferences import PreferencesDialog
from capture_desktop.ui.records.view import RecordsView
from tests.helpers.qt import wait_until

SCHEMA = [
    {
        "stat": "ok",
        "schema": {
            "name": "store",
            "attr_defs": [
                {"name": "code", "type": "string", "length": 10},
                {"name": "city", "type": "string", "length": 40},
            ],
        },
    },
    {
        "stat": "ok",
        "schema": {
            "name": "ticket",
            "attr_defs": [
                {"name": "subject", "type": "string", "length": 80},
                {"name": "opened", "type": "dateTime"},
            ],
        },
    },
]


def _schema_file(folder: Path) -> Path:
    path = folder / "acme-schema.json"
    path.write_text(json.dumps(SCHEMA), encoding="utf-8")
    return path


async def test_preferences_save_lenient_and_schema_files(
    qtbot: QtBot, session: Session, app_home: Path, tmp_path: Path
) -> None:
    schema = _schema_file(tmp_path)
    dialog = PreferencesDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.sandbox_lenient.isChecked() and dialog.schema_files.files() == []
    dialog.sandbox_lenient.setChecked(True)
    dialog.schema_files.add_files([str(schema), str(schema)])  # what the file dialog sends
    assert dialog.schema_files.files() == [str(schema)]
    buttons = dialog.findChildren(QPushButton)
    save = next(b for b in buttons if b.accessibleName() == "Save preferences")
    save.click()
    assert session.settings.sandbox_lenient is True
    assert session.settings.sandbox_schema_files == [str(schema)]
    stored = Settings.load(settings_path())
    assert stored.sandbox_lenient is True and stored.sandbox_schema_files == [str(schema)]


async def test_sandbox_starts_with_the_settings_and_the_types_drive_records(
    qtbot: QtBot, session: Session, app_home: Path, tmp_path: Path
) -> None:
    session.settings.sandbox_lenient = True
    session.settings.sandbox_schema_files = [str(_schema_file(tmp_path))]
    session.sandbox = SandboxService(app_home / "sandbox")
    await session.sandbox.open_sandbox_profile(session)
    client: Any = session.client()
    assert await client.entity_type_list() == ["consent", "store", "ticket", "user"]
    await client.entity_create("store", {"code": "S1", "city": "Austin"})
    # Lenient: a double-quoted filter string, which the strict default refuses.
    found = await client.entity_find("store", 'code = "S1"')
    assert [r["city"] for r in found.results] == ["Austin"]

    view = RecordsView(session, data_dir=app_home)
    qtbot.addWidget(view)
    view.show()  # loads types, schema and permissions for the active profile
    browser = view.browser
    await wait_until(lambda: browser.type_combo.count() == 4 and not session.runner.pending())
    index = browser.type_combo.findText("store")
    browser.type_combo.setCurrentIndex(index)
    browser.type_combo.activated.emit(index)
    await wait_until(lambda: browser.schema.name == "store" and not session.runner.pending())
    assert browser.model.columns[:4] == ["id", "uuid", "code", "city"]
    browser.search()
    await wait_until(lambda: not browser.model.loading)
    assert [r["code"] for r in browser.model.rows] == ["S1"]
    editor = view.open_record("store", str(browser.model.rows[0]["uuid"]))
    await wait_until(lambda: bool(editor.original) and not session.runner.pending())
    assert editor.schema.find_path("city") is not None
    # No emailVerified in this type: the verification actions say why they are off.
    assert not editor.verification.mark_button.isEnabled()
    assert "no emailVerified" in editor.verification.mark_button.toolTip()


async def test_a_bad_schema_file_is_reported_and_nothing_runs(
    session: Session, app_home: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema": {"name": "x", "attr_defs": [{"name": "a", "type": "?"}]}}')
    session.settings.sandbox_schema_files = [str(bad)]
    session.sandbox = SandboxService(app_home / "sandbox")
    with pytest.raises(ValueError, match=r"bad\.json.*unknown type"):
        await session.sandbox.open_sandbox_profile(session)
    assert not session.sandbox.running


def test_a_hand_edited_settings_file_cannot_smuggle_odd_values(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps({"sandbox_schema_files": "/etc/x.json", "sandbox_lenient": "yes"}),
        encoding="utf-8",
    )
    loaded = Settings.load(path)
    assert loaded.sandbox_schema_files == [] and loaded.sandbox_lenient is False
    path.write_text(json.dumps({"sandbox_schema_files": ["a.json", 3, "b.json"]}))
    assert Settings.load(path).sandbox_schema_files == ["a.json", "b.json"]
