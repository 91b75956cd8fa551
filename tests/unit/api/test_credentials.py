"""Credential strategies: exact wire format, the janrain-signed HMAC, and the type guards."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import pytest

from capture_desktop.api import (
    AccessTokenAuth,
    BasicAuth,
    CaptureClient,
    CreationTokenAuth,
    CredentialsError,
    ParamsAuth,
    RecordSelector,
    SignedAuth,
    janrain_signature,
)
from capture_desktop.api.credentials import signing_date
from tests.unit.api.fakes import FakeCapture, FakeClock, form, make_client

SECRET = "canary-secret-9f8e7d6c5b4a"
FIND_OK = {"stat": "ok", "results": [], "result_count": 0}


def test_signature_matches_the_reference_vectors() -> None:
    # capture-api.md §1.4c: the sample secret with these parameters gives these signatures.
    secret = "rylicq8ydkz0vmki3gqaoxbk4gyrr05t"
    date = "2016-02-26 19:08:44"
    flt = "lastUpdated >= '2016-01-01'"
    assert (
        janrain_signature("/entity.find", date, {"type_name": "user", "filter": flt}, secret)
        == "hKLLuIcKFYMZVzs6ovJ06GmSvUg="
    )
    assert (
        janrain_signature("/entity.find", date, {"entity_type": "user", "filter": flt}, secret)
        == "+Bf5W9YKRhi5AoVTbxvhzuJXDUQ="
    )


def test_signature_of_a_parameterless_call_has_no_parameter_line() -> None:
    import hashlib
    import hmac

    expected = base64.b64encode(
        hmac.new(b"s3cret", b"/entityType.list\n2016-02-26 19:08:44\n", hashlib.sha1).digest()
    ).decode()
    assert janrain_signature("/entityType.list", "2016-02-26 19:08:44", {}, "s3cret") == expected


def test_signing_date_is_utc_without_zone() -> None:
    from datetime import timedelta, timezone

    moment = datetime(2016, 2, 26, 20, 8, 44, tzinfo=timezone(timedelta(hours=1)))
    assert signing_date(moment) == "2016-02-26 19:08:44"
    with pytest.raises(ValueError, match="aware"):
        signing_date(datetime(2016, 2, 26, 19, 8, 44))


async def test_basic_auth_sends_only_the_header(fake: FakeCapture) -> None:
    fake.reply("/entity.find", FIND_OK)
    client, http = make_client(fake, BasicAuth("cid", SECRET))
    async with http:
        await client.entity_find("user")
    header = fake.last.headers["authorization"]
    assert header == "Basic " + base64.b64encode(f"cid:{SECRET}".encode()).decode()
    assert "client_secret" not in form(fake.last)


async def test_params_auth_sends_id_and_secret_as_form_fields(fake: FakeCapture) -> None:
    fake.reply("/entity.find", FIND_OK)
    client, http = make_client(fake, ParamsAuth("cid", SECRET))
    async with http:
        await client.entity_find("user")
    sent = form(fake.last)
    assert (sent["client_id"], sent["client_secret"]) == ("cid", SECRET)
    assert "authorization" not in fake.last.headers
    assert fake.last.url.query == b""  # never in the URL


async def test_signed_auth_headers_and_signed_parameters(fake: FakeCapture) -> None:
    fake.reply("/entity.find", FIND_OK)
    clock = FakeClock(datetime(2016, 2, 26, 19, 8, 44, tzinfo=UTC))
    client, http = make_client(fake, SignedAuth("cid", SECRET, clock=clock))
    async with http:
        await client.entity_find("user", "email = 'a@example.com'", sort_on=["id"])
    request = fake.last
    sent = form(request)
    assert request.headers["date"] == "2016-02-26 19:08:44"
    assert "client_secret" not in sent and "client_id" not in sent
    expected = janrain_signature("/entity.find", "2016-02-26 19:08:44", sent, SECRET)
    assert request.headers["authorization"] == f"Signature cid:{expected}"
    assert SECRET not in request.content.decode() + str(request.headers)


async def test_access_token_uses_oauth_header(fake: FakeCapture) -> None:
    fake.reply("/entity", {"stat": "ok", "result": {"id": 1, "uuid": "u-1"}})
    client, http = make_client(fake, BasicAuth("cid", SECRET))
    async with http:
        entity = await client.entity("user", auth=AccessTokenAuth("tok-canary-123"))
    assert fake.last.headers["authorization"] == "OAuth tok-canary-123"
    assert "access_token" not in form(fake.last)
    assert entity.uuid == "u-1"


async def test_creation_token_is_a_parameter_without_client_credentials(
    fake: FakeCapture,
) -> None:
    fake.reply("/entity.create", {"stat": "ok", "id": 7, "uuid": "u-7"})
    client, http = make_client(fake, None)
    async with http:
        result = await client.entity_create(
            "user", {"email": "x@example.com"}, auth=CreationTokenAuth("ct-canary-1")
        )
    assert form(fake.last)["creation_token"] == "ct-canary-1"
    assert "authorization" not in fake.last.headers
    assert (result.id, result.uuid) == (7, "u-7")


@pytest.mark.parametrize(
    ("call", "auth"),
    [
        ("entity_find", AccessTokenAuth("t")),
        ("entity_count", CreationTokenAuth("t")),
        ("entity_type_list", AccessTokenAuth("t")),
    ],
)
async def test_wrong_credential_kind_is_refused_before_sending(
    fake: FakeCapture, call: str, auth: object
) -> None:
    client, http = make_client(fake, BasicAuth("cid", SECRET))
    async with http:
        method = getattr(client, call)
        args = () if call == "entity_type_list" else ("user",)
        with pytest.raises(CredentialsError) as info:
            await method(*args, auth=auth)
    assert isinstance(info.value, TypeError)
    assert fake.requests == []


async def test_creation_token_cannot_read_and_access_token_cannot_create(
    fake: FakeCapture,
) -> None:
    client, http = make_client(fake, None)
    async with http:
        with pytest.raises(CredentialsError, match="creation_token"):
            await client.entity("user", auth=CreationTokenAuth("t"))  # type: ignore[arg-type]
        with pytest.raises(CredentialsError, match="access_token"):
            await client.entity_create("user", {}, auth=AccessTokenAuth("t"))  # type: ignore[arg-type]
        with pytest.raises(CredentialsError, match="needs credentials"):
            await client.entity_count("user")
    assert fake.requests == []


def test_client_default_credentials_must_be_client_credentials() -> None:
    import httpx

    with pytest.raises(CredentialsError):
        CaptureClient(httpx.AsyncClient(), "https://x.test", AccessTokenAuth("t"))  # type: ignore[arg-type]


def test_secrets_never_in_repr() -> None:
    clock = FakeClock()
    for cred in (
        BasicAuth("cid", SECRET),
        ParamsAuth("cid", SECRET),
        SignedAuth("cid", SECRET, clock=clock),
        AccessTokenAuth(SECRET),
        CreationTokenAuth(SECRET),
    ):
        assert SECRET not in repr(cred) and SECRET not in str(cred)
    assert "cid" in repr(BasicAuth("cid", SECRET))


def test_kinds() -> None:
    kinds = [
        c.kind for c in (BasicAuth, ParamsAuth, SignedAuth, AccessTokenAuth, CreationTokenAuth)
    ]
    assert kinds == ["basic", "params", "signed", "access_token", "creation_token"]


def test_selectors() -> None:
    assert RecordSelector.by_uuid("u").to_params() == {"uuid": "u"}
    assert RecordSelector.by_id(5).to_params() == {"id": "5"}
    assert RecordSelector.by_key("email", "a@b.c").to_params() == {
        "key_attribute": "email",
        "key_value": '"a@b.c"',
    }
    assert RecordSelector.by_key("n", 3).to_params()["key_value"] == "3"
    with pytest.raises(TypeError):
        RecordSelector.by_id("5")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="empty"):
        RecordSelector.by_uuid("")


def test_each_client_credential_names_its_secret_and_hides_it() -> None:
    from capture_desktop.api.credentials import BasicAuth, ParamsAuth, SignedAuth

    for cred in (BasicAuth("id", "s3cr3t"), ParamsAuth("id", "s3cr3t"), SignedAuth("id", "s3cr3t")):
        assert cred.secrets() == ("s3cr3t",)
        assert cred.client_id == "id"
        assert "s3cr3t" not in repr(cred)
    assert len({BasicAuth("id", "s3cr3t"), ParamsAuth("id", "s3cr3t")}) == 2  # schemes differ
