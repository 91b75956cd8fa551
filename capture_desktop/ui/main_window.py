"""The main window: profile switcher, Tokens / Records / Console, menus and status bar.

Shows the welcome page while no profile exists. Every action that does I/O runs through the
session's TaskRunner; failures reach the non-modal error presenter. Wizards and dialogs are
opened with ``show()`` and kept referenced until they close.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from capture_desktop import APP_NAME
from capture_desktop.ui.folders import open_folder
from capture_desktop.ui.icons import icon
from capture_desktop.ui.launch import WIZARDS, open_wizard
from capture_desktop.ui.status import EnvironmentBanner
from capture_desktop.ui.theme import text_colour

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from capture_desktop.services.session import Session
    from capture_desktop.store.profiles import Profile
    from capture_desktop.ui.records.view import RecordsView
    from capture_desktop.ui.welcome import WelcomePage

log = logging.getLogger("capture_desktop.ui.main_window")
V = TypeVar("V", bound=QWidget)


# The Records and Console views load after the first paint; plain imports keep the edges visible.
def _records_view(session: Session) -> RecordsView:
    from capture_desktop.ui.records.view import RecordsView

    return RecordsView(session, parent=None)


def _console_view(session: Session) -> QWidget:
    from capture_desktop.ui.console.view import ConsoleView

    return ConsoleView(session, parent=None)


PAGES = ("Tokens", "Records", "Console")


class MainWindow(QMainWindow):
    """The application window (see the module docstring)."""

    quit_requested = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self._windows: list[QWidget] = []
        self._switching = False
        self.setObjectName("MainWindow")
        self.setWindowTitle(APP_NAME)
        self._action_icons: list[tuple[QAction, str]] = []
        self._action_shortcuts: list[tuple[QAction, Any]] = []
        self.setAccessibleName(APP_NAME)
        self.resize(1180, 760)

        self.root = QStackedWidget()
        self.starting = QWidget()  # shown for the moment before the profiles are read
        self.starting.setAccessibleName("Starting")
        self.root.addWidget(self.starting)
        self._pages_built = False
        self._welcome: WelcomePage | None = None
        # Above every page, so it is seen before a token or secret is about to be lost.
        self.keyring_banner = QLabel()
        self.keyring_banner.setObjectName("KeyringBanner")
        self.keyring_banner.setAccessibleDescription("No system keyring")
        self.keyring_banner.setWordWrap(True)
        self.keyring_banner.setTextFormat(Qt.TextFormat.PlainText)
        self.keyring_banner.setStyleSheet(
            "QLabel#KeyringBanner { background: #fff3cd; color: #5c4400;"
            " border-bottom: 1px solid #e0c36a; padding: 6px 10px; }"
        )
        self.keyring_banner.hide()
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.keyring_banner)
        column.addWidget(self.root, 1)
        self.setCentralWidget(central)

        self._build_actions()
        self._build_menus()
        self.toolbar: QToolBar | None = None  # built with the pages, once profiles are read
        self._build_status_bar()

        session.profile_changed.connect(self._on_profile_changed)
        session.profiles_changed.connect(self._on_profiles_changed)
        session.features_changed.connect(lambda _features: self._update_enabled())
        session.runner.failed.connect(self._on_task_failed)
        session.runner.busy_changed.connect(self._on_busy)
        self._reload_profiles()
        self._on_profile_changed(session.profile())

    # -- construction -------------------------------------------------------------------
    def ensure_pages(self) -> None:
        """Build the workspace, its toolbar and the actions' icons and shortcuts: once the
        profiles are read (before the first paint), or on demand."""
        if self._pages_built:
            return
        self._pages_built = True
        self.workspace = QWidget()
        self.nav = QListWidget()
        self.pages = QStackedWidget()
        self._build_workspace()
        self.root.addWidget(self.workspace)
        self.setWindowIcon(icon("app"))
        for action, icon_name in self._action_icons:
            action.setIcon(icon(icon_name))
        for action, shortcut in self._action_shortcuts:
            action.setShortcut(QKeySequence(shortcut))
        self._build_toolbar()
        self._reload_profiles()

    @property
    def welcome(self) -> WelcomePage:
        """The first-start page, built when first shown: a returning user starts on the
        workspace and does not wait for it."""
        if self._welcome is None:
            from capture_desktop.ui.welcome import WelcomePage

            self._welcome = WelcomePage()
            self._welcome.sandbox_requested.connect(self.start_sandbox)
            self._welcome.connect_requested.connect(self.new_profile)
            self.root.addWidget(self._welcome)
        return self._welcome

    def _build_workspace(self) -> None:
        from PySide6.QtWidgets import QHBoxLayout

        from capture_desktop.ui.token_panel import TokenPanel

        layout = QHBoxLayout(self.workspace)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.nav.setObjectName("Navigation")
        self.nav.setAccessibleName("Navigation")
        self.nav.setIconSize(QSize(22, 22))
        self.nav.setFixedWidth(150)
        self.nav.setSpacing(2)
        self.nav.setStyleSheet("#Navigation { border: none; padding-top: 8px; }")
        for name, icon_name in zip(PAGES, ("tokens", "records", "console"), strict=True):
            item = QListWidgetItem(icon(icon_name), name)
            item.setSizeHint(QSize(140, 38))
            self.nav.addItem(item)
        self.token_panel = TokenPanel(self.session)
        self.token_panel.open_record_requested.connect(self.open_record)
        self.token_panel.wizard_requested.connect(self.start_wizard)
        # Records and Console are built after the first paint (build_deferred_views) or
        # when first opened: their imports are not on the user's wait at start-up.
        # A label until built (after the first paint), or when building the view failed.
        self.records_view: RecordsView | QLabel = QLabel("Loading…")
        self.console_view: QWidget = QLabel("Loading…")
        for view in (self.token_panel, self.records_view, self.console_view):
            self.pages.addWidget(view)
        self._deferred_built = False
        self.nav.currentRowChanged.connect(self._on_nav)
        self.nav.setCurrentRow(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.pages, 1)

    def _on_nav(self, row: int) -> None:
        if row > 0:
            self.build_deferred_views()
        self.pages.setCurrentIndex(row)

    def build_deferred_views(self) -> None:
        self.ensure_pages()
        if self._deferred_built:
            return
        self._deferred_built = True
        current = self.pages.currentIndex()
        self.records_view = self._replace_page(1, "records", _records_view)
        if not isinstance(self.records_view, QLabel):
            self.records_view.access_token_requested.connect(self.start_access_token_wizard)
        self.console_view = self._replace_page(2, "console", _console_view)
        self.pages.setCurrentIndex(current)

    def _replace_page(self, index: int, area: str, build: Callable[[Session], V]) -> V | QLabel:
        placeholder = self.pages.widget(index)
        view = self._make_view(area, build)
        self.pages.insertWidget(index, view)
        if placeholder is not None:
            self.pages.removeWidget(placeholder)
            placeholder.deleteLater()
        return view

    def _make_view(self, area: str, build: Callable[[Session], V]) -> V | QLabel:
        try:
            return build(self.session)
        except Exception as exc:  # a broken view must not take the shell down
            log.exception("could not build the %s view", area)
            label = QLabel(f"The {area} view failed to load: {type(exc).__name__}: {exc}")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setAccessibleDescription(f"{area} view error")
            return label

    def _action(self, text: str, slot: Any, shortcut: Any = "", icon_name: str = "") -> QAction:
        action = QAction(text, self)
        if icon_name:
            # Icons load the SVG engine: set with the pages (ensure_pages), not at construction.
            self._action_icons.append((action, icon_name))
        if shortcut:
            # Key sequences need QKeySequence's enums: also set in ensure_pages.
            self._action_shortcuts.append((action, shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_actions(self) -> None:
        self.act_new_profile = self._action(
            "New connection profile…", self.new_profile, "Ctrl+N", "add"
        )
        self.act_edit_profile = self._action("Edit profile…", self.edit_profile, "", "edit")
        self.act_duplicate_profile = self._action(
            "Duplicate profile", self.duplicate_profile, "", "duplicate"
        )
        self.act_delete_profile = self._action("Delete profile…", self.delete_profile, "", "delete")
        self.act_sandbox = self._action(
            "Start the built-in sandbox", self.start_sandbox, "", "sandbox"
        )
        self.act_sandbox_controls = self._action(
            "Sandbox controls…", self.show_sandbox_controls, "", "settings"
        )
        self.act_sandbox_controls.setVisible(False)  # on a sandbox profile only
        self.sandbox_controls: Any = None  # services.SandboxControls, made on first use
        self.act_preferences = self._action(
            "Preferences…", self.show_preferences, "Ctrl+,", "settings"
        )
        self.act_quit = self._action("Quit", self.close, "Ctrl+Q")
        self.act_quit.setMenuRole(QAction.MenuRole.QuitRole)
        self.act_audit_log = self._action("Audit log", self.show_audit_log)
        self.act_audit_log.setToolTip("What this app changed in records (names, never values)")
        self.act_backups = self._action("Open backups folder", self.open_backups_folder)
        self.act_backups.setToolTip("The JSON backups written before every delete")
        self.act_about = self._action(f"About {APP_NAME}", self.show_about)
        self.act_about.setMenuRole(QAction.MenuRole.AboutRole)
        self.wizard_actions: dict[str, QAction] = {}
        for key, (text, icon_name, shortcut, _load) in WIZARDS.items():
            self.wizard_actions[key] = self._action(
                text, lambda k=key: self.start_wizard(k), shortcut, icon_name
            )
        self.page_actions = []
        for index, name in enumerate(PAGES):
            act = self._action(name, lambda i=index: self.show_page(i), f"Ctrl+{index + 1}")
            self.page_actions.append(act)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.act_new_profile)
        file_menu.addAction(self.act_edit_profile)
        file_menu.addAction(self.act_duplicate_profile)
        file_menu.addAction(self.act_delete_profile)
        file_menu.addSeparator()
        file_menu.addAction(self.act_sandbox)
        file_menu.addAction(self.act_sandbox_controls)
        file_menu.addSeparator()
        file_menu.addAction(self.act_backups)
        file_menu.addSeparator()
        file_menu.addAction(self.act_preferences)
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)
        tokens = bar.addMenu("&Tokens")
        for action in self.wizard_actions.values():
            tokens.addAction(action)
        view = bar.addMenu("&View")
        for action in self.page_actions:
            view.addAction(action)
        view.addSeparator()
        view.addAction(self.act_audit_log)
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.act_about)

    def _build_toolbar(self) -> None:
        from capture_desktop.ui.toolbar import build_toolbar

        self.toolbar, self.profile_box = build_toolbar(self)
        self.profile_box.currentIndexChanged.connect(self._on_switch)
        self.addToolBar(self.toolbar)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        status.setObjectName("StatusBar")
        self.banner = EnvironmentBanner()
        self.banner.setAccessibleName("Environment")
        self.where = QLabel()
        self.where.setAccessibleDescription("Connected to")
        self.activity = QLabel()
        self.activity.setAccessibleDescription("Activity")
        self.keyring_note = QLabel()
        self.keyring_note.setAccessibleDescription("Keyring state")
        self.keyring_note.setStyleSheet(f"color: {text_colour('error')};")
        status.addWidget(self.banner)
        status.addWidget(self.where, 1)
        self.faults_note = QLabel()
        self.faults_note.setAccessibleDescription("Sandbox faults")
        self.faults_note.setStyleSheet("color: #c62828; font-weight: bold;")
        status.addPermanentWidget(self.faults_note)
        status.addPermanentWidget(self.keyring_note)
        status.addPermanentWidget(self.activity)

    # -- reacting to the session --------------------------------------------------------
    def _reload_profiles(self) -> None:
        if self.toolbar is None:
            return
        self._switching = True
        try:
            self.profile_box.clear()
            for profile in self.session.profiles():
                self.profile_box.addItem(profile.name, profile.name)
            current = self.session.profile()
            if current is not None:
                self.profile_box.setCurrentIndex(self.profile_box.findData(current.name))
        finally:
            self._switching = False
        self._update_enabled()

    def _on_profiles_changed(self) -> None:
        self._on_profile_changed(self.session.profile())

    def _on_profile_changed(self, profile: Profile | None) -> None:
        self._reload_profiles()
        self.banner.set_profile(profile)
        if profile is None:
            self.where.setText("")
            self.setWindowTitle(APP_NAME)
        else:
            self.where.setText(f"  {profile.base_url}  ·  client {profile.client_id}")
            self.setWindowTitle(f"{profile.name} — {APP_NAME}")
        self.keyring_note.setText(
            "⚠ No system keyring: secrets cannot be stored" if self.session.keyring_problem else ""
        )
        self.keyring_note.setToolTip(self.session.keyring_problem or "")
        problem = self.session.keyring_problem
        self.keyring_banner.setVisible(bool(problem))
        if problem:
            self.keyring_banner.setText(
                "⚠ No system keyring: secrets and tokens cannot be saved. "
                + problem[0].upper()
                + problem[1:]
            )
        has = bool(self.session.profiles())
        if not self.session.loaded:
            self.root.setCurrentWidget(self.starting)
        else:
            self.ensure_pages()
            self.root.setCurrentWidget(self.workspace if has else self.welcome)
            if not has and self.session.keyring_problem and not self.welcome.status.text():
                self.welcome.status.setText(
                    "⚠ No system keyring was found. The sandbox works without one, but the "
                    "secrets of your own Capture application cannot be stored until a keyring "
                    "(e.g. GNOME Keyring) is installed and unlocked."
                )
        # The toolbar only makes sense with a profile; the welcome page has its own choices.
        if self.toolbar is not None:
            self.toolbar.setVisible(has)
        self._update_enabled()

    def _update_enabled(self) -> None:
        active = self.session.profile() is not None
        # Between the first page and the client (secret read, start_services), what calls
        # Capture waits: the Records page and the wizards.
        connecting = active and not self.session.connected
        for action in (self.act_edit_profile, self.act_duplicate_profile, self.act_delete_profile):
            action.setEnabled(active)
        for key, action in self.wizard_actions.items():
            # A wizard that cannot start now is off and names the feature the client lacks.
            action.setEnabled(self.session.may_start_wizard(key))
            action.setToolTip(self.session.wizard_needs(key))
        on_sandbox = bool(active and self.session.require_profile().sandbox)
        self.act_sandbox_controls.setVisible(on_sandbox)
        self.faults_note.setVisible(on_sandbox)
        records = PAGES.index("Records")
        self.page_actions[records].setEnabled(not connecting)
        if self._pages_built:
            item = self.nav.item(records)
            enabled = item.flags() | Qt.ItemFlag.ItemIsEnabled
            item.setFlags(enabled if not connecting else enabled & ~Qt.ItemFlag.ItemIsEnabled)
            item.setToolTip("Connecting…" if connecting else "")

    def _on_switch(self, index: int) -> None:
        if self._switching or index < 0:
            return
        name = self.profile_box.itemData(index)
        current = self.session.profile()
        if current is None or current.name != name:
            self.session.runner.run(self.session.activate(name), name=f"activate:{name}")

    def _on_task_failed(self, name: str, exc: object) -> None:
        from capture_desktop.ui.errors import show_error

        if isinstance(exc, BaseException):
            show_error(self, exc)

    def _on_busy(self, busy: bool) -> None:
        self.activity.setText("Working…" if busy else "")

    # -- navigation used by other views -------------------------------------------------
    def show_page(self, index: int) -> None:
        self.ensure_pages()
        self.nav.setCurrentRow(index)

    def open_record(self, type_name: str, uuid: str, slot_id: str | None = None) -> None:
        self.build_deferred_views()
        self.show_page(PAGES.index("Records"))
        if not isinstance(self.records_view, QLabel):
            self.records_view.open_record(type_name, uuid, slot_id=slot_id)

    def start_access_token_wizard(self, type_name: str | None = None, selector: Any = None) -> None:
        self.start_wizard("access", preset_record=selector, type_name=type_name)

    def start_record_create(self, type_name: str, creation_slot_id: str | None = None) -> None:
        self.build_deferred_views()
        self.show_page(PAGES.index("Records"))
        if not isinstance(self.records_view, QLabel):
            self.records_view.start_create(type_name, creation_slot_id=creation_slot_id)

    def show_audit_log(self) -> QWidget:
        """The audit log viewer in its own window (one at a time)."""
        from capture_desktop.ui.audit_view import AuditLogView

        for window in self._windows:
            if isinstance(window, AuditLogView):
                window.raise_()
                window.activateWindow()
                return window
        view = AuditLogView(self.session)
        view.setWindowTitle(f"Audit log — {APP_NAME}")
        view.resize(900, 560)
        return self.keep(view)

    def open_backups_folder(self) -> None:
        from capture_desktop.store import paths

        open_folder(paths.data_dir() / "backups")

    # -- windows ------------------------------------------------------------------------
    def keep(self, window: QWidget) -> QWidget:
        """Keep a non-modal window alive until it is destroyed, then show it."""
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._windows.append(window)
        window.destroyed.connect(lambda *_: self._forget(window))
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def _forget(self, window: QWidget) -> None:
        if window in self._windows:
            self._windows.remove(window)

    def start_wizard(self, key: str, **kwargs: Any) -> QWidget | None:
        try:
            window = open_wizard(key, self.session, self, **kwargs)
        except Exception as exc:
            from capture_desktop.ui.errors import show_error

            log.exception("could not open the %s wizard", key)
            show_error(self, exc)
            return None
        if isinstance(window, QWidget):
            window.setWindowFlag(Qt.WindowType.Window, True)
            return self.keep(window)
        return None

    def new_profile(self) -> QWidget:
        from capture_desktop.ui.profile_wizard import ProfileWizard

        return self.keep(ProfileWizard(self.session, self))

    def edit_profile(self) -> QWidget | None:
        from capture_desktop.ui.profile_dialog import ProfileDialog

        profile = self.session.profile()
        if profile is None:
            return None
        return self.keep(ProfileDialog(self.session, profile, self))

    def duplicate_profile(self) -> None:
        profile = self.session.profile()
        if profile is not None:
            self.session.runner.run(self._duplicate(profile.name), name="profile:duplicate")

    async def _duplicate(self, name: str) -> None:
        copy = await self.session.duplicate_profile(name)
        await self.session.activate(copy.name)
        self.edit_profile()

    def delete_profile(self) -> QWidget | None:
        from capture_desktop.ui.profile_dialog import DeleteProfileConfirm

        profile = self.session.profile()
        if profile is None:
            return None
        return self.keep(DeleteProfileConfirm(self.session, profile.name, self))

    def show_preferences(self) -> QWidget:
        from capture_desktop.ui.preferences import PreferencesDialog

        return self.keep(PreferencesDialog(self.session, self))

    def show_sandbox_controls(self) -> QWidget | None:
        """The QA panel for the embedded sandbox (faults, lifetimes, one token's fate)."""
        from capture_desktop.ui.sandbox_controls import SandboxControlsPanel

        sandbox = self.session.sandbox
        if sandbox is None:
            return None
        for window in self._windows:
            if isinstance(window, SandboxControlsPanel):
                window.raise_()
                window.activateWindow()
                return window
        if self.sandbox_controls is None:
            from capture_desktop.services.sandbox_controls import SandboxControls

            self.sandbox_controls = SandboxControls(sandbox, self.session.tokens, self)
            self.sandbox_controls.changed.connect(self._on_sandbox_settings)
        panel = SandboxControlsPanel(self.session, self.sandbox_controls)
        panel.setWindowFlag(Qt.WindowType.Window, True)
        from capture_desktop.ui.a11y import report_as_dialog

        # A window of its own: a reader announces it as one, not as a "filler".
        report_as_dialog(panel)
        return self.keep(panel)

    def _on_sandbox_settings(self, _settings: object) -> None:
        faults = self.sandbox_controls.faults() if self.sandbox_controls is not None else []
        self.faults_note.setText("faults on: " + ", ".join(faults) if faults else "")

    def show_about(self) -> QWidget:
        from capture_desktop.ui.about import AboutDialog

        return self.keep(AboutDialog(self))

    def start_sandbox(self) -> None:
        if self.session.sandbox is None:
            from capture_desktop.services.sandbox_service import SandboxService

            self.session.sandbox = SandboxService()
        self.session.runner.run(self._start_sandbox(), name="sandbox:start")

    async def _start_sandbox(self) -> None:
        self.ensure_pages()
        self.welcome.set_busy(True, "Starting the built-in sandbox…")
        self.act_sandbox.setEnabled(False)
        try:
            if self.session.sandbox is not None:
                await self.session.sandbox.open_sandbox_profile(self.session)
        finally:
            self.welcome.set_busy(False)
            self.act_sandbox.setEnabled(True)

    # -- quitting -----------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        from capture_desktop.ui.unsaved_tokens import guard_quit

        if guard_quit(self, self.session, event):
            return
        for window in list(self._windows):
            window.close()
        self.quit_requested.emit()
        super().closeEvent(event)
