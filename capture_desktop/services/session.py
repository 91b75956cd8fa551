"""Session: the composition of the active connection profile, for every view and wizard.

It owns the long-lived ``httpx.AsyncClient`` per profile, the ``CaptureClient`` built on it,
the ``ProfileStore``, the ``SecretStore``, the ``TokenKeeper`` and the ``RequestLog``; views
ask it for these and listen to its signals. All methods run on the GUI thread with the qasync
loop; keyring calls go to worker threads inside ``SecretStore``. httpx and keyring are
imported on first use so that the window can paint before they load.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from capture_desktop.services.settings import Settings
from capture_desktop.services.tasks import TaskRunner

if TYPE_CHECKING:
    import httpx

    from capture_desktop.api.client import CaptureClient
    from capture_desktop.api.request_log import RequestLog
    from capture_desktop.store.profiles import Profile, ProfileStore
    from capture_desktop.store.secrets import SecretStore

log = logging.getLogger("capture_desktop.services.session")


class NoProfile(RuntimeError):
    """An action needs a connection profile and none is active."""

    def __str__(self) -> str:
        return "No connection profile is active. Create or choose one first."


@dataclass
class ConnectionReport:
    """What "Test connection" found out about a profile and its client."""

    ok: bool
    features: list[str] | None = None
    summary: str = ""
    notes: list[str] = field(default_factory=list)
    error: BaseException | None = None


class Session(QObject):
    """The active profile and everything built from it (see the module docstring)."""

    profile_changed = Signal(object)  # Profile | None
    profiles_changed = Signal()
    request_logged = Signal(object)  # RequestEvent, on the GUI thread
    slots_changed = Signal()
    slot_state_changed = Signal(str, str)  # slot_id, state
    features_changed = Signal(object)  # list[str] | None
    secret_state_changed = Signal(str, bool)  # profile name, stored?
    settings_changed = Signal()

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        profile_store: ProfileStore | None = None,
        secret_store: SecretStore | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings or Settings()
        self.runner = TaskRunner(self)
        self._profiles = profile_store
        self._secrets = secret_store
        self._profile: Profile | None = None
        self._http: dict[str, httpx.AsyncClient] = {}
        self._client: CaptureClient | None = None
        self._request_log: RequestLog | None = None
        self._unsubscribe_log: Any = None
        self._features: dict[str, list[str] | None] = {}
        self._tokens: Any = None  # services.tokens.TokenService, built on first use
        self.keyring_problem: str | None = None
        self.sandbox: Any = None  # SandboxService, set when the app embeds the sandbox
        self._closed = False
        self._loaded = False

    # -- stores -------------------------------------------------------------------------
    @property
    def profile_store(self) -> ProfileStore:
        if self._profiles is None:
            from capture_desktop.store import paths
            from capture_desktop.store.profiles import ProfileStore

            self._profiles = ProfileStore(paths.profiles_file())
        return self._profiles

    @property
    def secrets(self) -> SecretStore:
        if self._secrets is None:
            from capture_desktop.store.secrets import SecretStore

            self._secrets = SecretStore()
        return self._secrets

    @property
    def request_log(self) -> RequestLog:
        if self._request_log is None:
            from capture_desktop.api.request_log import RequestLog

            self._request_log = RequestLog()
            self._unsubscribe_log = self._request_log.subscribe(self.request_logged.emit)
        return self._request_log

    @property
    def tokens(self) -> Any:
        """The token service (slots of the active profile), see services/tokens.py."""
        if self._tokens is None:
            from capture_desktop.services.tokens import TokenService

            self._tokens = TokenService(self)
        return self._tokens

    @property
    def token_keeper(self) -> Any:
        """The core ``TokenKeeper`` (for wizards that store new slots)."""
        return self.tokens.keeper

    @property
    def loaded(self) -> bool:
        """True once ``start()`` has read the profiles (the window shows a blank page before)."""
        return self._loaded

    def profiles(self) -> list[Profile]:
        if not self._loaded:
            return []  # not read yet: the store's import and file read wait for start()
        return self.profile_store.list()

    def profile(self) -> Profile | None:
        return self._profile

    def require_profile(self) -> Profile:
        if self._profile is None:
            raise NoProfile
        return self._profile

    # -- start and stop -----------------------------------------------------------------
    async def start(self) -> None:
        """Load profiles, check the keyring, open the last used profile."""
        from capture_desktop.store.secrets import SecretStoreUnavailable

        try:
            await self.secrets.check_available()
            self.keyring_problem = None
        except SecretStoreUnavailable as exc:
            self.keyring_problem = str(exc)
            log.warning("keyring unavailable: %s", exc)
        try:
            self.profile_store.load()
        finally:
            self._loaded = True
            self.profiles_changed.emit()
        self.tokens.start()
        names = self.profile_store.names()
        wanted = self.settings.last_profile
        if wanted in names:
            await self.activate(wanted)
        elif names:
            await self.activate(names[0])

    async def aclose(self) -> None:
        """Cancel tasks, stop token timers and close every HTTP client (idempotent)."""
        if self._closed:
            return
        self._closed = True
        await self.runner.aclose()
        if self._tokens is not None:
            await self._tokens.aclose()
        if self._unsubscribe_log is not None:
            self._unsubscribe_log()
            self._unsubscribe_log = None
        clients = list(self._http.values())
        self._http.clear()
        self._client = None
        for http in clients:
            await http.aclose()

    # -- HTTP and the Capture client ----------------------------------------------------
    def http_for(self, profile: Profile) -> httpx.AsyncClient:
        """The one long-lived httpx client for ``profile``, from the core's ``make_http_client``.

        If the trust store cannot be loaded (missing CA bundle, stale ``SSL_CERT_FILE``), https
        calls fail with the core's ``TlsConfigurationError`` where they are made (the views show
        it); plain http, like the built-in sandbox on loopback, needs no trust store.
        """
        from urllib.parse import urlsplit

        scheme = urlsplit(profile.base_url).scheme
        key = f"{profile.name}\x00{profile.ca_bundle or ''}\x00{scheme}\x00{profile.proxy}"
        http = self._http.get(key)
        if http is None:
            import httpx

            from capture_desktop.api.errors import TlsConfigurationError
            from capture_desktop.api.transport import make_http_client

            timeout = httpx.Timeout(self.settings.request_timeout_seconds)
            try:
                http = make_http_client(profile.ca_bundle, timeout, proxy=profile.proxy)
            except TlsConfigurationError as exc:
                log.warning("TLS setup failed for profile %r: %s", profile.name, exc)
                http = _without_trust_store(exc, timeout, plain_http=scheme == "http")
            self._http[key] = http
        return http

    def make_client(self, profile: Profile, secret: str | None) -> CaptureClient:
        from capture_desktop.api.client import CaptureClient
        from capture_desktop.api.credentials import BasicAuth, ParamsAuth, SignedAuth

        credentials: Any = None
        if secret:
            cls: Any = {"basic": BasicAuth, "params": ParamsAuth, "signed": SignedAuth}[
                profile.auth_method
            ]
            credentials = cls(profile.client_id, secret)
        return CaptureClient(
            self.http_for(profile),
            profile.base_url,
            credentials,
            allow_insecure=profile.allow_insecure,
            request_log=self.request_log,
        )

    def client(self) -> CaptureClient:
        """The ``CaptureClient`` of the active profile, with its client credentials."""
        if self._client is None:
            raise NoProfile
        return self._client

    async def client_secret(self, name: str | None = None) -> str | None:
        from capture_desktop.store.secrets import SecretStoreUnavailable, client_secret_key

        target = name or self.require_profile().name
        try:
            return await self.secrets.get(client_secret_key(target))
        except SecretStoreUnavailable:
            # The built-in sandbox's demo secrets sit in its own clients.json anyway, so the
            # sandbox stays usable without a keyring; real profiles never fall back.
            if self.sandbox is not None and target in self.profile_store.names():
                profile = self.profile_store.get(target)
                if profile.sandbox:
                    secret: str | None = await self.sandbox.secret_for(profile.client_id)
                    return secret
            raise

    async def has_client_secret(self, name: str) -> bool:
        return bool(await self.client_secret(name))

    async def set_client_secret(self, name: str, secret: str) -> None:
        from capture_desktop.store.secrets import client_secret_key

        await self.secrets.set(client_secret_key(name), secret)
        self._features.pop(name, None)
        self.secret_state_changed.emit(name, True)
        if self._profile is not None and self._profile.name == name:
            await self._rebuild_client()

    async def forget_client_secret(self, name: str) -> None:
        from capture_desktop.store.secrets import client_secret_key

        await self.secrets.delete(client_secret_key(name))
        self.secret_state_changed.emit(name, False)
        if self._profile is not None and self._profile.name == name:
            await self._rebuild_client()

    async def _rebuild_client(self) -> None:
        self._client = await self._client_with_secret(self.require_profile())

    async def _client_with_secret(self, profile: Profile) -> CaptureClient:
        secret: str | None = None
        try:
            secret = await self.client_secret(profile.name)
        except Exception as exc:  # keyring trouble: the client runs without credentials
            log.warning("could not read the client secret: %s", type(exc).__name__)
        return self.make_client(profile, secret)

    # -- profiles -----------------------------------------------------------------------
    async def activate(self, name: str | None) -> None:
        """Make ``name`` the active profile (None: no profile)."""
        if name is None:
            self._profile = None
            self._client = None
        else:
            profile = self.profile_store.get(name)
            if profile.sandbox and self.sandbox is not None:
                # The embedded sandbox may have moved port since the profile was written.
                base_url = await self.sandbox.ensure_running()
                if base_url != profile.base_url:
                    await self.sandbox.sync_profiles()
                    profile = self.profile_store.get(name)
            # Build the client first, then switch both at once: nobody sees a half-switch.
            client = await self._client_with_secret(profile)
            self._profile, self._client = profile, client
            self.settings.last_profile = name
            self._save_settings()
        if self._tokens is not None:
            self._tokens.profile_changed(self._profile)
        self.profile_changed.emit(self._profile)
        self.slots_changed.emit()
        self.features_changed.emit(self.features())
        if self._profile is not None and self._profile.name not in self._features:
            self.runner.run(self._quiet_load_features(), name="session:features")

    async def _quiet_load_features(self) -> None:
        # Background fill of the cache; the views work without it, so failures stay quiet.
        try:
            await self.load_features()
        except Exception as exc:
            log.info("could not learn the client's features: %s", type(exc).__name__)

    def _save_settings(self) -> None:
        from capture_desktop.services.settings import settings_path

        try:
            self.settings.save(settings_path())
        except OSError as exc:
            log.warning("could not save settings: %s", exc)

    def update_settings(self, settings: Settings) -> None:
        self.settings = settings
        self._save_settings()
        self.settings_changed.emit()

    async def save_profile(
        self,
        profile: Profile,
        secret: str | None = None,
        *,
        replace: str | None = None,
        reactivate: bool = True,
    ) -> None:
        """Store ``profile`` (renaming ``replace``); a given secret goes to the keyring first."""
        from capture_desktop.store.secrets import client_secret_key

        if replace is not None and replace != profile.name:
            await self._rename_profile(replace, profile, secret)
        else:
            if secret:
                await self.secrets.set(client_secret_key(profile.name), secret)
            self.profile_store.put(profile, replace=replace)
        self._features.pop(profile.name, None)
        self.profiles_changed.emit()
        active = self._profile.name if self._profile else None
        if reactivate and active in (profile.name, replace):
            await self.activate(profile.name)

    async def _rename_profile(self, old: str, profile: Profile, secret: str | None) -> None:
        """Move the client secret and token slots to the new name, then rename the entry.

        New keyring items are written before old ones are deleted: no failure loses a secret,
        and none is left under the old name (where deleting the profile would not find it).
        """
        from capture_desktop.store.profiles import ProfileExists
        from capture_desktop.store.secrets import client_secret_key

        new = profile.name
        if new in self.profile_store.names():  # before any write: keep the other's secrets
            raise ProfileExists(f"A profile named {new!r} already exists.")
        secret = secret or await self.client_secret(old)
        if secret:
            await self.secrets.set(client_secret_key(new), secret)
        try:
            await self.token_keeper.rename_profile(old, new)
        except BaseException:
            if secret:  # nothing was renamed: drop the copy under the new name
                await self.secrets.delete(client_secret_key(new))
            raise
        try:
            self.profile_store.put(profile, replace=old)
        except BaseException:
            await self.token_keeper.rename_profile(new, old)  # the slots follow it back
            raise
        await self.secrets.delete(client_secret_key(old))
        self._features.pop(old, None)

    async def duplicate_profile(self, name: str) -> Profile:
        """Copy a profile and its client secret under a free name."""
        from capture_desktop.store.secrets import client_secret_key

        copy = self.profile_store.duplicate(name)
        secret = await self.client_secret(name)
        if secret:
            await self.secrets.set(client_secret_key(copy.name), secret)
        self.profiles_changed.emit()
        return copy

    async def delete_profile(self, name: str) -> None:
        """Delete the profile, its client secret and every token slot's secrets."""
        slot_ids = await self.tokens.delete_profile_slots(name)
        await self.secrets.delete_profile(name, slot_ids)
        self.profile_store.delete(name)
        self._features.pop(name, None)
        self.profiles_changed.emit()
        if self._profile is not None and self._profile.name == name:
            names = self.profile_store.names()
            await self.activate(names[0] if names else None)

    # -- what the client may do ---------------------------------------------------------
    def features(self) -> list[str] | None:
        """Cached features of the active client (None until known or when unknowable)."""
        if self._profile is None:
            return None
        return self._features.get(self._profile.name)

    def remember_features(self, name: str, features: list[str] | None) -> None:
        self._features[name] = features
        if self._profile is not None and self._profile.name == name:
            self.features_changed.emit(features)

    async def load_features(self) -> list[str] | None:
        profile = self.require_profile()
        report = await self.test_connection(profile, client=self.client())
        if report.ok:
            self._features[profile.name] = report.features
            self.features_changed.emit(report.features)
        return report.features

    async def test_connection(
        self, profile: Profile, secret: str | None = None, *, client: CaptureClient | None = None
    ) -> ConnectionReport:
        """Call Capture with the profile's credentials and find the client's features.

        ``clients/list`` tells the features but only an owner may call it; for other
        clients a 403 still proves the credentials, and a cheap count tells if it can read.
        """
        from capture_desktop.api.errors import ApiError, CaptureError, ClientPermissionError

        if client is None:
            client = self.make_client(profile, secret)
        try:
            clients = await client.clients_list()
        except ClientPermissionError:
            notes = []
            try:
                await client.entity_count(profile.type_name)
            except ClientPermissionError:
                notes.append(f"Reading {profile.type_name} records: not allowed.")
            except ApiError as exc:
                notes.append(f"Reading {profile.type_name} records failed: {exc.meaning}")
            else:
                notes.append(f"Reading {profile.type_name} records: allowed.")
            notes.append(
                "Only an owner client may list features, so writing and issuing tokens could "
                "not be checked without trying them."
            )
            return ConnectionReport(True, None, "Connected: the credentials were accepted.", notes)
        except CaptureError as exc:
            return ConnectionReport(False, None, "The connection test failed.", [], exc)
        features: list[str] = []
        for info in clients:
            if getattr(info, "client_id", None) == profile.client_id:
                features = list(getattr(info, "features", []) or [])
        return ConnectionReport(True, features, "Connected: the credentials were accepted.", [])


def _without_trust_store(
    problem: Exception, timeout: httpx.Timeout, *, plain_http: bool
) -> httpx.AsyncClient:
    """https requests raise ``TlsConfigurationError``; http ones (for a plain-http profile) go
    through a transport whose TLS context trusts nothing, so TLS is never used unverified."""
    import ssl

    import httpx

    from capture_desktop.api.errors import TlsConfigurationError
    from capture_desktop.api.transport import USER_AGENT

    message = str(problem)

    class TlsUnavailable(httpx.AsyncBaseTransport):
        def __init__(self) -> None:
            # Verifies certificates but has no CA loaded; given, so httpx reads no SSL_CERT_FILE.
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            self._plain = httpx.AsyncHTTPTransport(verify=context) if plain_http else None

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            if self._plain is None or request.url.scheme != "http":
                raise TlsConfigurationError(message)
            return await self._plain.handle_async_request(request)

        async def aclose(self) -> None:
            if self._plain is not None:
                await self._plain.aclose()

    return httpx.AsyncClient(
        transport=TlsUnavailable(),
        timeout=timeout,
        follow_redirects=False,
        trust_env=False,  # no proxies from the environment: they would build TLS contexts
        headers={"Accept": "application/json", "User-Agent": USER_AGENT},
    )
