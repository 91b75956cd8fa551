"""`capture-sandbox`: run the Capture sandbox on a loopback port until Ctrl-C or SIGTERM.

It prints the base URL, the demo users and the demo clients (ids only; the secrets stay in
clients.json in the data folder).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

import platformdirs

from capture_desktop.sandbox.clients import CLIENTS_FILE, load_clients
from capture_desktop.sandbox.config import SandboxConfig, SettingsError
from capture_desktop.sandbox.schema_json import SchemaError, load_schema_file
from capture_desktop.sandbox.seeding import DEMO_USERS, SEEDED_PASSWORD
from capture_desktop.sandbox.server import LOOPBACK_HOSTS, SandboxServer

DEFAULT_PORT = 8765


def default_data_dir() -> Path:
    """The app's embedded sandbox folder, so the command and the app share one sandbox (the
    same rule as capture_desktop.store.paths, which the sandbox may not import)."""
    home = os.environ.get("CAPTURE_DESKTOP_HOME", "").strip()
    if home:
        return Path(home).expanduser() / "data" / "sandbox"
    return Path(platformdirs.user_data_dir("capture-desktop", appauthor=False)) / "sandbox"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="capture-sandbox", description="A local emulator of the Capture REST API."
    )
    add = parser.add_argument
    add("--host", default="127.0.0.1", help="loopback address to bind (127.0.0.1 or ::1)")
    add("--port", type=int, default=DEFAULT_PORT, help="port (0 picks a free one)")
    add("--data", type=Path, default=None, help="data folder (sandbox.db, clients.json)")
    add("--seed", type=int, default=0, metavar="N", help="generate N realistic users")
    add("--access-token-lifetime", type=int, default=3600, metavar="S", help="default 3600")
    add("--refresh-token-lifetime", type=int, default=None, metavar="S", help="default: none")
    add("--code-lifetime", type=int, default=30, metavar="S", help="default 30")
    add("--creation-token-lifetime", type=int, default=3600, metavar="S", help="default 3600")
    add(
        "--lenient-redirect-uri", action="store_true", help="accept any redirect_uri at oauth/token"
    )
    add("--latency-ms", type=int, default=0, help="added latency per API call")
    add("--error-rate", type=float, default=0.0, help="share of calls failing (0..1)")
    add("--error-code", type=int, choices=(500, 510), default=500)
    add("--drop-rate", type=float, default=0.0, help="share of connections dropped (0..1)")
    add("--rate-limit", type=float, default=None, metavar="PER_SECOND")
    add("--signed-skew", type=int, default=300, metavar="S", help="allowed Date skew")
    add(
        "--schema",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="import entity types from the JSON the real /entityType returns (repeatable)",
    )
    add(
        "--lenient",
        action="store_true",
        help="accept what no public source shows (Bearer tokens, double-quoted filter strings, "
        "entity.count by readers, URL parameters on entity.delete)",
    )
    add("--log-level", default="warning", choices=("debug", "info", "warning", "error"))
    return parser


def config_from(args: argparse.Namespace) -> SandboxConfig:
    return SandboxConfig(
        data_dir=args.data or default_data_dir(),
        access_token_lifetime=args.access_token_lifetime,
        refresh_token_lifetime=args.refresh_token_lifetime,
        code_lifetime=args.code_lifetime,
        creation_token_lifetime=args.creation_token_lifetime,
        lenient_redirect_uri=args.lenient_redirect_uri,
        latency_ms=args.latency_ms,
        error_rate=args.error_rate,
        error_code=args.error_code,
        drop_rate=args.drop_rate,
        signed_skew_seconds=args.signed_skew,
        rate_limit_per_second=args.rate_limit,
        seed_users=args.seed,
        lenient=args.lenient,
        schema_files=tuple(args.schema),
    )


def describe(server: SandboxServer) -> str:
    data_dir = server.config.data_dir
    lines = [f"Capture sandbox listening on {server.base_url}", f"Data folder: {data_dir}", ""]
    lines.append("Demo users (email / password):")
    lines += [f"  {email} / {password}" for email, password, *_ in DEMO_USERS]
    if server.config.seed_users:
        lines.append(f"  ...and {server.config.seed_users} generated users / {SEEDED_PASSWORD}")
    lines += ["", f"Demo API clients (secrets in {data_dir / CLIENTS_FILE}):"]
    for client in load_clients(data_dir):
        lines.append(f"  {client['client_id']}  {client['description']}")
    lines += ["", "Press Ctrl-C to stop."]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.host not in LOOPBACK_HOSTS:
        parser.error("the sandbox binds loopback addresses only (127.0.0.1 or ::1)")
    host = "127.0.0.1" if args.host == "localhost" else args.host
    for path in args.schema:
        try:
            load_schema_file(path)
        except SchemaError as exc:
            parser.error(str(exc))
    server = SandboxServer(config_from(args), host=host, port=args.port, log_level=args.log_level)
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        try:
            server.start()
        except SettingsError as exc:
            parser.error(str(exc))
        except OSError as exc:
            print(f"capture-sandbox: cannot listen on {host}:{args.port}: {exc}", file=sys.stderr)
            return 1
        print(describe(server), flush=True)
        while not stop.wait(0.5):
            pass
        print("Stopping the sandbox...", flush=True)
        server.stop()
        print("Stopped.", flush=True)
        return 0
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
