"""``capture-desktop --self-test`` with the proxy variables pointing at a recording proxy on a
loopback port: its calls go to the local sandbox, so the proxy must see nothing (the owner's
client secret travels in a Basic header)."""

from __future__ import annotations

import asyncio
import os
import sys

from tests.helpers.proxy import recording_proxy


async def test_the_self_test_sends_nothing_through_an_environment_proxy() -> None:
    async with recording_proxy() as proxy:
        env = {k: v for k, v in os.environ.items() if k not in ("NO_PROXY", "no_proxy")}
        env.pop("CAPTURE_DESKTOP_HOME", None)
        for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "all_proxy"):
            env[name] = proxy.url
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [os.getcwd(), env.get("PYTHONPATH")]))
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "capture_desktop", "--self-test",
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        async with asyncio.timeout(120):
            out, err = await process.communicate()
    assert process.returncode == 0, (out + err).decode()
    assert proxy.request_lines() == []
