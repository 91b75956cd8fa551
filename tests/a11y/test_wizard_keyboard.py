"""Focus order in the wizards (item 4, WCAG 2.4.3): a step starts on its first field, Tab
follows the reading order (fields and actions, then the read-only request and response
panes, then Back / Next / Cancel), and no unnamed container sits in the cycle."""

from __future__ import annotations

import pytest

from tests.a11y.desktop import Desktop, Node

pytestmark = pytest.mark.a11y


def _cycle(app: Desktop, start: Node, limit: int = 30) -> list[Node]:
    stops = [start]
    for _ in range(limit):
        app.key("Tab")
        now = app.focus()
        assert now is not None, f"Tab reached something a reader cannot see after {stops}"
        if now.path == start.path:
            return stops
        stops.append(now)
    raise AssertionError(f"Tab never came back to {start}: {stops}")


@pytest.mark.parametrize(
    ("shortcut", "title"),
    [("ctrl+t", "Get an access token"), ("ctrl+k", "Get a creation token")],
)
def test_first_step_reading_order(sandbox_app: Desktop, shortcut: str, title: str) -> None:
    sandbox_app.key(shortcut)
    sandbox_app.focus_window(title)
    start = sandbox_app.wait_focus("the step's first field", lambda n: n.role != "filler")
    assert start.role in {"combo box", "text", "push button", "radio button"}, start
    assert "read only" not in start.states, start
    stops = _cycle(sandbox_app, start)
    roles = [n.role for n in stops]
    assert "filler" not in roles, stops
    panes = [i for i, n in enumerate(stops) if "read only" in n.states]
    cancel = next(i for i, n in enumerate(stops) if n.name == "Cancel")
    fields = [i for i, n in enumerate(stops) if "read only" not in n.states and i < cancel]
    assert panes, stops
    assert max(fields) < min(panes) < cancel, [(n.role, n.name) for n in stops]
