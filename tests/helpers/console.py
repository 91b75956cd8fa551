"""Reading the request console as a user sees it."""

from __future__ import annotations

from capture_desktop.ui.console.model import COLUMNS
from capture_desktop.ui.console.view import ConsoleView


def table_text(view: ConsoleView) -> str:
    """Every cell of the console's table as shown (after its filter), one per line."""
    return "\n".join(
        str(view.proxy.index(r, c).data())
        for r in range(view.proxy.rowCount())
        for c in range(len(COLUMNS))
    )
