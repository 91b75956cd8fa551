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


class ClientRegistry:
    """Clients kept in memory (every request looks one up) and persisted in the database."""

    def __init__(self, storage: Storage) -> None:
        self.storage = storage
        self._by_id: dict[str, Client] = {}
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
