"""The sandbox's live state, shared by every route: storage, clients, tokens, settings, clock."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from capture_desktop.sandbox.auth import Authenticator, Principal
from capture_desktop.sandbox.clients import ClientRegistry
from capture_desktop.sandbox.config import RuntimeSettings, SandboxConfig
from capture_desktop.sandbox.entities import Entities
from capture_desktop.sandbox.params import Params
from capture_desktop.sandbox.schema_json import load_schema_file
from capture_desktop.sandbox.storage import DB_NAME, Storage
from capture_desktop.sandbox.token_store import TokenStore


class Sandbox:
    """Owns the database connection; `close()` releases it (the app's lifespan calls it)."""

    def __init__(self, config: SandboxConfig, clock: Callable[[], float] | None = None) -> None:
        self.config = config
        self.clock: Callable[[], float] = clock or time.time
        self.settings = RuntimeSettings.from_config(config)
        config.data_dir.mkdir(parents=True, exist_ok=True)
        imported = [t for path in config.schema_files for t in load_schema_file(path)]
        self.storage = Storage(config.data_dir / DB_NAME, imported)
        self.clients = ClientRegistry(self.storage)
        self.tokens = TokenStore(self.storage, self.settings, self.clock)
        self.entities = Entities(self.storage, self.clock)
        self.auth = Authenticator(
            self.clients,
            self.tokens,
            lambda: self.settings.signed_skew_seconds,
            self.clock,
            lambda: self.settings.lenient,
        )
        self.closed = False

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self.storage.close()


@dataclass
class Call:
    """One API call as the operation handlers see it."""

    sandbox: Sandbox
    params: Params
    principal: Principal
    operation: str
    extra: dict[str, str] = field(default_factory=dict)
