"""The public surface of capture_desktop.api is its ``__all__``: complete and importable."""

from __future__ import annotations

from capture_desktop import api

CONTRACT = {
    # credentials and selectors
    "BasicAuth", "ParamsAuth", "SignedAuth", "AccessTokenAuth", "CreationTokenAuth",
    "ClientCredentials", "RecordCredentials", "CreateCredentials", "RecordSelector",
    # client, paging, log
    "CaptureClient", "iter_find", "RequestEvent", "RequestLog", "to_curl", "redact_params",
    "make_http_client", "SecretMaskingFilter",
    # models
    "TokenSet", "AuthorizationCode", "CreationToken", "Entity", "FindResult", "EntityTypeSchema",
    "AttrDef", "ClientInfo", "CreateResult",
    # errors
    "CaptureError", "TransportError", "TimeoutError_", "NetworkError", "InsecureTransportRefused",
    "ApiError", "AccessTokenExpired", "RedirectUriMismatch", "InvalidClientCredentials",
    "ClientPermissionError", "RecordNotFound", "TimestampMismatch", "SchemaViolation",
    "RateLimited", "InvalidArgument",
}  # fmt: skip


def test_all_is_exact_and_importable() -> None:
    names = api.__all__
    assert len(names) == len(set(names)), "duplicates in __all__"
    assert set(names) >= CONTRACT, CONTRACT - set(names)
    for name in names:
        assert hasattr(api, name), name
        assert not name.startswith("_")


def test_nothing_public_is_left_out() -> None:
    public = {
        n for n, v in vars(api).items()
        if not n.startswith("_") and getattr(v, "__module__", "").startswith("capture_desktop.api")
    }  # fmt: skip
    assert public <= set(api.__all__), public - set(api.__all__)


def test_client_has_one_method_per_operation() -> None:
    operations = [
        "entity", "entity_find", "entity_count", "entity_create", "entity_bulk_create",
        "entity_update", "entity_replace", "entity_delete", "entity_delete_access",
        "entity_type", "entity_type_list", "get_authorization_code", "get_access_token",
        "get_creation_token", "oauth_token", "auth_native_traditional", "clients_list",
    ]  # fmt: skip
    import inspect

    for name in operations:
        assert inspect.iscoroutinefunction(getattr(api.CaptureClient, name)), name
