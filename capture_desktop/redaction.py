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
    "hide_url_queries",
    "install_log_redaction",
    "is_secret_key",
    "is_secret_name",
    "mask_text",
    "quiet_http_loggers",
    "redact_headers",
    "redact_json",
    "redact_params",
    "register_secrets",
    "registered_secrets",
    "restore_secret_values",
    "without_secret_values",
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


# Words that, as a whole word of a record attribute's name, mark its value as a secret.
_SECRET_NAME_WORDS = frozenset(
    {
        "password", "passwd", "pwd", "secret", "token", "pin", "passcode", "passphrase",
        "otp", "cvv", "cvc", "credential", "credentials",
    }
)  # fmt: skip
_NAME_WORDS = r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+"  # compiled by re on first use, like _RULES


def is_secret_name(name: str) -> bool:
    """True for a record attribute whose name looks secret (``password``, ``pin``,
    ``accessToken``, ``recoveryPIN``...): its value is never kept in a draft."""
    if is_secret_key(name):
        return True
    return any(word.lower() in _SECRET_NAME_WORDS for word in re.findall(_NAME_WORDS, name))


def without_secret_values(
    data: Mapping[str, Any], secret_paths: Iterable[str] = ()
) -> tuple[dict[str, Any], list[str]]:
    """A copy of a record without the values that must never be written to disk (drafts):
    those under a secret-looking name, and those at ``secret_paths`` (dotted schema paths,
    such as password-type attributes or fields typed into a masked field). Returns the copy
    and the dropped paths. Iterative: any depth is fine."""
    paths = frozenset(secret_paths)
    dropped: list[str] = []
    root: dict[str, Any] = {}
    stack: list[tuple[Any, Any, str, str]] = [(data, root, "", "")]
    while stack:
        source, target, schema_path, shown_path = stack.pop()
        if isinstance(source, Mapping):
            for key, value in source.items():
                at = f"{schema_path}.{key}" if schema_path else str(key)
                shown = f"{shown_path}.{key}" if shown_path else str(key)
                if is_secret_name(str(key)) or at in paths:
                    dropped.append(shown)
                    continue
                target[key] = _empty_like(value)
                if target[key] is not value:
                    stack.append((value, target[key], at, shown))
        else:
            for index, value in enumerate(source):
                copy_ = _empty_like(value)
                target.append(copy_)
                if copy_ is not value:
                    stack.append((value, copy_, schema_path, f"{shown_path}[{index}]"))
    return root, sorted(dropped)


