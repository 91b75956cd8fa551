"""What every wizard gets from the shared frame: its steps in order, the result page, and
steps that reach the wizard's flows and shared state."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QPushButton

from capture_desktop.ui.wizards.base import WizardBase
from capture_desktop.ui.wizards.result_step import ResultStep
from capture_desktop.ui.wizards.step import WizardStep


async def test_steps_are_added_in_order_with_the_result_page_last(session: Any) -> None:
    wizard = WizardBase(session, "A wizard", "Its subtitle")
    first = WizardStep(wizard, "First", "The first step.")
    second = WizardStep(wizard, "Second", "The second step.", with_io=False)
    assert (first.wizard, first.flows, first.state) == (wizard, wizard.flows, wizard.state)
    assert second.request.isHidden() and second.response.isHidden()
    wizard.add_steps(first, second, result_page=True)
    assert [page.title for page in wizard.pages] == ["First", "Second", "Result"]
    assert isinstance(wizard.pages[-1], ResultStep) and wizard.result_step is wizard.pages[-1]
    assert wizard.current_index() == 0 and wizard.current_page() is first
    assert not wizard.back_button.isEnabled()
    await wizard.aclose()


async def test_a_step_adds_rows_and_a_status_line_to_its_body(session: Any) -> None:
    wizard = WizardBase(session, "A wizard", "Its subtitle")
    step = WizardStep(wizard, "Only", "The only step.")
    button = QPushButton("Go")
    row = step.add_row(button)
    status = step.add_status("Step status")
    assert row.itemAt(0).widget() is button
    assert step.body.itemAt(step.body.count() - 1).widget() is status
    assert status.accessibleDescription() == "Step status" and status.text() == ""
    wizard.add_steps(step)
    assert [page.title for page in wizard.pages] == ["Only"]  # no result page unless asked
    assert wizard.next_button.text() == "Finish"
    await wizard.aclose()
