"""FlowService: the flow wizards' one door to the core (OAuth flows, receivers, token slots).

Every core call a wizard makes goes through here or through the core flow object it hands
out, so a change of shape in the session, the token keeper or the client is fixed in one
file. The OAuth steps themselves are the core's (``capture_desktop.auth.flows``); this module
adds what a step-by-step window needs on top: previews of the auth scheme, request-log
watching, and storing an issued token set in a slot. Qt-free; core modules are imported on
first use, so a wizard window paints before httpx loads.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal, Protocol

from capture_desktop.api.filters import string_literal

if TYPE_CHECKING:
    from capture_desktop.api.client import CaptureClient
    from capture_desktop.api.models import (
        AuthorizationCode,
        CreateResult,
        CreationToken,
        TokenSet,
    )
    from capture_desktop.api.request_log import RequestEvent, RequestLog
    from capture_desktop.api.selectors import RecordSelector
    from capture_desktop.auth.callback import CallbackResult
    from capture_desktop.auth.flows import AuthorizationCodeFlow, BrowserSignInFlow
    from capture_desktop.auth.loopback import LoopbackReceiver
    from capture_desktop.auth.token_keeper import TokenKeeper
    from capture_desktop.store.profiles import Profile

log = logging.getLogger("capture_desktop.services.flows")

AUTH_LABELS = {
    "basic": "HTTP Basic (client id and secret)",
    "params": "client_id + client_secret parameters",
    "signed": "janrain-signed (HMAC)",
}


class FlowSession(Protocol):
    """What the flows need of the session: the active profile, its client, its slots."""

    def client(self) -> CaptureClient: ...

    def profile(self) -> Profile | None: ...

    @property
    def token_keeper(self) -> TokenKeeper: ...

    @property
    def request_log(self) -> RequestLog: ...


@dataclass(frozen=True)
class RedirectSettings:
    """Where the loopback receiver listens; ``port`` 0 means "any free port"."""

    host_form: str = "127.0.0.1"
    port: int = 0
    path: str = "/callback"


@dataclass(frozen=True)
class IssuedToken:
    """A token set kept in a slot, with what the wizard's result page shows about it."""

    slot_id: str
    label: str
    tokens: TokenSet
    type_name: str
    record: str  # the record's email when known, else a short name for it
    email: str | None

    @property
    def record_uuid(self) -> str | None:
        return self.tokens.record_uuid


@dataclass(frozen=True)
class IssuedCreation:
    """A creation token and the slot it is kept in (``None`` when saving it failed)."""

    slot_id: str | None
    label: str
    token: CreationToken


@dataclass
class FlowState:
    """What one wizard run has chosen so far; each step writes its part, later steps read it.

    ``redirect_uri`` is where the receiver listens now; ``issued_redirect_uri`` is the one the
    current ``code`` was issued for (the exchange must send it back exactly).
    """

    type_name: str = "user"
    selector: RecordSelector | None = None
    record_label: str = ""
    redirect_uri: str = ""
    code: str | None = None
    issued_redirect_uri: str | None = None


class ReceiverHolder:
    """The wizard's current loopback receiver (one callback each); closing replaces it."""

    def __init__(self, flows: FlowService, state: FlowState) -> None:
        self._flows = flows
        self._state = state
        self.receiver: LoopbackReceiver | None = None
        # What the Redirect step has chosen; used when a receiver must be (re)started.
        self.settings = flows.redirect_defaults()

    @property
    def oauth_state(self) -> str | None:
        """The ``state`` this attempt's redirect must carry back."""
        return str(self.receiver.state) if self.receiver is not None else None

    def is_listening(self) -> bool:
        return self.receiver is not None and bool(self.receiver.listening)

    async def start(self, settings: RedirectSettings | None = None) -> LoopbackReceiver:
        """Close the current receiver, then listen with ``settings`` (the chosen ones)."""
        settings = settings or self.settings
        await self.close()
        self._state.redirect_uri = ""
        receiver = self._flows.new_receiver(settings)
        await receiver.start()
        self.receiver = receiver
        self._state.redirect_uri = str(receiver.redirect_uri)
        return receiver

    async def ensure_listening(self) -> LoopbackReceiver:
        """Keep the same redirect_uri listening: a receiver catches one callback, then closes,
        so a second code needs a fresh receiver on the very same port."""
        old = self.receiver
        if old is not None and old.listening:
            return old
        settings = self.settings
        if old is not None and old.port:
            settings = RedirectSettings(old.host_form, int(old.port), old.path)
        return await self.start(settings)

    async def close(self) -> None:
        receiver, self.receiver = self.receiver, None
        if receiver is not None:
            await receiver.close()


class Watch:
    """The request-log events seen while a call ran (for the response view)."""

    def __init__(self) -> None:
        self.events: list[RequestEvent] = []

    def last(self, operation: str | None = None) -> RequestEvent | None:
        for event in reversed(self.events):
            if operation is None or event.operation.strip("/") == operation.strip("/"):
                return event
        return None


def email_filter(email: str) -> str:
    """An ``entity.find`` filter for one email address (the whole address, trimmed)."""
    return "email = " + string_literal(email.strip())


