"""The loopback redirect receiver: a tiny HTTP server on 127.0.0.1 that catches one code.

``LoopbackReceiver`` listens on ``127.0.0.1`` (and ``[::1]`` when the machine has IPv6) on an
ephemeral port, a fixed port, or the first free port of a list registered with Capture. It
runs on the running asyncio loop (``asyncio.start_server``) and parses HTTP with h11.

It accepts the first ``GET <path>?...&state=<its state>`` carrying a code or an error, answers
with a small page (never showing the code) and closes. A wrong or missing state is refused
and it keeps waiting. Other paths get 404, other methods 405. Each connection has a read
deadline and a header-size cap, so malformed, oversized or never-finished requests cost
little; the whole attempt times out (default five minutes).

A local flood cannot keep the browser out: a connection that sends nothing is closed after a
short idle timeout, and at the connection cap the oldest connection still without a request
(one that sent nothing first) is evicted to make room for the new one.

Use from the event loop thread only.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import os
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Literal
from urllib.parse import parse_qs, unquote

import h11

from capture_desktop.auth import pages
from capture_desktop.auth.callback import CallbackRefused, CallbackResult, new_state, validate_query

log = logging.getLogger(__name__)

HostForm = Literal["127.0.0.1", "localhost"]
_REASONS = {
    200: b"OK",
    400: b"Bad Request",
    404: b"Not Found",
    405: b"Method Not Allowed",
    409: b"Conflict",
    408: b"Request Timeout",
    410: b"Gone",
    431: b"Request Header Fields Too Large",
    503: b"Service Unavailable",
}
# Windows reports a port held with SO_EXCLUSIVEADDRUSE (or reserved) as EACCES; on POSIX,
# EACCES means a privileged port and is reported as such, not as "in use".
_BUSY = {errno.EADDRINUSE} | ({errno.EACCES} if os.name == "nt" else set())
_EPHEMERAL_ATTEMPTS = 8


def _state_of(query: str) -> str | None:
    values = parse_qs(query, keep_blank_values=True).get("state")
    return values[0] if values else None


class LoopbackError(Exception):
    """The receiver could not do its job."""


class PortBusy(LoopbackError):
    """No listed port could be bound; ``port`` is the first one tried."""

    def __init__(self, ports: Sequence[int]) -> None:
        self.ports = tuple(ports)
        self.port = self.ports[0] if self.ports else 0
        if len(self.ports) == 1:
            text = f"Port {self.port} on 127.0.0.1 is already in use by another program."
        else:
            listed = ", ".join(str(p) for p in self.ports)
            text = f"All redirect ports are already in use by other programs: {listed}."
        super().__init__(
            text + " Close that program, or register another port for the redirect_uri."
        )


class LoopbackTimeout(LoopbackError, TimeoutError):
    def __init__(self, timeout: float) -> None:
        super().__init__(f"No sign-in arrived within {timeout:g} seconds.")
        self.timeout = timeout


class LoopbackClosed(LoopbackError):
    def __init__(self) -> None:
        super().__init__("The redirect receiver was closed before a sign-in arrived.")


def _listen(family: socket.AddressFamily, host: str, port: int) -> socket.socket:
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        if hasattr(socket, "SO_EXCLUSIVEADDRUSE"):  # Windows: nobody may share our port
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)
        else:  # POSIX: rebinding over our own TIME_WAIT sockets is fine, a live listener is not
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        sock.bind((host, port))
        sock.listen(16)
        sock.setblocking(False)
    except BaseException:
        sock.close()
        raise
    return sock


@dataclass
class _Peer:
    """What the receiver knows about one open connection."""

    sent_bytes: bool = False
    has_request: bool = False


class LoopbackReceiver:
    """Catches one redirect at ``redirect_uri``; ``await wait()`` gives the result."""

    def __init__(
        self,
        path: str = "/callback",
        host_form: HostForm = "127.0.0.1",
        ports: Sequence[int] = (0,),
        timeout: float = 300.0,
        *,
        read_timeout: float = 10.0,
        idle_timeout: float = 2.0,
        max_header_bytes: int = 8192,
        max_connections: int = 32,
    ) -> None:
        if not path.startswith("/") or "?" in path or "#" in path:
            raise ValueError("path must start with '/' and carry no query or fragment")
        if host_form not in ("127.0.0.1", "localhost"):
            raise ValueError("host_form must be '127.0.0.1' or 'localhost'")
        if not ports or any(not 0 <= p < 65536 for p in ports):
            raise ValueError("ports must be 0 (any free port) or 1-65535")
        self.path = path
        self.host_form: HostForm = host_form
        self.ports = tuple(ports)
        self.timeout = timeout
        self.read_timeout = read_timeout
        self.idle_timeout = idle_timeout
        self.max_header_bytes = max_header_bytes
        self.max_connections = max_connections
        self.state = new_state()
        #: States of earlier attempts this one replaced: their pages are told so, not refused.
        self.replaced_states: set[str] = set()
        self.port: int | None = None
        self._servers: list[asyncio.Server] = []
        # In arrival order, so the oldest is first.
        self._connections: dict[asyncio.Task[None], _Peer] = {}
        self._result: asyncio.Future[CallbackResult] | None = None
        self._deadline: asyncio.TimerHandle | None = None
        self._closing: asyncio.Task[None] | None = None

    # -- lifecycle -----------------------------------------------------------------------

    @property
    def redirect_uri(self) -> str:
        if self.port is None:
            raise RuntimeError("the receiver is not started")
        return f"http://{self.host_form}:{self.port}{self.path}"

    @property
    def finished(self) -> bool:
        """True once a callback was accepted (or the attempt timed out or was closed)."""
        return self._result is not None and self._result.done()

    @property
    def listening(self) -> list[tuple[str, int]]:
        """The (host, port) pairs actually bound."""
        out: list[tuple[str, int]] = []
        for server in self._servers:
            for sock in server.sockets:
                host, port = sock.getsockname()[:2]
                out.append((host, port))
        return out

    async def start(self) -> None:
        if self._result is not None:
            raise RuntimeError("a receiver handles one attempt; make a new one")
        loop = asyncio.get_running_loop()
        sockets = self._bind()  # PortBusy here leaves the receiver startable again
        self._result = loop.create_future()
        try:
            for sock in sockets:
                server = await asyncio.start_server(self._on_connection, sock=sock)
                self._servers.append(server)
        except BaseException:
            for sock in sockets:
                sock.close()
            await self.close()
            raise
        self._deadline = loop.call_later(self.timeout, self._expire)
        log.info("loopback receiver listening at %s", self.redirect_uri)

    def _bind(self) -> list[socket.socket]:
        busy: list[int] = []
        for wanted in self.ports:
            attempts = _EPHEMERAL_ATTEMPTS if wanted == 0 else 1
            for _ in range(attempts):
                try:
                    v4 = _listen(socket.AF_INET, "127.0.0.1", wanted)
                except OSError as exc:
                    if exc.errno in _BUSY:
                        break
                    raise LoopbackError(f"Cannot listen on 127.0.0.1:{wanted}: {exc}") from exc
                port = v4.getsockname()[1]
                v6, v6_busy = self._bind_v6(port)
                if v6_busy and self.host_form == "localhost":
                    # A browser may resolve localhost to ::1 and reach whoever holds it there.
                    v4.close()
                    continue
                self.port = port
                return [v4] if v6 is None else [v4, v6]
            busy.append(wanted)
        raise PortBusy(busy)

    @staticmethod
    def _bind_v6(port: int) -> tuple[socket.socket | None, bool]:
        if not socket.has_ipv6:
            return None, False
        try:
            return _listen(socket.AF_INET6, "::1", port), False
        except OSError as exc:
            # No IPv6 loopback on this machine is fine; someone else on ::1 is noted.
            return None, exc.errno in _BUSY

    async def wait(self) -> CallbackResult:
        """The accepted callback; raises ``LoopbackTimeout`` or ``LoopbackClosed``."""
        if self._result is None:
            raise RuntimeError("start() the receiver first")
        return await asyncio.shield(self._result)

    async def close(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
        if self._result is not None and not self._result.done():
            self._result.set_exception(LoopbackClosed())
        self._mark_retrieved()
        servers, self._servers = self._servers, []
        for server in servers:
            server.close()
        current = asyncio.current_task()
        for task in list(self._connections):
            if task is not current:
                task.cancel()
        for server in servers:
            await server.wait_closed()
        if self._closing is not None and self._closing is not current:
            await self._closing

    async def __aenter__(self) -> LoopbackReceiver:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    def _mark_retrieved(self) -> None:
        # Nobody may await a timed-out attempt; do not let asyncio log it as unretrieved.
        if self._result is not None and self._result.done() and not self._result.cancelled():
            self._result.exception()

    def _expire(self) -> None:
        if self._result is not None and not self._result.done():
            log.info("loopback receiver timed out after %gs", self.timeout)
            self._result.set_exception(LoopbackTimeout(self.timeout))
            self._mark_retrieved()
        self._schedule_close()

    def _schedule_close(self) -> None:
        if self._closing is None:
            self._closing = asyncio.get_running_loop().create_task(self.close())

    # -- one connection ------------------------------------------------------------------

    async def _on_connection(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        task = asyncio.current_task()
        assert task is not None
        peer = _Peer()
        self._connections[task] = peer
        try:
            if len(self._connections) > self.max_connections and not self._evict_one(task):
                return  # every held connection is busy with a real request: shed this one
            await self._serve(reader, writer, peer)
        except asyncio.CancelledError:
            pass
        except Exception:  # a bad client must never take the receiver down
            log.debug("loopback connection failed", exc_info=True)
        finally:
            self._connections.pop(task, None)
            writer.close()
            with contextlib.suppress(Exception):
                async with asyncio.timeout(1.0):
                    await writer.wait_closed()

    def _evict_one(self, newcomer: asyncio.Task[None]) -> bool:
        """Close the oldest connection without a request (silent ones first) for a new one."""
        waiting = [(t, p) for t, p in self._connections.items() if t is not newcomer]
        silent = [t for t, p in waiting if not p.sent_bytes]
        unfinished = [t for t, p in waiting if not p.has_request]
        for task in silent[:1] or unfinished[:1]:
            self._connections.pop(task, None)  # counts as gone from now on
            task.cancel()
            return True
        return False

    async def _serve(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, peer: _Peer
    ) -> None:
        conn = h11.Connection(h11.SERVER, max_incomplete_event_size=self.max_header_bytes)
        try:
            async with asyncio.timeout(min(self.idle_timeout, self.read_timeout)) as deadline:
                request = await self._read_request(conn, reader, peer, deadline)
        except TimeoutError:
            if peer.sent_bytes:  # a silent connection is simply closed; a slow one is told why
                await self._send(
                    writer, conn, 408, pages.status_page(408, "Request Timeout", "Too slow.")
                )
            return
        except h11.RemoteProtocolError as exc:
            status = exc.error_status_hint if exc.error_status_hint in _REASONS else 400
            body = pages.status_page(status, _REASONS[status].decode(), "Malformed request.")
            await self._send(writer, conn, status, body)
            return
        if request is None:
            return
        peer.has_request = True
        status, body, extra, result = self._dispatch(request)
        await self._send(writer, conn, status, body, extra)
        if result is not None and self._result is not None and not self._result.done():
            self._result.set_result(result)
            self._schedule_close()

    async def _read_request(
        self,
        conn: h11.Connection,
        reader: asyncio.StreamReader,
        peer: _Peer,
        deadline: asyncio.Timeout,
    ) -> h11.Request | None:
        started = asyncio.get_running_loop().time()
        while True:
            event = conn.next_event()
            if event is h11.NEED_DATA:
                data = await reader.read(4096)
                if data and not peer.sent_bytes:
                    # Speaking at last: the full read deadline applies from the connect.
                    peer.sent_bytes = True
                    deadline.reschedule(started + self.read_timeout)
                conn.receive_data(data)
                continue
            if isinstance(event, h11.Request):
                return event
            return None  # ConnectionClosed before any request

    def _host_ok(self, request: h11.Request) -> bool:
        # A web page that rebinds its own name to 127.0.0.1 sends its own Host: refuse it.
        hosts = [v for k, v in request.headers if k == b"host"]
        if len(hosts) != 1:
            return False
        host = hosts[0].decode("latin-1").lower()
        allowed = {"127.0.0.1", "localhost", "[::1]"}
        return host in {f"{h}:{self.port}" for h in allowed} or (
            self.port == 80 and host in allowed
        )

    def _dispatch(
        self, request: h11.Request
    ) -> tuple[int, bytes, list[tuple[str, str]], CallbackResult | None]:
        target = request.target.decode("latin-1")
        raw_path, _, query = target.partition("?")
        if unquote(raw_path) != self.path:
            return 404, pages.status_page(404, "Not Found", "Nothing here."), [], None
        if request.method != b"GET":
            page = pages.status_page(405, "Method Not Allowed", "Only GET is accepted.")
            return 405, page, [("Allow", "GET")], None
        if not self._host_ok(request):
            return 400, pages.refused_page("The request names an unexpected host."), [], None
        if self._result is None or self._result.done():
            return 410, pages.refused_page("This sign-in attempt is already finished."), [], None
        if self.replaced_states and _state_of(query) in self.replaced_states:
            log.info("loopback receiver turned away a replaced attempt")
            return 409, pages.replaced_page(), [], None
        try:
            result = validate_query(query, self.state)
        except CallbackRefused as exc:
            log.info("loopback receiver refused a callback: %s", exc.reason)
            return 400, pages.refused_page(str(exc)), [], None
        if result.error is not None:
            body = pages.callback_error_page(result.error, result.error_description)
            return 200, body, [], result
        return 200, pages.success_page(), [], result

    async def _send(
        self,
        writer: asyncio.StreamWriter,
        conn: h11.Connection,
        status: int,
        body: bytes,
        extra: Sequence[tuple[str, str]] = (),
    ) -> None:
        if conn.our_state not in (h11.IDLE, h11.SEND_RESPONSE):
            return
        headers = [*pages.PAGE_HEADERS, *extra]
        headers += [("Content-Length", str(len(body))), ("Connection", "close")]
        try:
            data = conn.send(
                h11.Response(status_code=status, headers=headers, reason=_REASONS[status])
            )
            data = (data or b"") + (conn.send(h11.Data(data=body)) or b"")
            data += conn.send(h11.EndOfMessage()) or b""
        except h11.LocalProtocolError:
            return
        writer.write(data)
        with contextlib.suppress(Exception):
            async with asyncio.timeout(self.read_timeout):
                await writer.drain()
