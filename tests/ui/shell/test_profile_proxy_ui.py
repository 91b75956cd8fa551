"""The proxy setting in the profile form and in the status bar."""

from __future__ import annotations

import dataclasses

import pytest
from pytestqt.qtbot import QtBot

from capture_desktop.store.profiles import Profile
from capture_desktop.ui.profile_form import ConnectionSection
from capture_desktop.ui.status import EnvironmentBanner


def test_the_form_offers_system_none_or_a_url_and_refuses_credentials(qtbot: QtBot) -> None:
    section = ConnectionSection()
    qtbot.addWidget(section)
    section.name.setText("Corp")
    section.base_url.setText("https://corp.example")
    assert section.values()["proxy"] == "system"
    assert section.problem() is None

    section.proxy.choice.setCurrentIndex(section.proxy.choice.findData("url"))
    assert "proxy URL" in (section.problem() or "")
    section.proxy.url.setText("http://me:pw@proxy.corp:3128")
    assert "credentials" in (section.problem() or "")
    section.proxy.url.setText("http://proxy.corp:3128")
    assert section.problem() is None
    profile = Profile(**section.values(), client_id="cid")
    assert profile.proxy == "http://proxy.corp:3128"

    again = ConnectionSection()
    qtbot.addWidget(again)
    again.load(profile)
    assert again.values()["proxy"] == "http://proxy.corp:3128"


def test_the_status_bar_names_the_profile_proxy(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    banner = EnvironmentBanner()
    qtbot.addWidget(banner)
    banner.show()
    base = Profile(name="Corp", base_url="https://c.example", client_id="cid")
    banner.set_profile(dataclasses.replace(base, proxy="http://p.corp:3128"))
    assert banner.proxy.text() == "Proxy: proxy p.corp:3128"
    banner.set_profile(dataclasses.replace(base, proxy="none"))
    assert banner.proxy.text() == "Proxy: no proxy"
    monkeypatch.setenv("https_proxy", "http://user:secret-pw@sys.corp:8080")
    banner.set_profile(base)
    assert banner.proxy.text() == "Proxy: system proxy (sys.corp:8080)"
    banner.set_profile(None)
    assert banner.proxy.isHidden()
