"""API clients: the records in the database, the demo set and `clients.json` in the data folder."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from capture_desktop.sandbox.errors import random_token
from capture_desktop.sandbox.storage import Storage

CLIENTS_FILE = "clients.json"
FEATURES = ("owner", "access_issuer", "direct_access", "direct_read_access", "login_client")


@dataclass(frozen=True)
class Client:
    client_id: str
    client_secret: str
    description: str
    features: tuple[str, ...]

    def has(self, *features: str) -> bool:
        """True when the client has any of `features`; owner may do everything."""
        return "owner" in self.features or any(f in self.features for f in features)

    def to_json(self) -> dict[str, Any]:
        return {
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "description": self.description,
            "features": list(self.features),
        }


def new_client(description: str, features: tuple[str, ...]) -> Client:
    return Client(random_token(32), random_token(32), description, features)


def demo_clients() -> list[Client]:
    """One client per feature, described so a person can tell them apart."""
    return [new_client(f"Sandbox {feature} client", (feature,)) for feature in FEATURES]


# Where the app's loopback receiver listens by default. Loopback URIs match with any port
# (RFC 8252 section 7.3), so these cover every port the app may pick.
DEFAULT_REDIRECT_URIS = (
    "http://127.0.0.1/callback",
    "http://[::1]/callback",
    "http://localhost/callback",
)
# The features that let a client use the hosted sign-in page (owner may do everything).
SIGNIN_FEATURES = ("login_client", "access_issuer", "direct_access")

_REDIRECT_DDL = """
CREATE TABLE IF NOT EXISTS redirect_uris(
    client_id TEXT NOT NULL, uri TEXT NOT NULL, PRIMARY KEY(client_id, uri))
"""


class ClientRegistry:
    """Clients kept in memory (every request looks one up) and persisted in the database,
    with the redirect URIs registered for each."""

    def __init__(self, storage: Storage) -> None:
        self.storage = storage
        self._by_id: dict[str, Client] = {}
        self.storage.conn.execute(_REDIRECT_DDL)
        self.reload()

    def reload(self) -> None:
        rows = self.storage.conn.execute(
            "SELECT client_id, client_secret, description, features FROM clients ORDER BY rowid"
        ).fetchall()
        self._by_id = {
            row[0]: Client(row[0], row[1], row[2], tuple(json.loads(row[3]))) for row in rows
        }

    def add(self, client: Client) -> None:
        self.storage.conn.execute(
            "INSERT OR REPLACE INTO clients(client_id, client_secret, description, features) "
            "VALUES (?, ?, ?, ?)",
            (
                client.client_id,
                client.client_secret,
                client.description,
                json.dumps(client.features),
            ),
        )
        self._by_id[client.client_id] = client

    def get(self, client_id: str) -> Client | None:
        return self._by_id.get(client_id)

    def all(self) -> list[Client]:
        return list(self._by_id.values())

    def register_redirect_uri(self, client_id: str, uri: str) -> None:
        self.storage.conn.execute(
            "INSERT OR IGNORE INTO redirect_uris(client_id, uri) VALUES (?, ?)", (client_id, uri)
        )

    def redirect_uris(self, client_id: str) -> list[str]:
        rows = self.storage.conn.execute(
            "SELECT uri FROM redirect_uris WHERE client_id = ? ORDER BY rowid", (client_id,)
        ).fetchall()
        return [str(row[0]) for row in rows]

    def ensure_redirect_uris(self) -> None:
        """Give every client that may sign users in, and has none yet, the loopback defaults
        (also for data folders seeded before redirect URIs were registered)."""
        for client in self.all():
            if client.has(*SIGNIN_FEATURES) and not self.redirect_uris(client.client_id):
                for uri in DEFAULT_REDIRECT_URIS:
                    self.register_redirect_uri(client.client_id, uri)


def write_clients_file(data_dir: Path, clients: list[Client]) -> Path:
    """Write clients.json atomically, readable by its owner only (it holds secrets)."""
    path = data_dir / CLIENTS_FILE
    tmp = path.with_suffix(".json.tmp")
    payload = json.dumps([c.to_json() for c in clients], indent=2) + "\n"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(payload)
    os.replace(tmp, path)
    return path


def load_clients(data_dir: Path | str) -> list[dict[str, Any]]:
    """The demo clients of a sandbox data folder, as written to clients.json:
    `[{"client_id", "client_secret", "description", "features"}]`."""
    path = Path(data_dir) / CLIENTS_FILE
    clients: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return clients


def client_for_feature(data_dir: Path | str, feature: str) -> dict[str, Any]:
    """The first demo client whose only or first feature is `feature`."""
    for client in load_clients(data_dir):
        if feature in client["features"]:
            return client
    raise KeyError(f"no sandbox client with feature {feature!r}")
