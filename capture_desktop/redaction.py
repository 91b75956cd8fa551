"""Masking of secrets before anything is logged, shown or copied.

Three layers: structured redaction by key (``redact_params``, ``redact_headers``,
``redact_json``) for request-log events; a registry of secret literals the client has seen
(credentials, tokens, codes) so that free text can be scrubbed even when the key is unknown;
and ``SecretMaskingFilter``, a ``logging.Filter`` that applies both to log records.
Thread-safe: the registry is guarded by a lock because logging may happen on any thread.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = [
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
    "registered_secrets",
]

MASK = "***"
LOGGER_NAME = "capture_desktop.api"

_SECRET_WORDS = ("secret", "token", "password", "signature", "authorization", "cookie")
# Bare names that are secrets although they contain none of the words above.
_SECRET_NAMES = frozenset(
    {
        "code",
        "authorizationcode",
        "authorization_code",
        "code_verifier",
        "new_secret",
        "verification_code",
        "assertion",
        "api_key",
    }
)
# Names that contain a secret word but hold no secret.
_NOT_SECRET = frozenset({"password_attribute", "token_type", "expires_in"})
_MIN_SECRET_LEN = 6  # shorter literals would mask ordinary words
_MAX_REGISTERED = 1000


def is_secret_key(key: str) -> bool:
    """True for parameter/JSON keys whose values are credentials, tokens, codes or passwords."""
    low = key.lower()
    if low in _NOT_SECRET:
        return False
    return low in _SECRET_NAMES or any(word in low for word in _SECRET_WORDS)


def redact_params(params: Mapping[str, str]) -> dict[str, str]:
    """Mask secret-keyed values, and secrets nested in JSON values (e.g. a password inside
    ``attributes``)."""
    return {k: (MASK if is_secret_key(k) else _redact_json_text(v)) for k, v in params.items()}


def _redact_json_text(value: str) -> str:
    if not value.startswith(("{", "[")):
        return value
    try:
        parsed = json.loads(value)
    except ValueError:
        return value
    redacted = redact_json(parsed)
    if redacted == parsed:
        return value
    return json.dumps(redacted, separators=(",", ":"), ensure_ascii=False)


def redact_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """Keep the scheme (and a signature's client id, which is not secret); mask the rest."""
    out: dict[str, str] = {}
    for name, value in headers.items():
        if name.lower() in ("authorization", "proxy-authorization", "cookie"):
            scheme, _, rest = value.partition(" ")
            if scheme == "Signature" and ":" in rest:
                out[name] = f"Signature {rest.split(':', 1)[0]}:{MASK}"
            else:
                out[name] = f"{scheme} {MASK}" if rest else MASK
        else:
            out[name] = value
    return out


def redact_json(value: Any) -> Any:
    """Deep copy of a JSON value with every non-empty secret-keyed value masked.

    An integer ``code`` (Capture's error code) stays visible; a string ``code`` is a secret.
    A secret key holding an object or a list is masked whole.
    """
    if isinstance(value, Mapping):
        return {k: (MASK if _maskable(str(k), v) else redact_json(v)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact_json(v) for v in value]
    return value


def _maskable(key: str, value: Any) -> bool:
    if value is None or value == "" or not is_secret_key(key):
        return False
    # Capture error payloads carry an integer ``code``; that one is useful, not secret.
    return not (key.lower() == "code" and isinstance(value, int) and not isinstance(value, bool))


_lock = threading.Lock()
_registered: OrderedDict[str, None] = OrderedDict()


def register_secrets(values: Iterable[str | None]) -> None:
    """Remember literals to scrub from free text (bounded; oldest are forgotten first).

    Cheap by design: it runs on every API call, so it only records; ``mask_text`` searches.
    """
    with _lock:
        for value in values:
            if not value or len(value) < _MIN_SECRET_LEN:
                continue
            if value in _registered:
                _registered.move_to_end(value)
                continue
            _registered[value] = None
            if len(_registered) > _MAX_REGISTERED:
                _registered.popitem(last=False)


def registered_secrets() -> list[str]:
    """The literals ``register_secrets`` remembers (for scans that must find them)."""
    with _lock:
        return list(_registered)


_KEYS = r"[\w-]*(?:secret|token|password|signature)[\w-]*|code|code_verifier|authorizationCode"
_RULES = (
    # Authorization: Basic/OAuth/Bearer <value>
    (re.compile(r"(?i)\b((?:Basic|OAuth|Bearer)\s+)[A-Za-z0-9+/=._~-]{4,}"), r"\1" + MASK),
    # Authorization: Signature <client_id>:<hmac>
    (re.compile(r"(\bSignature\s+[^\s:'\"]+:)[A-Za-z0-9+/=]{4,}"), r"\1" + MASK),
    # key=value in query strings, form bodies, curl arguments
    (re.compile(rf"(?i)\b((?:{_KEYS})=)[^&\s'\",;)]+"), r"\1" + MASK),
    # "key": "value" / 'key': 'value' in JSON and Python reprs
    (re.compile(rf"(?i)(['\"](?:{_KEYS})['\"]\s*:\s*['\"])[^'\"]+"), r"\1" + MASK),
)


def mask_text(text: str) -> str:
    """Scrub registered secret literals and ``key=value``/header patterns from free text."""
    with _lock:
        known = list(_registered)
    # Longest first, so a secret that contains another is masked whole.
    for secret in sorted((k for k in known if k in text), key=len, reverse=True):
        text = text.replace(secret, MASK)
    for rule, repl in _RULES:
        text = rule.sub(repl, text)
    return text


class SecretMaskingFilter(logging.Filter):
    """Rewrites each record's message (and traceback text) with secrets masked. Never drops."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not break logging
            message = str(record.msg)
        masked = mask_text(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = mask_text(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = mask_text(record.exc_text)
        return True


def install_log_redaction(*targets: logging.Logger | logging.Handler) -> SecretMaskingFilter:
    """Attach one masking filter to handlers (and loggers); defaults to the root's handlers.

    A logger's own filters do not see records propagated from child loggers, so applications
    should put the filter on their handlers.
    """
    masking = SecretMaskingFilter()
    chosen: Iterable[logging.Logger | logging.Handler] = targets or logging.getLogger().handlers
    for target in chosen:
        if not any(isinstance(f, SecretMaskingFilter) for f in target.filters):
            target.addFilter(masking)
    return masking


def quiet_http_loggers() -> None:
    """Keep httpx/httpcore at WARNING: their DEBUG output includes raw headers."""
    for name in ("httpx", "httpcore"):
        logger = logging.getLogger(name)
        if logger.level < logging.WARNING:
            logger.setLevel(logging.WARNING)


# Our own records are masked at the source, whatever handlers the application installs.
logging.getLogger(LOGGER_NAME).addFilter(SecretMaskingFilter())
