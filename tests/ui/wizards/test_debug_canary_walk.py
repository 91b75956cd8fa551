"""Canary walk: every wizard driven to its end under the app's real ``--debug`` logging.

Logging is set up by ``app.setup_logging(debug=True)`` and ``app._log_to_file()`` (the same
handlers and masking filters ``--debug`` installs, writing the real log file under the app's
log folder); stderr is captured at file descriptor 2. The walk, against the sandbox on a real port:
access token (loopback code and exchange), browser sign-in (an HTTP client submits the
sandbox page's form), creation token then create, native sign-in with a typed password, a
draft left by a failed save of a record with a typed password, a delete and its backup, an
export, and the request console with copy-as-curl over every call. Then every canary (client
secret, both passwords, authorization code, loopback state, every token issued, read back
from the keyring) is searched for in stderr, every file under the app's config, data
(drafts, backups), cache and log folders, the export folder, the console's rows and details
and the curl text: zero hits. The second test shows the walk fails when a secret leaks.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget

from capture_desktop import app
from capture_desktop.editing import record_edit
from capture_desktop.sandbox.server import SandboxServer
from capture_desktop.store import drafts, paths
from capture_desktop.store.memory_backend import MemoryKeyring
from capture_desktop.store.secrets import SecretStore, client_secret_key
from capture_desktop.ui.console.view import ConsoleView
from capture_desktop.ui.records.delete_dialog import DeleteDialog
from capture_desktop.ui.records.export import ExportDialog
from capture_desktop.ui.records.record_tabs import JSON_TAB
from capture_desktop.ui.records.view import RecordsView
from capture_desktop.ui.wizards.access_token import AccessTokenWizard
from capture_desktop.ui.wizards.browser_signin import BrowserSignInWizard
from capture_desktop.ui.wizards.creation_token import CreationTokenWizard
from capture_desktop.ui.wizards.native_signin import NativeSignInWizard
from tests.helpers.console import table_text
from tests.helpers.qt import wait_signal, wait_until
from tests.helpers.wizards import (
    FakeBrowser,
    close_wizard,
    get_creation_token,
    listen,
    open_sign_in_page,
    pick_alice,
    request_code,
    user_at_the_page,
)
from tests.ui.records.editing import open_editor, save

PASSWORD = "Password1!"  # alice's sandbox password, typed into the native sign-in form
DRAFT_PASSWORD = "Draft-Canary-Pw1!"  # typed into a record whose save then fails


@pytest.fixture
def debug_logging(
    make_session: Any, capfd: pytest.CaptureFixture[str]
) -> Iterator[pytest.CaptureFixture[str]]:
    """After ``make_session``, which points CAPTURE_DESKTOP_HOME at the test's folder, so the
    log file is opened there and never in the developer's own log folder."""
    with _debug_logging(capfd) as stderr:
        yield stderr


@contextmanager
def _debug_logging(
    capfd: pytest.CaptureFixture[str],
) -> Iterator[pytest.CaptureFixture[str]]:
    """The app's --debug logging, alone on the root logger; yields the stderr capture.

    The stream handler binds ``sys.stderr`` when it is made; here that is a writer on file
    descriptor 2 (as in the app), which ``capfd`` captures along with anything else written
    to stderr (pytest's own ``sys.stderr`` stand-in is closed between phases)."""
    assert paths.HOME_ENV in os.environ
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    levels = {n: logging.getLogger(n).level for n in (*app.QUIET_LOGGERS, "httpx", "httpcore")}
    root.handlers = []
    fd2 = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115 - the handler's stream
    pytest_stderr, sys.stderr = sys.stderr, fd2
    try:
        try:
            app.setup_logging(debug=True)
        finally:
            sys.stderr = pytest_stderr
        assert app._log_to_file() is not None
        yield capfd
    finally:
        for handler in root.handlers:
            handler.flush()
            handler.close()
        fd2.close()
        root.handlers, root.level = saved[0], saved[1]
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


class _NoMasking(logging.Filter):
    """Stands in for the masking filter in the guard's own must-fail check."""


async def test_every_wizard_under_debug_logging_leaks_no_canary(
    debug_logging: pytest.CaptureFixture[str],
    make_session: Any,
    memory_keyring: MemoryKeyring,
    sandbox_server: SandboxServer,
    tmp_path: Path,
) -> None:
    hits = await _walk(debug_logging, make_session, memory_keyring, sandbox_server, tmp_path)
    assert hits == []


