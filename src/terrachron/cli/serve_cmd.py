"""``terrachron serve``: the HTTP API and the web map, on uvicorn."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Annotated

import typer

from terrachron.cli.common import LedgerOpt, console, err_console, handles_errors, load
from terrachron.extras import require


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
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="Processes answering (each loads the ledger).")
    ] = 1,
    header_timeout: Annotated[
        float,
        typer.Option(min=0.1, help="Seconds a client has to send a request's headers."),
    ] = 10.0,
    keep_alive: Annotated[
        int, typer.Option(min=1, help="Seconds an idle keep-alive connection is kept open.")
    ] = 5,
    allow_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-host",
            help="Also answer requests for this Host name (by default a server bound to "
            "loopback answers only 127.0.0.1, localhost and ::1: a guard against DNS "
            "rebinding; '*' answers any).",
        ),
    ] = None,
    answer_cache: Annotated[
        bool,
        typer.Option(
            "--answer-cache/--no-answer-cache",
            help="Keep answers in memory (bounded) and answer repeated questions from it.",
        ),
    ] = True,
    answer_cache_mb: Annotated[
        int,
        typer.Option(
            min=1,
            help="Each worker's answer cache budget, in MiB of memory held (least recently "
            "used answers go first).",
        ),
    ] = 64,
) -> None:
    """Serve the read-only HTTP API under /api and the web map at / (Ctrl-C stops it)."""
    # Imported here so that the other commands do not pay for loading the web stack.
    require("serve", "terrachron serve")
    from terrachron.api.server import ServeOptions, loopback_names, run
    from terrachron.web import STATIC_DIR

    led = load(ledger)
    hosts = loopback_names(host, allow_host or [])
    options = ServeOptions(
        ledger=str(Path(ledger).resolve()) if ledger is not None else None,
        host=host,
        port=port,
        workers=workers,
        header_timeout=header_timeout,
        keep_alive=keep_alive,
        allowed_hosts=hosts,
        log_level=log_level,
        answer_cache=answer_cache,
        answer_cache_bytes=answer_cache_mb << 20,
    )
    application = None
    if workers == 1:
        from terrachron.api import create_app

        application = create_app(
            led,
            allowed_hosts=hosts or None,
            answer_cache=answer_cache,
            answer_cache_bytes=options.answer_cache_bytes,
        )
        # The first click on the map would otherwise wait for the locate kernel to compile and,
        # on the world, for every view's timetable and the simplified shapes (tens of seconds).
        from terrachron.geo.tiles import warm_up

        threading.Thread(
            target=warm_up, args=(led,), name="terrachron-warm-up", daemon=True
        ).start()
    # With several workers this process only starts and watches them: each builds its own app,
    # so an app and a warm-up here would hold about 280 MB that never answers a request.
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
    run(options, application)
