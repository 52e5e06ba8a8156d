"""HTTP caching: ETags and Cache-Control derived from the ledger's content hash.

The ledger does not change while the server runs, and every API answer is a pure function of
the request's path and query string (which name the scenario, if any), the ledger's content,
its scenarios' files and the code's version. So the ETag of an answer can be computed from those
alone, *before* the answer is: a client revalidating with ``If-None-Match`` gets its 304 without
the server deriving anything.

Built web assets carry a content hash in their file names (Vite's ``assets/*-<hash>.js``) and
are cached for a year; ``index.html`` and the other static files are revalidated each time.
"""

from __future__ import annotations

import hashlib

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["API_CACHE_CONTROL", "CachingMiddleware", "etag_matches"]

API_CACHE_CONTROL = "public, max-age=300"
"""Five minutes: long enough for dragging back and forth over the same dates, short enough that
a restarted server with an edited ledger is seen soon (and the ETag says so at once)."""
ASSET_CACHE_CONTROL = "public, max-age=31536000, immutable"
PAGE_CACHE_CONTROL = "no-cache"


def etag_matches(header: str | None, etag: str) -> bool:
    """Whether an ``If-None-Match`` header names ``etag`` (weak comparison, as RFC 9110 asks)."""
    if not header:
        return False
    if header.strip() == "*":
        return True
    bare = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == bare for tag in header.split(","))


class CachingMiddleware:
    """ASGI middleware adding ETag and Cache-Control, and answering 304 when it can.

    Parameters
    ----------
    app : ASGI app
        The app to wrap.
    seed : str
        What, besides the URL, determines every API answer: the ledger's content hash, the digest
        of its scenarios' files and the code's version.
    api_prefix : str
        Paths under it are API answers (ETag + :data:`API_CACHE_CONTROL`).
    """

    def __init__(self, app: ASGIApp, *, seed: str, api_prefix: str = "/api/") -> None:
        self.app = app
        self.seed = seed
        self.api_prefix = api_prefix

    def etag_for(self, path: str, query: bytes) -> str:
        """The ETag of the API answer at ``path?query``."""
        digest = hashlib.sha256(
            b"\0".join((self.seed.encode(), path.encode("utf-8", "surrogateescape"), query))
        ).hexdigest()
        # Weak: the same answer may travel gzip-compressed or not, and a weak tag is the one
        # RFC 9110 allows for representations that differ only in their content coding.
        return f'W/"{digest[:32]}"'

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if not path.startswith(self.api_prefix):
            await self.app(scope, receive, self._static_headers(path, send))
            return
        etag = self.etag_for(path, scope.get("query_string", b""))
        if etag_matches(Headers(scope=scope).get("if-none-match"), etag):
            await send(
                {
                    "type": "http.response.start",
                    "status": 304,
                    "headers": [
                        (b"etag", etag.encode()),
                        (b"cache-control", API_CACHE_CONTROL.encode()),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return

        async def send_with_etag(message: Message) -> None:
            # Only a successful answer is the representation the ETag names; errors are not
            # cached, so that a client retrying after a fix is never told "not modified".
            if message["type"] == "http.response.start" and message["status"] == 200:
                headers = MutableHeaders(scope=message)
                headers["ETag"] = etag
                headers["Cache-Control"] = API_CACHE_CONTROL
            await send(message)

        await self.app(scope, receive, send_with_etag)

    @staticmethod
    def _static_headers(path: str, send: Send) -> Send:
        policy = ASSET_CACHE_CONTROL if path.startswith("/assets/") else PAGE_CACHE_CONTROL

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                headers = MutableHeaders(scope=message)
                headers.setdefault("Cache-Control", policy)
            await send(message)

        return wrapped
