"""The core half of the self-test: sandbox, loopback receiver, flows, keyring, resources.

Runs on a plain asyncio loop, like a script using the Qt-free core would. Each step of the
chain builds on the one before; when one fails, the rest are reported as skipped.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from capture_desktop.selftest.report import Abort, Reporter

TYPE_NAME = "user"


class CoreChain:
    """The sandbox → auth-code → refresh → create → read chain; each step builds on the last."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.state: dict[str, Any] = {}

    def steps(self) -> list[tuple[str, Callable[[], Awaitable[str]]]]:
        return [
            ("sandbox started in a temporary data folder", self.start_sandbox),
            ("client secret stored in the in-memory TEST keyring", self.store_secret),
            ("loopback receiver listening", self.start_receiver),
            ("authorization code issued (access/getAuthorizationCode)", self.request_code),
            ("code delivered to redirect_uri and captured", self.deliver_code),
            ("code exchanged for tokens (oauth/token)", self.exchange_code),
            ("record read with the access token (entity)", self.read_with_access_token),
            ("tokens refreshed (refresh token rotated)", self.refresh_tokens),
            ("creation token issued (access/getCreationToken)", self.creation_token),
            ("record created with the creation token (entity.create)", self.create_record),
            ("new record read back (entity by uuid)", self.read_back),
        ]

    async def start_sandbox(self) -> str:
        from capture_desktop.sandbox import SandboxConfig, load_clients
        from capture_desktop.sandbox.server import SandboxServer

        data_dir = self.home / "sandbox"
        server = SandboxServer(SandboxConfig(data_dir=data_dir), host="127.0.0.1", port=0)
        # start() blocks until uvicorn listens (a few ms); keep it off the loop anyway.
        await asyncio.to_thread(server.start)
        self.state["server"] = server
        owner = next(c for c in load_clients(data_dir) if "owner" in c["features"])
        self.state["client_id"] = owner["client_id"]
        self.state["client_secret"] = owner["client_secret"]
        return f"{server.base_url}, owner client {owner['client_id']}"

    async def store_secret(self) -> str:
        from capture_desktop.store.secrets import SecretStore

        store = SecretStore(service="capture-desktop-selftest")
        key = "selftest:client_secret"
        await store.set(key, self.state["client_secret"])
        if await store.get(key) != self.state["client_secret"]:
            raise AssertionError("the secret read back differs from the one stored")
        await store.delete(key)
        return "set, read back, deleted"

    async def start_receiver(self) -> str:
        from capture_desktop.auth.loopback import LoopbackReceiver

        receiver = LoopbackReceiver(path="/callback", host_form="127.0.0.1", timeout=20.0)
        await receiver.start()
        self.state["receiver"] = receiver
        return str(receiver.redirect_uri)

    def _client(self) -> Any:
        from capture_desktop.api.client import CaptureClient
        from capture_desktop.api.credentials import BasicAuth

        if "client" not in self.state:
            import httpx

            self.state["http"] = httpx.AsyncClient(timeout=10.0)
            creds = BasicAuth(self.state["client_id"], self.state["client_secret"])
            base_url = self.state["server"].base_url
            self.state["client"] = CaptureClient(self.state["http"], base_url, creds)
        return self.state["client"]

    async def request_code(self) -> str:
        from capture_desktop.api.selectors import RecordSelector
        from capture_desktop.auth.flows import AuthorizationCodeFlow

        client = self._client()
        found = await client.entity_find(TYPE_NAME, max_results=1)
        if not found.results:
            raise AssertionError("the sandbox has no demo user records")
        record_uuid = found.results[0]["uuid"]
        flow = AuthorizationCodeFlow(client)
        code = await flow.request_code(
            TYPE_NAME, RecordSelector.by_uuid(record_uuid), self.state["receiver"].redirect_uri
        )
        self.state.update(flow=flow, code=code, record_uuid=record_uuid)
        return f"for record {record_uuid}, expires {code.expires_at:%H:%M:%S}"

    async def deliver_code(self) -> str:
        # Play the browser: the redirect Capture would send, to the receiver's real socket.
        receiver = self.state["receiver"]
        params = {"code": self.state["code"].code, "state": receiver.state}
        response = await self.state["http"].get(receiver.redirect_uri, params=params)
        result = await asyncio.wait_for(receiver.wait(), timeout=10.0)
        await receiver.close()
        if response.status_code != 200 or "html" not in response.headers.get("content-type", ""):
            raise AssertionError(f"loopback page answered HTTP {response.status_code}")
        if result.code != self.state["code"].code or result.error:
            raise AssertionError(f"receiver captured the wrong result (error={result.error})")
        return f"state checked, result page {len(response.content)} bytes"

    async def exchange_code(self) -> str:
        tokens = await self.state["flow"].exchange(
            self.state["code"].code, self.state["receiver"].redirect_uri
        )
        self.state["tokens"] = tokens
        return f"access token valid until {tokens.expires_at:%H:%M:%S}"

    async def read_with_access_token(self) -> str:
        from capture_desktop.api.credentials import AccessTokenAuth

        entity = await self._client().entity(
            TYPE_NAME, auth=AccessTokenAuth(self.state["tokens"].access_token)
        )
        if entity.uuid != self.state["record_uuid"]:
            raise AssertionError("the access token reached a different record")
        return f"record {entity.uuid}"

    async def refresh_tokens(self) -> str:
        from capture_desktop.auth.flows import refresh

        old = self.state["tokens"]
        new = await refresh(self._client(), old.refresh_token)
        if new.refresh_token == old.refresh_token or new.access_token == old.access_token:
            raise AssertionError("refresh did not rotate the tokens")
        self.state["tokens"] = new
        return f"new access token valid until {new.expires_at:%H:%M:%S}"

    async def creation_token(self) -> str:
        from capture_desktop.auth.flows import CreationTokenFlow

        token = await CreationTokenFlow(self._client()).create(TYPE_NAME, lifetime=300)
        self.state["creation_token"] = token
        return f"expires {token.expires_at:%H:%M:%S}"

    async def create_record(self) -> str:
        from capture_desktop.api.credentials import CreationTokenAuth

        email = f"selftest-{os.getpid()}-{int(time.time())}@example.com"
        created = await self._client().entity_create(
            TYPE_NAME,
            {"email": email, "givenName": "Self", "familyName": "Test"},
            auth=CreationTokenAuth(self.state["creation_token"].token),
        )
        self.state.update(new_uuid=created.uuid, new_email=email)
        return f"uuid {created.uuid}"

    async def read_back(self) -> str:
        from capture_desktop.api.selectors import RecordSelector

        selector = RecordSelector.by_uuid(self.state["new_uuid"])
        entity = await self._client().entity(TYPE_NAME, selector)
        if entity.data.get("email") != self.state["new_email"]:
            raise AssertionError("the record read back does not hold the email it was created with")
        return f"email matches, id {entity.id}"

    async def aclose(self) -> None:
        receiver = self.state.get("receiver")
        if receiver is not None:
            with contextlib.suppress(Exception):
                await receiver.close()
        http = self.state.get("http")
        if http is not None:
            await http.aclose()
        server = self.state.get("server")
        if server is not None:
            await asyncio.to_thread(server.stop)


