"""ASGI middleware that keeps the server sound under load and abuse.

* :class:`HostGuard`: a ``Host`` allow-list. A server bound to loopback answers only requests
  naming a loopback host, so a web page whose DNS name is re-bound to 127.0.0.1 (DNS rebinding)
  cannot read the API through the victim's browser.
* :class:`BoundedTarget`: a path longer than :data:`MAX_TARGET` bytes is refused with 414
  before any route sees it, so no answer (a 404 naming the path) can echo it back, nor spend
  time matching it. Query parameters are bounded by the routes themselves (``maxLength``, 422).
* :class:`HeadAsGet`: ``HEAD`` is answered wherever ``GET`` is, with the same status and
  headers and no body (RFC 9110 §9.3.2).
* :class:`AnswerCache`: successful API answers kept in memory, bounded by the bytes it holds.
  Every API answer is a pure function of the ledger, the scenarios and the code's version (the
  app's seed) and of the path, query string and content coding asked for, so a repeated
  question is answered from memory without deriving, serialising or compressing again.

Refusals use the API's one JSON shape ``{"detail": ..., "parameter": ...}``.
"""

from __future__ import annotations

import json
import sys
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "ANSWER_CACHE_BYTES",
    "LOOPBACK_HOSTS",
    "MAX_TARGET",
    "AnswerCache",
    "BoundedTarget",
    "HeadAsGet",
    "HostGuard",
    "entry_cost",
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


ANSWER_CACHE_BYTES = 64 << 20
"""Default budget of one process's answer cache: 64 MiB, counted as the memory its entries hold
(answer bodies, headers, keys and the objects around them, see :func:`entry_cost`). A server
with ``--workers N`` holds at most N times this in answers. Measured on the bundled ledger
without gzip, a status answer is 5.4 KB on average and a snapshot without geometry 62 KB; in the
load benchmark's mix (80 % status) an entry holds 17 KB, so the budget keeps about 3,900
answers, and about seven times more of the gzip-coded answers browsers ask for."""

ENTRY_OVERHEAD = 120
"""Bytes an entry costs beyond its objects' own sizes: its slot and links in the ordered dict
(CPython's ``OrderedDict`` keeps a hash-table slot and a linked-list node per key)."""

Key = tuple[str, bytes, bool]
"""Path, query string, and whether the answer is gzip-coded."""


@dataclass(frozen=True, slots=True)
class _Answer:
    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes
    cost: int


def entry_cost(key: Key, headers: tuple[tuple[bytes, bytes], ...], body: bytes) -> int:
    """The memory, in bytes, one cache entry holds: what the byte budget counts.

    Every object the entry keeps alive, at its size in this interpreter (``sys.getsizeof``):
    the body, each header name and value and their pairs, the key and its parts, the entry
    record, plus :data:`ENTRY_OVERHEAD` for the ordered dict's bookkeeping. Counting only the
    bodies (as a first version did) left out about 0.9 KB an entry, as much as a small
    gzip-coded answer.

    Parameters
    ----------
    key : tuple of (str, bytes, bool)
        The entry's key: path, query string, gzip-coded or not.
    headers : tuple of (bytes, bytes) pairs
        The answer's headers as kept.
    body : bytes
        The answer's body as kept.

    Returns
    -------
    int
        Bytes the entry is charged against the budget.
    """
    size = sys.getsizeof
    cost = size(body) + size(headers) + ENTRY_OVERHEAD
    cost += sum(size(pair) + size(pair[0]) + size(pair[1]) for pair in headers)
    cost += size(key) + size(key[0]) + size(key[1])
    return cost + _ANSWER_SIZE


_ANSWER_SIZE = sys.getsizeof(_Answer(200, (), b"", 0))


@dataclass
class _Store:
    """An LRU of answers bounded by the bytes its entries hold (:func:`entry_cost`)."""

    max_bytes: int
    entries: OrderedDict[Key, _Answer] = field(default_factory=OrderedDict)
    size: int = 0
    hits: int = 0
    misses: int = 0
    evictions: int = 0

    def get(self, key: Key) -> _Answer | None:
        answer = self.entries.get(key)
        if answer is None:
            self.misses += 1
            return None
        self.entries.move_to_end(key)
        self.hits += 1
        return answer

    def put(self, key: Key, answer: _Answer) -> None:
        if answer.cost > self.max_bytes:
            return  # it would evict everything and still not fit
        old = self.entries.pop(key, None)
        if old is not None:
            self.size -= old.cost
        self.entries[key] = answer
        self.size += answer.cost
        while self.size > self.max_bytes:
            _, dropped = self.entries.popitem(last=False)
            self.size -= dropped.cost
            self.evictions += 1


class AnswerCache:
    """Keep successful ``GET`` answers under ``prefix`` in memory and answer repeats from it.

    Parameters
    ----------
    app : ASGI app
    prefix : str
        Paths under it are cached (the API); the web assets are files the OS caches already.
    max_bytes : int
        Budget of the store, in bytes of memory held (:func:`entry_cost`): the least recently
        used answers go first. Default :data:`ANSWER_CACHE_BYTES`.
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
        max_bytes: int = ANSWER_CACHE_BYTES,
        max_answer: int = 4 << 20,
    ) -> None:
        self.app = app
        self.prefix = prefix
        self.max_answer = max_answer
        self.store = _Store(max_bytes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "GET"
            or not scope["path"].startswith(self.prefix)
        ):
            await self.app(scope, receive, send)
            return
        gzip = "gzip" in Headers(scope=scope).get("accept-encoding", "").lower()
        key: Key = (scope["path"], bytes(scope.get("query_string", b"")), gzip)
        hit = self.store.get(key)
        if hit is not None:
            await send(
                {"type": "http.response.start", "status": hit.status, "headers": list(hit.headers)}
            )
            await send({"type": "http.response.body", "body": hit.body})
            return
        status = 0
        headers: tuple[tuple[bytes, bytes], ...] = ()
        parts: list[bytes] = []
        size = 0
        keep = True

        async def recording(message: Message) -> None:
            nonlocal status, headers, size, keep
            if message["type"] == "http.response.start":
                status = message["status"]
                # A copy: the middleware outside adds its headers to the message it is sent.
                headers = tuple((bytes(k), bytes(v)) for k, v in message.get("headers", []))
                keep = status == 200
            elif message["type"] == "http.response.body" and keep:
                chunk = bytes(message.get("body", b""))
                size += len(chunk)
                if size > self.max_answer:
                    keep = False
                    parts.clear()
                else:
                    parts.append(chunk)
                if keep and not message.get("more_body", False) and status:
                    body = b"".join(parts)
                    parts.clear()
                    self.store.put(
                        key, _Answer(status, headers, body, entry_cost(key, headers, body))
                    )
            await send(message)

        await self.app(scope, receive, recording)
