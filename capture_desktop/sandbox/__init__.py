"""The Capture sandbox: a local emulator of the Capture (Janrain / Akamai Identity Cloud) REST
API, a Starlette app over SQLite. It imports nothing from Qt or the other capture_desktop layers.

`create_app(SandboxConfig(data_dir=...))` builds the ASGI app; `SandboxServer` serves it on a
loopback port in a thread; `load_clients(data_dir)` reads the demo API clients. The admin
routes (`/__sandbox__/settings`, `/events`) need `SandboxServer.admin_token` (or
`app.state.admin_token`) in the `ADMIN_TOKEN_HEADER` header.
"""

from __future__ import annotations

from capture_desktop.sandbox.admin import ADMIN_TOKEN_HEADER
from capture_desktop.sandbox.app import create_app
from capture_desktop.sandbox.clients import client_for_feature, load_clients
from capture_desktop.sandbox.config import RuntimeSettings, SandboxConfig
from capture_desktop.sandbox.seeding import DEMO_USERS, SEEDED_PASSWORD
from capture_desktop.sandbox.server import SandboxServer

__all__ = [
    "ADMIN_TOKEN_HEADER",
    "DEMO_USERS",
    "SEEDED_PASSWORD",
    "RuntimeSettings",
    "SandboxConfig",
    "SandboxServer",
    "client_for_feature",
    "create_app",
    "load_clients",
]
