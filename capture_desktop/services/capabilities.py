"""What an API client may do, from its features, in words and as checks the UI can use.

Follows the permission table of capture-api.md section 1.5, with the sandbox's decision that
``owner`` may do everything.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

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


def can_read_records(features: Iterable[str]) -> bool:
    return bool({"owner", "direct_access", "direct_read_access"} & set(features))


def can_write_records(features: Iterable[str]) -> bool:
    return bool({"owner", "direct_access"} & set(features))


def can_issue_tokens(features: Iterable[str]) -> bool:
    return bool({"owner", "access_issuer", "direct_access"} & set(features))


def can_list_types(features: Iterable[str]) -> bool:
    return "owner" in set(features)


def is_loopback_host(host: str) -> bool:
    import ipaddress

    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def transport_problem(base_url: str, allow_insecure: bool) -> str | None:
    """Why ``base_url`` may not carry a client secret, or None when it may.

    Plain http is accepted only to this computer (loopback), or with the explicit
    per-profile override, which the UI then flags in red wherever the profile is used.
    """
    parts = urlsplit(base_url.strip())
    if parts.scheme == "https" and parts.hostname:
        return None
    if parts.scheme != "http" or not parts.hostname:
        return "Enter the Capture domain as https://your-app.janraincapture.com."
    if is_loopback_host(parts.hostname):
        return None
    if allow_insecure:
        return None
    return (
        f"http://{parts.hostname} is not encrypted and is not this computer, so the client "
        "secret and tokens would cross the network in clear text. Use https://, or tick "
        "“Allow insecure transport for this profile” if you understand the risk."
    )


def is_insecure(base_url: str) -> bool:
    """True for plain http to a host that is not loopback (the override is in use)."""
    parts = urlsplit(base_url.strip())
    return parts.scheme == "http" and not is_loopback_host(parts.hostname or "")
