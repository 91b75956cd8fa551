"""The hosted sign-in page, `/oauth/signin`: a plain email-and-password form that answers
302 to `redirect_uri?code=...&state=...`, or `?error=access_denied&state=...` on cancel.

A code issued with a PKCE `code_challenge` (S256) is exchanged only with the matching verifier.
Requests that are themselves invalid (unknown client, a redirect_uri not registered for the
client: see `redirects.py`) get an error page and are never redirected, on cancel as on sign-in,
so the page cannot bounce a browser, or hand a code, to an arbitrary site.
"""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import urlencode, urlsplit

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from capture_desktop.sandbox.clients import SIGNIN_FEATURES
from capture_desktop.sandbox.params import parse_body
from capture_desktop.sandbox.redirects import redirect_allowed
from capture_desktop.sandbox.state import Sandbox

_FIELDS = (
    "response_type",
    "client_id",
    "redirect_uri",
    "state",
    "code_challenge",
    "code_challenge_method",
)

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in - Capture sandbox</title>
<style>
body {{ font-family: sans-serif; max-width: 24rem; margin: 4rem auto; color: #222; }}
label {{ display: block; margin-top: 1rem; }} input {{ width: 100%; padding: .4rem; }}
.error {{ color: #a00; }} .buttons {{ margin-top: 1.5rem; display: flex; gap: 1rem; }}
</style></head><body>
<h1>Sign in</h1><p>Capture sandbox &middot; client {client}</p>{error}
<form method="post" action="/oauth/signin">{hidden}
<label>Email address <input type="email" name="email" value="{email}" autofocus></label>
<label>Password <input type="password" name="password"></label>
<div class="buttons"><button type="submit" name="action" value="signin">Sign in</button>
<button type="submit" name="action" value="cancel" formnovalidate>Cancel</button></div>
</form></body></html>
"""


def _error_page(message: str) -> Response:
    body = (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Sign-in error</title>"
        f"</head><body><h1>Sign-in request refused</h1><p>{html.escape(message)}</p></body></html>"
    )
    return HTMLResponse(body, status_code=400)


def _problem(sandbox: Sandbox, fields: dict[str, str]) -> str | None:
    if fields.get("response_type") != "code":
        return "response_type must be code"
    client = sandbox.clients.get(fields.get("client_id", ""))
    if client is None:
        return "unknown client_id"
    if not client.has(*SIGNIN_FEATURES):
        return "this client may not sign users in"
    redirect_uri = fields.get("redirect_uri", "")
    uri = urlsplit(redirect_uri)
    if uri.scheme not in ("http", "https") or not uri.netloc or uri.fragment:
        return "redirect_uri must be an absolute http(s) URL without a fragment"
    if not redirect_allowed(redirect_uri, sandbox.clients.redirect_uris(client.client_id)):
        return "redirect_uri is not registered for this client"
    method = fields.get("code_challenge_method") or "S256"
    if fields.get("code_challenge") and method != "S256":
        return "only the S256 code_challenge_method is supported"
    return None


def _redirect(uri: str, query: dict[str, str]) -> Response:
    separator = "&" if "?" in uri else "?"
    return RedirectResponse(f"{uri}{separator}{urlencode(query)}", status_code=302)


def _form(fields: dict[str, str], error: str = "", email: str = "") -> Response:
    hidden = "".join(
        f'<input type="hidden" name="{name}" value="{html.escape(fields[name])}">'
        for name in _FIELDS
        if fields.get(name)
    )
    page = _PAGE.format(
        client=html.escape(fields.get("client_id", "")),
        error=f'<p class="error" role="alert">{html.escape(error)}</p>' if error else "",
        hidden=hidden,
        email=html.escape(email),
    )
    return HTMLResponse(page, headers={"Cache-Control": "no-store"})


def signin_route(sandbox: Sandbox) -> Route:
    async def signin(request: Request) -> Response:
        values: dict[str, Any] = dict(request.query_params)
        if request.method == "POST":
            body = await request.body()
            values.update(parse_body(request.headers.get("content-type", ""), body))
        fields = {name: str(values.get(name) or "") for name in _FIELDS}
        problem = _problem(sandbox, fields)
        if problem is not None:
            return _error_page(problem)
        if request.method == "GET":
            return _form(fields)
        state = {"state": fields["state"]} if fields["state"] else {}
        if values.get("action") == "cancel":
            return _redirect(fields["redirect_uri"], {"error": "access_denied", **state})
        email = str(values.get("email") or "")
        signed_in = sandbox.entities.sign_in(email, str(values.get("password") or ""))
        if signed_in is None:
            return _form(fields, "The email address or password is incorrect.", email)
        etype, row = signed_in
        code = sandbox.tokens.issue(
            "code",
            client_id=fields["client_id"],
            type_name=etype.name,
            record_id=row.id,
            lifetime=sandbox.settings.code_lifetime,
            redirect_uri=fields["redirect_uri"],
            code_challenge=fields["code_challenge"] or None,
        )
        return _redirect(fields["redirect_uri"], {"code": code.token, **state})

    return Route("/oauth/signin", signin, methods=["GET", "POST"])
