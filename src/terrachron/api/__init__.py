"""The read-only HTTP API and the web map, served by one FastAPI app.

``terrachron serve`` runs :func:`create_app` on uvicorn; tests drive it with a TestClient.
:func:`create_app` is imported on first use (PEP 562), so that a process needing only
:mod:`terrachron.api.server` (uvicorn's supervisor of several workers) does not load the
routes, the engine and the geometry stack it never uses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from terrachron.extras import require

# Before FastAPI is imported: without the extra, one sentence naming it, not a ModuleNotFoundError.
require("serve", "terrachron.api")

if TYPE_CHECKING:
    from terrachron.api.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from terrachron.api.app import create_app

        return create_app
    raise AttributeError(f"module 'terrachron.api' has no attribute {name!r}")
