"""Fault injection and the sandbox-only admin routes."""

from __future__ import annotations

import pytest

from capture_desktop.sandbox import faults
from capture_desktop.sandbox.faults import ConnectionDropped
from tests.unit.sandbox.conftest import Api, FakeClock


async def test_health_and_settings_round_trip(api: Api) -> None:
    health = await api.http.get("/__sandbox__/health")
    assert health.json()["status"] == "ok"
    settings = (await api.http.get("/__sandbox__/settings", headers=api.admin)).json()
    assert settings["access_token_lifetime"] == 3600 and settings["error_rate"] == 0.0
    changed = await api.http.post(
        "/__sandbox__/settings",
        json={"code_lifetime": 5, "lenient_redirect_uri": True},
        headers=api.admin,
    )
    assert changed.json()["code_lifetime"] == 5
    assert api.sandbox.settings.lenient_redirect_uri is True


@pytest.mark.parametrize(
    "change",
    [
        {"nope": 1},
        {"error_rate": 2},
        {"error_code": 404},
        {"latency_ms": -1},
        {"lenient_redirect_uri": "yes"},
        {"access_token_lifetime": True},
        {"rate_limit_per_second": 0},
    ],
)
async def test_settings_rejects_bad_values(api: Api, change: dict[str, object]) -> None:
    response = await api.http.post("/__sandbox__/settings", json=change, headers=api.admin)
    assert response.status_code == 400
    assert response.json()["error"]
    assert (await api.http.get("/__sandbox__/settings", headers=api.admin)).json()[
        "error_rate"
    ] == 0.0


async def test_settings_body_must_be_an_object(api: Api) -> None:
    for body in (b"[1]", b"{nope"):
        response = await api.http.post(
            "/__sandbox__/settings",
            content=body,
            headers={**api.admin, "Content-Type": "application/json"},
        )
        assert response.status_code == 400


@pytest.mark.parametrize("code", [500, 510])
async def test_error_rate_injects_the_chosen_code(api: Api, code: int) -> None:
    api.sandbox.settings.update({"error_rate": 1.0, "error_code": code})
    body = await api.error("/entity", code, type_name="user", id=1)
    assert body["error"] == {500: "unexpected_error", 510: "api_limit_error"}[code]
    oauth = await api.raw("/oauth/token")
    assert oauth.status_code == 400 and oauth.json()["code"] == code
    # The admin route and the sign-in page stay reachable.
    assert (await api.http.get("/__sandbox__/health")).status_code == 200


async def test_rate_limit_answers_510(api: Api, clock: FakeClock) -> None:
    api.sandbox.settings.update({"rate_limit_per_second": 2})
    await api.ok("/entity", type_name="user", id=1)
    await api.ok("/entity", type_name="user", id=1)
    body = await api.error("/entity", 510, type_name="user", id=1)
    assert body["error"] == "api_limit_error"
    clock.advance(1)
    await api.ok("/entity", type_name="user", id=1)


async def test_drop_rate_breaks_the_response(api: Api) -> None:
    api.sandbox.settings.update({"drop_rate": 1.0})
    # Over ASGITransport the drop surfaces as the app's exception; a real server closes the
    # connection instead (see the integration tests).
    with pytest.raises(ConnectionDropped):
        await api.raw("/entity", type_name="user", id=1)


async def test_latency_is_applied(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    delays: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        delays.append(seconds)

    monkeypatch.setattr(faults, "sleep", fake_sleep)
    await api.ok("/entity", type_name="user", id=1)
    assert delays == []
    await api.http.post("/__sandbox__/settings", json={"latency_ms": 250}, headers=api.admin)
    await api.ok("/entity", type_name="user", id=1)
    assert delays == [0.25]


async def test_unexpected_errors_become_500(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("storage exploded")

    monkeypatch.setattr(api.sandbox.storage, "count", boom)
    body = await api.error("/entity.count", 500, type_name="user")
    assert "exploded" not in body["error_description"]
