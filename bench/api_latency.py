"""Latency of the HTTP API's status and snapshot requests under a bounded local load.

Starts ``terrachron serve`` on a free port of 127.0.0.1 (loopback only), sends a fixed number
of requests per kind with a fixed concurrency, and prints p50/p99 latency and throughput per
kind. Dates, views and places are drawn from a seeded generator over 1850–2025, so each run asks
the same mixed questions and most are new to the server.

Two baselines in the same run put the numbers in context: the same status questions asked of the
Ledger in this process (the cost of the derivation alone, no HTTP), and a revalidation with
``If-None-Match`` (what a browser pays for an answer it already holds).

Run from the repository root::

    .venv/bin/python bench/api_latency.py [--requests 2000] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import random
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass

import httpx

import terrachron

HOST = "127.0.0.1"  # loopback only: this benchmark never sends traffic anywhere else
START_TIMEOUT_S = 60.0
REQUEST_TIMEOUT_S = 30.0
MAX_REQUESTS = 20_000  # a hard bound, whatever the arguments say


@dataclass(frozen=True)
class Result:
    """Latencies (seconds) of one kind of request, and the wall time of the whole batch."""

    kind: str
    latencies: list[float]
    wall: float
    errors: int

    def row(self) -> str:
        ms = sorted(x * 1000 for x in self.latencies)
        p50 = statistics.median(ms)
        p99 = ms[min(len(ms) - 1, round(0.99 * (len(ms) - 1)))]
        rate = len(ms) / self.wall if self.wall else float("inf")
        return (
            f"{self.kind:<34} {len(ms):>6} {p50:>8.2f} {p99:>8.2f} {max(ms):>8.2f} "
            f"{rate:>9.0f} {self.errors:>6}"
        )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def random_dates(rng: random.Random, n: int) -> list[str]:
    first = dt.date(1850, 1, 1).toordinal()
    last = dt.date(2025, 12, 31).toordinal()
    return [dt.date.fromordinal(rng.randint(first, last)).isoformat() for _ in range(n)]


async def load(
    base: str, urls: Sequence[str], concurrency: int, headers: dict[str, str] | None = None
) -> tuple[list[float], float, int]:
    """Send every URL, ``concurrency`` at a time; the latency of each and the wall time."""
    latencies: list[float] = []
    errors = 0
    queue: asyncio.Queue[str] = asyncio.Queue()
    for url in urls:
        queue.put_nowait(url)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(
        base_url=base, limits=limits, timeout=REQUEST_TIMEOUT_S, headers=headers
    ) as client:

        async def worker() -> None:
            nonlocal errors
            while True:
                try:
                    url = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                t0 = time.perf_counter()
                response = await client.get(url)
                await response.aread()
                latencies.append(time.perf_counter() - t0)
                if response.status_code not in (200, 304):
                    errors += 1

        t0 = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        wall = time.perf_counter() - t0
    return latencies, wall, errors


def in_process(questions: Sequence[tuple[str, str, str]]) -> Result:
    """The same status questions asked of a Ledger directly (no HTTP, one thread)."""
    ledger = terrachron.open_ledger()
    for place in ledger.places:  # build the timelines first, as the server's warm-up does
        for view in ledger.views:
            ledger.timeline(place, view)
    latencies = []
    t0 = time.perf_counter()
    for place, date, view in questions:
        t = time.perf_counter()
        ledger.status(place, date, view).to_dict()
        latencies.append(time.perf_counter() - t)
    return Result("status, in process (no HTTP)", latencies, time.perf_counter() - t0, 0)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000, help="requests per kind")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1855)
    args = parser.parse_args(argv)
    n = max(1, min(args.requests, MAX_REQUESTS))
    concurrency = max(1, min(args.concurrency, 64))

    ledger = terrachron.open_ledger()
    places = sorted(ledger.places)
    views = list(ledger.views)
    rng = random.Random(args.seed)
    dates = random_dates(rng, n)
    questions = [(rng.choice(places), d, rng.choice(views)) for d in dates]
    status_urls = [f"/api/places/{p}/status?date={d}&view={v}" for p, d, v in questions]
    snap_urls = [f"/api/snapshot?date={d}&view={rng.choice(views)}" for d in dates]
    snap_light = [u + "&geometry=false" for u in snap_urls]

    port = free_port()
    base = f"http://{HOST}:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "terrachron", "serve", "--port", str(port), "--log-level", "error"],
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/health", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    print("error: the server did not start", file=sys.stderr)
                    return 1
                time.sleep(0.1)
        # Warm-up: one snapshot per view builds every (place, view) timeline once, as the first
        # visitors of a real server would; the measured requests then see a warm server.
        warm = [f"/api/snapshot?date=1950&view={v}&geometry=false" for v in views]
        asyncio.run(load(base, warm, 1))

        results = []
        for kind, urls in (
            ("status (place, date, view)", status_urls),
            ("snapshot, geometry=false", snap_light),
            ("snapshot, with geometry", snap_urls),
        ):
            lat, wall, errors = asyncio.run(load(base, urls, concurrency))
            results.append(Result(kind, lat, wall, errors))
        # Revalidation: the same snapshot URL with its ETag, as a browser holding it sends it.
        probe = httpx.get(base + snap_urls[0], timeout=REQUEST_TIMEOUT_S)
        lat, wall, errors = asyncio.run(
            load(base, [snap_urls[0]] * n, concurrency, {"If-None-Match": probe.headers["etag"]})
        )
        results.append(Result("snapshot revalidated (304)", lat, wall, errors))
        results.append(in_process(questions))
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()

    print(
        f"terrachron {terrachron.__version__}, ledger {ledger.id}, {n} requests per kind, "
        f"concurrency {concurrency}, loopback {HOST}, one uvicorn worker"
    )
    head = ("n", "p50 ms", "p99 ms", "max ms", "req/s", "errors")
    widths = (6, 8, 8, 8, 9, 6)
    print(f"{'kind':<34} " + " ".join(f"{h:>{w}}" for h, w in zip(head, widths, strict=True)))
    for result in results:
        print(result.row())
    return 1 if any(r.errors for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
