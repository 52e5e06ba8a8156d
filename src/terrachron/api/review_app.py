"""The review page's server: one draft, one ledger folder, a small JSON API, loopback only.

Routes (every refusal in the API's one shape, ``{"detail": ..., "parameter": ...}``):

* ``GET /`` the page (``review.html`` of the web build);
* ``GET /api/review`` the article, every drafted record with its evidence, confidence, diff
  status against the ledger (and the ledger's record beside a contradiction) and decision;
* ``POST /api/review/decisions/{key}`` one decision: ``accept``, ``reject``, ``edit`` (with the
  edited record as YAML text or fields, validated: 422 naming the rule) or ``pending`` (undo);
  ``replace: true`` marks a contradicting record to overwrite the ledger's;
* ``GET /api/review/plan`` what a write would write, replace and leave out;
* ``POST /api/review/write`` the write, through ``terrachron accept``'s code path: 409 listing the
  conflicts, 422 when the ledger would not validate; nothing is written in either case.
"""

from __future__ import annotations

import threading
from dataclasses import asdict
from pathlib import Path
from typing import Any, Literal

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from terrachron.api.guard import LOOPBACK_HOSTS, HostGuard
from terrachron.api.handlers import error_body, install_handlers
from terrachron.api.review_state import EditError, ReviewError, ReviewItem, ReviewSession
from terrachron.errors import LedgerWriteError
from terrachron.extract.draft import AcceptConflictError
from terrachron.extract.reader import ExtractError
from terrachron.web import STATIC_DIR

__all__ = ["DecisionIn", "create_review_app"]

_NOT_BUILT = (
    "<!doctype html><title>terrachron review</title><p>The review page is not built in {static}: "
    "run <code>make web</code>. The JSON API answers under /api/review.</p>"
)


class DecisionIn(BaseModel):
    """A decision posted by the page."""

    decision: Literal["pending", "accept", "reject", "edit"]
    record: dict[str, Any] | str | None = Field(
        default=None, description="For edit: the edited record, as fields or as YAML text."
    )
    replace: bool = Field(
        default=False, description="Overwrite the ledger's record of the same id (contradictions)."
    )


def _item(session: ReviewSession, item: ReviewItem) -> dict[str, Any]:
    out = asdict(item)
    chosen = session.decisions.get(item.key, {})
    out["decision"] = chosen.get("decision", "pending")
    out["replace"] = bool(chosen.get("replace"))
    out["current"] = session.current(item)
    out["yaml"] = session.current_yaml(item)
    return out


def _state(session: ReviewSession) -> dict[str, Any]:
    return {
        "draft": session.draft_path.name,
        "into": str(session.into),
        "article": {"path": session.article_path.name, "text": session.article},
        "items": [_item(session, it) for it in session.items],
        "counts": session.counts(),
        "written": session.written,
    }


def create_review_app(session: ReviewSession, *, static_dir: Path | None = None) -> FastAPI:
    """The review server's app for ``session``, answering loopback host names only.

    Parameters
    ----------
    session : ReviewSession
    static_dir : Path, optional
        The web build (default: the package's).

    Returns
    -------
    FastAPI
    """
    static = static_dir if static_dir is not None else STATIC_DIR
    app = FastAPI(
        title="terrachron review",
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    install_handlers(app)
    # Requests are answered on a thread pool: one decision or write at a time keeps the sidecar
    # and the ledger folder consistent with what each answer reports.
    lock = threading.Lock()

    async def review_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ReviewError)
        parameter = "record" if isinstance(exc, EditError) else None
        status = 404 if str(exc).startswith("no drafted record") else 422
        return JSONResponse(error_body(str(exc), parameter), status_code=status)

    async def conflict(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, AcceptConflictError)
        body = error_body(
            "nothing was written: these records have the id of a different ledger record; "
            "choose replace (r) on each one that should overwrite the ledger's, or reject it",
            None,
        )
        body["conflicts"] = list(exc.conflicts)
        return JSONResponse(body, status_code=409)

    async def write_error(request: Request, exc: Exception) -> JSONResponse:
        body = error_body(str(exc), None)
        if isinstance(exc, LedgerWriteError):
            body["problems"] = [str(p) for p in exc.problems]
        return JSONResponse(body, status_code=422)

    app.add_exception_handler(ReviewError, review_error)
    app.add_exception_handler(AcceptConflictError, conflict)
    app.add_exception_handler(LedgerWriteError, write_error)
    app.add_exception_handler(ExtractError, write_error)

    @app.get("/api/review")
    def review() -> dict[str, Any]:
        with lock:
            return _state(session)

    @app.post("/api/review/decisions/{key:path}")
    def decide(key: str, body: DecisionIn) -> dict[str, Any]:
        with lock:
            session.decide(key, body.decision, record=body.record, replace=body.replace)
            return {"item": _item(session, session.item(key)), "counts": session.counts()}

    @app.get("/api/review/plan")
    def plan() -> dict[str, Any]:
        with lock:
            return asdict(session.plan())

    @app.post("/api/review/write")
    def write() -> dict[str, Any]:
        with lock:
            report = session.write()
            return {
                "written": [p.relative_to(session.into).as_posix() for p in report.written],
                "notes": report.notes,
                "skipped": report.skipped,
                "unchanged": report.unchanged,
                "state": _state(session),
            }

    page = static / "review.html"
    if page.is_file():

        @app.get("/", include_in_schema=False)
        def index() -> FileResponse:
            return FileResponse(page, media_type="text/html")

        app.mount("/assets", StaticFiles(directory=static / "assets"), name="assets")
    else:

        @app.get("/", include_in_schema=False)
        def not_built() -> HTMLResponse:
            return HTMLResponse(_NOT_BUILT.format(static=static), status_code=503)

    app.add_middleware(HostGuard, allowed=LOOPBACK_HOSTS)
    return app
