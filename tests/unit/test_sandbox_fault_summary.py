"""The status bar's words for what the sandbox controls changed (services.sandbox_admin)."""

from __future__ import annotations

from capture_desktop.services.sandbox_admin import active_faults

NORMAL = {
    "latency_ms": 0,
    "error_rate": 0.0,
    "error_code": 500,
    "drop_rate": 0.0,
    "rate_limit_per_second": None,
    "code_lifetime": 30,
    "access_token_lifetime": 3600,
    "creation_token_lifetime": 3600,
}
BASELINE = {"code_lifetime": 30, "access_token_lifetime": 3600, "creation_token_lifetime": 3600}


def test_nothing_listed_when_all_is_normal() -> None:
    assert active_faults(NORMAL, BASELINE) == []


def test_each_change_is_listed_in_plain_words() -> None:
    settings = {
        **NORMAL,
        "error_rate": 0.2,
        "error_code": 510,
        "latency_ms": 250,
        "drop_rate": 0.05,
        "rate_limit_per_second": 2.0,
        "access_token_lifetime": 60,
    }
    assert active_faults(settings, BASELINE) == [
        "510 at 20%",
        "latency 250 ms",
        "drops at 5%",
        "rate limit 2/s",
        "access token lives 60 s",
    ]


def test_lifetimes_count_against_the_start_up_values() -> None:
    started_short = {**BASELINE, "access_token_lifetime": 4}
    assert active_faults({**NORMAL, "access_token_lifetime": 4}, started_short) == []
