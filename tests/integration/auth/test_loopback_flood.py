"""A local flood cannot keep the browser's redirect out of the loopback receiver.

Real sockets: 40+ idle connections to the real receiver, then the redirect request from a
real HTTP client, as a browser sends it.
"""

from __future__ import annotations

import asyncio

import httpx

from capture_desktop.auth import LoopbackReceiver
from tests.helpers.qt import wait_until

CODE = "flood-test-code"


async def test_forty_idle_connections_do_not_keep_the_redirect_out() -> None:
    async with LoopbackReceiver(read_timeout=30.0) as rx:
        assert rx.port is not None
        flood = [await asyncio.open_connection("127.0.0.1", rx.port) for _ in range(45)]
        try:
            # The receiver has taken as many as it holds (the rest wait in the kernel).
            await wait_until(lambda: len(rx._connections) >= rx.max_connections)
            async with httpx.AsyncClient(trust_env=False, timeout=5.0) as browser:
                reply = await browser.get(f"{rx.redirect_uri}?code={CODE}&state={rx.state}")
            assert reply.status_code == 200
            assert (await rx.wait()).code == CODE
        finally:
            for _, writer in flood:
                writer.close()


async def test_a_connection_that_sends_nothing_is_closed_soon() -> None:
    async with LoopbackReceiver(read_timeout=30.0, idle_timeout=0.2) as rx:
        assert rx.port is not None
        reader, writer = await asyncio.open_connection("127.0.0.1", rx.port)
        try:
            async with asyncio.timeout(5):  # far below read_timeout: the idle limit closed it
                await reader.read()
            assert reader.at_eof()
        finally:
            writer.close()
