"""Connection profiles: where to connect and how, never a secret.

A profile names a Capture domain, the API client and how it authenticates, the redirect
settings and an environment label. All profiles live in one versioned JSON file under the
config folder (``paths.profiles_file()``); the client secret lives in the keyring
(``SecretStore``). Writes are atomic; a corrupt file is kept aside and reported.

Not thread-safe: use one ``ProfileStore`` from one thread (the GUI thread or the loop).
"""

from __future__ import annotations

import builtins
import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast, get_args
from urllib.parse import urlsplit

from capture_desktop.proxy_setting import PROXY_SYSTEM, proxy_problem
from capture_desktop.store.jsonfile import (
    StoreFileCorrupt,
    atomic_write_json,
    read_keyed,
)

AuthMethod = Literal["basic", "params", "signed"]
Environment = Literal["sandbox", "development", "production"]
HostForm = Literal["127.0.0.1", "localhost"]

AUTH_METHODS: tuple[str, ...] = get_args(AuthMethod)
ENVIRONMENTS: tuple[str, ...] = get_args(Environment)
HOST_FORMS: tuple[str, ...] = get_args(HostForm)

#: The colour the UI paints for each environment label (production is the loud one).
ENVIRONMENT_COLOURS: dict[str, str] = {
    "sandbox": "#2e7d32",
    "development": "#1565c0",
    "production": "#c62828",
}

FILE_VERSION = 1
_NAME_RE = re.compile(r"^[^:\x00-\x1f\x7f]{1,80}$")


class ProfileFileCorrupt(StoreFileCorrupt):
    """The profiles file was unreadable; it was kept aside (``kept_at``)."""


class ProfileNotFound(KeyError):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name

    def __str__(self) -> str:
        return f"No connection profile named {self.name!r}."


class ProfileExists(ValueError):
    pass


@dataclass(frozen=True)
class Profile:
    """One connection profile. Holds no secrets (the client secret is in the keyring)."""

    name: str
    base_url: str
    client_id: str
    auth_method: AuthMethod = "basic"
    type_name: str = "user"
    redirect_host_form: HostForm = "127.0.0.1"
    #: Ports registered with Capture for the loopback redirect; empty means "any free port".
    redirect_ports: list[int] = field(default_factory=list)
    redirect_path: str = "/callback"
    environment: Environment = "development"
    allow_insecure: bool = False
    ca_bundle: str | None = None
    sandbox: bool = False
    #: "system" (the environment's proxy variables), "none", or a proxy URL; see api.transport.
    proxy: str = PROXY_SYSTEM

    def __post_init__(self) -> None:
        problems = self.problems()
        if problems:
            raise ValueError("; ".join(problems))

    def problems(self) -> list[str]:
        """Plain-words reasons this profile is not usable (empty when it is)."""
        out: list[str] = []
        if not _NAME_RE.match(self.name) or self.name.strip() != self.name:
            out.append("the name must be 1-80 printable characters, without ':' or edge spaces")
        parts = urlsplit(self.base_url)
        if parts.scheme not in ("https", "http") or not parts.hostname:
            out.append("the base URL must start with https:// (or http:// for loopback)")
        if not self.client_id.strip():
            out.append("the client_id is empty")
        if self.auth_method not in AUTH_METHODS:
            out.append(f"unknown authentication method {self.auth_method!r}")
        if self.environment not in ENVIRONMENTS:
            out.append(f"unknown environment {self.environment!r}")
        if self.redirect_host_form not in HOST_FORMS:
            out.append("the redirect host must be 127.0.0.1 or localhost")
        if any(not isinstance(p, int) or not 0 < p < 65536 for p in self.redirect_ports):
            out.append("redirect ports must be numbers from 1 to 65535")
        if not self.redirect_path.startswith("/") or "?" in self.redirect_path:
            out.append("the redirect path must start with '/' and have no query")
        if not self.type_name.strip():
            out.append("the default type_name is empty")
        if not isinstance(self.proxy, str):
            out.append("the proxy setting must be text")
        elif (proxy_issue := proxy_problem(self.proxy)) is not None:
            out.append(proxy_issue)
        return out

    @property
    def colour(self) -> str:
        return ENVIRONMENT_COLOURS[self.environment]

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["redirect_ports"] = list(self.redirect_ports)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Profile:
        known = {f.name for f in dataclasses.fields(cls)}
        # Unknown keys come from a newer minor version; ignoring them keeps the file usable.
        kwargs = {k: v for k, v in data.items() if k in known}
        if isinstance(kwargs.get("redirect_ports"), list):
            kwargs["redirect_ports"] = list(kwargs["redirect_ports"])
        return cls(**kwargs)


class ProfileStore:
    """The profiles file: load once, change in memory, every change saved atomically."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._profiles: dict[str, Profile] | None = None

    def load(self) -> list[Profile]:
        """(Re)read the file. Raises ``ProfileFileCorrupt`` after keeping a bad file aside."""
        try:
            self._profiles = read_keyed(
                self.path,
                version=FILE_VERSION,
                key="profiles",
                parse=Profile.from_dict,
                key_of=lambda profile: profile.name,
                what="an invalid profile",
                corrupt=ProfileFileCorrupt,
            )
        except ProfileFileCorrupt:
            # The bad file was kept aside: start empty. (A too-new file is not caught here:
            # it stays unloaded, so nothing overwrites it.)
            self._profiles = {}
            raise
        return self.list()

    def save(self) -> None:
        payload = {
            "version": FILE_VERSION,
            "profiles": [p.to_dict() for p in self._loaded().values()],
        }
        atomic_write_json(self.path, payload)

    def _loaded(self) -> dict[str, Profile]:
        if self._profiles is None:
            self.load()
        return cast(dict[str, Profile], self._profiles)

    def list(self) -> list[Profile]:
        return sorted(self._loaded().values(), key=lambda p: p.name.casefold())

    def names(self) -> builtins.list[str]:
        return [p.name for p in self.list()]

    def get(self, name: str) -> Profile:
        try:
            return self._loaded()[name]
        except KeyError:
            raise ProfileNotFound(name) from None

    def put(self, profile: Profile, *, replace: str | None = None) -> None:
        """Add or update ``profile``; ``replace`` names the profile it renames."""
        profiles = dict(self._loaded())
        if replace is not None and replace != profile.name:
            if profile.name in profiles:
                raise ProfileExists(f"A profile named {profile.name!r} already exists.")
            profiles.pop(replace, None)
        profiles[profile.name] = profile
        self._profiles = profiles
        self.save()

    def delete(self, name: str) -> Profile:
        """Remove the profile (its secrets are removed by ``remove_profile``)."""
        profiles = dict(self._loaded())
        try:
            removed = profiles.pop(name)
        except KeyError:
            raise ProfileNotFound(name) from None
        self._profiles = profiles
        self.save()
        return removed

    def duplicate(self, name: str, new_name: str | None = None) -> Profile:
        """Copy a profile under a free name ("X copy", "X copy 2", ...)."""
        source = self.get(name)
        existing = set(self._loaded())
        if new_name is None:
            new_name = f"{name} copy"
            n = 2
            while new_name in existing:
                new_name = f"{name} copy {n}"
                n += 1
        elif new_name in existing:
            raise ProfileExists(f"A profile named {new_name!r} already exists.")
        copy = dataclasses.replace(
            source, name=new_name, redirect_ports=builtins.list(source.redirect_ports)
        )
        self.put(copy)
        return copy
