"""LoopbackReceiver over real sockets: the happy path, refusals, hostile clients, limits."""

from __future__ import annotations

import asyncio
import socket
from urllib.parse import quote

import pytest

from capture_desktop.auth.loopback import (
    LoopbackClosed,
    LoopbackReceiver,
    LoopbackTimeout,
    PortBusy,
)
from tests.unit.auth.loopback_client import get, send_raw

CODE = "c0de-SECRET-4711-abcdef"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _ipv6_loopback() -> bool:
    if not socket.has_ipv6:
        return False
    try:
        with socket.socket(socket.AF_INET6) as s:
            s.bind(("::1", 0))
    except OSError:
        return False
    return True


async def _refused(port: int) -> bool:
    try:
        _, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        return True
    writer.close()
    return False


def _callback(rx: LoopbackReceiver, **params: str) -> str:
    query = "&".join(f"{k}={quote(v)}" for k, v in params.items())
    return f"{rx.path}?{query}"


async def test_valid_callback_is_accepted_and_closes() -> None:
    async with LoopbackReceiver() as rx:
        assert rx.port is not None
        assert rx.redirect_uri == f"http://127.0.0.1:{rx.port}/callback"
        assert all(host in ("127.0.0.1", "::1") for host, _ in rx.listening)
        reply = await get(rx.port, _callback(rx, code=CODE, state=rx.state))
        assert reply.status == 200
        assert b"Signed in" in reply.body
        assert CODE.encode() not in reply.raw
        assert reply.header("Referrer-Policy") == "no-referrer"
        assert reply.header("Cache-Control") == "no-store"
        result = await rx.wait()
        assert result.ok and result.code == CODE and result.state == rx.state
        assert CODE not in repr(result)
        await rx.close()
        assert await _refused(rx.port)


async def test_refusals_keep_waiting_then_accept() -> None:
    async with LoopbackReceiver(path="/cb") as rx:
        port = rx.port
        assert port is not None
        wrong = await get(port, _callback(rx, code=CODE, state="not-the-state"))
        missing = await get(port, _callback(rx, code=CODE))
        doubled = await get(port, f"/cb?code={CODE}&state={rx.state}&state={rx.state}")
        no_code = await get(port, _callback(rx, state=rx.state))
        favicon = await get(port, "/favicon.ico")
        other_path = await get(port, _callback(rx, code=CODE, state=rx.state).replace("/cb", "/x"))
        post = await get(port, _callback(rx, code=CODE, state=rx.state), method="POST")
        rebound = await get(port, _callback(rx, code=CODE, state=rx.state), host_header="evil.test")
        assert [r.status for r in (wrong, missing, doubled, no_code)] == [400] * 4
        assert b"does not match" in wrong.body
        assert favicon.status == 404 and other_path.status == 404
        assert post.status == 405 and post.header("Allow") == "GET"
        assert rebound.status == 400
        for reply in (wrong, missing, doubled, no_code, favicon, other_path, post, rebound):
            assert CODE.encode() not in reply.raw
        assert not rx._result.done()  # type: ignore[union-attr]

        ok = await get(port, _callback(rx, code="good", state=rx.state))
        assert ok.status == 200
        assert (await rx.wait()).code == "good"


async def test_error_callback_shows_error_and_escapes_it() -> None:
    async with LoopbackReceiver() as rx:
        assert rx.port is not None
        reply = await get(
            rx.port,
            _callback(
                rx,
                error="access_denied",
                error_description="<script>alert(1)</script>",
                state=rx.state,
            ),
        )
        assert reply.status == 200
        assert b"access_denied" in reply.body
        assert b"<script>" not in reply.body and b"&lt;script&gt;" in reply.body
        csp = reply.header("Content-Security-Policy") or ""
        assert csp.startswith("default-src 'none'")
        result = await rx.wait()
        assert not result.ok
        assert result.error == "access_denied" and result.code is None


async def test_error_name_from_the_request_is_not_echoed_raw() -> None:
    async with LoopbackReceiver() as rx:
        assert rx.port is not None
        await get(rx.port, _callback(rx, error="<b>x</b>", state=rx.state))
        assert (await rx.wait()).error == "invalid_error"


async def test_garbage_bytes_get_400_and_the_receiver_survives() -> None:
    async with LoopbackReceiver() as rx:
        assert rx.port is not None
        for junk in (b"\x00\xff\x13garbage\r\n\r\n", b"\r\n\r\n", b"GET\r\n\r\n", b"\x16\x03\x01"):
            reply = await send_raw(rx.port, junk)
            assert reply.status in (400, None)
        assert (await get(rx.port, _callback(rx, code=CODE, state=rx.state))).status == 200
        assert (await rx.wait()).code == CODE


async def test_half_sent_request_times_out_without_blocking_others() -> None:
    async with LoopbackReceiver(read_timeout=0.3) as rx:
        assert rx.port is not None
        partial = f"GET {_callback(rx, code='slow', state=rx.state)} HTTP/1.1\r\nHost: x"
        slow = asyncio.create_task(send_raw(rx.port, partial.encode(), finish=False))
        fast = await get(rx.port, _callback(rx, code=CODE, state=rx.state))
        assert fast.status == 200
        assert (await rx.wait()).code == CODE
        slow_reply = await slow
        # The half-sent request never delivered its code: cut off by the deadline or the close.
        assert slow_reply.status in (408, None)


