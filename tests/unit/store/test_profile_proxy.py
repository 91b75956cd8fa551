"""The profile's proxy setting: stored with the profile, validated, never holding a password."""

from __future__ import annotations

from pathlib import Path

import pytest

from capture_desktop.api.transport import describe_proxy
from capture_desktop.store.profiles import Profile, ProfileStore


def _profile(proxy: str) -> Profile:
    return Profile(name="Corp", base_url="https://c.example", client_id="cid", proxy=proxy)


@pytest.mark.parametrize("proxy", ["system", "none", "http://proxy.corp:3128", "https://p.corp"])
def test_the_proxy_setting_round_trips_through_the_file(tmp_path: Path, proxy: str) -> None:
    store = ProfileStore(tmp_path / "profiles.json")
    store.load()
    store.put(_profile(proxy))
    again = ProfileStore(tmp_path / "profiles.json")
    assert again.load()[0].proxy == proxy


def test_an_older_profile_without_the_setting_uses_the_system_proxy() -> None:
    data = _profile("none").to_dict()
    del data["proxy"]
    assert Profile.from_dict(data).proxy == "system"


@pytest.mark.parametrize(
    ("proxy", "reason"),
    [
        ("http://user:pw@proxy.corp:3128", "credentials"),
        ("socks5://proxy.corp", "'system', 'none' or a URL"),
        ("proxy.corp:3128", "'system', 'none' or a URL"),
        ("http://proxy.corp/path", "no path"),
    ],
)
def test_unusable_proxy_settings_are_refused(proxy: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        _profile(proxy)


def test_a_proxy_setting_that_is_not_text_is_refused() -> None:
    data = _profile("none").to_dict()
    data["proxy"] = 3128
    with pytest.raises(ValueError, match="must be text"):
        Profile.from_dict(data)


def test_the_status_text_names_only_the_proxy_host(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("https_proxy", "http://me:hunter22@proxy.corp:8080")
    assert describe_proxy("system") == "system proxy (proxy.corp:8080)"
    assert describe_proxy("none") == "no proxy"
    assert describe_proxy("http://p.corp:3128") == "proxy p.corp:3128"
