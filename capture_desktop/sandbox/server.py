"""`SandboxServer`: the sandbox on a real loopback port, served by uvicorn in a daemon thread
with its own event loop, so a busy GUI thread never stalls it.

`start()` blocks until the socket is listening; `stop()` shuts down and joins the thread.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
from collections.abc import Callable
from types import TracebackType

import uvicorn
from starlette.applications import Starlette
from starlette.types import ASGIApp

from capture_desktop.sandbox.app import create_app
from capture_desktop.sandbox.config import SandboxConfig
from capture_desktop.sandbox.faults import ConnectionDropped
from capture_desktop.sandbox.state import Sandbox

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})


class _DroppedFilter(logging.Filter):
    """Injected dropped connections are intended: keep their tracebacks out of the log."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, ConnectionDropped)


_FILTER = _DroppedFilter()


class _Server(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, ready: threading.Event) -> None:
        super().__init__(config)
        self.ready = ready

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        self.ready.set()


def bind_socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto=IPPROTO_TCP matters: asyncio only turns on TCP_NODELAY for accepted sockets whose
    # proto says TCP, and without it small responses wait ~40 ms for a delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind((host, port))
        sock.listen(128)
        sock.setblocking(False)
    except OSError:
        sock.close()
        raise
    return sock


class UvicornThread:
    """Any ASGI app served by uvicorn in a daemon thread with its own loop, on a socket bound
    before the thread starts (so the port is known at once)."""

    def __init__(self, app: ASGIApp, host: str, port: int, log_level: str = "warning") -> None:
        self.app = app
        self.host = host
        self.port = port
        self.log_level = log_level
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None
        self._error: BaseException | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(self, timeout: float = 30.0) -> None:
        self._socket = bind_socket(self.host, self.port)
        self.port = int(self._socket.getsockname()[1])
        logging.getLogger("uvicorn.error").addFilter(_FILTER)
        ready = threading.Event()
        config = uvicorn.Config(
            self.app,
            log_level=self.log_level,
            access_log=False,
            lifespan="on",
            timeout_graceful_shutdown=5,
        )
        self._server = _Server(config, ready)
        self._thread = threading.Thread(target=self._run, name="capture-sandbox", daemon=True)
        self._thread.start()
        while not ready.wait(0.05):
            if not self._thread.is_alive() or timeout <= 0:
                self.stop()
                raise RuntimeError("the server did not start") from self._error
            timeout -= 0.05

    def _run(self) -> None:
        assert self._server is not None and self._socket is not None
        try:
            # A plain selector loop, never the policy's: on Python 3.11 qasync.run() installs a
            # policy whose loops are Qt loops, which cannot run outside the GUI thread.
            with asyncio.Runner(loop_factory=asyncio.SelectorEventLoop) as runner:
                runner.run(self._server.serve(sockets=[self._socket]))
        except BaseException as exc:  # reported by start(); a daemon thread has nobody else
            self._error = exc

    def stop(self, timeout: float = 10.0) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive() and self._server is not None:
                self._server.force_exit = True
                self._thread.join(timeout)
        if self._socket is not None:
            self._socket.close()
        self._thread = None
        self._server = None
        self._socket = None


class SandboxServer:
    """The sandbox on `host:port` (port 0 picks a free one). A context manager."""

    def __init__(
        self,
        config: SandboxConfig,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        clock: Callable[[], float] | None = None,
        log_level: str = "warning",
    ) -> None:
        if host not in LOOPBACK_HOSTS:
            raise ValueError(f"the sandbox binds loopback addresses only, not {host!r}")
        self.config = config
        self.host = "127.0.0.1" if host == "localhost" else host
        self.port = port
        self.clock = clock
        self.log_level = log_level
        self.app: Starlette | None = None
        self._runner: UvicornThread | None = None

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def sandbox(self) -> Sandbox:
        """The live state (settings, storage) of the running app."""
        if self.app is None:
            raise RuntimeError("the sandbox server is not started")
        state: Sandbox = self.app.state.sandbox
        return state

    def start(self, timeout: float = 30.0) -> None:
        """Create (and on first use seed) the app, then serve it; returns once listening."""
        if self._runner is not None:
            raise RuntimeError("the sandbox server is already started")
        self.app = create_app(self.config, clock=self.clock)
        self._runner = UvicornThread(self.app, self.host, self.port, self.log_level)
        try:
            self._runner.start(timeout)
        except BaseException:
            self.stop()
            raise
        self.port = self._runner.port

    def stop(self, timeout: float = 10.0) -> None:
        if self._runner is not None:
            self._runner.stop(timeout)
            self._runner = None
        if self.app is not None:
            self.app.state.sandbox.close()

    def __enter__(self) -> SandboxServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
