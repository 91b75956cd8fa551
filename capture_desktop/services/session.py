"""Session: the active connection profile, and the wiring of the services built around it.

The jobs live in their own modules, and the session composes them:

- ``services.connections``: the HTTP client per profile and the ``CaptureClient`` on it;
- ``services.profiles``: saving, renaming, duplicating and deleting profiles with their secrets;
- ``services.capabilities``: the connection test, the client's features and ``Permissions``;
- ``services.token_service``: the token slots (the core ``TokenKeeper``, built here).

Views ask the session for these and listen to its signals. Everything runs on the GUI thread
with the qasync loop; keyring calls go to worker threads inside ``SecretStore``. httpx and
keyring are imported on first use, so the window paints before they load.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from capture_desktop.services.capabilities import (
    WIZARD_FEATURES,
    Capabilities,
    ConnectionReport,
    Permissions,
)
from capture_desktop.services.capabilities import test_connection as _test_connection
from capture_desktop.services.connections import Connections
from capture_desktop.services.profiles import ProfileService
from capture_desktop.services.settings import Settings
from capture_desktop.services.tasks import TaskRunner

if TYPE_CHECKING:
    import httpx

    from capture_desktop.api.client import CaptureClient
    from capture_desktop.api.request_log import RequestLog
    from capture_desktop.auth.token_keeper import TokenKeeper
    from capture_desktop.services.sandbox_service import SandboxService
    from capture_desktop.services.token_service import RefreshRecord, TokenService
    from capture_desktop.store.profiles import Profile, ProfileStore
    from capture_desktop.store.secrets import SecretStore
    from capture_desktop.store.slots import SlotStore, TokenSlot

__all__ = ["ConnectionReport", "NoProfile", "Session"]

log = logging.getLogger("capture_desktop.services.session")


class NoProfile(RuntimeError):
    """An action needs a connection profile and none is active."""

    def __str__(self) -> str:
        return "No connection profile is active. Create or choose one first."


class Session(QObject):
    """The active profile and the services built from it (see the module docstring)."""

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
        sandbox: SandboxService | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings or Settings()
        self.runner = TaskRunner(self)
        #: The embedded sandbox, when the app has one (passed in, or set before ``start``).
        self.sandbox: SandboxService | None = sandbox
        self.profile_service = ProfileService(profile_store, secret_store)
        self.connections = Connections(
            lambda: self.settings.request_timeout_seconds, lambda: self.request_log
        )
        self.capabilities = Capabilities(self._features_answered)
        self._profile: Profile | None = None
        self._client: CaptureClient | None = None
        self._request_log: RequestLog | None = None
        self._unsubscribe_log: Callable[[], None] | None = None
        self._tokens: TokenService | None = None
        self._slots: SlotStore | None = None
        self.keyring_problem: str | None = None
        self._closed = False
        self._loaded = False

    # -- stores and services ------------------------------------------------------------
    @property
    def profile_store(self) -> ProfileStore:
        return self.profile_service.store

    @property
    def secrets(self) -> SecretStore:
        return self.profile_service.secrets

    @property
    def request_log(self) -> RequestLog:
        if self._request_log is None:
            from capture_desktop.api.request_log import RequestLog

            self._request_log = RequestLog()
            self._unsubscribe_log = self._request_log.subscribe(self.request_logged.emit)
        return self._request_log

    @property
    def tokens(self) -> TokenService:
        """The token service (slots of the active profile), built on first use."""
        if self._tokens is None:
            from capture_desktop.auth.token_keeper import TokenKeeper
            from capture_desktop.services.token_service import TokenService
            from capture_desktop.store import paths
            from capture_desktop.store.refresh_history import RefreshHistoryStore

            keeper = TokenKeeper(self._client_for, self.secrets, self._slot_store())
            self._tokens = TokenService(
                keeper,
                active_profile=self.profile,
                slots_changed=self.slots_changed.emit,
                slot_state_changed=self.slot_state_changed.emit,
                client_for=self._client_for,
                history_store=RefreshHistoryStore(paths.refresh_history_file()),
            )
        return self._tokens

    def _slot_store(self) -> SlotStore:
        if self._slots is None:
            from capture_desktop.store import paths
            from capture_desktop.store.slots import SlotStore

            self._slots = SlotStore(paths.slots_file())
        return self._slots

    def token_slots(self) -> list[TokenSlot]:
        """The active profile's token slots. Before the token service runs (the first page,
        painted before ``start_services``) they come from the slot file, stated by the clock;
        loading the keeper waits until then."""
        if self._profile is None:
            return []
        if self._tokens is not None:
            return self._tokens.slots()
        from datetime import UTC, datetime

        from capture_desktop.store.slots import timed_state

        now = datetime.now(UTC)
        return [
            dataclasses.replace(slot, state=timed_state(slot, now))
            for slot in self._slot_store().list(self._profile.name)
        ]

    def token_history(self, slot_id: str) -> list[RefreshRecord]:
        """A slot's refresh attempts, newest first (none before the token service runs)."""
        return self._tokens.history(slot_id) if self._tokens is not None else []

    def unsaved_token_ids(self) -> list[str]:
        """Slots whose rotated refresh token lives in memory only, the keyring having refused
        it. None before the token service runs: only a refresh can make one."""
        return [] if self._tokens is None else self._tokens.keeper.unsaved()

    @property
    def token_keeper(self) -> TokenKeeper:
        """The core ``TokenKeeper`` (for wizards that store new slots)."""
        return self.tokens.keeper

    async def _client_for(self, profile_name: str) -> CaptureClient:
        """The client the keeper refreshes a slot of ``profile_name`` with."""
        current = self._profile
        if current is not None and current.name == profile_name and self._client is not None:
            return self._client
        profile = self.profile_store.get(profile_name)
        return self.make_client(profile, await self.client_secret(profile_name))

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

    @property
    def connected(self) -> bool:
        """True once the active profile has its client (after ``start_services`` or
        ``activate``); ``load`` alone shows a profile that has none yet."""
        return self._client is not None

    def require_profile(self) -> Profile:
        if self._profile is None:
            raise NoProfile
        return self._profile

    # -- start and stop -----------------------------------------------------------------
    async def start(self) -> None:
        """Load profiles, check the keyring, open the last used profile."""
        self.load()
        await self.start_services()

    def load(self) -> None:
        """Read the profiles and show the last used one with its token slots: files only.

        No keyring call, no HTTP client: the first page can show what the user has before
        ``start_services`` reads any secret. Until then the profile has no client.
        """
        try:
            self.profile_store.load()
        finally:
            self._loaded = True
            names = self.profile_store.names()
            wanted = self.settings.last_profile
            name = wanted if wanted in names else (names[0] if names else None)
            self._profile = self.profile_store.get(name) if name is not None else None
            self.profiles_changed.emit()
            self.profile_changed.emit(self._profile)
            self.slots_changed.emit()

    async def start_services(self) -> None:
        """After ``load``: check the keyring, start the token watcher, build the client."""
        from capture_desktop.store.secret_errors import SecretStoreUnavailable

        try:
            await self.secrets.check_available()
            self.keyring_problem = None
        except SecretStoreUnavailable as exc:
            self.keyring_problem = str(exc)
            log.warning("keyring unavailable: %s", exc)
        self.tokens.start()
        if self._profile is not None:
            await self.activate(self._profile.name)
        else:
            self.profiles_changed.emit()  # the keyring state is known now

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
        self._client = None
        await self.connections.aclose()

    # -- HTTP and the Capture client ----------------------------------------------------
    def http_for(self, profile: Profile) -> httpx.AsyncClient:
        return self.connections.http_for(profile)

    def make_client(self, profile: Profile, secret: str | None) -> CaptureClient:
        return self.connections.make_client(profile, secret)

    def client(self) -> CaptureClient:
        """The ``CaptureClient`` of the active profile, with its client credentials."""
        if self._client is None:
            raise NoProfile
        return self._client

    async def client_secret(self, name: str | None = None) -> str | None:
        target = name or self.require_profile().name
        fallback = self.sandbox.secret_for if self.sandbox is not None else None
        return await self.profile_service.client_secret(target, fallback)

    async def has_client_secret(self, name: str) -> bool:
        return bool(await self.client_secret(name))

    async def forget_client_secret(self, name: str) -> None:
        await self.profile_service.forget_secret(name)
        self.secret_state_changed.emit(name, False)
        if self._profile is not None and self._profile.name == name:
            self._client = await self._client_with_secret(self._profile)

    async def _client_with_secret(self, profile: Profile) -> CaptureClient:
        secret: str | None = None
        try:
            secret = await self.client_secret(profile.name)
        except Exception as exc:  # keyring trouble: the client runs without credentials
            log.warning("could not read the client secret: %s", type(exc).__name__)
        return self.make_client(profile, secret)

    # -- the active profile -------------------------------------------------------------
    async def activate(self, name: str | None) -> None:
        """Make ``name`` the active profile (None: no profile)."""
        if name is None:
            self._profile = None
            self._client = None
        else:
            profile = self.profile_store.get(name)
            if profile.sandbox and self.sandbox is not None:
                # The embedded sandbox may have moved port since the profile was written.
                base_url = await self.sandbox.ensure_running(self.settings)
                if base_url != profile.base_url:
                    await self.sandbox.sync_profiles(self)
                    profile = self.profile_store.get(name)
            # Build the client first, then switch both at once: nobody sees a half-switch.
            client = await self._client_with_secret(profile)
            self._profile, self._client = profile, client
            self.settings.last_profile = name
            self._save_settings()
        self.profile_changed.emit(self._profile)
        self.slots_changed.emit()
        self.features_changed.emit(self.features())
        if self._profile is not None and not self.features_checked():
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

    # -- profiles -----------------------------------------------------------------------
    async def save_profile(
        self,
        profile: Profile,
        secret: str | None = None,
        *,
        replace: str | None = None,
        reactivate: bool = True,
    ) -> None:
        """Store ``profile`` (renaming ``replace``); a given secret goes to the keyring first."""
        if replace is not None and replace != profile.name:
            secret = secret or await self.client_secret(replace)
            await self.profile_service.rename(replace, profile, secret, self.token_keeper)
            self.capabilities.forget(replace)
        else:
            await self.profile_service.save(profile, secret, replace)
        self.capabilities.forget(profile.name)
        self.profiles_changed.emit()
        active = self._profile.name if self._profile else None
        if reactivate and active in (profile.name, replace):
            await self.activate(profile.name)

    async def duplicate_profile(self, name: str) -> Profile:
        """Copy a profile and its client secret under a free name."""
        secret = await self.client_secret(name)
        copy = await self.profile_service.duplicate(name, secret)
        self.profiles_changed.emit()
        return copy

    async def delete_profile(self, name: str) -> None:
        """Delete the profile, its client secret and every token slot's secrets."""
        slot_ids = await self.tokens.delete_profile_slots(name)
        await self.profile_service.delete(name, slot_ids)
        self.capabilities.forget(name)
        self.profiles_changed.emit()
        if self._profile is not None and self._profile.name == name:
            names = self.profile_store.names()
            await self.activate(names[0] if names else None)

    # -- what the client may do ---------------------------------------------------------
    def features(self) -> list[str] | None:
        """Cached features of the active client (None until known or when unknowable)."""
        return None if self._profile is None else self.capabilities.get(self._profile.name)

    def wizard_needs(self, key: str) -> str:
        """Why the active client may not run the flow wizard ``key`` (a feature it lacks), or
        "" when it may."""
        return Permissions.of(self.features()).needs(WIZARD_FEATURES[key])

    def may_start_wizard(self, key: str) -> bool:
        """The one rule every door to a flow wizard follows: a profile, its client built (not
        between the first page and ``start_services``), and the feature the wizard needs."""
        return self._profile is not None and self.connected and not self.wizard_needs(key)

    def features_checked(self) -> bool:
        """True once the active client's features were asked, even if the answer is unknown."""
        return self._profile is not None and self.capabilities.checked(self._profile.name)

    def remember_features(self, name: str, features: list[str] | None) -> None:
        self.capabilities.remember(name, features)

    def _features_answered(self, name: str, features: list[str] | None) -> None:
        if self._profile is not None and self._profile.name == name:
            self.features_changed.emit(features)

    async def load_features(self) -> list[str] | None:
        """The active client's features, asked at most once per profile (one call at a time)."""
        return await self.capabilities.load(self.require_profile(), self.client())

    async def test_connection(
        self, profile: Profile, secret: str | None = None, *, client: CaptureClient | None = None
    ) -> ConnectionReport:
        """Call Capture with the profile's credentials and find the client's features."""
        return await _test_connection(profile, client or self.make_client(profile, secret))
