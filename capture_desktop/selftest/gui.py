"""The Qt half of the self-test: Qt's plugins, then the real main window and services on the
qasync loop, as ``app.run`` builds them."""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path
from typing import Any

from capture_desktop.selftest.report import Abort, Reporter

_log = logging.getLogger("capture_desktop.selftest")
_PAINT = "main window painted offscreen"
_SANDBOX_PROFILE = "built-in sandbox opened through the app (welcome page choice)"


def app_checks(report: Reporter) -> None:
    """The GUI half: the real window and services, on the qasync loop as in ``app.run``."""
    name = "Qt starts offscreen with its plugins (platforms, SVG)"
    start = time.perf_counter()
    try:
        app, detail = _qt_application()
    except Exception as exc:
        report.fail(name, exc)
        report.skip(_PAINT, f"needs: {name}")
        report.skip(_SANDBOX_PROFILE, f"needs: {name}")
        return
    report.ok(name, detail, time.perf_counter() - start)
    import qasync

    # An exception escaping a Qt slot reaches sys.excepthook (app.run shows it in a dialog):
    # here it is logged, so it fails the step in which it happened.
    previous_hook = sys.excepthook
    sys.excepthook = lambda kind, exc, tb: _log.error(
        "unhandled error in a Qt slot", exc_info=(kind, exc, tb)
    )
    try:
        qasync.run(_window_steps(report, app))
    finally:
        sys.excepthook = previous_hook


def _qt_application() -> tuple[Any, str]:
    from PySide6.QtCore import QLibraryInfo, QSize, qInstallMessageHandler
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from capture_desktop._resources import resource
    from capture_desktop.app import qt_message_handler

    qInstallMessageHandler(qt_message_handler)  # Qt's criticals count as logged errors
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0]])
    # As in app.run: our coroutine ends the loop, not the last window closing.
    app.setQuitOnLastWindowClosed(False)
    icon = QIcon(str(resource("icons/app.svg")))
    if icon.pixmap(QSize(64, 64)).isNull():
        raise AssertionError("Qt's SVG plugins are missing (the app icon renders empty)")
    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"
    wanted = {"linux": ("xcb", "wayland"), "win32": ("windows",), "darwin": ("cocoa",)}
    names = sorted(p.name for p in plugins.iterdir()) if plugins.is_dir() else []
    missing = [w for w in wanted.get(sys.platform, ()) if not any(w in n for n in names)]
    if missing:
        raise AssertionError(f"platform plugins missing: {', '.join(missing)} (have {names})")
    return app, f"'{app.platformName()}' loaded; platform plugins: {len(names)}, none missing"


async def _window_steps(report: Reporter, app: Any) -> None:
    from capture_desktop.services.sandbox_service import SandboxService
    from capture_desktop.services.session import Session
    from capture_desktop.services.settings import Settings, settings_path
    from capture_desktop.ui.main_window import MainWindow

    sandbox = SandboxService()
    session = Session(Settings.load(settings_path()), sandbox=sandbox)
    window = MainWindow(session)
    try:

        async def paint() -> str:
            window.show()
            app.processEvents()
            image = window.grab().toImage()
            if image.isNull() or image.width() < 100 or image.height() < 100:
                raise AssertionError("the main window painted nothing")
            return f"{image.width()}x{image.height()}, title {window.windowTitle()!r}"

        async def open_sandbox() -> str:
            await session.start()
            profile = await sandbox.open_sandbox_profile(session)
            app.processEvents()
            active = session.profile()
            if active is None or active.name != profile.name:
                raise AssertionError("the sandbox profile did not become the active one")
            if window.grab().toImage().isNull():
                raise AssertionError("the main window did not repaint")
            return f"profile {profile.name!r} at {sandbox.base_url}"

        await report.run(_PAINT, paint)
        await report.run(_SANDBOX_PROFILE, open_sandbox)
    except Abort:
        pass
    finally:
        window.hide()
        await session.aclose()
        await sandbox.stop()
        window.deleteLater()
