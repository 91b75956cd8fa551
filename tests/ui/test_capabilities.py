"""Which URLs may carry a client secret, and what features allow."""

from __future__ import annotations

import pytest

from capture_desktop.api.transport import is_insecure_transport
from capture_desktop.services.capabilities import (
    Permissions,
    describe_features,
    transport_problem,
)


@pytest.mark.parametrize(
    "url",
    [
        "https://app.janraincapture.com",
        "http://127.0.0.1:8000",
        "http://localhost:1",
        "http://[::1]:5",
    ],
)
def test_tls_or_loopback_is_accepted(url: str) -> None:
    assert transport_problem(url, allow_insecure=False) is None


def test_plain_http_to_a_remote_host_is_refused_unless_overridden() -> None:
    url = "http://capture.example.com"
    problem = transport_problem(url, allow_insecure=False)
    assert problem is not None and "clear text" in problem
    assert transport_problem(url, allow_insecure=True) is None
    assert is_insecure_transport(url)
    assert not is_insecure_transport("http://127.0.0.1:9")


def test_features_in_words() -> None:
    lines = describe_features(["direct_read_access"])
    assert lines == ["direct_read_access: Reads every user record (read-only)."]
    assert not Permissions.of(["direct_read_access"]).can_write
    assert Permissions.of(["owner"]).can_write


@pytest.mark.parametrize(
    ("features", "read", "write", "issue", "list_types"),
    [
        (["owner"], True, True, True, True),
        (["access_issuer"], False, False, True, False),
        (["direct_access"], True, True, True, False),
        (["direct_read_access"], True, False, False, False),
        (["login_client"], False, False, False, False),
        (None, True, True, True, True),
    ],
)
def test_one_permission_table(
    features: list[str] | None, read: bool, write: bool, issue: bool, list_types: bool
) -> None:
    perms = Permissions.of(features)
    assert (perms.can_read, perms.can_write, perms.can_issue_tokens, perms.can_list_types) == (
        read,
        write,
        issue,
        list_types,
    )
    assert perms.known is (features is not None)


def test_unknown_features_say_the_server_decides() -> None:
    assert Permissions(None).describe() == "Features unknown: acting with what the server allows"
