"""Sandbox benchmark on 100k seeded users, over a real uvicorn port.

Prints p50/p95 for a find by email, a keyset page of 100 sorted by id and a count with a range
filter, and `/entity` requests per second next to a trivial Starlette route served the same
way (uvicorn in a thread), as a ratio.

Targets in tests/perf/targets.py. Run it alone with
    .venv/bin/python -m tests.perf.bench_sandbox [N_USERS]
or every benchmark, one table: .venv/bin/python -m tests.perf
"""

from __future__ import annotations

import json
import random
import socket
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from capture_desktop.sandbox import SandboxConfig, SandboxServer, load_clients
from capture_desktop.sandbox.server import UvicornThread

USERS = 100_000


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return statistics.median(ordered), p95


def timed(call: Callable[[], httpx.Response], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = call()
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200 and response.json()["stat"] == "ok", response.text
    return samples


def requests_per_second(http: httpx.Client, path: str, data: dict[str, str], n: int) -> float:
    start = time.perf_counter()
    for _ in range(n):
        response = http.post(path, data=data)
        assert response.status_code == 200
    return n / (time.perf_counter() - start)


def client(base_url: str, auth: tuple[str, str] | None = None) -> httpx.Client:
    """A keep-alive client with TCP_NODELAY: without it a POST's header and body segments
    meet delayed ACKs and every request takes ~40 ms, which would measure the kernel."""
    transport = httpx.HTTPTransport(socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)])
    return httpx.Client(base_url=base_url, auth=auth, transport=transport)


def trivial_app() -> Starlette:
    async def ok(request: Request) -> Response:
        await request.body()
        return JSONResponse({"stat": "ok"})

    return Starlette(routes=[Route("/trivial", ok, methods=["GET", "POST"])])


def run(users: int = USERS) -> dict[str, Any]:
    figures: dict[str, Any] = {"users": users}
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "sandbox"
        start = time.perf_counter()
        server = SandboxServer(SandboxConfig(data_dir=data_dir, seed_users=users))
        server.start()
        figures["seed + start s"] = round(time.perf_counter() - start, 2)
        trivial = UvicornThread(trivial_app(), "127.0.0.1", 0)
        trivial.start()
        try:
            owner = next(c for c in load_clients(data_dir) if c["features"] == ["owner"])
            auth = (owner["client_id"], owner["client_secret"])
            rng = random.Random(7)
            with client(server.base_url, auth) as http:
                emails = [
                    r["email"]
                    for r in http.post(
                        "/entity.find",
                        data={
                            "type_name": "user",
                            "filter": f"id > {users // 2}",
                            "max_results": "200",
                            "attributes": '["email"]',
                        },
                    ).json()["results"]
                ]

                def find_email() -> httpx.Response:
                    email = rng.choice(emails)
                    return http.post(
                        "/entity.find",
                        data={"type_name": "user", "filter": f"email = '{email}'"},
                    )

                def keyset_page() -> httpx.Response:
                    last = rng.randrange(1, users)
                    return http.post(
                        "/entity.find",
                        data={
                            "type_name": "user",
                            "filter": f"id > {last}",
                            "sort_on": '["id"]',
                            "max_results": "100",
                        },
                    )

                def range_count() -> httpx.Response:
                    year = rng.randrange(1945, 2000)
                    return http.post(
                        "/entity.count",
                        data={
                            "type_name": "user",
                            "filter": f"birthday >= '{year}-01-01' "
                            f"and birthday < '{year + 5}-01-01'",
                        },
                    )

                for name, call, repeat in (
                    ("find by email", find_email, 300),
                    ("keyset page", keyset_page, 200),
                    ("range count", range_count, 100),
                ):
                    timed(call, 10)  # warm up
                    p50, p95 = percentiles(timed(call, repeat))
                    figures[f"{name} p50"] = round(p50, 2)
                    figures[f"{name} p95"] = round(p95, 2)

                entity_data = {"type_name": "user", "id": str(users // 3)}
                requests_per_second(http, "/entity", entity_data, 100)
                figures["/entity req/s"] = round(
                    requests_per_second(http, "/entity", entity_data, 1500), 1
                )
            with client(f"http://127.0.0.1:{trivial.port}") as plain:
                requests_per_second(plain, "/trivial", entity_data, 100)
                figures["trivial req/s"] = round(
                    requests_per_second(plain, "/trivial", entity_data, 1500), 1
                )
            figures["ratio"] = round(figures["/entity req/s"] / figures["trivial req/s"], 3)
        finally:
            trivial.stop()
            server.stop()
    return figures


def report(figures: dict[str, Any]) -> str:
    lines = ["", "sandbox benchmark (times in ms):"]
    lines += [f"  {name:<24} {value}" for name, value in figures.items()]
    return "\n".join(lines)


if __name__ == "__main__":
    result = run(int(sys.argv[1]) if len(sys.argv) > 1 else USERS)
    print(report(result))
    figures = {
        "sandbox.find_p95": result["find by email p95"],
        "sandbox.page_p95": result["keyset page p95"],
        "sandbox.req_ratio": result["ratio"],
    }
    print(f"PERF-FIGURES {json.dumps(figures)}", flush=True)
