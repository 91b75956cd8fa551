"""The filter builder from the keyboard (item 5): a new condition row takes focus, sits in the
Tab order where it appears on screen (before "Add condition"), and its drop-downs say what
they are, not only their value ("email", "=")."""

from __future__ import annotations

import pytest

from tests.a11y.desktop import Desktop

pytestmark = pytest.mark.a11y


def test_new_condition_row_takes_focus_in_reading_order(sandbox_app: Desktop) -> None:
    sandbox_app.key("ctrl+2")
    sandbox_app.tab_until("Add condition", lambda n: n.name == "Add condition")
    sandbox_app.key("space")
    attribute = sandbox_app.wait_focus("the new row", lambda n: n.role == "combo box")
    assert (attribute.name, attribute.description) == ("email", "Attribute")
    sandbox_app.key("Tab")
    operator = sandbox_app.wait_focus("the operator", lambda n: n.path != attribute.path)
    assert (operator.role, operator.description) == ("combo box", "Operator")
    sandbox_app.key("Tab")
    sandbox_app.wait_focus("the value", lambda n: n.role == "text" and n.name == "Value")
    sandbox_app.key("Tab")
    sandbox_app.wait_focus("the row's Remove", lambda n: n.name == "Remove")
    sandbox_app.key("Tab")
    sandbox_app.wait_focus("Add condition again", lambda n: n.name == "Add condition")
