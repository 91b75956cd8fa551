"""SecretStore against a real Secret Service (gnome-keyring on a private D-Bus session).

The test starts its own (``tests/helpers/secret_service.py``); where the machine has no
gnome-keyring or D-Bus daemon it is skipped with the reason (failed under ``.ci/test``, which
promises one).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from capture_desktop.store.secrets import SecretStore, SecretStoreUnavailable
from tests.helpers.secret_service import PrivateSecretService, unavailable

pytestmark = pytest.mark.secret_service


@pytest.fixture
async def real_store(private_secret_service: PrivateSecretService) -> AsyncIterator[SecretStore]:
    store = private_secret_service.store()
    try:
        await store.check_available()
    except SecretStoreUnavailable as exc:
        unavailable(f"Secret Service present but unusable (locked?): {exc}")
    yield store
    await store.delete_profile("it", ["slot1"])


async def test_round_trip_with_gnome_keyring(real_store: SecretStore) -> None:
    await real_store.set("it:client_secret", "s3cret-ÄÖ")
    await real_store.set("it:slot:slot1:refresh_token", "rt-1")
    assert await real_store.get("it:client_secret") == "s3cret-ÄÖ"
    # A second store object (as after an app restart) sees the same items.
    again = SecretStore(service=real_store.service, backend=real_store.backend())
    assert await again.get("it:slot:slot1:refresh_token") == "rt-1"
    await real_store.set("it:slot:slot1:refresh_token", "rt-2")
    assert await again.get("it:slot:slot1:refresh_token") == "rt-2"
    assert await real_store.delete_profile("it", ["slot1"]) == 2
    assert await again.get("it:client_secret") is None
