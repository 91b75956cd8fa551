"""TLS is always verified: a private CA is refused until its bundle is configured, and a
certificate for another host is refused even then. Certificates come from the openssl CLI."""

from __future__ import annotations

import asyncio
import shutil
import ssl
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from capture_desktop.api import BasicAuth, CaptureClient, NetworkError, make_http_client

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl CLI")
BODY = b'{"stat":"ok","total_count":7}'
EC = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A throw-away CA and a server certificate for 127.0.0.1 signed by it."""
    d = tmp_path_factory.mktemp("pki")
    _openssl("req", "-x509", *EC, "-keyout", "ca.key", "-out", "ca.pem", "-days", "1",
             "-subj", "/CN=Capture Desktop test CA",
             "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=d)  # fmt: skip
    _openssl("req", *EC, "-keyout", "srv.key", "-out", "srv.csr", "-subj", "/CN=127.0.0.1", cwd=d)
    (d / "ext.cnf").write_text(
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n"
    )
    _openssl("x509", "-req", "-in", "srv.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
             "-CAcreateserial", "-out", "srv.pem", "-days", "1", "-extfile", "ext.cnf",
             cwd=d)  # fmt: skip
    return d


@pytest.fixture
async def tls_server(pki: Path) -> AsyncIterator[int]:
    """A tiny HTTPS endpoint that answers every request with a Capture-shaped body."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(pki / "srv.pem", pki / "srv.key")

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            writer.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
                + f"Content-Length: {len(BODY)}\r\n\r\n".encode()
                + BODY
            )
            await writer.drain()
        except (OSError, asyncio.IncompleteReadError, ssl.SSLError):
            pass  # the refused handshakes end here
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0, ssl=context)
    port = server.sockets[0].getsockname()[1]
    async with server:
        yield port


async def test_unknown_ca_is_refused(tls_server: int) -> None:
    async with make_http_client() as http:
        client = CaptureClient(http, f"https://127.0.0.1:{tls_server}", BasicAuth("c", "s"))
        with pytest.raises(NetworkError, match=r"(?i)certificate"):
            await client.entity_count("user")


async def test_configured_ca_bundle_is_trusted(tls_server: int, pki: Path) -> None:
    async with make_http_client(ca_bundle=pki / "ca.pem") as http:
        client = CaptureClient(http, f"127.0.0.1:{tls_server}", BasicAuth("c", "s"))
        assert client.base_url.startswith("https://")
        assert await client.entity_count("user") == 7


async def test_wrong_host_name_is_refused_even_with_the_bundle(tls_server: int, pki: Path) -> None:
    async with make_http_client(ca_bundle=pki / "ca.pem") as http:
        client = CaptureClient(http, f"https://localhost:{tls_server}", BasicAuth("c", "s"))
        with pytest.raises(NetworkError, match=r"(?i)hostname"):
            await client.entity_count("user")
