"""The core rule for drafts: no value under a secret-looking name or at a secret path is
kept, at any depth; restoring puts the record's own values back."""

from __future__ import annotations

from typing import Any

import pytest

from capture_desktop.redaction import (
    is_secret_name,
    restore_secret_values,
    without_secret_values,
)


@pytest.mark.parametrize(
    "name",
    ["password", "newPassword", "pin", "recoveryPIN", "pin_code", "accessToken", "secret",
     "passcode", "api_key", "otpSeed", "cvv"],
)  # fmt: skip
def test_secret_looking_names(name: str) -> None:
    assert is_secret_name(name)


@pytest.mark.parametrize("name", ["shipping", "spinner", "givenName", "email", "opinion", "id"])
def test_ordinary_names(name: str) -> None:
    assert not is_secret_name(name)


def test_drafts_keep_no_secret_at_any_depth() -> None:
    record: dict[str, Any] = {
        "givenName": "Dave",
        "pin": "1234",
        "profiles": [{"id": 3, "domain": "x", "accessToken": "tok"}],
        "primaryAddress": {"city": "Oslo", "answer": "typed-into-a-masked-field"},
    }
    kept, dropped = without_secret_values(record, ["primaryAddress.answer"])
    assert kept == {
        "givenName": "Dave",
        "profiles": [{"id": 3, "domain": "x"}],
        "primaryAddress": {"city": "Oslo"},
    }
    assert dropped == ["pin", "primaryAddress.answer", "profiles[0].accessToken"]
    deep: dict[str, Any] = {"password": "p"}
    for _ in range(5000):
        deep = {"n": deep}
    kept_deep, dropped_deep = without_secret_values(deep)
    while "n" in kept_deep:
        kept_deep = kept_deep["n"]
    assert kept_deep == {} and dropped_deep == [".".join(["n"] * 5000 + ["password"])]


def test_restoring_puts_back_the_loaded_secret_values() -> None:
    base = {"pin": "1234", "profiles": [{"id": 3, "accessToken": "tok"}], "givenName": "D"}
    draft = {"profiles": [{"id": 3}], "givenName": "Dave"}
    assert restore_secret_values(draft, base) == {
        "pin": "1234",
        "profiles": [{"id": 3, "accessToken": "tok"}],
        "givenName": "Dave",
    }
