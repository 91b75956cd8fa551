"""What the flow wizards show, without Qt: secrets masked by the core's rule and mask."""

from __future__ import annotations

from capture_desktop.redaction import MASK
from capture_desktop.services.flow_display import mask, pretty, redact, redact_url


def test_redaction_masks_secrets_at_any_depth() -> None:
    data = {
        "access_token": "tok-123",
        "nested": [{"refresh_token": "ref-456", "email": "a@example.com"}],
        "authorizationCode": "code-789",
    }
    shown = str(redact(data))
    for secret in ("tok-123", "ref-456", "code-789"):
        assert secret not in shown
    assert "a@example.com" in shown
    url = redact_url("http://127.0.0.1:5/callback?code=abc123&state=xyz")
    assert "abc123" not in url and "state=xyz" in url


def test_masks_say_a_value_arrived_but_never_show_it() -> None:
    assert mask("c0de-1234") == f"{MASK} (9 chars)"
    assert mask("hunter2", "currentPassword") == MASK  # a password's length says too much
    assert mask(None) == "(empty)"
    assert mask(MASK) == MASK  # already masked by the request log: not "3 chars"
    shown = pretty({"code": 420, "refresh_token": "r-1", "transaction_state": {"ticket": "QA"}})
    assert '"code": 420' in shown  # Capture's error code stays readable
    assert "r-1" not in shown and '"ticket": "QA"' in shown
