"""Suite-wide settings: offscreen Qt, the PySide6 binding for qasync, quiet HTTP loggers, and
the keyring guard and the private Secret Service fixture."""

from __future__ import annotations

import logging
import os

# Every test: fail it when it (or an app it starts) would reach a keyring other than the
# in-memory one or a private D-Bus session (tests/helpers/keyring_guard.py).
from tests.helpers.keyring_guard import keyring_guard  # noqa: F401

# Any test may ask for a private Secret Service (tests/helpers/secret_service.py).
from tests.helpers.secret_service import private_secret_service  # noqa: F401

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")

logging.getLogger("httpx").setLevel(logging.WARNING)
logging.getLogger("httpcore").setLevel(logging.WARNING)
