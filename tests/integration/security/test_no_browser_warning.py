"""With no browser, Qt's warning about the sign-in URL reaches the app's log with only the
host and path: never ``state`` or the PKCE challenge.

A real subprocess: the app's logging setup and Qt message routing, a real browser sign-in
flow's URL handed to ``QDesktopServices.openUrl`` on the offscreen platform (which has no
browser), stderr and the log file scanned.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

SCRIPT = textwrap.dedent(
    """
    import asyncio, json, sys
    from PySide6.QtCore import QUrl, qInstallMessageHandler
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QApplication
    from capture_desktop import app as desktop
    from capture_desktop.api import CaptureClient, make_http_client
    from capture_desktop.auth import BrowserSignInFlow, LoopbackReceiver

    desktop.setup_logging(debug=True)
    desktop._log_to_file()
    qInstallMessageHandler(desktop.qt_message_handler)
    qt = QApplication([])

    async def main():
        async with make_http_client() as http, LoopbackReceiver() as receiver:
            client = CaptureClient(http, "https://capture.example")
            opened = []
            flow = BrowserSignInFlow(
                client, receiver, lambda url: opened.append(QDesktopServices.openUrl(QUrl(url))),
                "login-client",
            )
            url = flow.open()
            print(json.dumps({"opened": opened, "state": receiver.state,
                              "challenge": flow.pkce.challenge, "url": url}), flush=True)

    asyncio.run(main())
    """
)


def test_the_no_browser_warning_names_only_host_and_path(tmp_path: Path) -> None:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        CAPTURE_DESKTOP_HOME=str(tmp_path),
        PYTHONPATH=os.pathsep.join(filter(None, [os.getcwd(), os.environ.get("PYTHONPATH")])),
    )
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    import json

    facts = json.loads(done.stdout.strip().splitlines()[-1])
    assert facts["opened"] == [False]  # no browser here: the warning path is what is tested
    log_file = (tmp_path / "logs" / "capture-desktop.log").read_text()
    for where, text in (("stderr", done.stderr), ("log file", log_file)):
        assert "capture.example/oauth/signin" in text, f"the warning is missing from {where}"
        for name in ("state", "challenge"):
            assert facts[name] not in text, f"the {name} leaked into the {where}"
        assert "login-client" not in text and "redirect_uri" not in text
