"""The first page is ready at once: a returning user's profiles and token slots are painted
before anything loads httpx or keyring, or asks the Secret Service for a secret.

The real app runs in a fresh interpreter (``sys.modules`` starts clean) on a home with two
profiles and two token slots. At the moment it reports "ready" (the paint probe the startup
benchmark uses), the script looks at what is loaded and what the window shows.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.helpers.app_process import app_env
from tests.helpers.keyring_guard import memory_backend_env
from tests.perf.bench_startup import _returning_user_home

PROBE = r"""
import builtins, json, os, sys
real_print = builtins.print

def probe(*args, **kwargs):
    real_print(*args, **kwargs)
    if args and args[0] == "ready":
        from PySide6.QtWidgets import QApplication, QWidget
        from capture_desktop.ui.main_window import MainWindow

        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
        loaded = {m.split(".")[0] for m in sys.modules}
        real_print("STATE " + json.dumps({
            "httpx": "httpx" in loaded,
            "keyring": "keyring" in loaded or "secretstorage" in loaded,
            # The token service (and asyncio under it) start after the paint.
            "keeper": "capture_desktop.auth.token_keeper" in sys.modules,
            "asyncio": "asyncio" in loaded,
            # The proxy pill reads *_proxy variables; with none set, no HTTP stack loads.
            "urllib.request": "urllib.request" in sys.modules,
            # A start without arguments does not build the argument parser (whose messages
            # look up translations, loading locale).
            "locale": "locale" in sys.modules,
            "profiles": [window.profile_box.itemText(i) for i in range(window.profile_box.count())],
            "page": window.root.currentWidget() is window.workspace,
            "slots": window.token_panel.model.rowCount(),
            # With tokens to show, the no-tokens page (and its wizard buttons) is not built.
            "empty_page": window.token_panel.findChild(QWidget, "TokensEmpty") is not None,
        }), flush=True)
        os._exit(0)

builtins.print = probe
from capture_desktop.app import run
run([])
"""


def test_profiles_and_token_slots_show_before_httpx_or_keyring_load(tmp_path: Path) -> None:
    home = tmp_path / "home"
    _returning_user_home(str(home))
    env = app_env(home, memory_backend_env())  # the app must not reach a real keyring
    for name in [n for n in env if n.lower().endswith("_proxy")]:
        del env[name]
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    state = json.loads(next(line[6:] for line in out.splitlines() if line.startswith("STATE ")))
    assert state["page"] and state["profiles"] == ["Production", "Staging"]
    assert state["slots"] == 2
    assert not state["httpx"]
    assert not state["keyring"]
    assert not state["keeper"] and not state["asyncio"]
    assert not state["urllib.request"]
    assert not state["locale"]
    assert not state["empty_page"]
