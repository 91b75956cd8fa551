"""A scripted "system browser" for the sign-in flow: it loads the sandbox's sign-in page,
submits the form, and follows the redirect to the loopback receiver over a real socket."""

from __future__ import annotations

import asyncio
from urllib.parse import parse_qsl, urlsplit, urlunsplit

import httpx


class FakeBrowser:
    def __init__(
        self,
        sandbox_http: httpx.AsyncClient,
        email: str = "alice@example.com",
        password: str = "Password1!",  # noqa: S107 - the documented demo password
        *,
        action: str = "signin",
        follow_redirect: bool = True,
    ) -> None:
        self.http = sandbox_http
        self.email = email
        self.password = password
        self.action = action
        self.follow_redirect = follow_redirect
        self.opened: list[str] = []
        self.redirected_to: str | None = None
        self.landing: httpx.Response | None = None
        self.done = asyncio.Event()
        self._tasks: set[asyncio.Task[None]] = set()

    def __call__(self, url: str) -> None:
        """The ``open_browser`` callable: returns at once, like ``webbrowser.open``."""
        self.opened.append(url)
        task = asyncio.get_running_loop().create_task(self._browse(url))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _browse(self, url: str) -> None:
        try:
            form = await self.http.get(url)
            assert form.status_code == 200, form.text
            parts = urlsplit(url)
            fields = dict(parse_qsl(parts.query))
            action_url = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
            answer = await self.http.post(
                action_url,
                data={
                    **fields,
                    "email": self.email,
                    "password": self.password,
                    "action": self.action,
                },
            )
            assert answer.status_code == 302, answer.text
            self.redirected_to = answer.headers["location"]
            if self.follow_redirect:
                # trust_env=False: a proxy from the environment must not see loopback traffic.
                async with httpx.AsyncClient(trust_env=False) as real:
                    self.landing = await real.get(self.redirected_to)
        finally:
            self.done.set()
