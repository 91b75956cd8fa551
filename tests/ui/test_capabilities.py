"""Which URLs may carry a client secret, and what features allow."""

from __future__ import annotations

import pytest

from capture_desktop.services.capabilities import (
    can_write_records,
    describe_features,
    is_insecure,
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
    assert is_insecure(url)
    assert not is_insecure("http://127.0.0.1:9")


def test_features_in_words() -> None:
    lines = describe_features(["direct_read_access"])
    assert lines == ["direct_read_access: Reads every user record (read-only)."]
    assert not can_write_records(["direct_read_access"])
    assert can_write_records(["owner"])
