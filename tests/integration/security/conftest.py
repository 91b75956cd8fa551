"""The sandbox on a real port for the security tests (tests/helpers/sandbox.py)."""

from tests.helpers.sandbox import sandbox_config, sandbox_server  # noqa: F401
