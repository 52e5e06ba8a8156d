"""The read-only HTTP API and the web map, served by one FastAPI app.

``terrachron serve`` runs :func:`create_app` on uvicorn; tests drive it with a TestClient.
"""

from __future__ import annotations

from terrachron.api.app import create_app

__all__ = ["create_app"]
