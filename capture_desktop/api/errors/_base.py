"""The base of the error tree, the transport mapping and ``ApiError.from_payload``.

The tree and the reasoning are in the package docstring (``capture_desktop.api.errors``).
Per-code subclasses (``_codes``) register themselves with ``ApiError`` when they are defined.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar


class CaptureError(Exception):
    """Base of everything the Capture client raises."""

    meaning: ClassVar[str] = "The request to Capture failed."


class TransportError(CaptureError):
    """The request never produced a Capture answer."""

    meaning = "Capture could not be reached, so the request had no answer."


class TimeoutError_(TransportError):
    meaning = "Capture did not answer in time. The server may be slow or unreachable."


class NetworkError(TransportError):
    meaning = (
        "The connection to Capture failed (refused, reset, name lookup or TLS certificate "
        "problem). Check the base URL and the network."
    )


class InsecureTransportRefused(TransportError):
    meaning = (
        "Refused to send credentials over plain http:// to a non-local host: anyone on the "
        "network path could read the client secret or token and use it. Use https://, or "
        "allow insecure transport for this profile if you accept that risk."
    )


class TlsConfigurationError(TransportError):
    meaning = (
        "The certificate bundle used to verify Capture's TLS certificate is missing or "
        "unreadable, so no secure connection can be made."
    )


class UnexpectedResponse(TransportError):
    """An HTTP answer that is not a Capture JSON envelope (e.g. a proxy's HTML error page)."""

    meaning = "The server answered with something that is not a Capture API response."

    def __init__(self, message: str, http_status: int | None = None) -> None:
        super().__init__(message)
        self.http_status = http_status


class CredentialsError(CaptureError, TypeError):
    """A credential that the operation does not accept, or none at all."""

    meaning = "This operation cannot be called with the chosen credentials."


# --- Capture API errors ---------------------------------------------------------------------

_BY_CODE: dict[int, type[ApiError]] = {}
_BY_NAME: dict[str, int] = {}


class ApiError(CaptureError):
    """Capture answered ``stat: error``. ``code`` drives behaviour; ``meaning`` explains it."""

    CODE: ClassVar[int | None] = None
    NAME: ClassVar[str | None] = None
    meaning = "Capture refused the request."

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "CODE" in cls.__dict__ and cls.CODE is not None:
            _BY_CODE[cls.CODE] = cls
            if cls.NAME:
                _BY_NAME[cls.NAME] = cls.CODE

    def __init__(  # noqa: PLR0917 - the documented positional shape
        self,
        code: int,
        error: str,
        error_description: str = "",
        request_id: str | None = None,
        argument_name: str | None = None,
        http_status: int = 200,
        *,
        oauth_error: str | None = None,
        details: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(error_description or error)
        self.code = code
        self.error = error
        self.error_description = error_description
        self.request_id = request_id
        self.argument_name = argument_name
        self.http_status = http_status
        self.oauth_error = oauth_error
        self.details: Mapping[str, Any] = dict(details or {})

    def __reduce__(self) -> tuple[Any, ...]:
        # Keep copy/pickle working (dataclasses.asdict deep-copies events holding errors).
        args = (self.code, self.error, self.error_description, self.request_id,
                self.argument_name, self.http_status)  # fmt: skip
        return (type(self), args, dict(self.__dict__))

    def __str__(self) -> str:
        text = f"{self.code} {self.error}: {self.error_description or self.meaning}"
        if self.argument_name:
            text += f" (argument: {self.argument_name})"
        if self.request_id:
            text += f" [request_id {self.request_id}]"
        return text

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code}, error={self.error!r})"

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any], http_status: int = 200) -> ApiError:
        """The one mapping point: Capture error JSON (plain or OAuth envelope) to a class."""
        raw_error = payload.get("error")
        legacy = raw_error if isinstance(raw_error, Mapping) else None  # {"error":{"code","msg"}}
        sub_error = payload.get("sub_error")
        oauth_error: str | None = None
        if isinstance(sub_error, str) and sub_error:
            # oauth/token envelope: error is the OAuth word, sub_error the Capture name.
            oauth_error = raw_error if isinstance(raw_error, str) else None
            name = sub_error
        elif isinstance(raw_error, str):
            name = raw_error
        else:
            name = ""
        code = _as_int(payload.get("code"))
        if code is None and legacy is not None:
            code = _as_int(legacy.get("code"))
        if code is None:
            code = _BY_NAME.get(name, 0)
        description = payload.get("error_description") or payload.get("message")
        if description is None and legacy is not None:
            description = legacy.get("msg")
        if not name:
            exact = _BY_CODE.get(code)
            name = (exact.NAME if exact else None) or "unknown_error"
        known = {"stat", "code", "error", "sub_error", "error_description", "message"}
        known |= {"request_id", "argument_name"}
        details = {k: v for k, v in payload.items() if k not in known}
        klass = _BY_CODE.get(code) or _family_for(code)
        return klass(
            code,
            name,
            str(description or ""),
            _as_str(payload.get("request_id")),
            _as_str(payload.get("argument_name")),
            http_status,
            oauth_error=oauth_error,
            details=details,
        )


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def _as_str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


class ArgumentError(ApiError):
    meaning = "An argument of the request is missing or invalid."


class SignInError(ArgumentError):
    meaning = "The sign-in details were not accepted."


class RecordError(ApiError):
    meaning = "The record could not be created, found or changed."


class SchemaViolation(ApiError):
    meaning = "A value does not fit the schema of the entity type."


class AuthorizationError(ApiError):
    meaning = "The credentials were refused or are not allowed to do this."


class TokenExpired(AuthorizationError):
    meaning = "A token or code has expired; get a new one."


class ServerError(ApiError):
    meaning = "Capture had a problem on its side; try again later."


def _family_for(code: int) -> type[ApiError]:
    if 210 <= code <= 213:
        return SignInError
    if 100 <= code < 300:
        return ArgumentError
    if 340 <= code < 380:
        return SchemaViolation
    if 300 <= code < 400:
        return RecordError
    if 400 <= code < 500:
        return AuthorizationError
    if code >= 500:
        return ServerError
    return ApiError
