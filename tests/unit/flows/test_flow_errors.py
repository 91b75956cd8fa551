"""The wizards' error explanations, without Qt: each names the problem and what to do."""

from __future__ import annotations

from capture_desktop.api.errors import ApiError
from capture_desktop.auth.callback import CallbackRefused, SignInDenied
from capture_desktop.auth.loopback import PortBusy
from capture_desktop.services.flow_errors import explain


def test_explanations_name_the_problem() -> None:
    cancelled = explain(SignInDenied("access_denied", "user pressed cancel"))
    assert cancelled.title == "You cancelled sign-in"
    busy_port = explain(PortBusy([8765]))
    assert "8765" in busy_port.title
    refused = explain(CallbackRefused("wrong_state"))
    assert "does not belong" in refused.title
    mismatch = ApiError.from_payload(
        {"code": 420, "error": "redirect_uri_mismatch", "request_id": "abcdefgh12345678"}, 400
    )
    info = explain(mismatch, issued_redirect_uri="http://a/cb", sent_redirect_uri="http://b/cb")
    assert "http://a/cb" in info.meaning and "http://b/cb" in info.meaning
    assert ("Request ID", "abcdefgh12345678") in info.details
    rejected = explain(SignInDenied("invalid_request", "bad scope"))
    assert rejected.title == "The redirect carried no code"
    assert ("Server said", "bad scope") in rejected.details
    expired = explain(ApiError.from_payload({"code": 415, "error": "authorization_code_expired"}))
    assert "has expired (error 415)" in expired.title
    spent = explain(ApiError.from_payload({"code": 417, "error": "creation_token_expired"}))
    assert "creation token has expired" in spent.title
