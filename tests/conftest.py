"""Suite-wide settings: offscreen Qt, the PySide6 binding for qasync, quiet HTTP loggers, and
the keyring guard."""

from __future__ import annotations

import logging
import os

# Every test: fail it when it (or an app it starts) would reach a keyring other than the
# in-memory one or a private D-Bus session (tests/helpers/private_keyring.py).
from tests.helpers.private_keyring import keyring_guard  # noqa: F401

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")

logging.getLogger("httpx").setLevel(logging.WARNING)
logging.getLogger("httpcore").setLevel(logging.WARNING)
