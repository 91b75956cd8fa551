"""The api package's view of ``capture_desktop.redaction``.

The masking code lives outside this package so that the app can mask its log handlers from
the first record without importing the client (and httpx) before its window paints. There is
one registry of secret literals: these names are the same objects.
"""

from __future__ import annotations

from capture_desktop.redaction import (
    LOGGER_NAME,
    MASK,
    SecretMaskingFilter,
    install_log_redaction,
    is_secret_key,
    mask_text,
    quiet_http_loggers,
    redact_headers,
    redact_json,
    redact_params,
    register_secrets,
)

__all__ = [
    "LOGGER_NAME",
    "MASK",
    "SecretMaskingFilter",
    "install_log_redaction",
    "is_secret_key",
    "mask_text",
    "quiet_http_loggers",
    "redact_headers",
    "redact_json",
    "redact_params",
    "register_secrets",
]
