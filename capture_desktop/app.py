"""The composition root: QApplication, the qasync loop, the window, and an orderly quit.

``run(argv)`` reads the profiles and token slots (files only) and paints the main window
showing them before importing what that does not need (qasync, httpx, keyring and the
token service load afterwards), installs one excepthook that logs and shows errors
non-modally, routes Qt's messages into logging, and on quit cancels tasks, closes every HTTP
client and stops the embedded sandbox. ``--sandbox`` opens straight onto the sandbox profile.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import traceback
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any

from capture_desktop import APP_ID, APP_NAME, __version__
from capture_desktop.redaction import SecretMaskingFilter

if TYPE_CHECKING:
    import asyncio

log = logging.getLogger("capture_desktop.app")
_qt_log = logging.getLogger("capture_desktop.qt")


# Set by tests/perf/bench_startup.py: print "painted" on the first paint of the main window.
PAINT_PROBE_ENV = "CAPTURE_DESKTOP_PAINT_PROBE"


def _install_paint_probe(window: Any) -> Any:
    """Print "painted" on the window's first paint; returns the probe (``seen`` is then True)."""
    from PySide6.QtCore import QEvent, QObject

    class Probe(QObject):
        seen = False

        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not self.seen:
                self.seen = True
                print("painted", flush=True)
                window.removeEventFilter(self)
            return False

    probe = Probe(window)
    window.installEventFilter(probe)
    return probe


def _report_ready(app: Any, probe: Any) -> None:
    """Print "ready" once the first paint has been delivered. On a real display the paint
    waits for the server's expose event, which may come after the first processEvents."""
    if not probe.seen:  # else QEventLoop's enums would be loaded for nothing, before "ready"
        import time

        from PySide6.QtCore import QEventLoop

        deadline = time.monotonic() + 10
        while not probe.seen and time.monotonic() < deadline:
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 100)
    print("ready", flush=True)


@dataclass(frozen=True)
class Options:
    """What the command line asks of the GUI."""

    sandbox: bool = False
    profile: str | None = None
    debug: bool = False


def parse_args(argv: list[str]) -> Options:
    if not argv:
        # A start from the desktop has no arguments. Building the parser loads argparse's help
        # formatter, whose messages look up translations: ~3 ms of start-up for nothing to parse.
        return Options()
    import argparse

    parser = argparse.ArgumentParser(
        prog="capture-desktop",
        description=APP_NAME,
        epilog="For scripts: capture-desktop profile --help, capture-desktop token --help.",
    )
    parser.add_argument(
        "--sandbox", action="store_true", help="open straight onto the built-in sandbox profile"
    )
    parser.add_argument("--profile", metavar="NAME", help="open on this connection profile")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("--debug", action="store_true", help="log debug messages")
    args, _qt_args = parser.parse_known_args(argv)
    return Options(sandbox=args.sandbox, profile=args.profile, debug=args.debug)


def setup_logging(debug: bool = False) -> None:
    level = logging.DEBUG if debug else logging.INFO
    root = logging.getLogger()
    if not root.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        handler.addFilter(SecretMaskingFilter())
        root.addHandler(handler)
    root.setLevel(level)
    quiet_third_party_loggers()


#: Libraries whose DEBUG output prints call arguments, results or raw protocol data (qasync
#: logs every executor future's result, which includes keyring reads).
QUIET_LOGGERS = ("qasync", "asyncio", "keyring", "secretstorage", "jeepney", "h11", "uvicorn")


def quiet_third_party_loggers() -> None:
    """Keep those libraries at INFO or above, and the HTTP stack at WARNING, even with --debug."""
    for name in QUIET_LOGGERS:
        logger = logging.getLogger(name)
        if logger.level < logging.INFO:  # NOTSET (0) would inherit the root's DEBUG
            logger.setLevel(logging.INFO)
    # Never let the HTTP stack log request lines with tokens in them.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)


LOG_FILE_NAME = "capture-desktop.log"


def _log_to_file() -> logging.Handler | None:
    """Add the log file handler (masking secrets; the file readable by its owner only)."""
    from capture_desktop.store import paths

    try:
        path = paths.log_dir() / LOG_FILE_NAME
        # Created 0600 before logging opens it; an older file loses its group/other bits.
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
        os.chmod(path, 0o600)
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(SecretMaskingFilter())
    logging.getLogger().addHandler(handler)
    return handler


def qt_message_handler(mode: Any, context: Any, message: str) -> None:
    """Route Qt's own messages into logging (qInstallMessageHandler)."""
    from PySide6.QtCore import QtMsgType

    level = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }.get(mode, logging.WARNING)
    _qt_log.log(level, "%s", message)


