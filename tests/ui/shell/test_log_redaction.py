"""The app's own log handlers (stderr and the log file) mask secrets, whichever logger a
record comes from, and the log file is readable by its owner only."""

from __future__ import annotations

import logging
import os
import stat
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from capture_desktop import app
from capture_desktop.redaction import register_secrets
from capture_desktop.store import paths

LOG_FILE = "capture-desktop.log"


@contextmanager
def app_logging() -> Iterator[None]:
    """Run the app's logging setup on a bare root logger; put pytest's handlers back after."""
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers, root.level
    root.handlers = []  # as in a fresh process: setup_logging adds its stderr handler
    try:
        app.setup_logging()
        app._log_to_file()
        assert {type(h) for h in root.handlers} == {logging.StreamHandler, logging.FileHandler}
        yield
        for handler in root.handlers:
            handler.flush()
    finally:
        for handler in root.handlers:
            handler.close()
        root.handlers = saved_handlers
        root.setLevel(saved_level)


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_registered_secrets_never_reach_the_log_file_or_stderr(
    app_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = f"canary-{uuid.uuid4().hex}"
    register_secrets([secret])
    with app_logging():
        services = logging.getLogger("capture_desktop.services")
        services.warning("secret=%s", secret)
        services.warning("the keyring gave %s back", secret)
        logging.getLogger("capture_desktop.ui.anything").error("failed with %r", secret)
    log_file = paths.log_dir() / LOG_FILE
    written = log_file.read_text(encoding="utf-8")
    shown = capsys.readouterr().err
    for text in (written, shown):
        assert secret not in text
        assert "the keyring gave *** back" in text
        assert "failed with '***'" in text
    assert _mode(log_file) == 0o600


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_an_existing_readable_log_file_is_made_private(app_home: Path) -> None:
    log_file = paths.log_dir() / LOG_FILE
    log_file.write_text("from an older version\n", encoding="utf-8")
    log_file.chmod(0o644)
    with app_logging():
        logging.getLogger("capture_desktop.app").warning("started")
    assert _mode(log_file) == 0o600
    assert log_file.read_text(encoding="utf-8").startswith("from an older version\n")
