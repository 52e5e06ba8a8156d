"""Open-loop load on ``terrachron serve``: 80 % status, 20 % snapshot, at fixed request rates.

Open loop: request *i* is due at ``start + i / rate`` whether or not earlier answers have come
back, and its latency is counted from that due time, so a server that falls behind is charged
for the queue it builds (a closed loop would slow down with it and hide that). Requests go over
a pool of keep-alive connections on loopback (127.0.0.1 only) with a small hand-written
HTTP/1.1 client, so that the client spends little of the machine's CPU.

Questions are drawn from a seeded generator: a place, a day in 1850–2025 and a view for a
status; a day and a view for a snapshot (``geometry=false`` unless ``--geometry``). With the
default, nearly every question is new to the server (the answer cache cannot help); with
``--distinct N`` they are drawn from N questions, as a map's time slider asks them again.

Each configuration is a fresh server: the obvious alternative (``--workers 1``, no answer
cache) and the configured one, side by side in the same run. Printed per rate: requests, errors
(status other than 200, timeouts, refused connections), p50/p99/max latency, and the server's
resident memory (all its processes) at the start and end of the rate and the most seen.

Bounded: at most ``MAX_REQUESTS`` requests and ``MAX_SECONDS`` seconds per rate.

Run::

    .venv/bin/python bench/load.py                              # 200, 400, 500 req/s, 10 s each
    .venv/bin/python bench/load.py --rates 500 --seconds 300    # memory over 5 minutes
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import os
import random
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import psutil

import terrachron

HOST = "127.0.0.1"  # loopback only: this benchmark never sends traffic anywhere else
MAX_REQUESTS = 200_000
MAX_SECONDS = 600.0
TIMEOUT_S = 5.0
POOL = 256
START_TIMEOUT_S = 120.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def questions(seed: int, n: int, distinct: int | None, geometry: bool) -> list[str]:
    ledger = terrachron.open_ledger()
    places = sorted(ledger.places)
    views = list(ledger.views)
    rng = random.Random(seed)
    first = dt.date(1850, 1, 1).toordinal()
    last = dt.date(2025, 12, 31).toordinal()
    geo = "" if geometry else "&geometry=false"

    def one() -> str:
        day = dt.date.fromordinal(rng.randint(first, last)).isoformat()
        if rng.random() < 0.8:
            return f"/api/places/{rng.choice(places)}/status?date={day}&view={rng.choice(views)}"
        return f"/api/snapshot?date={day}&view={rng.choice(views)}{geo}"

    if distinct:
        pool = [one() for _ in range(distinct)]
        return [rng.choice(pool) for _ in range(n)]
    return [one() for _ in range(n)]


class Connection:
    """One keep-alive HTTP/1.1 connection: a GET, then its answer read to the end."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.answers = 0
        self.idle_since = time.perf_counter()

    @classmethod
    async def open(cls, port: int) -> Connection:
        reader, writer = await asyncio.open_connection(HOST, port)
        return cls(reader, writer)

    def closed_by_server(self) -> bool:
        """Whether the server has closed this idle connection (its EOF already arrived)."""
        return self.reader.at_eof() or self.writer.is_closing()

    async def get(self, target: str, port: int) -> Answer:
        self.writer.write(f"GET {target} HTTP/1.1\r\nHost: {HOST}:{port}\r\n\r\n".encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        status = int(lines[0].split()[1])
        length = 0
        closing = False
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"connection" and value.strip().lower() == b"close":
                closing = True
        body = await self.reader.readexactly(length)
        self.answers += 1
        self.idle_since = time.perf_counter()
        return Answer(status, body[:120], closing)

    def close(self) -> None:
        self.writer.close()


@dataclass(frozen=True)
class Answer:
    status: int
    body_start: bytes
    closing: bool


class StaleConnectionError(Exception):
    """A reused keep-alive connection closed by the server before any byte of the answer."""


def error_class(exc: BaseException, reused: bool, idle_s: float) -> str:
    """A short name for why a request got no answer, with what the connection had been doing."""
    where = f"reused connection idle {idle_bucket(idle_s)}" if reused else "new connection"
    if isinstance(exc, TimeoutError):
        return f"timeout ({TIMEOUT_S:g} s), {where}"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, ConnectionResetError | BrokenPipeError):
        return f"connection reset, {where}"
    if isinstance(exc, asyncio.IncompleteReadError):
        state = "closed before any byte" if not exc.partial else "closed mid-answer"
        return f"{state}, {where}"
    if isinstance(exc, OSError):
        return f"{type(exc).__name__} errno {exc.errno}, {where}"
    return f"{type(exc).__name__}: {str(exc)[:60]}, {where}"


