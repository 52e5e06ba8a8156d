"""ASGI middleware that keeps the server sound under load and abuse.

* :class:`HostGuard`: a ``Host`` allow-list. A server bound to loopback answers only requests
  naming a loopback host, so a web page whose DNS name is re-bound to 127.0.0.1 (DNS rebinding)
  cannot read the API through the victim's browser.
* :class:`BoundedTarget`: a path longer than :data:`MAX_TARGET` bytes is refused with 414
  before any route sees it, so no answer (a 404 naming the path) can echo it back, nor spend
  time matching it. Query parameters are bounded by the routes themselves (``maxLength``, 422).
* :class:`HeadAsGet`: ``HEAD`` is answered wherever ``GET`` is, with the same status and
  headers and no body (RFC 9110 §9.3.2).
* :class:`AnswerCache`: successful API answers kept in memory, bounded in entries and bytes.
  Every API answer is a pure function of the ledger, the scenarios and the code's version (the
  app's seed) and of the path, query string and content coding asked for, so a repeated
  question is answered from memory without deriving, serialising or compressing again.

Refusals use the API's one JSON shape ``{"detail": ..., "parameter": ...}``.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "LOOPBACK_HOSTS",
    "MAX_TARGET",
    "AnswerCache",
    "BoundedTarget",
    "HeadAsGet",
    "HostGuard",
    "is_loopback",
]

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
"""The names a browser on this machine uses for a server bound to loopback."""

MAX_TARGET = 16_384
"""Longest path, in bytes (percent-encoded): a valid API path is at most about 2.5 KB (a place
name of 200 four-byte characters, percent-encoded), and h11 refuses header blocks over 16 KB."""


def is_loopback(host: str) -> bool:
    """Whether a listening address is loopback only (``127.0.0.0/8``, ``::1``, ``localhost``)."""
    bare = host.strip("[]").lower()
    return bare in ("localhost", "::1") or bare.startswith("127.")


async def _refuse(send: Send, status: int, detail: str, parameter: str | None = None) -> None:
    body = json.dumps({"detail": detail, "parameter": parameter}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _host_name(header: str) -> str:
    """The host of a ``Host`` header, without its port (``[::1]:8000`` gives ``::1``)."""
    value = header.strip().lower()
    if value.startswith("["):
        return value[1 : value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class HostGuard:
    """Refuse (400) a request whose ``Host`` is not in ``allowed`` (names, ports ignored).

    Parameters
    ----------
    app : ASGI app
    allowed : iterable of str
        Host names or addresses; ``*`` allows any.
    """

    def __init__(self, app: ASGIApp, *, allowed: Iterable[str]) -> None:
        self.app = app
        self.allowed = frozenset(h.strip("[]").lower() for h in allowed)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or "*" in self.allowed:
            await self.app(scope, receive, send)
            return
        host = _host_name(Headers(scope=scope).get("host", ""))
        if host not in self.allowed:
            shown = host[:64] + ("…" if len(host) > 64 else "")
            await _refuse(
                send,
                400,
                f"this server answers requests for {', '.join(sorted(self.allowed))}, not "
                f"{shown!r} (a guard against DNS rebinding); start it with --allow-host NAME "
                "to add a name",
                "host",
            )
            return
        await self.app(scope, receive, send)


class BoundedTarget:
    """Refuse (414) a request whose path is longer than ``limit`` bytes."""

    def __init__(self, app: ASGIApp, *, limit: int = MAX_TARGET) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            size = len(scope.get("raw_path") or scope["path"].encode())
            if size > self.limit:
                await _refuse(
                    send,
                    414,
                    f"the request's path is {size:,} bytes long; the longest this server "
                    f"reads is {self.limit:,}",
                    "path",
                )
                return
        await self.app(scope, receive, send)


class HeadAsGet:
    """Answer ``HEAD`` as ``GET`` would, headers only."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if not message.get("more_body", False):
                    await send({"type": "http.response.body", "body": b""})
                return
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


@dataclass
class _Answer:
    start: Message
    body: bytes


@dataclass
class _Store:
    """An LRU of answers bounded in entries and in bytes."""

    max_entries: int
    max_bytes: int
    entries: OrderedDict[tuple[str, bytes, bool], _Answer] = field(default_factory=OrderedDict)
    size: int = 0
    hits: int = 0
    misses: int = 0

    def get(self, key: tuple[str, bytes, bool]) -> _Answer | None:
        answer = self.entries.get(key)
        if answer is None:
            self.misses += 1
            return None
        self.entries.move_to_end(key)
        self.hits += 1
        return answer

    def put(self, key: tuple[str, bytes, bool], answer: _Answer) -> None:
        old = self.entries.pop(key, None)
        if old is not None:
            self.size -= len(old.body)
        self.entries[key] = answer
        self.size += len(answer.body)
        while self.entries and (len(self.entries) > self.max_entries or self.size > self.max_bytes):
            _, dropped = self.entries.popitem(last=False)
            self.size -= len(dropped.body)


class AnswerCache:
    """Keep successful ``GET`` answers under ``prefix`` in memory and answer repeats from it.

    Parameters
    ----------
    app : ASGI app
    prefix : str
        Paths under it are cached (the API); the web assets are files the OS caches already.
    max_entries, max_bytes : int
        Bounds of the store: the least recently used answers go first.
    max_answer : int
        Answers larger than this many bytes are not kept (a snapshot with every geometry).

    Notes
    -----
    The key is the path, the query string and whether the client accepts gzip: the only inputs
    besides the app's seed, which is fixed for the app's life. Only 200 answers are kept, so an
    error is never repeated from memory.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        prefix: str = "/api/",
        max_entries: int = 20_000,
        max_bytes: int = 128 << 20,
        max_answer: int = 4 << 20,
    ) -> None:
        self.app = app
        self.prefix = prefix
        self.max_answer = max_answer
        self.store = _Store(max_entries, max_bytes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "GET"
            or not scope["path"].startswith(self.prefix)
        ):
            await self.app(scope, receive, send)
            return
        gzip = "gzip" in Headers(scope=scope).get("accept-encoding", "").lower()
        key = (scope["path"], bytes(scope.get("query_string", b"")), gzip)
        hit = self.store.get(key)
        if hit is not None:
            await send({**hit.start, "headers": list(hit.start["headers"])})
            await send({"type": "http.response.body", "body": hit.body})
            return
        start: Message | None = None
        parts: list[bytes] = []
        size = 0
        keep = True

        async def recording(message: Message) -> None:
            nonlocal start, size, keep
            if message["type"] == "http.response.start":
                # A copy: the middleware outside adds its headers to the message it is sent.
                start = {**message, "headers": list(message.get("headers", []))}
                keep = message["status"] == 200
            elif message["type"] == "http.response.body" and keep:
                chunk = bytes(message.get("body", b""))
                size += len(chunk)
                if size > self.max_answer:
                    keep = False
                    parts.clear()
                else:
                    parts.append(chunk)
                if keep and not message.get("more_body", False) and start is not None:
                    self.store.put(key, _Answer(start, b"".join(parts)))
            await send(message)

        await self.app(scope, receive, recording)
