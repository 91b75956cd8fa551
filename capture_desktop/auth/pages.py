"""The small HTML pages the loopback receiver answers with (from ``resources/loopback/``).

Pages are self-contained (inline CSS, no script, no external resource) and never show the
authorization code. Everything taken from the request is HTML-escaped.
"""

from __future__ import annotations

import functools
import html
from string import Template

from capture_desktop import _resources

#: Served with every page: no caching, no referrer (the URL holds the code), no script.
PAGE_HEADERS: tuple[tuple[str, str], ...] = (
    ("Content-Type", "text/html; charset=utf-8"),
    ("Cache-Control", "no-store"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Content-Type-Options", "nosniff"),
    ("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'"),
)

_ERROR_TEXT = {
    "access_denied": "The sign-in was cancelled or access was denied.",
    "login_required": "The sign-in did not complete.",
    "server_error": "The sign-in server reported an internal error.",
    "temporarily_unavailable": "The sign-in server is temporarily unavailable.",
}


@functools.cache
def _template(name: str) -> str:
    return _resources.read_text(f"loopback/{name}")


def success_page() -> bytes:
    return _template("success.html").encode("utf-8")


def _error(title: str, message: str, detail: str = "") -> bytes:
    page = Template(_template("error.html")).safe_substitute(
        title=html.escape(title), message=html.escape(message), detail=detail
    )
    return page.encode("utf-8")


def callback_error_page(error: str, description: str | None) -> bytes:
    """The server redirected with ``error=...`` (e.g. ``access_denied``)."""
    message = _ERROR_TEXT.get(error, "The sign-in server reported an error.")
    detail = f"Error: <code>{html.escape(error)}</code>"
    if description:
        detail += f" &mdash; {html.escape(description)}"
    return _error("Sign-in failed", message, detail)


def refused_page(reason: str) -> bytes:
    return _error("Request refused", reason, "Capture Desktop is still waiting for the sign-in.")


def status_page(status: int, title: str, message: str) -> bytes:
    return _error(f"{status} {title}", message)


def replaced_page() -> bytes:
    """The page of an earlier sign-in attempt came back after a newer one started."""
    return _error(
        "This sign-in attempt was replaced",
        "A newer sign-in was started in Capture Desktop, so this page's sign-in is no "
        "longer used. Close this tab and finish on the newest sign-in page, or click "
        "\u201cOpen sign-in page in browser\u201d in Capture Desktop again.",
    )
