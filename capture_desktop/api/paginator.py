"""Keyset paging over ``entity.find``: ``sort_on=["id"]`` and ``id > last`` page after page.

Unlike ``first_result`` offsets this neither skips nor repeats records when others are created
or deleted during the walk, and it is the way Capture recommends through large sets.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Sequence
from typing import TYPE_CHECKING, Any

from capture_desktop.api.errors import UnexpectedResponse

if TYPE_CHECKING:
    from capture_desktop.api.client import CaptureClient
    from capture_desktop.api.credentials import ClientCredentials

__all__ = ["MAX_PAGE_SIZE", "iter_find"]

MAX_PAGE_SIZE = 10_000
_OR = re.compile(r"(?i)(?<![\w'])or(?![\w'])")


def _page_filter(user_filter: str | None, last_id: int | None) -> str | None:
    if last_id is None:
        return user_filter
    keyset = f"id > {last_id}"
    if not user_filter:
        return keyset
    # 'and' binds tighter than 'or': parenthesise only when the filter has an 'or' in it.
    wrapped = f"({user_filter})" if _OR.search(user_filter) else user_filter
    return f"{wrapped} and {keyset}"


async def iter_find(
    client: CaptureClient,
    type_name: str,
    filter: str | None = None,
    page_size: int = 100,
    attributes: Sequence[str] | None = None,
    *,
    auth: ClientCredentials | None = None,
) -> AsyncIterator[dict[str, Any]]:
    """Yield every record matching ``filter`` in ascending id order, ``page_size`` per call.

    When ``attributes`` is given, ``id`` is added to it because paging needs it.
    """
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise ValueError(f"page_size must be between 1 and {MAX_PAGE_SIZE}")
    wanted = None if attributes is None else list(dict.fromkeys(["id", *attributes]))
    last_id: int | None = None
    while True:
        page = await client.entity_find(
            type_name,
            _page_filter(filter, last_id),
            max_results=page_size,
            sort_on=["id"],
            attributes=wanted,
            auth=auth,
        )
        for record in page.results:
            yield record
        if len(page.results) < page_size:
            return
        new_last = page.results[-1].get("id")
        if not isinstance(new_last, int) or (last_id is not None and new_last <= last_id):
            raise UnexpectedResponse("entity.find page is not sorted by a numeric id")
        last_id = new_last
