"""The hosted sign-in page /oauth/signin: form, redirect with code and state, cancel, PKCE."""

from __future__ import annotations

import base64
import hashlib
from urllib.parse import parse_qs, urlsplit

from tests.unit.sandbox.conftest import Api

REDIRECT = "http://127.0.0.1:8123/callback"
VERIFIER = "a-very-long-verifier-string-with-enough-entropy-0123456789abcdef"


def challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _request(api: Api, **extra: str) -> dict[str, str]:
    return {
        "response_type": "code",
        "client_id": api.clients["login_client"]["client_id"],
        "redirect_uri": REDIRECT,
        "state": "st-123",
        **extra,
    }


async def test_get_serves_a_form_carrying_the_request(api: Api) -> None:
    response = await api.http.get("/oauth/signin", params=_request(api))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert '<form method="post" action="/oauth/signin">' in page
    assert 'name="password"' in page and 'value="st-123"' in page


async def test_sign_in_redirects_with_code_and_state_then_pkce_exchange(api: Api) -> None:
    form = _request(
        api,
        code_challenge=challenge(VERIFIER),
        code_challenge_method="S256",
        email="alice@example.com",
        password="Password1!",
        action="signin",
    )
    response = await api.http.post("/oauth/signin", data=form)
    assert response.status_code == 302
    location = urlsplit(response.headers["location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT
    query = parse_qs(location.query)
    assert query["state"] == ["st-123"]
    code = query["code"][0]
    exchange = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT}
    await api.error("/oauth/token", 100, "login_client", **exchange)
    await api.error("/oauth/token", 200, "login_client", **exchange, code_verifier="wrong")
    tokens = await api.ok("/oauth/token", "login_client", **exchange, code_verifier=VERIFIER)
    me = await api.ok("/entity", None, access_token=tokens["access_token"])
    assert me["result"]["email"] == "alice@example.com"


async def test_code_without_challenge_needs_no_verifier(api: Api) -> None:
    form = _request(api, email="bob@example.com", password="Password2!", action="signin")
    response = await api.http.post("/oauth/signin", data=form)
    code = parse_qs(urlsplit(response.headers["location"]).query)["code"][0]
    await api.ok(
        "/oauth/token",
        "login_client",
        grant_type="authorization_code",
        code=code,
        redirect_uri=REDIRECT,
    )


async def test_cancel_redirects_with_access_denied(api: Api) -> None:
    redirect = REDIRECT + "?keep=1"
    login = api.clients["login_client"]["client_id"]
    api.sandbox.clients.register_redirect_uri(login, "http://127.0.0.1/callback?keep=1")
    response = await api.http.post(
        "/oauth/signin", data=_request(api, redirect_uri=redirect, action="cancel")
    )
    assert response.status_code == 302
    assert response.headers["location"] == f"{redirect}&error=access_denied&state=st-123"


async def test_wrong_password_shows_the_form_again(api: Api) -> None:
    form = _request(api, email="alice@example.com", password="nope", action="signin")
    response = await api.http.post("/oauth/signin", data=form)
    assert response.status_code == 200
    assert "incorrect" in response.text
    assert 'value="alice@example.com"' in response.text


async def test_invalid_requests_are_refused_without_redirect(api: Api) -> None:
    bad = [
        {"response_type": "token"},
        {"client_id": "nobody"},
        {"client_id": api.clients["direct_read_access"]["client_id"]},
        {"redirect_uri": "javascript:alert(1)"},
        {"redirect_uri": "/relative"},
        {"redirect_uri": "https://evil.example/callback"},
        {"code_challenge": "abc", "code_challenge_method": "plain"},
    ]
    for extra in bad:
        response = await api.http.get("/oauth/signin", params=_request(api, **extra))
        assert response.status_code == 400, extra
        assert "location" not in response.headers


async def test_page_escapes_what_it_echoes(api: Api) -> None:
    response = await api.http.get("/oauth/signin", params=_request(api, state='"><script>'))
    assert "<script>" not in response.text
