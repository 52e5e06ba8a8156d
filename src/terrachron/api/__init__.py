"""The read-only HTTP API and the web map, served by one FastAPI app.

``terrachron serve`` runs :func:`create_app` on uvicorn; tests drive it with a TestClient.
"""

from __future__ import annotations

from terrachron.extras import require

# Before FastAPI is imported: without the extra, one sentence naming it, not a ModuleNotFoundError.
require("serve", "terrachron.api")

from terrachron.api.app import create_app  # noqa: E402

__all__ = ["create_app"]