async def run_chain(report: Reporter, home: Path) -> None:
    chain = CoreChain(home)
    steps = chain.steps()
    try:
        for index, (name, step) in enumerate(steps):
            try:
                await report.run(name, step)
            except Abort:
                for later, _ in steps[index + 1 :]:
                    report.skip(later, f"needs: {name}")
                return
    finally:
        await chain.aclose()


# The probe item's service name; a unique user name per run, deleted again at once.
PROBE_SERVICE = "capture-desktop-selftest-probe"
KEYRING_PROBE_TIMEOUT_S = 20.0
_NOT_USABLE = (".fail", ".null", ".chainer")


def _backend_name(backend: object) -> str:
    return f"{type(backend).__module__.rsplit('.', 1)[-1]}.{type(backend).__name__}"


def _usable(backend: object) -> bool:
    module = type(backend).__module__
    if module.endswith(".chainer"):
        return any(_usable(b) for b in getattr(backend, "backends", []))
    return not module.endswith(_NOT_USABLE)


def _probe_round_trip(backend: Any) -> str:
    """Store, read back and delete one random probe secret through ``backend``."""
    import secrets

    user = f"probe-{os.getpid()}-{secrets.token_hex(4)}"
    value = secrets.token_urlsafe(16)
    backend.set_password(PROBE_SERVICE, user, value)
    try:
        if backend.get_password(PROBE_SERVICE, user) != value:
            raise AssertionError("the probe secret read back differs from the one stored")
    finally:
        backend.delete_password(PROBE_SERVICE, user)
    if backend.get_password(PROBE_SERVICE, user) is not None:
        raise AssertionError("the probe secret is still there after delete")
    return user


