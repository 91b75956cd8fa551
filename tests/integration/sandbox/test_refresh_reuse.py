"""A refresh token presented twice means someone copied it: the sandbox then revokes the whole
grant (RFC 6819 section 5.2.2.3, RFC 9700 section 4.14.2), so a thief who rotated first loses
access too. Played out as two HTTP clients against the sandbox on a real port."""

from __future__ import annotations

import httpx

from capture_desktop.sandbox import SandboxServer
from tests.helpers.sandbox import basic_auth, demo_client

REDIRECT = "http://127.0.0.1:9/callback"


def _grant(http: httpx.Client, auth: httpx.BasicAuth, email: str) -> dict[str, str]:
    code = http.post(
        "/access/getAuthorizationCode",
        data={
            "type_name": "user",
            "key_attribute": "email",
            "key_value": f'"{email}"',
            "redirect_uri": REDIRECT,
        },
        auth=auth,
    ).json()["authorizationCode"]
    tokens: dict[str, str] = http.post(
        "/oauth/token",
        data={"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT},
        auth=auth,
    ).json()
    return tokens


def _refresh(http: httpx.Client, auth: httpx.BasicAuth, token: str) -> httpx.Response:
    return http.post(
        "/oauth/token", data={"grant_type": "refresh_token", "refresh_token": token}, auth=auth
    )


def _reads(http: httpx.Client, access_token: str) -> bool:
    body = http.post("/entity", headers={"Authorization": f"OAuth {access_token}"}).json()
    return bool(body["stat"] == "ok")


def test_reusing_a_refresh_token_revokes_the_thiefs_rotation(
    sandbox_server: SandboxServer,
) -> None:
    auth = basic_auth(demo_client(sandbox_server.config.data_dir, "access_issuer"))
    with (
        httpx.Client(base_url=sandbox_server.base_url) as app,
        httpx.Client(base_url=sandbox_server.base_url) as thief,
    ):
        stolen = _grant(app, auth, "carol@example.com")
        other = _grant(app, auth, "carol@example.com")  # a second sign-in, same user
        # The thief rotates first and holds a fresh pair.
        rotated = _refresh(thief, auth, stolen["refresh_token"]).json()
        assert _reads(thief, rotated["access_token"])
        # The app then presents the same refresh token: reuse.
        reused = _refresh(app, auth, stolen["refresh_token"])
        assert reused.status_code == 400
        assert reused.json()["argument_name"] == "refresh_token"

        assert not _reads(thief, rotated["access_token"])
        assert not _reads(app, stolen["access_token"])
        again = _refresh(thief, auth, rotated["refresh_token"])
        assert again.status_code == 400 and again.json()["code"] == 413
        # Only the compromised grant is revoked, not the user's other sign-ins.
        assert _reads(app, other["access_token"])
        assert _refresh(app, auth, other["refresh_token"]).json()["refresh_token"]

    with httpx.Client(base_url=sandbox_server.base_url) as admin:
        events = admin.get(
            "/__sandbox__/events", headers={"X-Sandbox-Admin-Token": sandbox_server.admin_token}
        ).json()["events"]
    reuse = next(event for event in events if event["kind"] == "refresh_token_reuse")
    assert reuse["revoked"] == 4  # the code's pair and the thief's pair
    assert stolen["refresh_token"] not in str(events)
