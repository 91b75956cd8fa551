"""A raw-socket HTTP client for poking the loopback receiver (bytes in, bytes out)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass


@dataclass
class Reply:
    raw: bytes

    @property
    def status(self) -> int | None:
        if not self.raw.startswith(b"HTTP/1.1 "):
            return None
        return int(self.raw[9:12])

    @property
    def body(self) -> bytes:
        return self.raw.partition(b"\r\n\r\n")[2]

    def header(self, name: str) -> str | None:
        head = self.raw.partition(b"\r\n\r\n")[0].decode("latin-1")
        for line in head.split("\r\n")[1:]:
            key, _, value = line.partition(":")
            if key.strip().lower() == name.lower():
                return value.strip()
        return None


async def send_raw(
    port: int, data: bytes, *, host: str = "127.0.0.1", finish: bool = True, timeout: float = 10
) -> Reply:
    """Send ``data``, optionally half-close, read until the server closes."""
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(data)
        await writer.drain()
        if finish:
            writer.write_eof()
        async with asyncio.timeout(timeout):
            raw = await reader.read()
        return Reply(raw)
    finally:
        writer.close()


async def get(
    port: int,
    target: str,
    *,
    method: str = "GET",
    host_header: str | None = None,
    connect_host: str = "127.0.0.1",
) -> Reply:
    host_header = host_header or f"127.0.0.1:{port}"
    request = f"{method} {target} HTTP/1.1\r\nHost: {host_header}\r\nUser-Agent: test\r\n\r\n"
    return await send_raw(port, request.encode("latin-1"), host=connect_host)
