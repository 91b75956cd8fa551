"""ProfileStore: versioned file, atomic writes, corrupt files kept aside, validation."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from capture_desktop.store import paths
from capture_desktop.store.jsonfile import StoreFileTooNew
from capture_desktop.store.profiles import (
    Profile,
    ProfileExists,
    ProfileFileCorrupt,
    ProfileNotFound,
    ProfileStore,
)


def _profile(name: str = "Sandbox", **kw: object) -> Profile:
    return Profile(name=name, base_url="http://127.0.0.1:8123", client_id="cid", **kw)  # type: ignore[arg-type]


@pytest.fixture
def store(tmp_path: Path) -> ProfileStore:
    return ProfileStore(tmp_path / "config" / "profiles.json")


def test_missing_file_is_an_empty_store(store: ProfileStore) -> None:
    assert store.load() == []
    assert not store.path.exists()


def test_round_trip_through_the_file(store: ProfileStore) -> None:
    prod = _profile(
        "Prod",
        auth_method="signed",
        environment="production",
        redirect_ports=[8400, 8401],
        redirect_host_form="localhost",
        redirect_path="/cb",
        ca_bundle="/etc/ca.pem",
    )
    store.put(prod)
    store.put(_profile("a-sandbox", sandbox=True, environment="sandbox"))
    doc = json.loads(store.path.read_text())
    assert doc["version"] == 1
    assert "secret" not in store.path.read_text().lower()
    again = ProfileStore(store.path)
    assert again.names() == ["a-sandbox", "Prod"]
    assert again.get("Prod") == prod
    assert again.get("Prod").colour == "#c62828"


def test_unknown_keys_from_a_newer_minor_version_are_ignored(store: ProfileStore) -> None:
    store.path.parent.mkdir(parents=True)
    data = {**_profile().to_dict(), "future_field": 1}
    store.path.write_text(json.dumps({"version": 1, "profiles": [data]}))
    assert store.load() == [_profile()]


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"\xff\xfe", b"[]", b'{"profiles": []}', b'{"version": 1, "profiles": {}}'],
)
def test_corrupt_file_is_kept_aside_and_reported(store: ProfileStore, content: bytes) -> None:
    store.path.parent.mkdir(parents=True)
    store.path.write_bytes(content)
    with pytest.raises(ProfileFileCorrupt) as info:
        store.load()
    kept = info.value.kept_at
    assert kept.read_bytes() == content
    assert kept.name.startswith("profiles.json.corrupt-")
    assert "kept as" in str(info.value)
    # The store goes on, empty, and the next save does not touch the kept copy.
    store.put(_profile())
    assert kept.read_bytes() == content
    assert ProfileStore(store.path).names() == ["Sandbox"]


def test_invalid_profile_entry_counts_as_corrupt(store: ProfileStore) -> None:
    store.path.parent.mkdir(parents=True)
    bad = {**_profile().to_dict(), "auth_method": "telepathy"}
    store.path.write_text(json.dumps({"version": 1, "profiles": [bad]}))
    with pytest.raises(ProfileFileCorrupt, match="invalid profile"):
        store.load()
    assert list(store.path.parent.glob("profiles.json.corrupt-*"))


def test_file_from_a_newer_version_is_left_untouched(store: ProfileStore) -> None:
    store.path.parent.mkdir(parents=True)
    store.path.write_text(json.dumps({"version": 99, "profiles": []}))
    with pytest.raises(StoreFileTooNew):
        store.load()
    with pytest.raises(StoreFileTooNew):
        store.put(_profile())
    assert json.loads(store.path.read_text())["version"] == 99


def test_write_is_atomic(store: ProfileStore, monkeypatch: pytest.MonkeyPatch) -> None:
    store.put(_profile("One"))
    before = store.path.read_bytes()

    def crash(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        store.put(_profile("Two"))
    monkeypatch.undo()
    assert store.path.read_bytes() == before
    assert [p.name for p in store.path.parent.iterdir()] == ["profiles.json"]


def test_get_delete_duplicate_rename(store: ProfileStore) -> None:
    store.put(_profile("A", redirect_ports=[9000]))
    copy = store.duplicate("A")
    assert copy.name == "A copy" and copy.redirect_ports == [9000]
    assert store.duplicate("A").name == "A copy 2"
    with pytest.raises(ProfileExists):
        store.duplicate("A", "A copy")
    store.put(_profile("B"), replace="A copy")
    assert store.names() == ["A", "A copy 2", "B"]
    with pytest.raises(ProfileExists):
        store.put(_profile("B"), replace="A")
    assert store.delete("B").name == "B"
    with pytest.raises(ProfileNotFound, match="No connection profile named 'B'"):
        store.get("B")
    with pytest.raises(ProfileNotFound):
        store.delete("B")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "name"),
        ("name", "a:b", "name"),
        ("name", " padded", "name"),
        ("base_url", "ftp://x", "base URL"),
        ("base_url", "no-scheme.example", "base URL"),
        ("client_id", " ", "client_id"),
        ("auth_method", "oauth", "authentication method"),
        ("environment", "staging", "environment"),
        ("redirect_host_form", "example.test", "127.0.0.1 or localhost"),
        ("redirect_ports", [0], "ports"),
        ("redirect_ports", [70000], "ports"),
        ("redirect_path", "callback", "path"),
        ("type_name", "", "type_name"),
    ],
)
def test_validation(field: str, value: object, message: str) -> None:
    kwargs: dict[str, object] = {"name": "X", "base_url": "https://app.example", "client_id": "c"}
    kwargs[field] = value
    with pytest.raises(ValueError, match=message):
        Profile(**kwargs)  # type: ignore[arg-type]


def test_paths_honour_capture_desktop_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAPTURE_DESKTOP_HOME", str(tmp_path / "home"))
    assert paths.config_dir() == tmp_path / "home" / "config"
    assert paths.data_dir() == tmp_path / "home" / "data"
    assert paths.profiles_file().parent.is_dir()
    assert paths.slots_file() == tmp_path / "home" / "data" / "token-slots.json"
    assert paths.cache_dir().is_dir() and paths.log_dir().is_dir()


def test_paths_default_to_platformdirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CAPTURE_DESKTOP_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    assert paths.config_dir() == tmp_path / "xdg-config" / "capture-desktop"
    assert paths.data_dir() == tmp_path / "xdg-data" / "capture-desktop"
