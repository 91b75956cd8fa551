"""Screenshots of the Records view: the browser with results, the editor with a diff, a 330
conflict, and the delete confirmation, against a throw-away sandbox with 2,000 extra users.

Run under Xvfb from the repo root:
    xvfb-run -a -s "-screen 0 1440x900x24" .venv/bin/python -m tests.e2e.records_screenshots
Writes resources/screenshots/records-*.png. Secrets live in an in-memory keyring; the sandbox
and the app's files live in a temporary folder that is removed afterwards.
"""

from __future__ import annotations

import asyncio
import os
import sys
from typing import Any

os.environ.setdefault("QT_API", "pyside6")

import qasync
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QWidget

from tests.e2e.screenshot_sandbox import sandbox_session, write_png
from tests.helpers.qt import wait_until
from tests.helpers.sandbox import sandbox_client

SIZE = (1280, 800)


async def settle() -> None:
    for _ in range(4):
        QApplication.processEvents()
        await asyncio.sleep(0.05)


async def shot(window: QWidget, name: str, dialog: QWidget | None = None) -> None:
    """Grab ``window``; a dialog is painted centred over a dimmed window, as the user sees it."""
    await settle()
    image = window.grab()
    if dialog is not None:
        over = dialog.grab()
        canvas = QPixmap(image.size())
        painter = QPainter(canvas)
        painter.drawPixmap(0, 0, image)
        painter.fillRect(canvas.rect(), QColor(0, 0, 0, 70))
        x = (image.width() - over.width()) // 2
        y = max(40, (image.height() - over.height()) // 2)
        painter.drawPixmap(QPoint(x, y), over)
        painter.end()
        image = canvas
    write_png(image, f"records-{name}.png")


def host_window(session: Any) -> tuple[QWidget, Any]:
    """The main window on its Records page when the shell is there; else the view alone."""
    try:
        from capture_desktop.ui.main_window import MainWindow

        window = MainWindow(session)
        window.show_page(1)
        return window, window.records_view
    except Exception as exc:  # the shell is someone else's and may be mid-change
        print("main window unavailable, using the Records view alone:", exc)
        from capture_desktop.ui.records.view import RecordsView

        view = RecordsView(session)
        return view, view


async def run(session: Any, owner: Any) -> None:
    from capture_desktop.api import RecordSelector
    from capture_desktop.ui.records.record_tree import COL_NAME, COL_VALUE

    window, view = host_window(session)
    window.resize(*SIZE)
    window.show()
    view.ensure_loaded()
    browser = view.browser
    await wait_until(lambda: bool(browser.schema.attrs), timeout=30)
    bar = browser.filter_bar
    bar.add_condition().set_condition("primaryAddress.country", "=", "Germany")
    bar.add_condition().set_condition("birthday", ">=", "1990-01-01")
    browser.search()
    await wait_until(lambda: not browser.model.loading and browser.model.rows, timeout=30)
    browser.table.resizeColumnsToContents()
    browser.table.selectRow(2)
    await shot(window, "browser")

    # The editor with a diff: a name fixed and a status added.
    alice = (await owner.entity_find("user", "email = 'alice@example.com'")).results[0]
    editor = view.open_record("user", alice["uuid"])
    await wait_until(lambda: bool(editor.original), timeout=30)
    tree = editor.tree
    for top in tree.top_items():
        if top.text(COL_NAME) in ("primaryAddress", "statuses"):
            top.setExpanded(True)
    given = next(i for i in tree.top_items() if i.text(COL_NAME) == "givenName")
    given.setText(COL_VALUE, "Alicia")
    statuses = next(i for i in tree.top_items() if i.text(COL_NAME) == "statuses")
    tree.setCurrentItem(statuses)
    element = tree.add_element(statuses)
    children = [element.child(n) for n in range(element.childCount())]
    status = next(c for c in children if c is not None and c.text(COL_NAME) == "status")
    status.setText(COL_VALUE, "vip")
    await shot(window, "editor")
    editor.review_and_save()
    await shot(window, "editor-diff", editor.dialog)
    editor.dialog.close()

    # A 330: someone else saved after we opened it.
    await owner.entity_update(
        "user", RecordSelector.by_uuid(alice["uuid"]), {"familyName": "Anders"}
    )
    editor.save("update", tree.record())
    await wait_until(lambda: not editor.conflict_notice.isHidden(), timeout=30)
    await shot(window, "conflict")
    editor.reload_and_compare()
    await wait_until(lambda: editor.dialog is not None and editor.dialog.isVisible(), timeout=30)
    await shot(window, "compare", editor.dialog)
    editor.dialog.close()

    # The delete confirmation, half typed.
    editor.delete_button.click()
    dialog = editor.dialog
    dialog.confirm_edit.setText("alice@exa")
    await shot(window, "delete", dialog)
    dialog.close()
    await settle()
    window.close()


async def main() -> int:
    import httpx

    async with (
        sandbox_session(seed_users=2000, start=True) as (session, server),
        httpx.AsyncClient() as http,
    ):
        await run(session, sandbox_client(http, server))
    return 0


if __name__ == "__main__":
    app = QApplication(sys.argv)
    sys.exit(qasync.run(main()))