class FlowService:
    """The wizards' calls, receivers and slot storage on one session (see module docstring)."""

    def __init__(self, session: FlowSession) -> None:
        self.session = session
        # The code flow of this wizard run: it remembers the record the code was asked for.
        self._code_flow: AuthorizationCodeFlow | None = None

    # -- context -------------------------------------------------------------------------
    def client(self) -> CaptureClient:
        return self.session.client()

    def _profile(self) -> Profile:
        from capture_desktop.services.session import NoProfile

        profile = self.session.profile()
        if profile is None:
            raise NoProfile()
        return profile

    def default_type(self) -> str:
        profile = self.session.profile()
        return (profile.type_name if profile is not None else "") or "user"

    def redirect_defaults(self) -> RedirectSettings:
        profile = self.session.profile()
        if profile is None:
            return RedirectSettings()
        ports = profile.redirect_ports
        return RedirectSettings(
            host_form=profile.redirect_host_form or "127.0.0.1",
            port=ports[0] if ports else 0,
            path=profile.redirect_path or "/callback",
        )

    def registered_ports(self) -> list[int]:
        profile = self.session.profile()
        return list(profile.redirect_ports) if profile is not None else []

    def client_id(self) -> str:
        profile = self.session.profile()
        return profile.client_id if profile is not None else ""

    def auth_label(self) -> str:
        profile = self.session.profile()
        method = profile.auth_method if profile is not None else "basic"
        return AUTH_LABELS.get(method, method)

    @contextmanager
    def watch(self) -> Iterator[Watch]:
        """Collect the request-log events of the calls made inside the block."""
        watch = Watch()
        unsubscribe = self.session.request_log.subscribe(watch.events.append)
        try:
            yield watch
        finally:
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
        from capture_desktop.api.models import TokenSet

        result = await self.client().auth_native_traditional(
            client_id=client_id, email=email, password=password, response_type="token"
        )
        return TokenSet.from_native(result, client_id=client_id, type_name=self.default_type())

    async def login_clients(self) -> list[tuple[str, str]]:
        """(client_id, description) of the clients with the login_client feature."""
        clients = await self.client().clients_list()
        return [(c.client_id, c.description) for c in clients if "login_client" in c.features]

    async def create_record(
        self, type_name: str, attributes: Mapping[str, Any], creation_token: str
    ) -> CreateResult:
        from capture_desktop.api.credentials import CreationTokenAuth

        return await self.client().entity_create(
            type_name, dict(attributes), auth=CreationTokenAuth(creation_token)
        )

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
    ) -> CallbackResult:
        from capture_desktop.auth.callback import parse_redirect_url

        return parse_redirect_url(url, expected_state, expected_redirect_uri)

    def browser_attempt(
        self, receiver: LoopbackReceiver, open_browser: Callable[[str], object]
    ) -> BrowserSignInFlow:
        """One browser sign-in on the started ``receiver``: its state, a fresh PKCE pair, the
        page on the client's base URL; its ``exchange`` sends the code with the verifier."""
        from capture_desktop.auth.flows import BrowserSignInFlow

        return BrowserSignInFlow(self.client(), receiver, open_browser, self.client_id())

    # -- slots ---------------------------------------------------------------------------
    def keeper(self) -> TokenKeeper:
        """The session's ``TokenKeeper``: slots it stores show up in the Tokens panel."""
        return self.session.token_keeper

    async def _identify(self, tokens: TokenSet, type_name: str) -> tuple[TokenSet, str | None]:
        """Ask the token's own record who it is (uuid, email); the token reaches only it."""
        from capture_desktop.api.credentials import AccessTokenAuth

        try:
            entity = await self.client().entity(
                type_name, attributes=["uuid", "email"], auth=AccessTokenAuth(tokens.access_token)
            )
        except Exception as exc:  # Not fatal: the slot just lacks the email.
            log.info("could not read the token's record: %s", type(exc).__name__)
            return replace(tokens, type_name=type_name), None
        email = entity.data.get("email")
        uuid = entity.uuid or tokens.record_uuid
        return (
            replace(tokens, record_uuid=uuid, type_name=type_name),
            email if isinstance(email, str) else None,
        )

    async def store_issued(
        self,
        tokens: TokenSet,
        *,
        label: Callable[[str | None], str],
        type_name: str | None = None,
        email: str | None = None,
        record: str = "",
        record_uuid: str | None = None,
    ) -> IssuedToken:
        """Keep a freshly issued token set in a new slot of the active profile.

        First the token's own record is looked up (its uuid and email name the slot), then
        the keeper writes the values to the keyring and only the facts to the slot file.
        ``label`` gets the email found (or ``email`` when the record did not say) and returns
        the slot's name; ``record_uuid`` is the caller's fallback when the record is silent.
        """
        type_name = type_name or tokens.type_name or self.default_type()
        tokens, found = await self._identify(tokens, type_name)
        email = found or email
        if tokens.record_uuid is None and record_uuid is not None:
            tokens = replace(tokens, record_uuid=record_uuid)
        name = label(email)
        slot = await self.keeper().save_token_set(
            self._profile().name,
            tokens,
            label=name,
            email=email,
            record_uuid=tokens.record_uuid,
            type_name=type_name,
        )
        return IssuedToken(
            slot_id=str(slot.slot_id),
            label=name,
            tokens=tokens,
            type_name=type_name,
            record=email or record,
            email=email,
        )

    async def store_creation(self, label: str, token: CreationToken) -> IssuedCreation:
        slot = await self.keeper().save_creation_token(self._profile().name, token, label=label)
        return IssuedCreation(str(slot.slot_id), label, token)