@pytest.mark.parametrize(
    "leak", ["library debug output", "a secret logged", "a draft keeps a typed password"]
)
async def test_the_guard_fails_when_a_secret_leaks(  # noqa: PLR0917 - fixtures
    leak: str,
    make_session: Any,
    memory_keyring: MemoryKeyring,
    sandbox_server: SandboxServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    """Each leak must make the walk find canaries. Without the masking filter: qasync's
    executor printing keyring results (third-party loggers left at DEBUG), or app code
    logging a secret it read. With it: a draft that keeps the password typed into a record."""
    if leak == "a draft keeps a typed password":
        # Both layers off: the schema's password attributes and the secret-looking names.
        monkeypatch.setattr(
            record_edit, "without_passwords", lambda schema, data, base=None: (data, [])
        )
        monkeypatch.setattr(drafts, "without_secret_values", lambda data, paths=(): (data, []))
    else:
        monkeypatch.setattr(app, "SecretMaskingFilter", _NoMasking)
    levels: dict[str, int] = {}
    if leak == "library debug output":
        # The libraries at DEBUG, as if --debug let them through. Set explicitly: an earlier
        # test in this process may already have quietened them, and levels outlive a test.
        known = list(logging.root.manager.loggerDict)
        names = [n for n in known if any(n.partition(".")[0] == q for q in app.QUIET_LOGGERS)]
        levels = {name: logging.getLogger(name).level for name in {*app.QUIET_LOGGERS, *names}}
        for name in levels:
            logging.getLogger(name).setLevel(logging.DEBUG)
        monkeypatch.setattr(app, "quiet_third_party_loggers", lambda: None)
    elif leak == "a secret logged":
        read = SecretStore.get

        async def get_and_log(self: SecretStore, key: str) -> str | None:
            value = await read(self, key)
            logging.getLogger("capture_desktop.store").debug("read %s = %s", key, value)
            return value

        monkeypatch.setattr(SecretStore, "get", get_and_log)
    try:
        with _debug_logging(capfd) as stderr:
            hits = await _walk(stderr, make_session, memory_keyring, sandbox_server, tmp_path)
    finally:
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)
    assert hits, "the canary walk did not notice the leak"
    if leak == "a draft keeps a typed password":
        assert {what for what, _where in hits} == {"draft password"}, hits


async def _find_one(client: Any, email: str) -> dict[str, Any]:
    result = await client.entity_find("user", f"email = '{email}'")
    assert result.results, email
    found: dict[str, Any] = result.results[0]
    return found


