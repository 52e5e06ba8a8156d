"""Running the app on uvicorn: a deadline on request headers, and several worker processes.

uvicorn closes an idle keep-alive connection after ``timeout_keep_alive`` seconds but sets no
deadline on a request's headers: a client sending one byte every few seconds holds a
connection (and its memory) for ever, and a few thousand such clients exhaust the server. The
protocol here closes a connection whose request headers are not complete ``header_timeout``
seconds after it opened or after its previous answer was sent.

Several workers (processes) each load the ledger and answer on the same socket; uvicorn needs
an import path to start them, so the ledger and the options travel in the environment to
:func:`app_from_environment`.
"""

from __future__ import annotations

import asyncio
import json
import os
import threading
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

# httptools (C) when installed, as uvicorn itself prefers; h11 (pure Python) otherwise.
from uvicorn.protocols.http.auto import AutoHTTPProtocol

from terrachron.api.guard import ANSWER_CACHE_BYTES

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = [
    "HeaderDeadlineProtocol",
    "ServeOptions",
    "app_from_environment",
    "header_timeout",
    "loopback_names",
    "run",
]

_ENV = "TERRACHRON_SERVE_OPTIONS"


@dataclass(frozen=True)
class ServeOptions:
    """How ``terrachron serve`` runs.

    Attributes
    ----------
    ledger : str or None
        The ledger folder (None: the bundled ledger).
    host : str
        Address to listen on.
    port : int
    workers : int
        Processes answering on the socket.
    header_timeout : float
        Seconds a client has to send a request's headers.
    keep_alive : int
        Seconds an idle keep-alive connection is kept.
    allowed_hosts : tuple of str
        ``Host`` names answered (empty: any).
    log_level : str
    answer_cache : bool
        Keep answers in memory (:class:`terrachron.api.guard.AnswerCache`).
    answer_cache_bytes : int
        Each worker's cache budget, in bytes of memory held.
    backlog : int
        Connections the kernel queues before the server accepts them.
    """

    ledger: str | None
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    header_timeout: float = 10.0
    keep_alive: int = 5
    allowed_hosts: tuple[str, ...] = ()
    log_level: str = "info"
    backlog: int = 2048
    answer_cache: bool = True
    answer_cache_bytes: int = ANSWER_CACHE_BYTES


def header_timeout() -> float:
    """The header deadline of this process's server (from :func:`run`'s environment)."""
    data = json.loads(os.environ.get(_ENV, "{}"))
    return float(data.get("header_timeout", ServeOptions.header_timeout))


class HeaderDeadlineProtocol(AutoHTTPProtocol):  # type: ignore[valid-type,misc]
    """uvicorn's HTTP protocol (httptools when installed) with a deadline on request headers.

    Defined at module level, so that worker processes can import it by name.
    """

    _deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: Any) -> None:
        super().connection_made(transport)
        self._seconds = header_timeout()
        self._arm()

    def data_received(self, data: bytes) -> None:
        before = getattr(self, "cycle", None)
        super().data_received(data)
        # uvicorn makes a new cycle when a request's headers are complete.
        if getattr(self, "cycle", None) is not before:
            self._disarm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        cycle = getattr(self, "cycle", None)
        # Idle again (no pipelined request parsed meanwhile): the next headers have a deadline.
        if not self.transport.is_closing() and (cycle is None or cycle.response_complete):
            self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(self._seconds, self._expire)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expire(self) -> None:
        self._deadline = None
        if not self.transport.is_closing():
            self.transport.close()


def build_app(options: ServeOptions, *, warm: bool = False) -> FastAPI:
    """The app ``serve`` runs for ``options`` (ledger loaded, Host allow-list applied).

    With ``warm``, the ledger's locate kernel, timetables and low tiles are built in a
    background thread, as a single-process ``serve`` does.
    """
    from terrachron.api.app import create_app
    from terrachron.query import open_ledger

    led = open_ledger(options.ledger) if options.ledger else open_ledger()
    if warm:
        from terrachron.geo.tiles import warm_up

        threading.Thread(
            target=warm_up, args=(led,), name="terrachron-warm-up", daemon=True
        ).start()
    return create_app(
        led,
        allowed_hosts=options.allowed_hosts or None,
        answer_cache=options.answer_cache,
        answer_cache_bytes=options.answer_cache_bytes,
    )


def app_from_environment() -> FastAPI:
    """The app of a worker process, from the options :func:`run` put in the environment."""
    data = json.loads(os.environ[_ENV])
    data["allowed_hosts"] = tuple(data["allowed_hosts"])
    # Each worker answers on its own, so each warms its own ledger; left cold, its first
    # seconds of questions queue behind compiling the kernel and the views' timetables (a
    # 5-minute run at 500 req/s timed out 2,519 new connections so).
    return build_app(ServeOptions(**data), warm=True)


def run(options: ServeOptions, app: FastAPI | None = None) -> None:
    """Serve until interrupted: ``app`` in this process, or ``options.workers`` processes."""
    import uvicorn

    common: dict[str, Any] = {
        "host": options.host,
        "port": options.port,
        "log_level": options.log_level,
        "timeout_keep_alive": options.keep_alive,
        "backlog": options.backlog,
        "http": HeaderDeadlineProtocol,
        # The answers never change and the API is read-only: no reload, no proxy headers.
        "proxy_headers": False,
        "server_header": False,
    }
    os.environ[_ENV] = json.dumps(asdict(options))
    if options.workers <= 1:
        uvicorn.run(app if app is not None else build_app(options), **common)
        return
    uvicorn.run(
        "terrachron.api.server:app_from_environment",
        factory=True,
        workers=options.workers,
        # A worker loads the ledger before it answers the supervisor's pings: that takes
        # seconds, and tens of seconds on a busy machine; uvicorn's 5 s would kill it in a loop.
        timeout_worker_healthcheck=120,
        **common,
    )


def loopback_names(host: str, extra: Sequence[str]) -> tuple[str, ...]:
    """The ``Host`` allow-list for a server bound to ``host``: loopback names, plus ``extra``."""
    from terrachron.api.guard import LOOPBACK_HOSTS, is_loopback

    if not is_loopback(host):
        return tuple(extra)  # reachable from elsewhere: names are the operator's business
    return (*LOOPBACK_HOSTS, host.strip("[]"), *extra)
