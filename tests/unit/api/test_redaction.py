"""Masking of secrets in parameters, headers, JSON, free text and log records."""

from __future__ import annotations

import logging

import pytest

from capture_desktop.api import (
    BasicAuth,
    CaptureClient,
    SecretMaskingFilter,
    install_log_redaction,
    mask_text,
    redact_headers,
    redact_json,
    redact_params,
)
from capture_desktop.redaction import register_secrets
from tests.unit.api.fakes import FakeCapture, make_client


def test_redact_params_by_key() -> None:
    redacted = redact_params(
        {"client_secret": "s", "access_token": "a", "refresh_token": "r", "code": "c",
         "creation_token": "t", "currentPassword": "p", "password_value": "v",
         "code_verifier": "x", "type_name": "user", "redirect_uri": "http://x"}
    )  # fmt: skip
    assert {k for k, v in redacted.items() if v != "***"} == {"type_name", "redirect_uri"}


def test_redact_headers_keeps_scheme_and_signature_client() -> None:
    assert redact_headers({"Authorization": "Basic abc=", "Date": "d"}) == {
        "Authorization": "Basic ***", "Date": "d",
    }  # fmt: skip
    assert redact_headers({"Authorization": "Signature cid:sig="}) == {
        "Authorization": "Signature cid:***"
    }
    assert redact_headers({"authorization": "OAuth tok"})["authorization"] == "OAuth ***"


def test_redact_json_is_deep_and_keeps_error_codes() -> None:
    payload = {"stat": "error", "code": 414, "results": [{"client_id": "c", "client_secret": "s"}],
               "result": {"password": "hash", "profiles": [{"accessToken": "x"}]},
               "authorizationCode": "ac"}  # fmt: skip
    out = redact_json(payload)
    assert out["code"] == 414 and out["results"][0] == {"client_id": "c", "client_secret": "***"}
    assert (
        out["result"]["password"] == "***" and out["result"]["profiles"][0]["accessToken"] == "***"
    )
    assert out["authorizationCode"] == "***" and payload["authorizationCode"] == "ac"


@pytest.mark.parametrize(
    "text",
    [
        "Authorization: Basic Y2lkOnNlY3JldA==",
        "Authorization: OAuth tok3n-value",
        "Authorization: Bearer tok3n-value",
        "client_secret=s3cr3t-v&x=1",
        "{'refresh_token': 'rt-abc', 'x': 1}",
        '{"currentPassword": "P@ss"}',
        "Signature cid:abcdEFGH1234=",
    ],
)
def test_mask_text_patterns(text: str) -> None:
    masked = mask_text(text)
    for secret in (
        "Y2lkOnNlY3JldA==",
        "tok3n-value",
        "s3cr3t-v",
        "rt-abc",
        "P@ss",
        "abcdEFGH1234=",
    ):
        assert secret not in masked
    assert "***" in masked


def test_registered_literals_are_masked_anywhere() -> None:
    register_secrets(["literal-canary-4242", "abc"])  # too short ones are ignored
    assert mask_text("oops: literal-canary-4242!") == "oops: ***!"
    assert mask_text("abc") == "abc"


def test_filter_masks_args_and_tracebacks(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("tests.redaction.example")
    masking = SecretMaskingFilter()
    logger.addFilter(masking)
    try:
        with caplog.at_level(logging.DEBUG, logger="tests.redaction.example"):
            logger.info("sending %s", {"client_secret": "filter-canary-1"})
            try:
                raise ValueError("access_token=filter-canary-2")
            except ValueError:
                logger.exception("failed")
    finally:
        logger.removeFilter(masking)
    assert "filter-canary-1" not in caplog.text and "filter-canary-2" not in caplog.text
    assert "***" in caplog.text


def test_install_log_redaction_on_handlers() -> None:
    handler = logging.StreamHandler()
    install_log_redaction(handler)
    install_log_redaction(handler)  # idempotent
    assert sum(isinstance(f, SecretMaskingFilter) for f in handler.filters) == 1


async def test_client_logs_are_masked_at_the_source(
    fake: FakeCapture, caplog: pytest.LogCaptureFixture
) -> None:
    fake.reply("/oauth/token", {"stat": "ok", "access_token": "log-canary-at", "refresh_token":
                                "log-canary-rt", "expires_in": 5})  # fmt: skip
    client, http = make_client(fake, BasicAuth("cid", "log-canary-secret"))
    with caplog.at_level(logging.DEBUG):
        async with http:
            tokens = await client.oauth_token(code="log-canary-code", redirect_uri="http://x/cb")
        logging.getLogger("capture_desktop.api").debug("got %r / %s", tokens, tokens.access_token)
    assert "oauth/token" in caplog.text
    for canary in ("log-canary-at", "log-canary-rt", "log-canary-secret", "log-canary-code"):
        assert canary not in caplog.text
    assert isinstance(client, CaptureClient)


def test_secrets_nested_in_json_parameters_are_masked() -> None:
    redacted = redact_params(
        {"attributes": '{"email":"a@b.c","password":"nested-canary-1"}',
         "all_attributes": '[{"password":"nested-canary-2"}]',
         "value": '"plain"', "filter": "{not json", "password_attribute": "password"}
    )  # fmt: skip
    assert redacted["attributes"] == '{"email":"a@b.c","password":"***"}'
    assert redacted["all_attributes"] == '[{"password":"***"}]'
    assert redacted["value"] == '"plain"' and redacted["filter"] == "{not json"
    assert redacted["password_attribute"] == "password"  # an attribute name, not a secret


def test_url_queries_and_fragments_are_dropped_from_free_text() -> None:
    from capture_desktop.redaction import hide_url_queries

    text = (
        "cannot open 'https://c.example/oauth/signin?state=s1&code_challenge=c1' or "
        "http://127.0.0.1:5000/callback#code=abc, and http://h.example/p stays"
    )
    assert hide_url_queries(text) == (
        "cannot open 'https://c.example/oauth/signin?…' or "
        "http://127.0.0.1:5000/callback?… and http://h.example/p stays"
    )


def test_redact_json_masks_whole_values_under_secret_keys() -> None:
    out = redact_json({"refresh_token": {"value": "r"}, "tokens": ("a", "b"), "code": 310,
                       "access_token": None, "password": "", "x": ({"code": "c0de"},)})  # fmt: skip
    assert out["refresh_token"] == "***" and out["tokens"] == "***"
    assert out["code"] == 310 and out["access_token"] is None and out["password"] == ""
    assert out["x"] == [{"code": "***"}]
