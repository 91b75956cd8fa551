"""The wizards' one door to the core: calls, receivers and slot storage via the Session.

This is the local adapter the team contract asks for: every core call a wizard makes goes
through here (or through the core flow object it hands out), so a change of shape in
``Session``/``TokenService``/``CaptureClient`` is fixed in one file. The OAuth steps are the
core's (``capture_desktop.auth.flows``); this module only adds what a step-by-step window
needs on top. Core modules are imported on first use (the window paints before httpx loads).
All methods are coroutines for the qasync loop, or plain calls that do no I/O.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

from capture_desktop.ui.wizards.record_step import email_filter

if TYPE_CHECKING:
    from capture_desktop.api.models import (
        AuthorizationCode,
        CreateResult,
        CreationToken,
        NativeSignIn,
        TokenSet,
    )
    from capture_desktop.api.request_log import RequestEvent
    from capture_desktop.api.selectors import RecordSelector
    from capture_desktop.auth.flows import AuthorizationCodeFlow, BrowserSignInFlow
    from capture_desktop.auth.loopback import LoopbackReceiver

log = logging.getLogger("capture_desktop.ui.wizards")


@dataclass(frozen=True)
class RedirectSettings:
    """Where the loopback receiver listens; ``port`` 0 means "any free port"."""

    host_form: str = "127.0.0.1"
    port: int = 0
    path: str = "/callback"


class Watch:
    """The request-log events seen while a call ran (for the response view)."""

    def __init__(self) -> None:
        self.events: list[RequestEvent] = []

    def last(self, operation: str | None = None) -> RequestEvent | None:
        for event in reversed(self.events):
            if operation is None or event.operation.strip("/") == operation.strip("/"):
                return event
        return None


def token_set_from_native(result: NativeSignIn, client_id: str, type_name: str) -> TokenSet:
    """A ``TokenSet`` from an auth_native_traditional answer; its ``expires_in`` sets the
    expiry (the documented default lifetime when the server sent none)."""
    from capture_desktop.api.errors import UnexpectedResponse
    from capture_desktop.api.models import DEFAULT_ACCESS_TOKEN_LIFETIME, TokenSet, expiry_after

    if not result.access_token:
        raise UnexpectedResponse("the sign-in answer has no access_token")
    now = datetime.now(UTC)
    user = result.capture_user or {}
    uuid = user.get("uuid")
    return TokenSet(
        access_token=result.access_token,
        refresh_token=result.refresh_token,
        # Clamped: an absurd expires_in must not raise before the tokens are stored.
        expires_at=expiry_after(now, result.expires_in, DEFAULT_ACCESS_TOKEN_LIFETIME),
        issued_at=now,
        record_uuid=uuid if isinstance(uuid, str) else None,
        type_name=type_name,
        client_id=client_id,
    )


class WizardBackend:
    """Adapter over ``Session`` for the flow wizards (see module docstring)."""

    def __init__(self, session: Any) -> None:
        self.session = session
        # The code flow of this wizard run: it remembers the record the code was asked for.
        self._code_flow: AuthorizationCodeFlow | None = None

    # -- context -------------------------------------------------------------------------
    def client(self) -> Any:
        return self.session.client()

    def profile(self) -> Any:
        return self.session.profile()

    def default_type(self) -> str:
        profile = self.profile()
        return str(getattr(profile, "type_name", None) or "user")

    def redirect_defaults(self) -> RedirectSettings:
        profile = self.profile()
        ports = list(getattr(profile, "redirect_ports", None) or [])
        return RedirectSettings(
            host_form=str(getattr(profile, "redirect_host_form", None) or "127.0.0.1"),
            port=ports[0] if ports else 0,
            path=str(getattr(profile, "redirect_path", None) or "/callback"),
        )

    def registered_ports(self) -> list[int]:
        return list(getattr(self.profile(), "redirect_ports", None) or [])

    def client_id(self) -> str:
        return str(getattr(self.profile(), "client_id", "") or "")

    def auth_label(self) -> str:
        method = getattr(self.profile(), "auth_method", "basic")
        return {
            "basic": "HTTP Basic (client id and secret)",
            "params": "client_id + client_secret parameters",
            "signed": "janrain-signed (HMAC)",
        }.get(str(method), str(method))

    @contextmanager
    def watch(self) -> Iterator[Watch]:
        """Collect the request-log events of the calls made inside the block."""
        watch = Watch()
        unsubscribe: Callable[[], None] | None = None
        request_log = getattr(self.session, "request_log", None)
        if request_log is not None:
            unsubscribe = request_log.subscribe(watch.events.append)
        try:
            yield watch
        finally:
            if unsubscribe is not None:
                unsubscribe()

    # -- calls ---------------------------------------------------------------------------
    async def entity_types(self) -> list[str]:
        return list(await self.client().entity_type_list())

    async def find_by_email(self, type_name: str, email: str) -> list[dict[str, Any]]:
        found = await self.client().entity_find(
            type_name,
            filter=email_filter(email),
            attributes=["uuid", "id", "email", "displayName"],
            max_results=20,
        )
        return list(found.results)

    async def request_code(
        self,
        type_name: str,
        selector: RecordSelector,
        redirect_uri: str,
        lifetime: int | None,
        transaction_state: Mapping[str, Any] | None,
    ) -> AuthorizationCode:
        from capture_desktop.auth.flows import AuthorizationCodeFlow

        self._code_flow = AuthorizationCodeFlow(self.client())
        return await self._code_flow.request_code(
            type_name,
            selector,
            redirect_uri,
            lifetime,
            dict(transaction_state) if transaction_state else None,
        )

    async def exchange(self, code: str, redirect_uri: str) -> TokenSet:
        """Exchange ``code`` with the ``redirect_uri`` the user chose (it may differ from the
        issued one on purpose, to see the 420). A code delivered from outside the wizard
        has no flow of ours yet, so a fresh one exchanges it."""
        from capture_desktop.auth.flows import AuthorizationCodeFlow

        flow = self._code_flow or AuthorizationCodeFlow(self.client())
        return await flow.exchange(code, redirect_uri)

    async def creation_token(self, type_name: str, lifetime: int | None) -> CreationToken:
        from capture_desktop.auth.flows import CreationTokenFlow

        return await CreationTokenFlow(self.client()).create(type_name, lifetime)

    async def native_sign_in(self, client_id: str, email: str, password: str) -> TokenSet:
        result = await self.client().auth_native_traditional(
            client_id=client_id, email=email, password=password, response_type="token"
        )
        return token_set_from_native(result, client_id, self.default_type())

    async def login_clients(self) -> list[tuple[str, str]]:
        """(client_id, description) of the clients with the login_client feature."""
        clients = await self.client().clients_list()
        return [(c.client_id, c.description) for c in clients if "login_client" in c.features]

    async def create_record(
        self, type_name: str, attributes: Mapping[str, Any], creation_token: str
    ) -> CreateResult:
        from capture_desktop.api.credentials import CreationTokenAuth

        token = creation_token
        result: CreateResult = await self.client().entity_create(
            type_name, dict(attributes), auth=CreationTokenAuth(token)
        )
        return result

    # -- loopback ------------------------------------------------------------------------
    def new_receiver(self, settings: RedirectSettings) -> LoopbackReceiver:
        from capture_desktop.auth.loopback import LoopbackReceiver

        host_form: Literal["127.0.0.1", "localhost"] = (
            "localhost" if settings.host_form == "localhost" else "127.0.0.1"
        )
        # A generous attempt timeout: people read each step before moving on.
        return LoopbackReceiver(
            path=settings.path, host_form=host_form, ports=(settings.port,), timeout=900.0
        )

    def parse_redirect_url(
        self, url: str, expected_state: str, expected_redirect_uri: str | None
    ) -> Any:
        from capture_desktop.auth.callback import parse_redirect_url

        return parse_redirect_url(url, expected_state, expected_redirect_uri)

    def browser_attempt(
        self, receiver: LoopbackReceiver, open_browser: Callable[[str], object]
    ) -> BrowserSignInFlow:
        """One browser sign-in on the started ``receiver``: its state, a fresh PKCE pair, the
        page on the client's base URL; its ``exchange`` sends the code with the verifier."""
        from capture_desktop.auth.flows import BrowserSignInFlow

        return BrowserSignInFlow(self.client(), receiver, open_browser, self.client_id())

    async def identify(
        self, tokens: TokenSet, type_name: str | None = None
    ) -> tuple[TokenSet, str | None]:
        """Ask the token's own record who it is (uuid, email); the token reaches only it."""
        from capture_desktop.api.credentials import AccessTokenAuth

        type_name = type_name or tokens.type_name or self.default_type()
        try:
            entity = await self.client().entity(
                type_name, attributes=["uuid", "email"], auth=AccessTokenAuth(tokens.access_token)
            )
        except Exception as exc:  # Not fatal: the slot just lacks the email.
            log.info("could not read the token's record: %s", type(exc).__name__)
            return tokens, None
        email = entity.data.get("email")
        uuid = entity.uuid or tokens.record_uuid
        return (
            replace(tokens, record_uuid=uuid, type_name=type_name),
            email if isinstance(email, str) else None,
        )

    # -- slots ---------------------------------------------------------------------------
    def keeper(self) -> Any:
        """The session's ``TokenKeeper``: slots it stores show up in the Tokens panel."""
        return self.session.token_keeper

    async def store_access(self, label: str, tokens: TokenSet, email: str | None) -> str:
        """Keep ``tokens`` in a new slot of the active profile; returns the slot id.

        The keeper writes the values to the keyring and only the facts to the slot file."""
        slot = await self.keeper().save_token_set(
            self.profile().name,
            tokens,
            label=label,
            email=email,
            record_uuid=tokens.record_uuid,
            type_name=tokens.type_name or self.default_type(),
        )
        return str(slot.slot_id)

    async def store_creation(self, label: str, token: CreationToken) -> str:
        slot = await self.keeper().save_creation_token(self.profile().name, token, label=label)
        return str(slot.slot_id)
