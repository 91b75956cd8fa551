"""A real HTTP server on a loopback port that answers every request with one fixed body.

It stands in for a Capture server that sends what the sandbox never would (an absurd
``expires_in``, a record nested 900 levels deep), over a real socket.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator


@contextlib.asynccontextmanager
async def json_server(body: object | bytes) -> AsyncIterator[str]:
    """Serve ``body`` (JSON-encoded unless bytes) to every request; yields the base URL."""
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        length = next(
            (int(line.split(b":")[1]) for line in head.split(b"\r\n")
             if line.lower().startswith(b"content-length:")),
            0,
        )  # fmt: skip
        await reader.readexactly(length)
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
            + f"Content-Length: {len(raw)}\r\n\r\n".encode()
            + raw
        )
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    try:
        yield f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
    finally:
        server.close()
        await server.wait_closed()
