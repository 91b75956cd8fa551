"""The error tree: one mapping point for Capture payloads, one for transport failures."""

from __future__ import annotations

import inspect

import httpx
import pytest

import capture_desktop.api.errors as errors_mod
from capture_desktop.api import (
    AccessTokenExpired,
    ApiError,
    ArgumentError,
    AuthorizationError,
    BasicAuth,
    CaptureClient,
    CaptureError,
    ClientPermissionError,
    InvalidArgument,
    InvalidClientCredentials,
    NetworkError,
    RateLimited,
    RecordError,
    RecordNotFound,
    RedirectUriMismatch,
    SchemaViolation,
    ServerError,
    TimeoutError_,
    TimestampMismatch,
    TokenExpired,
    TransportError,
    UniqueViolation,
)
from tests.unit.api.fakes import FakeCapture, error_body, make_client

EXPECTED = {
    100: "MissingArgument", 200: "InvalidArgument", 201: "DuplicateArgument",
    205: "InvalidAuthMethod", 210: "InvalidCredentials", 211: "NoPassword",
    212: "NoSuchAccount", 213: "PasswordIncorrect", 221: "UnknownApplication",
    222: "UnknownEntityType", 223: "UnknownAttribute", 234: "ReservedAttribute",
    300: "ErrorCreatingRecord", 310: "RecordNotFound", 320: "IdInNewRecord",
    330: "TimestampMismatch", 340: "InvalidDataFormat", 341: "InvalidJsonType",
    342: "InvalidDateTime", 350: "PasswordMismatch", 360: "ConstraintViolation",
    361: "UniqueViolation", 362: "MissingRequiredAttribute", 363: "LengthViolation",
    380: "EmailAddressInUse", 390: "InvalidFormFields", 402: "InvalidClientCredentials",
    403: "ClientPermissionError", 413: "NoAccessGrant", 414: "AccessTokenExpired",
    415: "AuthorizationCodeExpired", 416: "VerificationCodeExpired",
    417: "CreationTokenExpired", 420: "RedirectUriMismatch", 480: "ApiFeatureDisabled",
    485: "ContainsOperatorRemoved", 500: "UnexpectedError", 510: "RateLimited",
    540: "TriggeredError",
}  # fmt: skip


@pytest.mark.parametrize(("code", "name"), sorted(EXPECTED.items()))
def test_each_code_maps_to_its_class(code: int, name: str) -> None:
    error = ApiError.from_payload(error_body(code, "whatever"), 200)
    assert type(error).__name__ == name
    assert (error.code, error.request_id, error.http_status) == (code, "abcdefghijklmnop", 200)
    assert error.meaning and error.meaning != ApiError.meaning


@pytest.mark.parametrize(
    ("code", "family"),
    [(150, ArgumentError), (299, ArgumentError), (335, RecordError), (370, SchemaViolation),
     (399, RecordError), (499, AuthorizationError), (599, ServerError), (7, ApiError)],
)  # fmt: skip
def test_unknown_codes_fall_back_to_their_family(code: int, family: type[ApiError]) -> None:
    error = ApiError.from_payload(error_body(code, "new_error"))
    assert type(error) is family and error.error == "new_error"


def test_families() -> None:
    assert issubclass(AccessTokenExpired, TokenExpired) and issubclass(
        TokenExpired, AuthorizationError
    )
    assert issubclass(UniqueViolation, SchemaViolation) and issubclass(RateLimited, ServerError)
    assert issubclass(TimestampMismatch, RecordError) and issubclass(ApiError, CaptureError)
    assert issubclass(TimeoutError_, TransportError) and issubclass(NetworkError, TransportError)


