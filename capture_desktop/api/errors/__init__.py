"""Every error the Capture client raises, and the single place where they are mapped.

The tree::

    CaptureError
    ├── TransportError                      the request did not get a Capture answer
    │   ├── TimeoutError_                   connect/read/write/pool timeout
    │   ├── NetworkError                    refused, reset, DNS, TLS handshake, protocol
    │   ├── InsecureTransportRefused        secrets would travel over plain http:// to a remote host
    │   ├── TlsConfigurationError           CA bundle (or SSL_CERT_FILE) missing or unreadable
    │   └── UnexpectedResponse              not Capture JSON (a proxy page, 5xx HTML)
    ├── CredentialsError                    wrong/missing credential (also a TypeError)
    └── ApiError(code, error, error_description, request_id, argument_name, http_status)
        ├── ArgumentError        100-299    MissingArgument 100, InvalidArgument 200,
        │                                   DuplicateArgument 201, InvalidAuthMethod 205,
        │                                   UnknownApplication 221, UnknownEntityType 222,
        │                                   UnknownAttribute 223, ReservedAttribute 234,
        │                                   ContainsOperatorRemoved 485 (a filter error)
        │   └── SignInError      210-213    InvalidCredentials 210, NoPassword 211,
        │                                   NoSuchAccount 212, PasswordIncorrect 213
        ├── RecordError          300-339,   ErrorCreatingRecord 300, RecordNotFound 310,
        │                        380-399    IdInNewRecord 320, TimestampMismatch 330,
        │                                   PasswordMismatch 350, EmailAddressInUse 380,
        │                                   InvalidFormFields 390
        ├── SchemaViolation      340-379    InvalidDataFormat 340, InvalidJsonType 341,
        │                                   InvalidDateTime 342, ConstraintViolation 360,
        │                                   UniqueViolation 361, MissingRequiredAttribute 362,
        │                                   LengthViolation 363
        ├── AuthorizationError   400-499    InvalidClientCredentials 402, ClientPermissionError 403,
        │                                   NoAccessGrant 413, RedirectUriMismatch 420,
        │                                   ApiFeatureDisabled 480
        │   └── TokenExpired                AccessTokenExpired 414, AuthorizationCodeExpired 415,
        │                                   VerificationCodeExpired 416, CreationTokenExpired 417
        └── ServerError          500+       UnexpectedError 500, RateLimited 510, TriggeredError 540

``ApiError.from_payload`` is the one mapping point from Capture JSON to a class: the exact code
first, then the family of its range, then ``ApiError`` itself. The one mapping point for httpx
failures is ``api.transport.map_transport_errors``, beside the transport. This package imports
only the standard library, so the UI matches these classes with ``isinstance`` without loading
httpx. The UI explains an error through its ``meaning``; nobody parses ``error_description``.
"""

from __future__ import annotations

from capture_desktop.api.errors._base import (
    ApiError,
    ArgumentError,
    AuthorizationError,
    CaptureError,
    CredentialsError,
    InsecureTransportRefused,
    NetworkError,
    RecordError,
    SchemaViolation,
    ServerError,
    SignInError,
    TimeoutError_,
    TlsConfigurationError,
    TokenExpired,
    TransportError,
    UnexpectedResponse,
)
from capture_desktop.api.errors._codes import (
    AccessTokenExpired,
    ApiFeatureDisabled,
    AttributeExists,
    AuthorizationCodeExpired,
    ClientPermissionError,
    ConstraintViolation,
    ContainsOperatorRemoved,
    CreationTokenExpired,
    DuplicateArgument,
    EmailAddressInUse,
    EntityTypeExists,
    ErrorCreatingRecord,
    IdInNewRecord,
    InvalidArgument,
    InvalidAuthMethod,
    InvalidClientCredentials,
    InvalidCredentials,
    InvalidDataFormat,
    InvalidDateTime,
    InvalidFormFields,
    InvalidJsonType,
    LengthViolation,
    MissingArgument,
    MissingRequiredAttribute,
    NoAccessGrant,
    NoPassword,
    NoSuchAccount,
    PasswordIncorrect,
    PasswordMismatch,
    RateLimited,
    RecordNotFound,
    RedirectUriMismatch,
    ReservedAttribute,
    TimestampMismatch,
    TriggeredError,
    UnexpectedError,
    UniqueViolation,
    UnknownApplication,
    UnknownAttribute,
    UnknownEntityType,
    VerificationCodeExpired,
)

__all__ = [
    "AccessTokenExpired",
    "ApiError",
    "ApiFeatureDisabled",
    "ArgumentError",
    "AttributeExists",
    "AuthorizationCodeExpired",
    "AuthorizationError",
    "CaptureError",
    "ClientPermissionError",
    "ConstraintViolation",
    "ContainsOperatorRemoved",
    "CreationTokenExpired",
    "CredentialsError",
    "DuplicateArgument",
    "EmailAddressInUse",
    "EntityTypeExists",
    "ErrorCreatingRecord",
    "IdInNewRecord",
    "InsecureTransportRefused",
    "InvalidArgument",
    "InvalidAuthMethod",
    "InvalidClientCredentials",
    "InvalidCredentials",
    "InvalidDataFormat",
    "InvalidDateTime",
    "InvalidFormFields",
    "InvalidJsonType",
    "LengthViolation",
    "MissingArgument",
    "MissingRequiredAttribute",
    "NetworkError",
    "NoAccessGrant",
    "NoPassword",
    "NoSuchAccount",
    "PasswordIncorrect",
    "PasswordMismatch",
    "RateLimited",
    "RecordError",
    "RecordNotFound",
    "RedirectUriMismatch",
    "ReservedAttribute",
    "SchemaViolation",
    "ServerError",
    "SignInError",
    "TimeoutError_",
    "TimestampMismatch",
    "TlsConfigurationError",
    "TokenExpired",
    "TransportError",
    "TriggeredError",
    "UnexpectedError",
    "UnexpectedResponse",
    "UniqueViolation",
    "UnknownApplication",
    "UnknownAttribute",
    "UnknownEntityType",
    "VerificationCodeExpired",
]
