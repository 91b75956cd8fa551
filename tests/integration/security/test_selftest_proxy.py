"""``capture-desktop --self-test`` with the proxy variables pointing at a recording proxy on a
loopback port: its calls go to the local sandbox, so the proxy must see nothing (the owner's
client secret travels in a Basic header)."""

from __future__ import annotations

import asyncio
import os
import sys

from tests.helpers.proxy import recording_proxy
from tests.helpers.secret_service import PrivateSecretService


async def test_the_self_test_sends_nothing_through_an_environment_proxy(
    private_secret_service: PrivateSecretService,
) -> None:
    # The self-test's keyring round trip goes to a Secret Service of this test's own.
    async with recording_proxy() as proxy:
        out, err, returncode = await _self_test(proxy.url, private_secret_service.env)
        seen = proxy.request_lines()
    assert returncode == 0, (out + err).decode()
    assert seen == []


async def _self_test(proxy_url: str, keyring_env: dict[str, str]) -> tuple[bytes, bytes, int]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_PROXY", "no_proxy")}
    env.pop("CAPTURE_DESKTOP_HOME", None)
    env.pop("PYTHON_KEYRING_BACKEND", None)
    env.update(keyring_env)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "all_proxy"):
        env[name] = proxy_url
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [os.getcwd(), env.get("PYTHONPATH")]))
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "capture_desktop", "--self-test",
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    async with asyncio.timeout(120):
        out, err = await process.communicate()
    return out, err, process.returncode if process.returncode is not None else -1
