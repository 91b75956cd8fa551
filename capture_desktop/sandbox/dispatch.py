"""Operation table and the one Starlette endpoint that runs them: parse parameters,
authenticate, check permissions, call the handler, and render success or Capture's error."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from capture_desktop.sandbox.auth import authorize
from capture_desktop.sandbox.errors import ApiFault
from capture_desktop.sandbox.params import Params, parse_body
from capture_desktop.sandbox.state import Call, Sandbox

log = logging.getLogger("capture_desktop.sandbox")

Handler = Callable[[Call], dict[str, Any]]
# Credential kinds an operation can accept ("client" covers Basic, params and signed).
CLIENT = frozenset({"client"})
CLIENT_OR_TOKEN = frozenset({"client", "access_token"})
# What a body-only operation still reads from the URL: credentials, as gedex/php-janrain-api
# sends them there (capture-api.md 1.2).
_QUERY_CREDENTIALS = frozenset({"client_id", "client_secret", "access_token"})


@dataclass(frozen=True)
class Operation:
    path: str
    handler: Handler
    accepts: frozenset[str]
    features: frozenset[str]
    oauth: bool = False
    # "must be a POST ... cannot be passed as URL parameters" (entity.delete, oauth/*_native)
    body_only: bool = False
    # The access_token parameter is an argument (oauth/refresh_access_token), not the caller.
    token_argument: bool = False

    @property
    def name(self) -> str:
        return self.path.lstrip("/")


def op(
    path: str,
    handler: Handler,
    accepts: frozenset[str],
    *features: str,
    oauth: bool = False,
    body_only: bool = False,
    token_argument: bool = False,
) -> Operation:
    return Operation(path, handler, accepts, frozenset(features), oauth, body_only, token_argument)


def _query_params(
    operation: Operation, query: list[tuple[str, str]], lenient: bool
) -> tuple[list[tuple[str, str]], set[str]]:
    """The URL parameters an operation reads, and the names it ignored."""
    if not operation.body_only or lenient:
        return query, set()
    kept = [(k, v) for k, v in query if k in _QUERY_CREDENTIALS]
    return kept, {k for k, _ in query if k not in _QUERY_CREDENTIALS}


def _explain_ignored(fault: ApiFault, operation: Operation, ignored: set[str]) -> ApiFault:
    if fault.code == 100 and fault.argument_name in ignored:
        fault.description += (
            f" ({operation.name} reads its parameters from the POST body, not the URL)"
        )
    return fault


def json_response(body: dict[str, Any], status: int = 200) -> Response:
    return Response(
        json.dumps(body, separators=(",", ":")),
        status_code=status,
        media_type="application/json",
        headers={"Cache-Control": "no-store"},
    )


def fault_response(fault: ApiFault, *, oauth: bool = False) -> Response:
    return json_response(fault.payload(oauth=oauth), fault.http_status(oauth=oauth))


def make_endpoint(sandbox: Sandbox, operations: dict[str, Operation]) -> Callable[[Request], Any]:
    async def endpoint(request: Request) -> Response:
        operation = operations[request.url.path]
        ignored: set[str] = set()
        try:
            body = await request.body()
            query, ignored = _query_params(
                operation, list(request.query_params.multi_items()), sandbox.settings.lenient
            )
            params = Params(query, parse_body(request.headers.get("content-type", ""), body))
            credentials = params.values
            if operation.token_argument:
                credentials = {k: v for k, v in credentials.items() if k != "access_token"}
            principal = sandbox.auth.authenticate(request.url.path, request.headers, credentials)
            authorize(principal, operation.name, operation.accepts, operation.features)
            call = Call(sandbox, params, principal, operation.name)
            result = operation.handler(call)
        except ApiFault as fault:
            fault = _explain_ignored(fault, operation, ignored)
            return fault_response(fault, oauth=operation.oauth)
        except Exception:
            log.exception("unexpected error in %s", operation.name)
            internal = ApiFault(500, "unexpected internal error")
            return fault_response(internal, oauth=operation.oauth)
        result["stat"] = "ok"
        return json_response(result)

    return endpoint
