"""The frame every flow wizard shares: header with step trail, page stack, footer, tasks.

A wizard is a non-modal top-level window. Its steps start coroutines through the session's
``TaskRunner`` (so failures reach the app's one error signal and quitting cancels them) and
own the async resources they open (a loopback receiver); Cancel, or closing the window,
cancels the tasks and runs the cleanups, then emits ``closed``. Nothing here blocks or nests
a loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from capture_desktop.services.flows import FlowService, FlowState, IssuedCreation, IssuedToken
from capture_desktop.services.tasks import OwnedTasks
from capture_desktop.ui.a11y import order_step_focus, report_as_dialog
from capture_desktop.ui.status import EnvironmentBanner
from capture_desktop.ui.wizards.result_step import ResultStep
from capture_desktop.ui.wizards.step import StepPage
from capture_desktop.ui.wizards.widgets import CountdownLabel, add_heading

if TYPE_CHECKING:
    from capture_desktop.services.session import Session

log = logging.getLogger("capture_desktop.ui.wizards")

Cleanup = Callable[[], Awaitable[None]]


class WizardBase(QWidget):
    """Header, step trail, stacked pages and Cancel / Back / Next footer.

    The base also owns what every run shares: the steps' ``state``, the ``flows`` service,
    the stored ``result`` (once stored there is no going back) and the result page.
    """

    closed = Signal()  # after Cancel/close: tasks cancelled, receivers stopped
    finished = Signal(object)  # Finish pressed: the slot id stored by this run, or None

    def __init__(
        self, session: Session, title: str, subtitle: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        report_as_dialog(self)
        self.session = session
        self.flows = FlowService(session)
        self.state = FlowState(type_name=self.flows.default_type())
        self.result: IssuedToken | IssuedCreation | None = None
        self.result_step: ResultStep | None = None
        self.tasks = OwnedTasks(session.runner)
        self._cleanups: list[Cleanup] = []
        self._closing: asyncio.Task[None] | None = None
        self.is_closed = False
        self.pages: list[StepPage] = []
        # Every API call made while this wizard is open: the run an "Export for a ticket…"
        # on the result page writes out.
        self.run_events: list[Any] = []
        self._logged = getattr(session, "request_logged", None)
        if self._logged is not None:
            self._logged.connect(self._record_event)

        layout = QVBoxLayout(self)
        # Which environment this window acts on, and the red warning of an insecure profile:
        # the same pills as the main window's status bar, since a wizard is its own window.
        self.environment = EnvironmentBanner()
        self.environment.set_profile(session.profile())
        layout.addWidget(self.environment, 0, Qt.AlignmentFlag.AlignLeft)
        add_heading(layout, "h2", title, "Wizard title", subtitle)
        self._trail = QLabel()
        self._trail.setAccessibleDescription("Steps")
        self._trail.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self._trail)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        layout.addWidget(line)
        self.stack = QStackedWidget()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a container, not a Tab stop
        scroll.setWidget(self.stack)
        layout.addWidget(scroll, 1)

        footer = QHBoxLayout()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleDescription("Cancel wizard")
        self.cancel_button.setToolTip("Stop this flow, close the receiver and any request (Esc)")
        self.cancel_button.clicked.connect(self.cancel)
        self.back_button = QPushButton("‹ Back")
        self.back_button.setAccessibleName("Back")
        self.back_button.clicked.connect(self.back)
        self.next_button = QPushButton("Next ›")
        self.next_button.setAccessibleName("Next")
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self.next)
        footer.addWidget(self.cancel_button)
        footer.addStretch(1)
        footer.addWidget(self.back_button)
        footer.addWidget(self.next_button)
        layout.addLayout(footer)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.cancel)
        self.resize(900, 680)

    def _record_event(self, event: Any) -> None:
        self.run_events.append(event)

    # -- pages ---------------------------------------------------------------------------
    def add_page(self, page: StepPage) -> StepPage:
        self.pages.append(page)
        self.stack.addWidget(page)
        page.complete_changed.connect(lambda _c: self._update_buttons())
        self._update_buttons()
        return page

    def add_steps(self, *pages: StepPage, result_page: bool = False) -> None:
        """The run's steps in order (then, for a token wizard, the result page); the first
        one shows."""
        for page in pages:
            self.add_page(page)
        if result_page:
            self.add_result_page()
        self.go_to(0)

    def add_result_page(self) -> ResultStep:
        """The last page of a token wizard: what was stored, shown once it is."""
        self.result_step = ResultStep(self)
        self.add_page(self.result_step)
        return self.result_step

    def set_result(self, result: IssuedToken | IssuedCreation) -> None:
        """A step stored something: remember it (the run cannot go back past it)."""
        self.result = result
        self._update_buttons()

    @property
    def slot_id(self) -> str | None:
        """The slot this run stored, if any."""
        return self.result.slot_id if self.result is not None else None

    def current_index(self) -> int:
        return self.stack.currentIndex()

    def current_page(self) -> StepPage:
        return self.pages[self.stack.currentIndex()]

    def go_to(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        page = self.pages[index]
        page.on_enter()
        if page is self.result_step and isinstance(self.result, IssuedToken):
            self.result_step.show_result(self.result)
            self.cancel_button.setEnabled(False)
        self._update_buttons()
        footer = [self.back_button, self.next_button, self.cancel_button]
        order_step_focus(self.pages[index], footer)

    def next(self) -> None:
        index = self.current_index()
        if index == len(self.pages) - 1:
            self.finish()
        elif self.current_page().is_complete():
            self.go_to(index + 1)

    def back(self) -> None:
        if self.current_index() > 0:
            self.go_to(self.current_index() - 1)

    def can_go_back(self, index: int) -> bool:
        """Once something is stored there is nothing to redo; going back would only confuse."""
        return index > 0 and self.result is None

    def _update_buttons(self) -> None:
        if not self.pages:
            return
        index = self.current_index()
        last = index == len(self.pages) - 1
        self.back_button.setEnabled(self.can_go_back(index))
        self.next_button.setText("Finish" if last else "Next ›")
        self.next_button.setAccessibleName("Finish" if last else "Next")  # as it reads
        self.next_button.setEnabled(last or self.pages[index].is_complete())
        trail = []
        for i, page in enumerate(self.pages):
            label = f"{i + 1}. {page.title}"
            if i == index:
                trail.append(f"<b><u>{label}</u></b>")  # the current step: bold, underlined
            else:
                trail.append(f"<span style='color:palette(placeholder-text)'>{label}</span>")
        self._trail.setText("  ›  ".join(trail))

    def finish(self) -> None:
        """Finish on the last page: report the stored slot (if any), then close."""
        self.finished.emit(self.slot_id)
        self.close()

    # -- tasks and cleanup ---------------------------------------------------------------
    def spawn(self, coro: Coroutine[Any, Any, Any], name: str) -> asyncio.Task[Any]:
        """Start ``coro`` on the session's runner, owned by this wizard: cancelled on Cancel,
        close and quit; a failure goes to the runner's ``failed`` and is shown inline too."""
        task = self.tasks.run(coro, name=f"wizard:{name}")
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        if task.cancelled() or self.is_closed:
            return
        exc = task.exception()
        if exc is not None:
            # Steps catch their own errors; this is the safety net, shown where it happened.
            self.current_page().error.show_error(exc)

    def running_tasks(self) -> list[asyncio.Task[Any]]:
        return self.tasks.running()

    def add_cleanup(self, cleanup: Cleanup) -> None:
        self._cleanups.append(cleanup)

    def cancel(self) -> None:
        """Stop everything this wizard started and close it."""
        self.close()

    async def aclose(self) -> None:
        """Close the window and wait until tasks are cancelled and receivers stopped."""
        self.close()
        if self._closing is None:  # close() was vetoed or the window never showed
            self._begin_shutdown()
        if self._closing is not None:
            await asyncio.shield(self._closing)

    def _begin_shutdown(self) -> None:
        """Cancel the steps' tasks now; close receivers in a runner task (it needs awaits)."""
        if self.is_closed:
            return
        self.is_closed = True
        if self._logged is not None:
            with contextlib.suppress(RuntimeError, TypeError):  # already gone with the session
                self._logged.disconnect(self._record_event)
            self._logged = None
        self._stop_timers()
        stopping = self.tasks.cancel()
        try:
            loop = asyncio.get_event_loop()
        except RuntimeError:  # no loop any more (app teardown): nothing left to run
            return
        if not loop.is_closed():
            name = f"wizard:{self.objectName() or 'wizard'}:close"
            # Not one of self.tasks (it must not cancel itself); on quit the runner waits
            # for it, so no receiver outlives the window.
            self._closing = self.tasks.runner.run(
                self._shutdown(stopping), name=name, finish_on_quit=True
            )

    async def _shutdown(self, stopping: list[asyncio.Task[Any]]) -> None:
        try:
            if stopping:
                await asyncio.gather(*stopping, return_exceptions=True)
        finally:
            cleanups, self._cleanups = self._cleanups, []
            for cleanup in reversed(cleanups):
                try:
                    await cleanup()
                except Exception:
                    log.exception("wizard cleanup failed")
            # The main window may have set WA_DeleteOnClose: Qt can already have deleted the
            # window while the cleanups ran. The receiver is closed either way.
            try:
                self.closed.emit()
                # Closed wizards are not reused; free the window.
                self.deleteLater()
            except RuntimeError:
                pass

    def _stop_timers(self) -> None:
        # Live countdowns tick every 250 ms; stop them before the window goes away.
        try:
            for label in self.findChildren(CountdownLabel):
                label.stop()
        except RuntimeError:  # already deleted by WA_DeleteOnClose
            pass

    def closeEvent(self, event: QCloseEvent) -> None:
        self._begin_shutdown()
        super().closeEvent(event)
