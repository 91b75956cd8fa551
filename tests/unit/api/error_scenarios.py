"""One scenario per Capture error code the sandbox emits: each provokes that error through the
typed client (``SCENARIOS`` maps the code to the scenario and the class it must raise). Run
through ASGITransport by the unit tests and over a real port by the integration tests."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from capture_desktop import api
from capture_desktop.api import ApiError, CaptureClient, RecordSelector
from tests.unit.api.sandbox_env import SandboxEnv

Scenario = Callable[[CaptureClient, SandboxEnv], Awaitable[object]]
ALICE = RecordSelector.by_key("email", "alice@example.com")
CB = "http://127.0.0.1:1/cb"


async def _code_flow(capture: CaptureClient, redirect: str = CB) -> str:
    return (await capture.get_authorization_code("user", ALICE, redirect)).code


async def s100(c: CaptureClient, s: SandboxEnv) -> object:
    return await c.entity("user")


async def s200(c: CaptureClient, s: SandboxEnv) -> object:
    return await c.entity_find("user", "email = = 'x'")


async def s210(c: CaptureClient, s: SandboxEnv) -> object:
    login = s.client("login_client")["client_id"]
    return await c.auth_native_traditional(
        client_id=login, email="alice@example.com", password="nope"
    )


async def s222(c: CaptureClient, s: SandboxEnv) -> object:
    return await c.entity_count("pet")


async def s223(c: CaptureClient, s: SandboxEnv) -> object:
    return await c.entity_update("user", ALICE, {"noSuchAttribute": 1})


async def s232(c: CaptureClient, s: SandboxEnv) -> object:
    return await c.entity_type_create("user", [])


async def s233(c: CaptureClient, s: SandboxEnv) -> object:
    return await c.entity_type_add_attribute("user", {"name": "email", "type": "string"})


async def s416(c: CaptureClient, s: SandboxEnv) -> object:
    code = await c.get_verification_code("user", ALICE, "emailVerified", lifetime=1)
    s.clock.advance(2)
    return await c.use_verification_code(code)


async def s234(c: CaptureClient, s: SandboxEnv) -> object:
    return await c.entity_update("user", ALICE, {"uuid": "x"})


async def s310(c: CaptureClient, s: SandboxEnv) -> object:
    return await c.entity("user", RecordSelector.by_id(999_999))


async def s320(c: CaptureClient, s: SandboxEnv) -> object:
    return await c.entity_create("user", {"email": "n@example.com", "id": 5})


async def s330(c: CaptureClient, s: SandboxEnv) -> object:
    return await c.entity_update(
        "user", ALICE, {"givenName": "A"}, last_updated="2001-01-01 00:00:00 +0000"
    )


async def s340(c: CaptureClient, s: SandboxEnv) -> object:
    return await c.entity_update("user", ALICE, {"loginCount": 1.5})


async def s341(c: CaptureClient, s: SandboxEnv) -> object:
    return await c.entity_update("user", ALICE, {"loginCount": "many"})


async def s342(c: CaptureClient, s: SandboxEnv) -> object:
    return await c.entity_update("user", ALICE, {"birthday": "not a date"})


async def s350(c: CaptureClient, s: SandboxEnv) -> object:
    return await c.entity("user", ALICE, password_attribute="password", password_value="wrong")


async def s360(c: CaptureClient, s: SandboxEnv) -> object:
    return await c.entity_update("user", ALICE, {"email": "not-an-email"})


async def s361(c: CaptureClient, s: SandboxEnv) -> object:
    return await c.entity_create("user", {"email": "alice@example.com"})


async def s362(c: CaptureClient, s: SandboxEnv) -> object:
    return await c.entity_update("user", ALICE, {"statuses": [{"statusCreated": "2020-01-01"}]})


async def s363(c: CaptureClient, s: SandboxEnv) -> object:
    return await c.entity_update("user", ALICE, {"gender": "x" * 101})


async def s390(c: CaptureClient, s: SandboxEnv) -> object:
    login = s.client("login_client")["client_id"]
    return await c.auth_native_traditional(client_id=login, email="alice@example.com", password="")


async def s402(c: CaptureClient, s: SandboxEnv) -> object:
    return await c.entity_count("user", auth=api.BasicAuth(s.client("owner")["client_id"], "bad"))


async def s403(c: CaptureClient, s: SandboxEnv) -> object:
    return await c.clients_list(auth=s.creds("direct_access"))


async def s413(c: CaptureClient, s: SandboxEnv) -> object:
    code = await _code_flow(c)
    await c.entity_delete_access("user", ALICE)
    return await c.oauth_token(code=code, redirect_uri=CB)


async def s414(c: CaptureClient, s: SandboxEnv) -> object:
    token = await c.get_access_token("user", ALICE)
    s.clock.advance(3700)
    return await c.entity("user", auth=api.AccessTokenAuth(token.access_token))


async def s415(c: CaptureClient, s: SandboxEnv) -> object:
    code = await _code_flow(c)
    s.clock.advance(31)
    return await c.oauth_token(code=code, redirect_uri=CB)


async def s417(c: CaptureClient, s: SandboxEnv) -> object:
    token = await c.get_creation_token("user", lifetime=1)
    s.clock.advance(2)
    return await c.entity_create(
        "user", {"email": "x@example.com"}, auth=api.CreationTokenAuth(token.token)
    )


async def s420(c: CaptureClient, s: SandboxEnv) -> object:
    code = await _code_flow(c)
    return await c.oauth_token(code=code, redirect_uri=CB + "/")


async def s485(c: CaptureClient, s: SandboxEnv) -> object:
    return await c.entity_find("user", "email contains 'alice'")


async def s500(c: CaptureClient, s: SandboxEnv) -> object:
    s.settings(error_rate=1.0, error_code=500)
    return await c.entity_count("user")


async def s510(c: CaptureClient, s: SandboxEnv) -> object:
    s.settings(rate_limit_per_second=1)
    for _ in range(3):  # three calls: at least two share a one-second window
        await c.entity_count("user")
    return None


async def s510_oauth(c: CaptureClient, s: SandboxEnv) -> object:
    s.settings(error_rate=1.0, error_code=510)
    return await c.oauth_token("refresh_token", refresh_token="anything")


SCENARIOS: dict[str, tuple[Scenario, type[ApiError]]] = {
    "100": (s100, api.MissingArgument), "200": (s200, api.InvalidArgument),
    "210": (s210, api.InvalidCredentials), "222": (s222, api.UnknownEntityType),
    "223": (s223, api.UnknownAttribute), "234": (s234, api.ReservedAttribute),
    "232": (s232, api.EntityTypeExists), "233": (s233, api.AttributeExists),
    "310": (s310, api.RecordNotFound), "320": (s320, api.IdInNewRecord),
    "330": (s330, api.TimestampMismatch), "340": (s340, api.InvalidDataFormat),
    "341": (s341, api.InvalidJsonType), "342": (s342, api.InvalidDateTime),
    "350": (s350, api.PasswordMismatch), "360": (s360, api.ConstraintViolation),
    "361": (s361, api.UniqueViolation), "362": (s362, api.MissingRequiredAttribute),
    "363": (s363, api.LengthViolation), "390": (s390, api.InvalidFormFields),
    "402": (s402, api.InvalidClientCredentials), "403": (s403, api.ClientPermissionError),
    "413": (s413, api.NoAccessGrant), "414": (s414, api.AccessTokenExpired),
    "415": (s415, api.AuthorizationCodeExpired), "417": (s417, api.CreationTokenExpired),
    "416": (s416, api.VerificationCodeExpired),
    "420": (s420, api.RedirectUriMismatch), "485": (s485, api.ContainsOperatorRemoved),
    "500": (s500, api.UnexpectedError), "510": (s510, api.RateLimited),
    "510-oauth": (s510_oauth, api.RateLimited),
}  # fmt: skip