def idle_bucket(seconds: float) -> str:
    for bound in (0.1, 1.0, 4.0, 5.0, 10.0):
        if seconds < bound:
            return f"< {bound:g} s"
    return "≥ 10 s"


@dataclass
class RateResult:
    rate: int
    latencies: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    rss_start: int = 0
    rss_end: int = 0
    rss_max: int = 0
    opened: int = 0
    closed_by_server: int = 0
    retried: Counter[str] = field(default_factory=Counter)
    rss_samples: list[tuple[int, int]] = field(default_factory=list)

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    def row(self) -> str:
        ms = sorted(x * 1000 for x in self.latencies) or [float("nan")]
        p50 = ms[len(ms) // 2]
        p99 = ms[min(len(ms) - 1, round(0.99 * (len(ms) - 1)))]
        mb = 1 << 20
        return (
            f"| {self.rate} | {len(self.latencies):,} | {self.error_count} | {p50:.1f} | "
            f"{p99:.1f} | {ms[-1]:.1f} | {self.rss_start / mb:.0f} → {self.rss_end / mb:.0f} "
            f"(max {self.rss_max / mb:.0f}) |"
        )

    def rss_slope(self) -> float | None:
        """MB of server RSS per 1,000 questions over the second half of the rate (least squares).

        The first half is left out: the answer cache fills there by design. What matters is
        whether memory still grows once the cache is at its budget.
        """
        total = len(self.latencies) + self.error_count
        pts = [(n, rss) for n, rss in self.rss_samples if n >= total / 2]
        if len(pts) < 3 or pts[-1][0] == pts[0][0]:
            return None
        mx = sum(n for n, _ in pts) / len(pts)
        my = sum(r for _, r in pts) / len(pts)
        sxx = sum((n - mx) ** 2 for n, _ in pts)
        sxy = sum((n - mx) * (r - my) for n, r in pts)
        return sxy / sxx * 1000 / (1 << 20)

    def rss_by_quarter(self) -> str:
        """Server RSS (MB) once a quarter, a half, three quarters and all the questions are done."""
        total = len(self.latencies) + self.error_count
        shown = []
        for q in (1, 2, 3, 4):
            at = [rss for n, rss in self.rss_samples if n >= total * q / 4]
            rss = at[0] if at else self.rss_end
            shown.append(f"{rss / (1 << 20):,.0f}")
        return " → ".join(shown)

    def error_lines(self) -> list[str]:
        """Every error class with its count, most frequent first."""
        return [f"    {n:>7,}  {name}" for name, n in self.errors.most_common()]


def worker_pids(proc: psutil.Process) -> set[int]:
    """The server's worker processes (uvicorn's children; the process itself with one worker)."""
    children = {p.pid for p in proc.children(recursive=True)}
    return children or {proc.pid}


def server_rss(proc: psutil.Process) -> int:
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += p.memory_info().rss
    return total


async def run_rate(
    port: int, targets: Sequence[str], rate: int, server: psutil.Process
) -> RateResult:
    result = RateResult(rate, rss_start=server_rss(server))
    idle: list[Connection] = []
    done = asyncio.Event()
    pending = len(targets)

    async def sample() -> None:
        while not done.is_set():
            rss = server_rss(server)
            result.rss_max = max(result.rss_max, rss)
            result.rss_samples.append((len(result.latencies) + result.error_count, rss))
            await asyncio.sleep(0.5)

    async def connection() -> tuple[Connection, bool]:
        """An idle connection the server has not closed, else a new one; and whether reused."""
        while idle:
            conn = idle.pop()
            if not conn.closed_by_server():
                return conn, True
            # The server closed it while it sat idle (its keep-alive timeout): a client knows
            # that from the end of stream already received, and does not send on it.
            result.closed_by_server += 1
            conn.close()
        result.opened += 1
        return await Connection.open(port), False

    async def one(target: str, due: float) -> None:
        nonlocal pending
        conn: Connection | None = None
        reused = False
        idle_s = 0.0
        try:
            async with asyncio.timeout(TIMEOUT_S):
                conn, reused = await connection()
                idle_s = time.perf_counter() - conn.idle_since
                try:
                    answer = await conn.get(target, port)
                except (ConnectionError, asyncio.IncompleteReadError) as exc:
                    partial = getattr(exc, "partial", b"")
                    if not reused or partial:
                        raise
                    # The server closed this idle keep-alive connection as the request went
                    # out (its timeout fired in between): no byte of an answer came back, and
                    # a GET may be sent again on a new connection (RFC 9112 §9.3.1), as
                    # browsers and HTTP libraries do. Counted apart, not hidden.
                    result.retried[error_class(exc, reused, idle_s)] += 1
                    conn.close()
                    result.opened += 1
                    conn, reused = await Connection.open(port), False
                    answer = await conn.get(target, port)
            result.latencies.append(time.perf_counter() - due)
            if answer.status != 200:
                body = answer.body_start.decode("utf-8", "replace")
                result.errors[f"HTTP {answer.status}: {body[:80]}"] += 1
            if answer.closing:
                conn.close()
            else:
                idle.append(conn)
        except (TimeoutError, OSError, ValueError, asyncio.IncompleteReadError) as exc:
            result.errors[error_class(exc, reused, idle_s)] += 1
            if conn is not None:
                conn.close()
        finally:
            pending -= 1
            if pending == 0:
                done.set()

    sampler = asyncio.create_task(sample())
    start = time.perf_counter() + 0.05
    tasks = []
    for i, target in enumerate(targets):
        due = start + i / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(target, due)))
    await asyncio.gather(*tasks)
    done.set()
    await sampler
    for conn in idle:
        conn.close()
    result.rss_end = server_rss(server)
    result.rss_max = max(result.rss_max, result.rss_end)
    return result