class ErrorReporter:
    """The one excepthook: log the error, then show it without a modal loop."""

    def __init__(self) -> None:
        self.window: Any = None
        self._previous = sys.excepthook

    def install(self, loop: asyncio.AbstractEventLoop | None = None) -> None:
        sys.excepthook = self.excepthook
        if loop is not None:
            loop.set_exception_handler(self.loop_exception)

    def uninstall(self) -> None:
        sys.excepthook = self._previous

    def excepthook(
        self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        log.error("unhandled error:\n%s", "".join(traceback.format_exception(kind, exc, tb)))
        self.present(exc)

    def loop_exception(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        exc = context.get("exception")
        log.error("event loop error: %s", context.get("message"), exc_info=exc)
        if isinstance(exc, BaseException):
            self.present(exc)

    def present(self, exc: BaseException) -> None:
        try:
            from capture_desktop.ui.errors import show_error

            show_error(self.window, exc)
        except Exception:  # the presenter itself must never take the app down
            log.exception("could not show the error")


def _close_on_signals(window: Any) -> None:
    """Ctrl+C / SIGTERM close the window, so the normal cleanup runs."""
    import signal

    def handler(signum: int, frame: Any) -> None:
        window.close()

    import contextlib

    for signum in (signal.SIGINT, signal.SIGTERM):
        # ValueError/OSError: not the main thread, or unsupported on this platform.
        with contextlib.suppress(ValueError, OSError):
            signal.signal(signum, handler)


async def _main(
    app: Any, window: Any, session: Any, sandbox: Any, args: Options, *, problem: Exception | None
) -> int:
    """The app on the qasync loop, after ``_load_first_page``; ``problem`` is its failure."""
    import asyncio

    from capture_desktop.ui.errors import show_error

    # On the loop, after the first paint has been delivered: the log file's folder comes from
    # the store's paths module.
    _log_to_file()
    reporter = ErrorReporter()
    reporter.window = window
    reporter.install(asyncio.get_running_loop())
    closed = asyncio.Event()
    window.quit_requested.connect(closed.set)
    app.aboutToQuit.connect(closed.set)
    _close_on_signals(window)
    try:
        if problem is not None:
            show_error(window, problem)
        # Secrets, the HTTP client and the other pages come after the page is up.
        window.build_deferred_views()
        if problem is None:
            try:
                await session.start_services()
            except Exception as exc:  # a missing CA file...
                log.exception("startup problem")
                show_error(window, exc)
            if args.profile and _active_name(session) != args.profile:
                try:
                    await session.activate(args.profile)
                except Exception as exc:  # an unknown name: say so, stay on the usual profile
                    show_error(window, exc)
        if os.environ.get(PAINT_PROBE_ENV):
            print("started", flush=True)  # services up and --profile applied
        if args.sandbox:
            session.runner.run(sandbox.open_sandbox_profile(session), name="sandbox:open")
        await closed.wait()
        return 0
    finally:
        window.hide()
        await session.aclose()
        await sandbox.stop()
        reporter.uninstall()


def _load_first_page(session: Any) -> Exception | None:
    """Read settings, profiles and token slots (files only: no keyring, no httpx, no event
    loop yet), so that the first paint already shows them. Returns the failure, shown once
    the loop runs."""
    from capture_desktop.services.settings import Settings, settings_path

    session.settings = Settings.load(settings_path())
    try:
        session.load()
    except Exception as exc:  # a corrupt profiles file...
        log.exception("startup problem")
        return exc
    return None


def _import_qt_free_first() -> None:
    """Import the Qt-free modules the first page uses before PySide6.

    WORKAROUND: PySide6's import hook (``shibokensupport`` ``feature_imported``) reads the
    source of each module an import statement names once PySide6 is loaded, looking for
    ``from __feature__ import``, which the app never uses. Loaded first, the modules only
    these import never pass through it: ~10 ms less start-up, measured.
    """
    import capture_desktop._resources
    import capture_desktop.proxy_setting
    import capture_desktop.services.capabilities
    import capture_desktop.services.connections
    import capture_desktop.services.error_text
    import capture_desktop.services.profiles
    import capture_desktop.services.settings
    import capture_desktop.store.paths
    import capture_desktop.store.profiles
    import capture_desktop.store.slots  # noqa: F401


def _active_name(session: Any) -> str | None:
    profile = session.profile()
    return None if profile is None else str(profile.name)


def run(argv: list[str]) -> int:
    args = parse_args(argv)
    os.environ.setdefault("QT_API", "pyside6")
    setup_logging(args.debug)
    # Only one thread runs until the window is up, and the GUI-thread collector
    # (services.gc_guard) takes over from there: automatic collection would spend ~5 ms of
    # start-up scanning the objects that importing Qt creates.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    _import_qt_free_first()

    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    qInstallMessageHandler(qt_message_handler)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName(APP_ID)
    from capture_desktop.ui.theme import install_accessible_palette

    install_accessible_palette(app)  # placeholders, selection and links at 4.5:1 or more
    # The coroutine decides when the app ends (after cleanup), not Qt.
    app.setQuitOnLastWindowClosed(False)

    from capture_desktop.services.gc_guard import MainThreadGc
    from capture_desktop.services.sandbox_service import SandboxService
    from capture_desktop.services.session import Session
    from capture_desktop.ui.main_window import MainWindow

    gc_guard = MainThreadGc(parent=app, was_enabled=gc_was_enabled)
    # The platform style and palette follow the OS scheme; icons opened after a switch pick
    # the matching tint (windows already open keep theirs until reopened).
    from capture_desktop.ui import icons

    app.styleHints().colorSchemeChanged.connect(lambda _scheme: icons.clear_cache())
    sandbox = SandboxService()
    session = Session(sandbox=sandbox)
    window = MainWindow(session)
    problem = _load_first_page(session)
    probe = _install_paint_probe(window) if os.environ.get(PAINT_PROBE_ENV) else None
    window.show()
    app.processEvents()  # the first paint shows the profiles and token slots
    if probe is not None:
        _report_ready(app, probe)
    from capture_desktop.ui import focus_ring

    focus_ring.install(app)  # a visible focus indicator on every widget, from now on

    import qasync

    app.setWindowIcon(icons.icon("app"))
    try:
        result: int = qasync.run(_main(app, window, session, sandbox, args, problem=problem))
    finally:
        sandbox.stop_blocking()
        gc_guard.stop()
    return result
