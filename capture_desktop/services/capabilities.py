"""What an API client may do: the connection test, the features it finds, and the
``Permissions`` table every view checks (in words, too).

Follows the permission table of capture-api.md section 1.5, with the sandbox's decision that
``owner`` may do everything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from capture_desktop.api.errors import ApiError, CaptureError, ClientPermissionError
from capture_desktop.api.transport import may_send_secret

if TYPE_CHECKING:
    import asyncio

    from capture_desktop.api.client import CaptureClient
    from capture_desktop.store.profiles import Profile

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
REVOKE_ACCESS_FEATURES = frozenset({"owner", "access_issuer", "direct_access"})  # deleteAccess
CREATION_TOKEN_FEATURES = frozenset({"owner", "access_issuer"})
SIGN_IN_FEATURES = frozenset({"owner", "access_issuer", "direct_access", "login_client"})
# What each token wizard (ui.launch.WIZARDS key) needs of the client.
WIZARD_FEATURES: dict[str, frozenset[str]] = {
    "access": ISSUE_TOKEN_FEATURES,
    "browser": SIGN_IN_FEATURES,
    "creation": CREATION_TOKEN_FEATURES,
    "native": SIGN_IN_FEATURES,
}

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
    def can_revoke_access(self) -> bool:
        """May call ``entity.deleteAccess`` (revoke every token of a record)."""
        return self._allows(REVOKE_ACCESS_FEATURES)

    @property
    def can_list_types(self) -> bool:
        return self._allows(LIST_TYPES_FEATURES)

    @property
    def read_only(self) -> bool:
        return self.can_read and not self.can_write

    def needs(self, needed: frozenset[str]) -> str:
        """Why an action needing one of ``needed`` is off, or "" when this client may run it."""
        if self._allows(needed):
            return ""
        names = sorted(needed)
        listed = ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]
        return f"Needs a client with the {listed} feature"

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


@dataclass
class ConnectionReport:
    """What "Test connection" found out about a profile and its client."""

    ok: bool
    features: list[str] | None = None
    summary: str = ""
    notes: list[str] = field(default_factory=list)
    error: BaseException | None = None


async def test_connection(profile: Profile, client: CaptureClient) -> ConnectionReport:
    """Call Capture with the profile's credentials and find the client's features.

    ``clients/list`` tells the features but only an owner may call it; for other clients a
    403 still proves the credentials, and a one-record find tells if it can read.
    """
    try:
        clients = await client.clients_list()
    except ClientPermissionError:
        notes = []
        try:
            # entity.find, not entity.count: the documentation makes count owner-only.
            await client.entity_find(profile.type_name, max_results=1)
        except ClientPermissionError:
            notes.append(f"Reading {profile.type_name} records: not allowed.")
        except ApiError as exc:
            notes.append(f"Reading {profile.type_name} records failed: {exc.meaning}")
        else:
            notes.append(f"Reading {profile.type_name} records: allowed.")
        notes.append(
            "Only an owner client may list features, so writing and issuing tokens could "
            "not be checked without trying them."
        )
        return ConnectionReport(True, None, "Connected: the credentials were accepted.", notes)
    except CaptureError as exc:
        return ConnectionReport(False, None, "The connection test failed.", [], exc)
    features: list[str] = []
    for info in clients:
        if info.client_id == profile.client_id:
            features = list(info.features or [])
    return ConnectionReport(True, features, "Connected: the credentials were accepted.", [])


test_connection.__test__ = False  # type: ignore[attr-defined]  # not a pytest test


class Capabilities:
    """The features of each profile's client, asked at most once per profile.

    A profile is known here once its features were asked; ``None`` is the answer "unknown"
    (only an owner may call clients/list), which is never asked again in a loop. ``on_change``
    hears every answer that differs from the one before.
    """

    def __init__(self, on_change: Callable[[str, list[str] | None], None]) -> None:
        self._on_change = on_change
        self._features: dict[str, list[str] | None] = {}
        self._lock: asyncio.Lock | None = None

    def get(self, name: str) -> list[str] | None:
        return self._features.get(name)

    def checked(self, name: str) -> bool:
        return name in self._features

    def remember(self, name: str, features: list[str] | None) -> None:
        changed = name not in self._features or self._features[name] != features
        self._features[name] = features
        if changed:
            self._on_change(name, features)

    def forget(self, name: str) -> None:
        self._features.pop(name, None)

    async def load(self, profile: Profile, client: CaptureClient) -> list[str] | None:
        """The features of ``profile``'s client: the remembered answer, else asked (one call
        at a time). A failed test is not an answer, so it is not remembered."""
        if self._lock is None:
            import asyncio  # not needed before the window paints

            self._lock = asyncio.Lock()
        async with self._lock:
            if profile.name in self._features:
                return self._features[profile.name]
            report = await test_connection(profile, client)
            if report.ok:
                self.remember(profile.name, report.features)
        return report.features