def _empty_like(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {}
    if isinstance(value, list):
        return []
    return value


def restore_secret_values(data: Mapping[str, Any], base: Mapping[str, Any]) -> dict[str, Any]:
    """``data`` (a restored draft) with the secret-named values of ``base`` (the record as
    loaded) put back where the draft has none, so restoring never turns them into removals.
    List elements are matched by their ``id``, else by position."""
    out: dict[str, Any] = json.loads(json.dumps(data))
    stack: list[tuple[Any, Any]] = [(out, base)]
    while stack:
        target, source = stack.pop()
        if isinstance(target, dict) and isinstance(source, Mapping):
            for key, value in source.items():
                if key not in target and is_secret_name(str(key)):
                    target[key] = json.loads(json.dumps(value))
                elif key in target:
                    stack.append((target[key], value))
        elif isinstance(target, list) and isinstance(source, list):
            by_id = {e.get("id"): e for e in source if isinstance(e, Mapping) and "id" in e}
            for index, element in enumerate(target):
                if isinstance(element, dict) and "id" in element:
                    match = by_id.get(element["id"])
                else:
                    match = source[index] if index < len(source) else None
                if match is not None:
                    stack.append((element, match))
    return out


def redact_params(params: Mapping[str, str]) -> dict[str, str]:
    """Mask secret-keyed values, and secrets nested in JSON values (e.g. a password inside
    ``attributes``)."""
    return {k: (MASK if is_secret_key(k) else _redact_json_text(v)) for k, v in params.items()}


def _redact_json_text(value: str) -> str:
    if not value.startswith(("{", "[")):
        return value
    try:
        parsed = json.loads(value)
    except (ValueError, RecursionError):  # not JSON, or nested deeper than json can read
        return value
    redacted, masked = _redact(parsed)
    if not masked:
        return value
    try:
        return json.dumps(redacted, separators=(",", ":"), ensure_ascii=False)
    except RecursionError:  # readable, but too deep to write back: show none of it
        return MASK


def redact_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """Keep the scheme (and a signature's client id, which is not secret); mask the rest."""
    out: dict[str, str] = {}
    for name, value in headers.items():
        if name.lower() in ("authorization", "proxy-authorization", "cookie", "set-cookie"):
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
    A secret key holding an object or a list is masked whole. Iterative, so a record nested
    thousands of levels deep cannot exhaust the stack.
    """
    return _redact(value)[0]


def _redact(value: Any) -> tuple[Any, bool]:
    """``redact_json`` and whether anything was masked."""
    masked = False

    def copy_of(item: Any) -> Any:
        # Containers are created empty here and filled when their turn on the stack comes.
        if isinstance(item, Mapping):
            new: dict[Any, Any] = {}
            stack.append((item, new))
            return new
        if isinstance(item, list | tuple):
            items: list[Any] = []
            stack.append((item, items))
            return items
        return item

    stack: list[tuple[Any, Any]] = []
    root = copy_of(value)
    while stack:
        source, target = stack.pop()
        if isinstance(source, Mapping):
            for key, item in source.items():
                if _maskable(str(key), item):
                    target[key] = MASK
                    masked = True
                else:
                    target[key] = copy_of(item)
        else:
            target.extend(copy_of(item) for item in source)
    return root, masked


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
# Patterns as text: re compiles each on first use and keeps it, so importing this module
# (before the window's first paint) compiles none of them.
_RULES = (
    # Authorization: Basic/OAuth/Bearer <value>
    (r"(?i)\b((?:Basic|OAuth|Bearer)\s+)[A-Za-z0-9+/=._~-]{4,}", r"\1" + MASK),
    # Authorization: Signature <client_id>:<hmac>
    (r"(\bSignature\s+[^\s:'\"]+:)[A-Za-z0-9+/=]{4,}", r"\1" + MASK),
    # key=value in query strings, form bodies, curl arguments
    (rf"(?i)\b((?:{_KEYS})=)[^&\s'\",;)]+", r"\1" + MASK),
    # "key": "value" / 'key': 'value' in JSON and Python reprs
    (rf"(?i)(['\"](?:{_KEYS})['\"]\s*:\s*['\"])[^'\"]+", r"\1" + MASK),
)


def mask_text(text: str) -> str:
    """Scrub registered secret literals and ``key=value``/header patterns from free text."""
    with _lock:
        known = list(_registered)
    # Longest first, so a secret that contains another is masked whole.
    for secret in sorted((k for k in known if k in text), key=len, reverse=True):
        text = text.replace(secret, MASK)
    for rule, repl in _RULES:
        text = re.sub(rule, repl, text)
    return text


# scheme://authority/path, then the query and/or fragment that goes (compiled on first use).
_URL_QUERY = r"""(\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s?#'"<>]*)[?#][^\s'"<>]*"""


def hide_url_queries(text: str) -> str:
    """Keep only scheme, host and path of every URL in ``text``.

    A sign-in URL carries ``state`` and the PKCE challenge, a redirect URL the code: a log
    line (Qt's "cannot open URL" warning, say) must not carry them.
    """
    return re.sub(_URL_QUERY, r"\1?…", text)


class SecretMaskingFilter(logging.Filter):
    """Rewrites each record's message (and traceback text) with secrets masked and URL queries
    removed. Never drops."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not break logging
            message = str(record.msg)
        masked = hide_url_queries(mask_text(message))
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            text = logging.Formatter().formatException(record.exc_info)
            record.exc_text = hide_url_queries(mask_text(text))
        elif record.exc_text:
            record.exc_text = hide_url_queries(mask_text(record.exc_text))
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
