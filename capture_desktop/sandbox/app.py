"""`create_app`: the Capture sandbox as a Starlette application over a SQLite data folder."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import BaseRoute, Route

from capture_desktop.sandbox import routes_access, routes_entity, routes_schema, routes_verify
from capture_desktop.sandbox.admin import admin_routes
from capture_desktop.sandbox.config import SandboxConfig
from capture_desktop.sandbox.dispatch import Operation, make_endpoint
from capture_desktop.sandbox.faults import FaultMiddleware
from capture_desktop.sandbox.seeding import ensure_clients_file, seed_demo, seed_users
from capture_desktop.sandbox.signin import signin_route
from capture_desktop.sandbox.state import Sandbox

log = logging.getLogger("capture_desktop.sandbox")


def operations() -> dict[str, Operation]:
    table = [
        *routes_entity.OPERATIONS,
        *routes_schema.OPERATIONS,
        *routes_access.OPERATIONS,
        *routes_verify.OPERATIONS,
    ]
    return {operation.path: operation for operation in table}


def open_sandbox(config: SandboxConfig, clock: Callable[[], float] | None = None) -> Sandbox:
    """Open (and on first use seed) the data folder. The caller closes the result."""
    sandbox = Sandbox(config, clock)
    try:
        seed_demo(sandbox.storage, sandbox.clients, sandbox.entities)
        if config.seed_users:
            added = seed_users(sandbox.storage, config.seed_users)
            if added:
                log.info("seeded %d users", added)
        ensure_clients_file(config.data_dir, sandbox.clients)
    except BaseException:
        sandbox.close()
        raise
    return sandbox


def create_app(config: SandboxConfig, *, clock: Callable[[], float] | None = None) -> Starlette:
    """The sandbox app. It seeds a fresh `config.data_dir` at once (sandbox.db, clients.json);
    the database connection is closed at lifespan shutdown (or `app.state.sandbox.close()`).
    `clock` (epoch seconds) lets tests move time."""
    sandbox = open_sandbox(config, clock)
    endpoint = make_endpoint(sandbox, operations())
    routes: list[BaseRoute] = [
        Route(path, endpoint, methods=["GET", "POST"], name=path) for path in operations()
    ]
    routes.append(signin_route(sandbox))
    routes.extend(admin_routes(sandbox))

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            sandbox.close()

    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        middleware=[
            Middleware(FaultMiddleware, settings=sandbox.settings, clock=sandbox.clock),
        ],
    )
    # Capture operation names have no trailing slash; `/entity.find/` is no operation, and a
    # redirect would hide that client bug.
    app.router.redirect_slashes = False
    app.state.sandbox = sandbox
    return app
