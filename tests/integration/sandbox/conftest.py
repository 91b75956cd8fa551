"""Integration fixtures: the shared real-socket sandbox server."""

from __future__ import annotations

from tests.helpers.sandbox import sandbox_config, sandbox_server  # noqa: F401
