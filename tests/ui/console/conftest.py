"""Console, audit-viewer and export UI tests: the shared sandbox fixtures (real port)."""

from __future__ import annotations

from tests.helpers.keyring import memory_keyring  # noqa: F401
from tests.helpers.sandbox import sandbox_config, sandbox_server  # noqa: F401