async def _walk(
    debug_logging: pytest.CaptureFixture[str],
    make_session: Any,
    memory_keyring: MemoryKeyring,
    sandbox_server: SandboxServer,
    tmp_path: Path,
) -> list[tuple[str, str]]:
    """Drive every wizard and the console; return (canary, place) for each canary found."""
    session = await make_session("owner")
    logging.getLogger("capture_desktop.test").debug("walk starts")  # the log file is live
    console = ConsoleView(session)
    opened: list[QWidget] = [console]
    exports = tmp_path / "exports"
    exports.mkdir()
    canaries: dict[str, str] = {"user password": PASSWORD, "draft password": DRAFT_PASSWORD}
    try:
        # Access token wizard: code through the loopback receiver, exchange, result page.
        wizard = AccessTokenWizard(session)
        wizard.show()
        await pick_alice(wizard)
        await listen(wizard)
        await request_code(wizard)
        code = wizard.code_step.code
        assert code is not None
        canaries["authorization code"] = code
        canaries["loopback state"] = wizard.holder.receiver.state
        wizard.next_button.click()
        wizard.exchange_step.exchange_button.click()
        await wait_until(wizard.exchange_step.is_complete)
        wizard.next_button.click()
        assert wizard.current_page() is wizard.result_step
        await close_wizard(wizard)

        # Browser sign-in: the sandbox's hosted page, submitted by an HTTP client.
        browser = FakeBrowser()
        signin = BrowserSignInWizard(session, open_url=browser)
        url = await open_sign_in_page(signin, browser)
        await user_at_the_page(url, "signin")
        await wait_until(signin.sign_in_step.is_complete)
        signin.next_button.click()
        assert signin.current_page() is signin.result_step
        await signin.aclose()

        # Creation token, then create a record with it.
        creation = CreationTokenWizard(session)
        await get_creation_token(creation)
        creation.next_button.click()
        form = creation.create_step.form
        form.editor.setPlainText('{"email": "canary@example.com", "givenName": "Canary"}')
        form.create_button.click()
        await wait_until(lambda: form.result is not None or form.error.info is not None)
        assert form.error.info is None, form.error.text()
        await creation.aclose()

        # Native sign-in with a typed password.
        native = NativeSignInWizard(session)
        step = native.sign_in_step
        await wait_until(lambda: "login" in step.client_combo.currentText().lower())
        step.email_edit.setText("alice@example.com")
        step.password_edit.setText(PASSWORD)
        step.sign_in_button.click()
        await wait_until(lambda: step.is_complete() or step.error.info is not None)
        assert step.error.info is None, step.error.text()
        native.next_button.click()
        await native.aclose()

        # A draft (a save that fails, with a password typed into the record), a delete with
        # its backup, and an export: all under the app's own data folder, the export beside.
        records = RecordsView(session)
        opened.append(records)
        records.show()
        await wait_until(
            lambda: bool(records.browser.schema.attrs) and not session.runner.pending()
        )
        client = session.client()
        bob = await _find_one(client, "bob@example.com")
        editor = await open_editor(records, bob["uuid"])
        editor.tabs.setCurrentIndex(JSON_TAB)
        record = json.loads(editor.json.toPlainText())
        record.update(password=DRAFT_PASSWORD, givenName="Bobby")
        editor.json.setPlainText(json.dumps(record))
        sandbox_server.sandbox.settings.update({"error_rate": 1.0, "error_code": 500})
        try:
            await save(editor, "update")
        finally:
            sandbox_server.sandbox.settings.update({"error_rate": 0.0})
        drafts = list((paths.data_dir() / "drafts").glob("*.json"))
        assert len(drafts) == 1 and "Bobby" in drafts[0].read_text()

        dave = await _find_one(client, "dave@example.com")
        editor = await open_editor(records, dave["uuid"])
        editor.delete_button.click()
        dialog = editor.dialog
        assert isinstance(dialog, DeleteDialog)
        dialog.confirm_edit.setText("dave@example.com")
        dialog.delete_button.click()
        await wait_until(lambda: not editor.session_pending())
        assert len(list((paths.data_dir() / "backups").glob("*.json"))) == 1

        export = ExportDialog(session, "user", "id > 0", ["id", "uuid", "email", "password"])
        opened.append(export)
        export.json_radio.setChecked(True)
        export.path_edit.setText(str(exports / "users.json"))
        export.start()
        _path, count = await wait_signal(export.finished_export, timeout=60)
        assert count > 3 and "alice@example.com" in (exports / "users.json").read_text()

        # The request console: every row's details and its redacted curl.
        shown = [table_text(console)]
        operations = set()
        for row in range(console.proxy.rowCount()):
            console.select_row(row)
            event = console.selected_event()
            assert event is not None
            operations.add(event.operation)
            shown.append(console.detail.all_text())
            shown.append(console.copy_curl() or "")
        assert {"oauth.token", "entity.create"} <= operations or len(operations) >= 5, operations

        canaries["client secret"] = await session.secrets.get(
            client_secret_key(session.require_profile().name)
        )
        # Every token the wizards stored, read back from the keyring itself.
        for (_service, username), value in memory_keyring._items.items():
            if ":slot:" in username:
                canaries[username] = value
        assert sum(":slot:" in name for name in canaries) >= 5, sorted(canaries)
        assert all(canaries.values()), canaries

        for handler in logging.getLogger().handlers:
            handler.flush()
        places = {"stderr": debug_logging.readouterr().err, "console": "\n".join(shown)}
        folders = (paths.config_dir(), paths.data_dir(), paths.cache_dir(), paths.log_dir())
        for folder in (*folders, exports):
            for path in folder.rglob("*"):
                if path.is_file():
                    text = path.read_bytes().decode("utf-8", "replace")
                    places[str(path)] = text
        log_file = paths.log_dir() / app.LOG_FILE_NAME
        assert "walk starts" in places[str(log_file)]
        # Both sinks saw the walk's own debug lines (the calls the canaries went through).
        for sink in ("stderr", str(log_file)):
            assert "access/getCreationToken" in places[sink], places[sink][-3000:]
        hits = [(what, where) for what, value in canaries.items()
                for where, text in places.items() if value in text]  # fmt: skip
        return hits
    finally:
        for widget in opened:
            widget.close()
            widget.deleteLater()
