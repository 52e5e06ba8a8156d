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

    @classmethod
    async def open(cls, port: int) -> Connection:
        reader, writer = await asyncio.open_connection(HOST, port)
        return cls(reader, writer)

    async def get(self, target: str, port: int) -> int:
        self.writer.write(f"GET {target} HTTP/1.1\r\nHost: {HOST}:{port}\r\n\r\n".encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        status = int(lines[0].split()[1])
        length = 0
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        await self.reader.readexactly(length)
        return status

    def close(self) -> None:
        self.writer.close()


@dataclass
class RateResult:
    rate: int
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    rss_start: int = 0
    rss_end: int = 0
    rss_max: int = 0

    def row(self) -> str:
        ms = sorted(x * 1000 for x in self.latencies) or [float("nan")]
        p50 = ms[len(ms) // 2]
        p99 = ms[min(len(ms) - 1, round(0.99 * (len(ms) - 1)))]
        mb = 1 << 20
        return (
            f"| {self.rate} | {len(self.latencies):,} | {self.errors} | {p50:.1f} | {p99:.1f} | "
            f"{ms[-1]:.1f} | {self.rss_start / mb:.0f} → {self.rss_end / mb:.0f} "
            f"(max {self.rss_max / mb:.0f}) |"
        )


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
    opened = 0
    done = asyncio.Event()
    pending = len(targets)

    async def sample() -> None:
        while not done.is_set():
            result.rss_max = max(result.rss_max, server_rss(server))
            await asyncio.sleep(0.5)

    async def one(target: str, due: float) -> None:
        nonlocal opened, pending
        conn: Connection | None = None
        try:
            async with asyncio.timeout(TIMEOUT_S):
                if idle:
                    conn = idle.pop()
                else:
                    opened += 1
                    conn = await Connection.open(port)
                status = await conn.get(target, port)
            result.latencies.append(time.perf_counter() - due)
            if status != 200:
                result.errors += 1
            idle.append(conn)
        except (TimeoutError, OSError, ValueError, asyncio.IncompleteReadError):
            result.errors += 1
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
    parser.add_argument("--seed", type=int, default=1855)
    args = parser.parse_args(argv)
    rates = [int(r) for r in args.rates.split(",")]
    seconds = min(args.seconds, MAX_SECONDS)
    configs = [("configured", ["--workers", str(args.workers)])]
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
            for k, rate in enumerate(rates):
                n = min(int(rate * seconds), MAX_REQUESTS)
                targets = questions(args.seed + 10 + k, n, args.distinct, args.geometry)
                result = asyncio.run(run_rate(port, targets, rate, server))
                failed |= result.errors > 0
                print(result.row(), flush=True)
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
