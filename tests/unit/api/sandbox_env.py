"""The sandbox as a test fixture for the api tests: app, demo clients and a movable clock.

The sandbox clock and the signing clock of ``SignedAuth`` share one ``MovableClock`` so that
tests can expire tokens and skew signatures without sleeping.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from starlette.applications import Starlette

from capture_desktop.api import BasicAuth, ClientCredentials, ParamsAuth, SignedAuth
from capture_desktop.sandbox import client_for_feature, create_app
from capture_desktop.sandbox.config import SandboxConfig


@dataclass
class MovableClock:
    offset: float = 0.0

    def epoch(self) -> float:
        return time.time() + self.offset

    def utc(self) -> datetime:
        return datetime.fromtimestamp(self.epoch(), UTC)

    def advance(self, seconds: float) -> None:
        self.offset += seconds


@dataclass
class SandboxEnv:
    app: Starlette
    data_dir: Path
    clock: MovableClock = field(default_factory=MovableClock)

    def client(self, feature: str) -> dict[str, Any]:
        return client_for_feature(self.data_dir, feature)

    def creds(self, feature: str = "owner", kind: str = "basic") -> ClientCredentials:
        info = self.client(feature)
        cid, secret = info["client_id"], info["client_secret"]
        if kind == "basic":
            return BasicAuth(cid, secret)
        if kind == "params":
            return ParamsAuth(cid, secret)
        return SignedAuth(cid, secret, clock=self.clock.utc)

    def settings(self, **changes: Any) -> None:
        self.app.state.sandbox.settings.update(changes)

    def close(self) -> None:
        self.app.state.sandbox.close()


def make_env(data_dir: Path, **config: Any) -> SandboxEnv:
    clock = MovableClock()
    app = create_app(SandboxConfig(data_dir=data_dir, **config), clock=clock.epoch)
    return SandboxEnv(app, data_dir, clock)
