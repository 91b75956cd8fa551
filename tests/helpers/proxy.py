"""A recording HTTP proxy on a loopback port: it keeps every request head it receives.

It never forwards anything: a plain request gets ``502``, a ``CONNECT`` gets ``403``. That is
enough to prove what a client would have sent through a proxy (and that it sent nothing).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field


@dataclass
class RecordingProxy:
    url: str = ""
    heads: list[bytes] = field(default_factory=list)

    @property
    def raw(self) -> bytes:
        return b"".join(self.heads)

    def request_lines(self) -> list[str]:
        return [h.split(b"\r\n", 1)[0].decode("latin-1") for h in self.heads]


@contextlib.asynccontextmanager
async def recording_proxy() -> AsyncIterator[RecordingProxy]:
    proxy = RecordingProxy()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            writer.close()
            return
        proxy.heads.append(head)
        with contextlib.suppress(asyncio.IncompleteReadError, asyncio.TimeoutError):
            # The body (a form with a client secret, say) is recorded too.
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            if length:
                proxy.heads.append(await asyncio.wait_for(reader.readexactly(length), 5))
        status = b"403 Forbidden" if head.startswith(b"CONNECT ") else b"502 Bad Gateway"
        writer.write(b"HTTP/1.1 " + status + b"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        with contextlib.suppress(ConnectionError):
            await writer.drain()
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    proxy.url = f"http://127.0.0.1:{port}"
    try:
        yield proxy
    finally:
        server.close()
        await server.wait_closed()