async def test_slowloris_gets_408_after_the_read_timeout() -> None:
    async with LoopbackReceiver(read_timeout=0.2) as rx:
        assert rx.port is not None
        reply = await send_raw(rx.port, b"GET /callback?state=", finish=False)
        assert reply.status == 408
        assert not rx._result.done()  # type: ignore[union-attr]


async def test_huge_header_gets_431() -> None:
    async with LoopbackReceiver(max_header_bytes=4096) as rx:
        assert rx.port is not None
        big = (
            f"GET {_callback(rx, code=CODE, state=rx.state)} HTTP/1.1\r\n"
            f"Host: 127.0.0.1:{rx.port}\r\nX-Big: {'a' * 100_000}\r\n\r\n"
        )
        reply = await send_raw(rx.port, big.encode())
        assert reply.status == 431
        assert not rx._result.done()  # type: ignore[union-attr]


async def test_concurrent_connections() -> None:
    async with LoopbackReceiver() as rx:
        port = rx.port
        assert port is not None
        bad = [get(port, _callback(rx, code=f"bad{i}", state=f"s{i}")) for i in range(25)]
        good = get(port, _callback(rx, code=CODE, state=rx.state))
        replies = await asyncio.gather(*bad, good)
        assert [r.status for r in replies[:-1]] == [400] * 25
        assert replies[-1].status == 200
        assert (await rx.wait()).code == CODE


async def test_at_the_cap_the_oldest_unfinished_connection_makes_room() -> None:
    async with LoopbackReceiver(max_connections=3, read_timeout=0.3) as rx:
        assert rx.port is not None
        stalled = [
            asyncio.create_task(send_raw(rx.port, b"GET /callback", finish=False)) for _ in range(3)
        ]
        # Wait until the three stalled requests hold the slots; a fresh request still gets in.
        async with asyncio.timeout(5):
            while len(rx._connections) < 3:
                await asyncio.sleep(0)
        assert (await get(rx.port, _callback(rx, code=CODE, state=rx.state))).status == 200
        # One stalled connection was closed to make room; the receiver, done, closed the rest.
        assert [r.status for r in await asyncio.gather(*stalled)] == [None] * 3


async def test_timeout_raises_and_frees_the_port() -> None:
    rx = LoopbackReceiver(timeout=0.05)
    await rx.start()
    assert rx.port is not None
    with pytest.raises(LoopbackTimeout, match=r"0\.05 seconds"):
        await rx.wait()
    await rx.close()
    assert await _refused(rx.port)


async def test_close_wakes_the_waiter() -> None:
    rx = LoopbackReceiver()
    await rx.start()
    waiter = asyncio.create_task(rx.wait())
    await asyncio.sleep(0)
    await rx.close()
    with pytest.raises(LoopbackClosed):
        await waiter


async def test_busy_fixed_port_names_the_port() -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        busy = holder.getsockname()[1]
        rx = LoopbackReceiver(ports=(busy,))
        with pytest.raises(PortBusy, match=f"Port {busy} ") as info:
            await rx.start()
        assert info.value.port == busy
    # Once the other program lets go, the same receiver can start on that port.
    async with rx:
        assert rx.port == busy


async def test_first_free_registered_port_is_used() -> None:
    free = _free_port()
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        busy = holder.getsockname()[1]
        async with LoopbackReceiver(ports=(busy, free)) as rx:
            assert rx.port == free
            assert rx.redirect_uri == f"http://127.0.0.1:{free}/callback"
        with pytest.raises(PortBusy) as info:
            await LoopbackReceiver(ports=(busy, busy)).start()
        assert str(busy) in str(info.value)


async def test_fixed_port_is_reusable_right_after_an_attempt() -> None:
    port = _free_port()
    for _ in range(2):
        async with LoopbackReceiver(ports=(port,)) as rx:
            assert (await get(port, _callback(rx, code=CODE, state=rx.state))).status == 200
            await rx.wait()


async def test_localhost_form_and_ipv6() -> None:
    async with LoopbackReceiver(host_form="localhost", path="/x/y") as rx:
        assert rx.redirect_uri == f"http://localhost:{rx.port}/x/y"
        assert rx.port is not None
        if _ipv6_loopback():
            assert ("::1", rx.port) in rx.listening
            reply = await get(
                rx.port,
                _callback(rx, code=CODE, state=rx.state),
                connect_host="::1",
                host_header=f"localhost:{rx.port}",
            )
            assert reply.status == 200
            assert (await rx.wait()).code == CODE


async def test_each_attempt_has_a_fresh_high_entropy_state() -> None:
    states = {LoopbackReceiver().state for _ in range(50)}
    assert len(states) == 50
    assert all(len(s) >= 43 for s in states)


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="path"):
        LoopbackReceiver(path="callback")
    with pytest.raises(ValueError, match="host_form"):
        LoopbackReceiver(host_form="example.test")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="ports"):
        LoopbackReceiver(ports=())


async def test_localhost_form_refuses_a_port_someone_else_holds_on_ipv6() -> None:
    if not _ipv6_loopback():
        pytest.skip("this machine has no IPv6 loopback")
    with socket.socket(socket.AF_INET6) as other:
        other.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        other.bind(("::1", 0))
        other.listen()
        port = other.getsockname()[1]
        # A browser may resolve "localhost" to ::1 and hand the code to that other program.
        with pytest.raises(PortBusy, match=str(port)):
            await LoopbackReceiver(host_form="localhost", ports=(port,)).start()
        # With the literal 127.0.0.1 in redirect_uri the browser never goes to ::1.
        async with LoopbackReceiver(host_form="127.0.0.1", ports=(port,)) as rx:
            assert rx.listening == [("127.0.0.1", port)]
