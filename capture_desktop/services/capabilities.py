"""What an API client may do, from its features: in words, and as the ``Permissions`` table
every view checks.

Follows the permission table of capture-api.md section 1.5, with the sandbox's decision that
``owner`` may do everything.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from capture_desktop.api.transport import may_send_secret

FEATURE_WORDS: dict[str, str] = {
    "owner": "Full administrator: read, create, change and delete any record, list entity "
    "types, issue access and creation tokens, manage API clients.",
    "access_issuer": "Issues access tokens and creation tokens for users.",
    "direct_access": "Reads and writes every user record.",
    "direct_read_access": "Reads every user record (read-only).",
    "login_client": "Signs users in; reaches only the signed-in user's own record.",
    "metadata": "Writes do not change lastUpdated.",
}


def describe_features(features: Iterable[str]) -> list[str]:
    """One sentence per known feature; unknown ones are named as they are."""
    out = []
    for name in features:
        out.append(f"{name}: {FEATURE_WORDS.get(name, 'a feature this app does not know')}")
    return out or ["No features: this client can call almost nothing."]


# The one permission table (capture-api.md section 1.5; the sandbox lets ``owner`` do all).
READ_FEATURES = frozenset({"owner", "direct_access", "direct_read_access"})
WRITE_FEATURES = frozenset({"owner", "direct_access"})
ISSUE_TOKEN_FEATURES = frozenset({"owner", "access_issuer", "direct_access"})
LIST_TYPES_FEATURES = frozenset({"owner"})

UNKNOWN_FEATURES = "Features unknown: acting with what the server allows"


@dataclass(frozen=True)
class Permissions:
    """What the current client may do. ``features=None`` means unknown: only an owner may call
    ``clients/list``, so for other clients every action is offered and the server decides."""

    features: frozenset[str] | None

    @classmethod
    def of(cls, features: Iterable[str] | None) -> Permissions:
        return cls(None if features is None else frozenset(str(f) for f in features))

    def _allows(self, needed: frozenset[str]) -> bool:
        return self.features is None or bool(self.features & needed)

    @property
    def known(self) -> bool:
        return self.features is not None

    @property
    def can_read(self) -> bool:
        return self._allows(READ_FEATURES)

    @property
    def can_write(self) -> bool:
        return self._allows(WRITE_FEATURES)

    @property
    def can_issue_tokens(self) -> bool:
        return self._allows(ISSUE_TOKEN_FEATURES)

    @property
    def can_list_types(self) -> bool:
        return self._allows(LIST_TYPES_FEATURES)

    @property
    def read_only(self) -> bool:
        return self.can_read and not self.can_write

    def describe(self) -> str:
        if self.features is None:
            return UNKNOWN_FEATURES
        if not self.features:
            return "This client has no features"
        return "Client features: " + ", ".join(sorted(self.features))


def transport_problem(base_url: str, allow_insecure: bool) -> str | None:
    """Why ``base_url`` may not carry a client secret, or None when it may.

    The decision is the core's (``api.transport.may_send_secret``, the one the client applies);
    this only words it. With the per-profile override the UI flags the profile in red.
    """
    parts = urlsplit(base_url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "Enter the Capture domain as https://your-app.janraincapture.com."
    if may_send_secret(base_url, allow_insecure):
        return None
    return (
        f"http://{parts.hostname} is not encrypted and is not this computer, so the client "
        "secret and tokens would cross the network in clear text. Use https://, or tick "
        "“Allow insecure transport for this profile” if you understand the risk."
    )