def _within(seconds: float, call: Callable[[], object], what: str) -> None:
    """Run ``call`` in a daemon thread: a keyring waiting on an unlock prompt must not hang
    the self-test (nor its exit, as a pool thread would)."""
    outcome: list[BaseException | None] = []
    done = threading.Event()

    def target() -> None:
        try:
            call()
        except BaseException as exc:
            outcome.append(exc)
        else:
            outcome.append(None)
        finally:
            done.set()

    threading.Thread(target=target, name="keyring-probe", daemon=True).start()
    if not done.wait(seconds):
        raise TimeoutError(
            f"the {what} keyring did not answer in {seconds:.0f} s (locked, waiting on a prompt?)"
        )
    if outcome[0] is not None:
        raise outcome[0]


def check_keyring_backends(report: Reporter) -> None:
    """Prove the keyring the app will use: a probe secret stored, read back and deleted.

    The default backend is what the app's ``SecretStore`` uses, so this is the one proven; a
    fail/null backend (no Secret Service, no keychain) is a failure, not a warning, because the
    app could not keep a client secret there.
    """
    name = "keyring works (probe secret stored, read back, deleted through the default backend)"
    start = time.perf_counter()
    try:
        import keyring

        platform_module = {
            "win32": "keyring.backends.Windows",
            "darwin": "keyring.backends.macOS",
        }.get(sys.platform, "keyring.backends.SecretService")
        __import__(platform_module)
        backend = keyring.get_keyring()
        default = _backend_name(backend)
        if not _usable(backend):
            raise RuntimeError(
                f"no usable keyring (default {default}): the app cannot store secrets here. "
                "Linux: install and unlock a Secret Service (gnome-keyring, KeePassXC or KWallet) "
                "in the desktop session"
            )
        _within(KEYRING_PROBE_TIMEOUT_S, lambda: _probe_round_trip(backend), default)
    except Exception as exc:
        report.fail(name, exc)
        return
    report.ok(name, f"{platform_module} present; default {default}", time.perf_counter() - start)


def use_test_keyring() -> None:
    """Every keyring call from here on goes to memory: nothing reaches the user's keyring."""
    import keyring

    from capture_desktop.store.memory_backend import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())


def check_tls_trust(report: Reporter) -> None:
    """A real Capture is HTTPS with verification always on: a CA store must be there."""
    name = "TLS trust store present (HTTPS to a real Capture can be verified)"
    start = time.perf_counter()
    try:
        import os
        import ssl

        from capture_desktop.api import make_ssl_context

        context = make_ssl_context()
        loaded = context.cert_store_stats().get("x509_ca", 0)
        paths = ssl.get_default_verify_paths()
        capath = paths.capath or ""
        # A CA directory is read lazily, so an empty count alone proves nothing.
        in_dir = len(os.listdir(capath)) if capath and os.path.isdir(capath) else 0
        if not loaded and not in_dir:
            raise FileNotFoundError(
                f"no CA certificates (file {paths.cafile!r}, folder {capath!r}); "
                "install the system CA store (Debian: ca-certificates)"
            )
    except Exception as exc:
        report.fail(name, exc)
        return
    detail = f"{loaded} CAs loaded" if loaded else f"{in_dir} entries in {capath}"
    report.ok(name, detail, time.perf_counter() - start)


def check_resources(report: Reporter) -> None:
    name = "resources bundled (app icon, loopback pages)"
    start = time.perf_counter()
    try:
        from capture_desktop._resources import resource

        icon = resource("icons/app.svg")
        if not icon.is_file():
            raise FileNotFoundError("icons/app.svg")
        loopback = resource("loopback")
        pages = sorted(p.name for p in loopback.iterdir()) if loopback.is_dir() else []
        if not any(page.endswith(".html") for page in pages):
            raise FileNotFoundError("loopback/*.html (the page the browser sees after sign-in)")
    except Exception as exc:
        report.fail(name, exc)
        return
    report.ok(name, f"app.svg, loopback: {', '.join(pages)}", time.perf_counter() - start)
