"""The scripting commands as real processes: the entry point, a private Secret Service shared
by every process of a test, a private data folder, and the sandbox on a real port."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from capture_desktop.api import BasicAuth, CaptureClient
from capture_desktop.auth.token_keeper import TokenKeeper
from capture_desktop.sandbox import SandboxServer
from capture_desktop.store.secrets import SecretStore
from capture_desktop.store.slots import SlotStore
from tests.helpers.sandbox import demo_client, sandbox_config, sandbox_server  # noqa: F401
from tests.helpers.secret_service import PrivateSecretService

ROOT = Path(__file__).resolve().parents[3]
ENTRY = [sys.executable, "-m", "capture_desktop"]  # capture_desktop.cli:main


@dataclass
class Cli:
    env: dict[str, str]
    home: Path

    def command(self, *args: str) -> list[str]:
        return [*ENTRY, *args]

    def run(
        self, *args: str, stdin: str | None = None, timeout: float = 60
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self.command(*args),
            input=stdin if stdin is not None else "",
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def ok(self, *args: str, stdin: str | None = None) -> str:
        done = self.run(*args, stdin=stdin)
        assert done.returncode == 0, (done.returncode, done.stdout, done.stderr)
        return done.stdout


@pytest.fixture
def cli(tmp_path: Path, private_secret_service: PrivateSecretService) -> Cli:
    home = tmp_path / "home"
    env = {
        **os.environ,
        **private_secret_service.env,
        "CAPTURE_DESKTOP_HOME": str(home),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    for proxy in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        env.pop(proxy, None)
    return Cli(env, home)


@pytest.fixture
def issuer(sandbox_server: SandboxServer) -> dict[str, Any]:  # noqa: F811
    """The sandbox's demo client that may issue codes and revoke access."""
    return demo_client(sandbox_server.config.data_dir, "access_issuer")


@pytest.fixture
def sandbox_profile(
    cli: Cli,
    sandbox_server: SandboxServer,  # noqa: F811
    issuer: dict[str, Any],
) -> str:
    cli.ok(
        "profile", "add", "sbx",
        "--url", sandbox_server.base_url,
        "--client-id", issuer["client_id"],
        "--environment", "sandbox",
        stdin=issuer["client_secret"] + "\n",
    )  # fmt: skip
    return "sbx"


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(trust_env=False, timeout=10) as client:
        yield client


@pytest.fixture
async def gui_client(
    issuer: dict[str, Any],
    sandbox_server: SandboxServer,  # noqa: F811
) -> AsyncIterator[CaptureClient]:
    """The issuer's client on its own HTTP connection pool, as the GUI process holds one."""
    async with httpx.AsyncClient(trust_env=False, timeout=30) as http:
        auth = BasicAuth(issuer["client_id"], issuer["client_secret"])
        yield CaptureClient(http, sandbox_server.base_url, auth)


@pytest.fixture
async def gui_keeper(
    cli: Cli,
    private_secret_service: PrivateSecretService,  # this process shares its bus
    gui_client: CaptureClient,
) -> AsyncIterator[TokenKeeper]:
    """A keeper built as the GUI builds it: the same slot file, the same keyring."""
    from keyring.backends import SecretService

    keeper = TokenKeeper(
        lambda _profile: gui_client,
        SecretStore(backend=SecretService.Keyring()),
        SlotStore(cli.home / "data" / "token-slots.json"),
    )
    try:
        yield keeper
    finally:
        await keeper.aclose()
