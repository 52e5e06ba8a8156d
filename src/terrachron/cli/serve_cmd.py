"""``terrachron serve``: the HTTP API and the web map, on uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

from terrachron.cli.common import LedgerOpt, console, err_console, handles_errors, load


@handles_errors
def serve(
    ledger: LedgerOpt = None,
    host: Annotated[
        str, typer.Option(help="Address to listen on; 127.0.0.1 keeps it to this machine.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8000,
    log_level: Annotated[
        str, typer.Option(help="uvicorn's log level: critical, error, warning, info, debug.")
    ] = "info",
) -> None:
    """Serve the read-only HTTP API under /api and the web map at / (Ctrl-C stops it)."""
    # Imported here so that the other commands do not pay for loading the web stack.
    import uvicorn

    from terrachron.api import create_app
    from terrachron.web import STATIC_DIR

    led = load(ledger)
    application = create_app(led)
    if not (STATIC_DIR / "index.html").is_file():
        err_console.print(
            "warning: the web map is not built, so / only says how to build it; "
            "`make run` builds it (or: cd web && npm ci && npm run build)"
        )
    shown = f"[{host}]" if ":" in host else host
    console.print(
        f"terrachron: serving {led.title} ({led.id}, {led.content_hash[:12]}) "
        f"on http://{shown}:{port}/ — API under /api, OpenAPI at /api/openapi.json",
        markup=False,
    )
    uvicorn.run(application, host=host, port=port, log_level=log_level)
