"""Read an app's accessibility tree over AT-SPI, as a screen reader does; print JSON.

Runs under the system Python (``/usr/bin/python3`` with Debian's ``python3-pyatspi``), not the
project's venv. Usage: ``atspi_probe.py tree PID`` (the app's windows and their trees) or
``atspi_probe.py focused PID`` (the focused object) or ``atspi_probe.py events PID SECONDS``
(the announcement, name-change and focus events the app raises, as JSON lines; a reader
tracks focus by these events, and an in-place cell editor is only found that way).
"""

from __future__ import annotations

import json
import sys
from typing import Any

import pyatspi

# Containers whose children are cells: their rows are counted, not walked (a results page has
# hundreds of cells, and a reader walks them lazily too).
TABLES = {"table", "tree table", "tree", "list"}
MAX_DEPTH = 40


def _role(acc):
    return acc.getRoleName()


def _states(acc):
    states = acc.getState().getStates()
    return sorted(pyatspi.stateToString(s).replace("-", " ") for s in states)


def _text(acc):
    try:
        text = acc.queryText()
    except NotImplementedError:
        return None
    return text.getText(0, -1)


def _attrs(acc):
    try:
        return dict(a.split(":", 1) for a in acc.getAttributes() if ":" in a)
    except Exception:  # no attributes interface: nothing to read
        return {}


def node(acc, path, depth=0, cells=False):
    role = _role(acc)
    data = {
        "role": role,
        "name": acc.name or "",
        "description": acc.description or "",
        "states": _states(acc),
        "text": _text(acc),
        "path": path,
        "toolkit_class": _attrs(acc).get("class", ""),
        "children": [],
        "rows": None,
    }
    if role in TABLES:
        try:
            data["rows"] = acc.queryTable().nRows
        except NotImplementedError:
            data["rows"] = acc.childCount
        if not cells:
            return data
    if depth >= MAX_DEPTH:
        return data
    for i in range(acc.childCount):
        child = acc.getChildAtIndex(i)
        if child is not None:
            data["children"].append(node(child, f"{path}/{i}", depth + 1, cells))
    return data


def app_for(pid):
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        app = desktop.getChildAtIndex(i)
        try:
            if app is not None and app.get_process_id() == pid:
                return app
        except Exception as exc:  # an app that went away while we looked
            print(f"skipped an application: {exc}", file=sys.stderr)
    return None


def tree(pid):
    app = app_for(pid)
    if app is None:
        return []
    return [node(app.getChildAtIndex(i), str(i)) for i in range(app.childCount)]


def _focused_in(acc, path, found, depth=0):
    states = acc.getState()
    if states.contains(pyatspi.STATE_FOCUSED):
        hit = node(acc, path, cells=False)
        hit["children"] = []
        found.append(hit)
    if depth >= MAX_DEPTH or _role(acc) in TABLES:
        return
    for i in range(acc.childCount):
        child = acc.getChildAtIndex(i)
        if child is not None and child.getState().contains(pyatspi.STATE_SHOWING):
            _focused_in(child, f"{path}/{i}", found, depth + 1)


def focused(pid):
    """Every showing object in the app's active window whose state says focused."""
    app = app_for(pid)
    found: list[dict[str, Any]] = []
    if app is None:
        return found
    for i in range(app.childCount):
        win = app.getChildAtIndex(i)
        if win is not None and win.getState().contains(pyatspi.STATE_ACTIVE):
            _focused_in(win, str(i), found)
    return found


EVENTS = (
    "object:announcement",
    "object:property-change:accessible-name",
    "object:state-changed:focused",
)


def events(pid, seconds):
    """Print the app's announcement and name-change events as JSON lines, for ``seconds``."""
    from gi.repository import GLib

    def on_event(event):
        try:
            if event.source.get_process_id() != pid:
                return
            role, name = event.source.getRoleName(), event.source.name or ""
        except Exception as exc:  # the source went away: still report the event
            role, name = "", f"<gone: {exc}>"
        said = event.any_data if isinstance(event.any_data, str) else ""
        row = {"type": event.type, "role": role, "name": name, "text": said, "on": event.detail1}
        print(json.dumps(row), flush=True)

    for kind in EVENTS:
        pyatspi.Registry.registerEventListener(on_event, kind)
    GLib.timeout_add(int(seconds * 1000), pyatspi.Registry.stop)
    GLib.idle_add(lambda: print("ready", flush=True) and False)
    pyatspi.Registry.start()


def main(argv):
    command, pid = argv[1], int(argv[2])
    if command == "tree":
        print(json.dumps(tree(pid)))
    elif command == "focused":
        print(json.dumps(focused(pid)))
    elif command == "events":
        events(pid, float(argv[3]))
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main(sys.argv)
