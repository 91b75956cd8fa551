"""Request-log events as a HAR 1.2 file, and a check of the result against the HAR 1.2 spec.

The HAR holds what the request log holds (already redacted) with named placeholders instead
of secrets (``scrub``). It opens in browser DevTools and HAR viewers; ``har_problems`` checks
the required fields and types of HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/)
so a broken file is caught in tests, not by the person reading the ticket.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from http import HTTPStatus
from typing import Any
from urllib.parse import urlencode

from capture_desktop.api.request_log import RequestEvent
from capture_desktop.ticket.scrub import scrub_headers, scrub_json, scrub_params, scrub_url

FORM = "application/x-www-form-urlencoded"


def _pairs(mapping: Mapping[str, str]) -> list[dict[str, str]]:
    return [{"name": k, "value": v} for k, v in mapping.items()]


def _status_text(status: int | None) -> str:
    if status is None:
        return "no response"
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def har_entry(event: RequestEvent) -> dict[str, Any]:
    params = scrub_params(event.params)
    body = urlencode(params, safe="[]")
    content = json.dumps(scrub_json(event.response), ensure_ascii=False)
    entry: dict[str, Any] = {
        "startedDateTime": event.started_at.isoformat(),
        "time": round(event.duration_ms, 3),
        "request": {
            "method": event.method,
            "url": scrub_url(event.url),
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": _pairs(scrub_headers(event.headers)),
            "queryString": [],
            "postData": {"mimeType": FORM, "params": _pairs(params), "text": body},
            "headersSize": -1,
            "bodySize": len(body.encode("utf-8")),
        },
        "response": {
            "status": event.http_status or 0,
            "statusText": _status_text(event.http_status),
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": [],
            "content": {
                "size": len(content.encode("utf-8")),
                "mimeType": "application/json",
                "text": content,
            },
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": -1,
        },
        "cache": {},
        "timings": {"send": 0, "wait": round(event.duration_ms, 3), "receive": 0},
        "comment": event.operation,
    }
    if event.request_id:
        entry["_requestId"] = event.request_id  # custom fields start with "_" (HAR 1.2)
    return entry


def build_har(events: Iterable[RequestEvent], app_name: str, app_version: str) -> dict[str, Any]:
    return {
        "log": {
            "version": "1.2",
            "creator": {"name": app_name, "version": app_version},
            "entries": [har_entry(e) for e in events],
        }
    }


# -- HAR 1.2 checks ------------------------------------------------------------------------

_NUMBER = (int, float)


class _Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def need(self, obj: Any, where: str, fields: Mapping[str, type | tuple[type, ...]]) -> None:
        if not isinstance(obj, dict):
            self.problems.append(f"{where} must be an object")
            return
        for name, kind in fields.items():
            if name not in obj:
                self.problems.append(f"{where}.{name} is missing")
            elif isinstance(obj[name], bool) or not isinstance(obj[name], kind):
                self.problems.append(f"{where}.{name} has the wrong type")

    def pairs(self, items: Any, where: str) -> None:
        if not isinstance(items, list):
            self.problems.append(f"{where} must be a list")
            return
        for i, item in enumerate(items):
            self.need(item, f"{where}[{i}]", {"name": str, "value": str})


def har_problems(har: Any) -> list[str]:
    """Where ``har`` breaks the HAR 1.2 spec (empty when it does not)."""
    check = _Checker()
    check.need(har, "$", {"log": dict})
    if check.problems:
        return check.problems
    log = har["log"]
    check.need(log, "log", {"version": str, "creator": dict, "entries": list})
    if check.problems:
        return check.problems
    check.need(log["creator"], "log.creator", {"name": str, "version": str})
    for i, entry in enumerate(log["entries"]):
        _entry(check, entry, f"log.entries[{i}]")
    return check.problems


def _entry(check: _Checker, entry: Any, where: str) -> None:
    check.need(
        entry,
        where,
        {
            "startedDateTime": str,
            "time": _NUMBER,
            "request": dict,
            "response": dict,
            "cache": dict,
            "timings": dict,
        },
    )
    if not isinstance(entry, dict):
        return
    request, response = entry.get("request"), entry.get("response")
    check.need(
        request,
        f"{where}.request",
        {
            "method": str,
            "url": str,
            "httpVersion": str,
            "cookies": list,
            "headers": list,
            "queryString": list,
            "headersSize": int,
            "bodySize": int,
        },
    )
    if isinstance(request, dict):
        check.pairs(request.get("headers"), f"{where}.request.headers")
        check.pairs(request.get("queryString"), f"{where}.request.queryString")
        post = request.get("postData")
        if post is not None:
            check.need(post, f"{where}.request.postData", {"mimeType": str})
            if isinstance(post, dict) and "params" in post:
                check.pairs(post["params"], f"{where}.request.postData.params")
    check.need(
        response,
        f"{where}.response",
        {
            "status": int,
            "statusText": str,
            "httpVersion": str,
            "cookies": list,
            "headers": list,
            "content": dict,
            "redirectURL": str,
            "headersSize": int,
            "bodySize": int,
        },
    )
    if isinstance(response, dict):
        check.pairs(response.get("headers"), f"{where}.response.headers")
        check.need(response.get("content"), f"{where}.response.content",
                   {"size": int, "mimeType": str})  # fmt: skip
    timings = entry.get("timings")
    check.need(timings, f"{where}.timings", {"send": _NUMBER, "wait": _NUMBER,
                                              "receive": _NUMBER})  # fmt: skip
    if isinstance(timings, dict):
        for name, value in timings.items():
            if isinstance(value, _NUMBER) and not isinstance(value, bool) and value < -1:
                check.problems.append(f"{where}.timings.{name} must be -1 or more")
    started = entry.get("startedDateTime")
    if isinstance(started, str):
        from datetime import datetime

        try:
            parsed = datetime.fromisoformat(started)
        except ValueError:
            check.problems.append(f"{where}.startedDateTime is not an ISO 8601 date")
        else:
            if parsed.tzinfo is None:
                check.problems.append(f"{where}.startedDateTime has no time zone")


def ordered(events: Sequence[RequestEvent]) -> list[RequestEvent]:
    return sorted(events, key=lambda e: (e.started_at, e.id))
