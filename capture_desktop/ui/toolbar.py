"""The main window's toolbar: the profile switcher, profile management and the flow wizards."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QComboBox, QLabel, QMenu, QToolBar, QToolButton

from capture_desktop.ui.icons import icon

MENU_ARROW_STYLE = (
    "QToolButton { padding-right: 16px; }"
    "QToolButton::menu-indicator { subcontrol-origin: padding;"
    " subcontrol-position: center right; right: 3px; }"
)


def build_toolbar(window: Any) -> tuple[QToolBar, QComboBox]:
    """Build the toolbar from ``window``'s actions; returns it and the profile switcher."""
    from PySide6.QtCore import Qt

    bar = QToolBar("Main toolbar")
    bar.setObjectName("MainToolbar")
    bar.setMovable(False)
    bar.setIconSize(QSize(20, 20))
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    label = QLabel(" Profile ")
    bar.addWidget(label)
    profile_box = QComboBox()
    profile_box.setObjectName("ProfileSwitcher")
    profile_box.setAccessibleName("Connection profile")
    profile_box.setToolTip("The connection profile every view uses")
    profile_box.setMinimumWidth(240)
    profile_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    label.setBuddy(profile_box)
    bar.addWidget(profile_box)
    manage = QToolButton()
    manage.setText("Manage")
    manage.setIcon(icon("settings"))
    manage.setAccessibleDescription("Manage profiles")
    manage.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    manage.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    menu = QMenu(manage)
    for action in (
        window.act_new_profile,
        window.act_edit_profile,
        window.act_duplicate_profile,
        window.act_delete_profile,
    ):
        menu.addAction(action)
    manage.setMenu(menu)
    bar.addWidget(manage)
    bar.addSeparator()
    for key in ("access", "browser", "creation"):
        bar.addAction(window.wizard_actions[key])
    more = QToolButton()
    more.setText("More")
    more.setAccessibleDescription("More token flows")
    more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    more_menu = QMenu(more)
    more_menu.addAction(window.wizard_actions["native"])
    more.setMenu(more_menu)
    bar.addWidget(more)
    for button in (manage, more):
        # The style puts an instant popup's arrow in the bottom corner, below the text;
        # centre it vertically beside the text instead.
        button.setStyleSheet(MENU_ARROW_STYLE)
    for button in bar.findChildren(QToolButton):
        if not button.accessibleName() and button.defaultAction() is not None:
            button.setAccessibleName(button.defaultAction().text().rstrip("…"))
    return bar, profile_box