def start_server(port: int, extra: Sequence[str]) -> subprocess.Popen[bytes]:
    args = [sys.executable, "-m", "terrachron", "serve", "--port", str(port)]
    args += ["--log-level", "error", *extra]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/api/health", timeout=2):
                return proc
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                raise SystemExit("error: the server did not start") from None
            time.sleep(0.2)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rates", default="200,400,500", help="requests per second")
    parser.add_argument("--seconds", type=float, default=10.0, help="per rate")
    parser.add_argument("--distinct", type=int, default=None)
    parser.add_argument("--geometry", action="store_true", help="snapshots with geometry")
    parser.add_argument("--workers", type=int, default=2, help="of the configured server")
    parser.add_argument("--only-configured", action="store_true")
    parser.add_argument(
        "--server-arg",
        action="append",
        default=[],
        help="passed to the configured server's `terrachron serve` (repeat for several)",
    )
    parser.add_argument("--seed", type=int, default=1855)
    args = parser.parse_args(argv)
    rates = [int(r) for r in args.rates.split(",")]
    seconds = min(args.seconds, MAX_SECONDS)
    configs = [("configured", ["--workers", str(args.workers), *args.server_arg])]
    if not args.only_configured:
        configs.insert(0, ("one worker, no answer cache", ["--workers", "1", "--no-answer-cache"]))
    print(
        f"terrachron {terrachron.__version__}; {os.cpu_count()} CPUs; load average "
        f"{os.getloadavg()}; {seconds:g} s per rate; questions "
        f"{'drawn from ' + str(args.distinct) if args.distinct else 'nearly all new'}; "
        f"snapshots {'with' if args.geometry else 'without'} geometry"
    )
    failed = False
    for name, extra in configs:
        port = free_port()
        proc = start_server(port, extra)
        try:
            server = psutil.Process(proc.pid)
            # Warm-up: every view's timelines, as the first visitors of a real server build them.
            warm = questions(args.seed + 1, 200, None, args.geometry)
            asyncio.run(run_rate(port, warm, 50, server))
            print(f"\n{name} ({' '.join(extra)})\n")
            print("| req/s | requests | errors | p50 ms | p99 ms | max ms | server RSS MB |")
            print("|---:|---:|---:|---:|---:|---:|---|")
            workers = worker_pids(server)
            results = []
            for k, rate in enumerate(rates):
                n = min(int(rate * seconds), MAX_REQUESTS)
                targets = questions(args.seed + 10 + k, n, args.distinct, args.geometry)
                result = asyncio.run(run_rate(port, targets, rate, server))
                failed |= result.error_count > 0
                results.append(result)
                print(result.row(), flush=True)
            for result in results:
                slope = result.rss_slope()
                shown = "n/a" if slope is None else f"{slope:+.2f} MB"
                print(
                    f"\n{result.rate} req/s: {result.opened:,} connections opened, "
                    f"{result.closed_by_server:,} found closed by the server's keep-alive "
                    f"timeout before reuse, {sum(result.retried.values()):,} requests sent "
                    f"again after the server closed an idle connection under them; server RSS "
                    f"per 1,000 questions over the second half: {shown} (MB at each quarter of "
                    f"the questions: {result.rss_by_quarter()}); errors by class: "
                    f"{result.error_count or 'none'}"
                )
                print("\n".join(result.error_lines()))
                if result.retried:
                    print("  sent again (not errors):")
                    print("\n".join(f"    {n:>7,}  {name}" for name, n in result.retried.items()))
            after = worker_pids(server)
            print(
                f"worker processes: {len(workers)} at the start, "
                + (
                    "the same at the end"
                    if after == workers
                    else f"{sorted(after)} at the end, "
                    f"{len(workers - after)} gone (restarted or died)"
                )
            )
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
    print(f"\nload average after: {os.getloadavg()}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
