"""The app as the keyboard/screen-reader tests run it: the real ``run()``, with an in-memory
keyring (never the developer's) and the home from ``CAPTURE_DESKTOP_HOME``."""

from __future__ import annotations

import sys

import keyring

from capture_desktop.store.memory_backend import MemoryKeyring

if __name__ == "__main__":
    keyring.set_keyring(MemoryKeyring())
    from capture_desktop.app import run

    raise SystemExit(run(sys.argv[1:]))
