"""The FastAPI application: the read-only API under ``/api`` and the web map at ``/``."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, HTMLResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

import terrachron
from terrachron.api.caching import CachingMiddleware
from terrachron.api.guard import (
    ANSWER_CACHE_BYTES,
    AnswerCache,
    BoundedTarget,
    HeadAsGet,
    HostGuard,
)
from terrachron.api.handlers import NotFoundError, install_handlers
from terrachron.api.routes import build_router
from terrachron.query import Ledger, open_ledger
from terrachron.web import STATIC_DIR

__all__ = ["NOT_BUILT_PAGE", "create_app", "scenarios_digest"]

NOT_BUILT_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>terrachron: web map not built</title>
<style>body{{font:16px/1.5 system-ui,sans-serif;max-width:40em;margin:3em auto;padding:0 1em}}
code{{background:#f2f2f2;padding:.1em .3em}}</style></head>
<body><h1>The web map is not built</h1>
<p>The API is running (try <a href="/api/health">/api/health</a> or the
<a href="/api/openapi.json">OpenAPI document</a>), but the page's assets are missing from
<code>{static}</code>.</p>
<p>Build them with <code>make run</code> from the repository root, which builds what is missing
and starts this server, or by hand with
<code>cd web &amp;&amp; npm ci &amp;&amp; npm run build</code>; then reload this page.</p>
</body></html>
"""

DESCRIPTION = """Who held which territory, on which date, by which instrument, and in whose eyes.

Read-only. Every answer derives from one ledger, named with its content hash by
`/api/health`; answers carry an ETag derived from that hash (and the ledger's scenarios) and
honour `If-None-Match`. Every endpoint takes `scenario=` to answer from a scenario's branch
(`/api/scenarios` lists them). Refusals are JSON objects `{"detail": ..., "parameter": ...}`
naming the parameter at fault.
"""


def scenarios_digest(root: Path) -> str:
    """SHA-256 over every file of the ledger's ``scenarios/`` folder (names and contents).

    The ledger's content hash covers its records only; a scenario's answers also depend on its
    own folder, so the ETags are seeded with this too: editing a scenario changes the tags.
    """
    hasher = hashlib.sha256()
    folder = Path(root) / "scenarios"
    if folder.is_dir():
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            hasher.update(path.relative_to(folder).as_posix().encode() + b"\0")
            hasher.update(path.read_bytes() + b"\0")
    return hasher.hexdigest()


class _WebAssets(StaticFiles):
    """The built page's files, minus dotfiles (the build's stamp is nobody's business)."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        if any(part.startswith(".") for part in path.replace("\\", "/").split("/")):
            raise StarletteHTTPException(status_code=404)
        return await super().get_response(path, scope)


_ECHO = 120
"""Characters of an unknown path a 404 repeats (the whole target is bounded too)."""


def create_app(
    ledger: Ledger | None = None,
    *,
    static_dir: Path | None = None,
    allowed_hosts: Sequence[str] | None = None,
    answer_cache: bool = True,
    answer_cache_bytes: int = ANSWER_CACHE_BYTES,
) -> FastAPI:
    """Build the web application serving ``ledger``.

    Parameters
    ----------
    ledger : Ledger, optional
        The ledger to serve (default: the bundled Japan–Russia ledger). It is read-only and must
        not change while the app runs: answers and their ETags rely on that.
    static_dir : Path, optional
        The built web assets (default: :data:`terrachron.web.STATIC_DIR`). When it holds no
        ``index.html``, ``/`` answers with a page saying how to build them.
    allowed_hosts : sequence of str, optional
        ``Host`` names answered; others get 400 (DNS rebinding). None answers any (``serve``
        passes the loopback names when bound to loopback).
    answer_cache : bool
        Keep successful API answers in memory (:class:`~terrachron.api.guard.AnswerCache`).
    answer_cache_bytes : int
        The cache's budget in bytes of memory held
        (:data:`~terrachron.api.guard.ANSWER_CACHE_BYTES` by default).

    Returns
    -------
    FastAPI
        The app, for uvicorn or for a test client.

    Examples
    --------
    >>> from fastapi.testclient import TestClient
    >>> client = TestClient(create_app())
    >>> client.get("/api/places/kunashiri/status?date=1950-01-01&view=japan").json()["title"]
    'japan'
    """
    led = ledger if ledger is not None else open_ledger()
    static = static_dir if static_dir is not None else STATIC_DIR
    app = FastAPI(
        title=f"terrachron: {led.title}",
        version=terrachron.__version__,
        description=DESCRIPTION,
        openapi_url="/api/openapi.json",
        # The stock documentation pages load their scripts from a CDN; the page must work with
        # no internet, so the OpenAPI document is served and the pages are not.
        docs_url=None,
        redoc_url=None,
    )
    app.state.ledger = led
    install_handlers(app)
    app.include_router(build_router(led))

    @app.api_route("/api/{rest:path}", methods=["GET", "HEAD"], include_in_schema=False)
    def api_not_found(rest: str) -> Response:
        shown = rest if len(rest) <= _ECHO else rest[:_ECHO] + "…"
        raise NotFoundError(f"no such endpoint: /api/{shown} (see /api/openapi.json)")

    index = static / "index.html"
    if index.is_file():

        @app.get("/", include_in_schema=False)
        def page() -> FileResponse:
            return FileResponse(index, media_type="text/html")

        # Assets (hashed by the build), the land layer and the icon; registered last so that
        # every API route is matched first.
        app.mount("/", _WebAssets(directory=static), name="web")
    else:
        message = NOT_BUILT_PAGE.format(static=static)

        @app.get("/", include_in_schema=False)
        def not_built() -> HTMLResponse:
            return HTMLResponse(message, status_code=503)

    seed = f"{led.content_hash}:{scenarios_digest(led.root)}:{terrachron.__version__}"
    # Snapshots with geometry and the web bundle are large JSON and JavaScript: compressed for
    # clients that ask. Caching wraps it, so a 304 is answered before anything is compressed.
    # Middleware listed inner to outer: each add wraps the ones before it.
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=6)
    if answer_cache:
        # Outside the compression, so a repeated answer is neither derived nor compressed again.
        app.add_middleware(AnswerCache, prefix="/api/", max_bytes=answer_cache_bytes)
    app.add_middleware(CachingMiddleware, seed=seed, api_prefix="/api/")
    app.add_middleware(HeadAsGet)
    app.add_middleware(BoundedTarget)
    if allowed_hosts is not None:
        app.add_middleware(HostGuard, allowed=allowed_hosts)
    return app