def test_oauth_envelope_with_sub_error() -> None:
    payload = {
        "stat": "error", "code": 420, "error": "invalid_request",
        "sub_error": "redirect_uri_mismatch", "error_description": "redirect_uri does not match",
        "request_id": "r6fsc52quz348mmh",
    }  # fmt: skip
    error = ApiError.from_payload(payload, 400)
    assert isinstance(error, RedirectUriMismatch)
    assert (error.error, error.oauth_error, error.http_status) == (
        "redirect_uri_mismatch", "invalid_request", 400,
    )  # fmt: skip


def test_oauth_envelope_without_code_uses_the_sub_error_name() -> None:
    payload = {
        "stat": "error",
        "error": "invalid_request",
        "sub_error": "invalid_client_credentials",
    }
    error = ApiError.from_payload(payload, 401)
    assert isinstance(error, InvalidClientCredentials) and error.code == 402


def test_argument_name_details_and_legacy_shapes() -> None:
    error = ApiError.from_payload(
        {"stat": "error", "code": 200, "error": "invalid_argument", "argument_name": "filter",
         "message": "legacy text", "invalid_fields": {"email": ["bad"]}}
    )  # fmt: skip
    assert isinstance(error, InvalidArgument) and error.argument_name == "filter"
    assert error.error_description == "legacy text" and error.details == {
        "invalid_fields": {"email": ["bad"]}
    }
    assert "filter" in str(error) and "200 invalid_argument" in str(error)
    old = ApiError.from_payload({"stat": "error", "error": {"code": 310, "msg": "gone"}})
    assert isinstance(old, RecordNotFound) and old.error_description == "gone"
    assert old.error == "record_not_found"


def test_every_exception_class_has_a_meaning() -> None:
    classes = [
        c for _, c in inspect.getmembers(errors_mod, inspect.isclass) if issubclass(c, CaptureError)
    ]
    assert len(classes) > 45
    for klass in classes:
        assert isinstance(klass.meaning, str) and len(klass.meaning) > 20, klass


async def test_api_errors_raise_from_the_client(fake: FakeCapture) -> None:
    fake.reply("/entity.count", error_body(403, "client_permission_error"))
    client, http = make_client(fake, BasicAuth("c", "s"))
    async with http:
        with pytest.raises(ClientPermissionError) as info:
            await client.entity_count("user")
    assert info.value.request_id == "abcdefghijklmnop"


async def test_oauth_400_and_401_are_parsed(fake: FakeCapture) -> None:
    body = error_body(402, "invalid_request", sub_error="invalid_client_credentials")
    fake.reply("/oauth/token", httpx.Response(401, json=body))
    client, http = make_client(fake, BasicAuth("c", "s"))
    async with http:
        with pytest.raises(InvalidClientCredentials) as info:
            await client.oauth_token("refresh_token", refresh_token="r")
    assert info.value.http_status == 401


@pytest.mark.parametrize(
    ("failure", "expected"),
    [
        (httpx.ConnectTimeout("slow"), TimeoutError_),
        (httpx.ReadTimeout("slow"), TimeoutError_),
        (httpx.ConnectError("refused"), NetworkError),
        (httpx.RemoteProtocolError("garbage"), NetworkError),
    ],
)
async def test_transport_failures_are_mapped_once_with_cause(
    failure: httpx.HTTPError, expected: type[TransportError]
) -> None:
    def boom(request: httpx.Request) -> httpx.Response:
        raise failure

    http = httpx.AsyncClient(transport=httpx.MockTransport(boom))
    async with http:
        client = CaptureClient(http, "https://capture.test", BasicAuth("c", "s"))
        with pytest.raises(expected) as info:
            await client.entity_count("user")
    assert info.value.__cause__ is failure
    assert info.value.meaning


def test_api_errors_survive_copy_and_pickle() -> None:
    import copy
    import pickle

    error = ApiError.from_payload(error_body(414, "access_token_expired"), 200)
    for clone in (copy.deepcopy(error), pickle.loads(pickle.dumps(error))):  # noqa: S301
        assert type(clone) is AccessTokenExpired
        assert (clone.code, clone.request_id, clone.details) == (414, error.request_id, {})
