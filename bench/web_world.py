"""The world map in Chromium: first paint of the world and a change of date, against the obvious
alternatives (the GeoJSON tile of every place drawn as one source; one GeoJSON snapshot of every
face per date).

Starts ``terrachron serve --ledger world`` on a free loopback port, waits until it has warmed up
(it locates a point), then drives Debian's Chromium with Playwright:

* **first paint**: a fresh browser context (no HTTP cache) opens ``/?date=1950-01-01``; the time
  is the page's own clock (``performance.now()``, from navigation start, checked every animation
  frame) when the page first says it is settled: the API answered, the vector tiles
  (``/api/tiles/{z}/{x}/{y}.mvt``) are drawn and coloured, the map is idle.
* **date change**: in one page, a new date is typed and submitted; the time runs from the submit
  to the page settled again (``/api/paint`` for the new date, the map restyled and idle). Every
  date is new to the server, so none is answered from its cache.
* **drawing alone, the vector tiles against the previous page's way, in the same page**: the
  world's GeoJSON tile (``/api/tiles/0/0/0.geojson``, every place whole, one GeoJSON source)
  and the vector tiles, each added to the settled map under copies of the world's layers (the
  page's own hidden), alternating; the time runs from adding the source to the map idle
  (fetched, decoded or indexed in MapLibre's workers, drawn). Each URL is new to the browser;
  the server has both encoded already.
* **the alternative, in the same run and browser**: fetching and parsing
  ``/api/snapshot?geometry=true`` (every face with its status, what the regional page loads
  first) and ``/api/snapshot?geometry=false`` (what it loads on each date change), for dates also
  new to the server. Drawing it would come on top; this counts only getting it.

Run from the repository root::

    .venv/bin/python bench/web_world.py [--runs 5] [--dates 12] [--url http://127.0.0.1:8000]

``--url`` measures a ``terrachron serve --ledger world`` already running (on loopback) instead of
starting one: the warm-up of a world server takes minutes on a loaded machine.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Sequence

from playwright.sync_api import Page, sync_playwright

HOST = "127.0.0.1"  # loopback only
SERVE = [sys.executable, "-m", "terrachron", "serve", "--ledger", "world"]
START_TIMEOUT_S = 900.0
SETTLE_MS = 300_000  # a loaded machine (load 20+) takes minutes for a world first paint
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def _wait(url: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=START_TIMEOUT_S) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server did not answer {url} in time")


def _load() -> str:
    """The 1-minute load average now: every figure of this machine is read beside it."""
    return f"{os.getloadavg()[0]:.1f}"


def _dates(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out: set[str] = set()
    while len(out) < count:
        out.add(f"{rng.randint(1800, 2020)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
    return sorted(out)


def _settle(page: Page) -> None:
    page.wait_for_function("document.body.dataset.busy === 'false'", timeout=SETTLE_MS)


def _settled_at(page: Page) -> float:
    """The page's clock (ms from navigation start) when it first says it is settled, checked
    on every animation frame."""
    done = page.wait_for_function(
        "() => document.body && document.body.dataset.busy === 'false' && performance.now()",
        polling="raf",
        timeout=SETTLE_MS,
    )
    return float(done.json_value())


def _fetch_ms(page: Page, path: str) -> float:
    elapsed: float = page.evaluate(
        """async (path) => {
            const t0 = performance.now();
            const r = await fetch(path, {cache: 'no-store'});
            await r.json();
            return performance.now() - t0;
        }""",
        path,
    )
    return elapsed


def _draw_ms(page: Page, source: dict[str, object]) -> float:
    """Draw ``source`` under copies of the world's layers, the page's own hidden, and time it
    from adding it to the map idle (fetched, decoded or indexed in MapLibre's workers, drawn);
    then put the page back."""
    elapsed: float = page.evaluate(
        """(source) => new Promise((resolve) => {
            const map = window.terrachron.map;
            const world = map.getStyle().layers.filter((l) => l.id.startsWith('world-'));
            for (const l of world) map.setLayoutProperty(l.id, 'visibility', 'none');
            const t0 = performance.now();
            map.addSource('bench', source);
            for (const l of world) {
                const copy = {...l, id: 'bench-' + l.id, source: 'bench'};
                if (source.type === 'geojson') delete copy['source-layer'];
                copy.layout = {...(l.layout ?? {}), visibility: 'visible'};
                map.addLayer(copy);
            }
            map.once('idle', () => {
                const ms = performance.now() - t0;
                for (const l of world) map.removeLayer('bench-' + l.id);
                map.removeSource('bench');
                for (const l of world) map.setLayoutProperty(l.id, 'visibility', 'visible');
                resolve(ms);
            });
        })""",
        source,
    )
    return elapsed


def _warm_tiles(base: str, zoom: int) -> None:
    """Ask for every vector tile to ``zoom`` (and the GeoJSON world tile) once: the server's
    warm-up encodes them in the background, and a first paint measures the page, not that."""
    for z in range(zoom + 1):
        for x in range(1 << z):
            for y in range(1 << z):
                with urllib.request.urlopen(f"{base}/api/tiles/{z}/{x}/{y}.mvt", timeout=600):
                    pass
    with urllib.request.urlopen(f"{base}/api/tiles/0/0/0.geojson", timeout=600):
        pass


def _summary(name: str, values: Sequence[float]) -> str:
    return (
        f"{name:<44} median {statistics.median(values):7.0f} ms   "
        f"min {min(values):7.0f}   max {max(values):7.0f}   (n={len(values)})"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="first paints, each in a new context")
    parser.add_argument("--dates", type=int, default=12, help="date changes to time")
    parser.add_argument("--url", help="a running world server on loopback (default: start one)")
    args = parser.parse_args(argv)
    runs = max(1, min(args.runs, 50))
    n_dates = max(2, min(args.dates, 100))
    chromium = shutil.which("chromium") or "/usr/bin/chromium"

    server: subprocess.Popen[bytes] | None = None
    if args.url:
        base = args.url.rstrip("/")
        if not base.startswith(("http://127.", "http://localhost", "http://[::1]")):
            raise SystemExit("--url must be a server on loopback")
    else:
        port = _free_port()
        base = f"http://{HOST}:{port}"
        server = subprocess.Popen(
            [*SERVE, "--port", str(port), "--log-level", "warning"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    try:
        t0 = time.monotonic()
        _wait(f"{base}/api/locate?lon=2.35&lat=48.85&date=1950-01-01")
        _warm_tiles(base, 2)
        print(f"server warm after {time.monotonic() - t0:.0f} s (load {_load()})")
        dates = _dates(n_dates * 2 + 6, seed=13)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            first: list[float] = []
            loads: list[str] = []
            for _ in range(runs):
                context = browser.new_context(viewport={"width": 1280, "height": 800})
                page = context.new_page()
                page.goto(f"{base}/?date=1950-01-01&view=de-facto")
                first.append(_settled_at(page))
                loads.append(_load())
                context.close()

            context = browser.new_context(viewport={"width": 1280, "height": 800})
            page = context.new_page()
            page.goto(f"{base}/?date=1950-01-01&view=de-facto")
            _settle(page)
            # The two ways of drawing the same shapes, alternating, each URL new to the browser
            # (the server has both encoded already).
            old_way: list[float] = []
            new_way: list[float] = []
            for i in range(runs):
                old_way.append(
                    _draw_ms(
                        page,
                        {
                            "type": "geojson",
                            "data": f"{base}/api/tiles/0/0/0.geojson?run={i}",
                            "promoteId": "pid",
                        },
                    )
                )
                new_way.append(
                    _draw_ms(
                        page,
                        {
                            "type": "vector",
                            "tiles": [f"{base}/api/tiles/{{z}}/{{x}}/{{y}}.mvt?run={i}"],
                            "maxzoom": 8,
                            "promoteId": "pid",
                        },
                    )
                )
                loads.append(_load())
            change: list[float] = []
            for date in dates[:n_dates]:
                start: float = page.evaluate(
                    """(date) => {
                        const input = document.getElementById('date-input');
                        input.value = date;
                        const t0 = performance.now();
                        document.getElementById('date-form').requestSubmit();
                        return t0;
                    }""",
                    date,
                )
                done = page.wait_for_function(
                    "(date) => document.body.dataset.busy === 'false' && "
                    "window.terrachron.paint().date === date && performance.now()",
                    arg=date,
                    polling="raf",
                    timeout=SETTLE_MS,
                )
                change.append(float(done.json_value()) - start)
                loads.append(_load())

            rest = dates[n_dates:]
            full = [
                _fetch_ms(page, f"/api/snapshot?date={d}&view=de-facto&geometry=true")
                for d in rest[:3]
            ]
            bare = [
                _fetch_ms(page, f"/api/snapshot?date={d}&view=de-facto&geometry=false")
                for d in rest[3 : 3 + min(n_dates, len(rest) - 3)]
            ]
            browser.close()
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()

    print(f"load average (1 min) over the run: {loads[0]} … {loads[-1]}")
    print(_summary("first paint of the world (vector tiles + paint)", first))
    print(_summary("the world's vector tiles drawn, alone", new_way))
    print(_summary("old way: the world's GeoJSON tile drawn, alone", old_way))
    print(_summary("date change (paint, restyle)", change))
    print(_summary("alternative: get every face (snapshot+geom)", full))
    print(_summary("alternative: get a date's statuses (no geom)", bare))
    print(
        f"ratio, drawing the vector tiles vs the GeoJSON tile: "
        f"{statistics.median(old_way) / statistics.median(new_way):.1f}× faster"
    )
    print(
        f"ratio, first paint vs getting the one-GeoJSON snapshot: "
        f"{statistics.median(full) / statistics.median(first):.1f}× faster"
    )
    print(
        f"ratio, date change vs getting the statuses without geometry: "
        f"{statistics.median(bare) / statistics.median(change):.1f}× faster"
    )
    print(
        f"targets: first paint ≤ 1500 ms: {'met' if statistics.median(first) <= 1500 else 'MISSED'}"
        f"; date change ≤ 300 ms: {'met' if statistics.median(change) <= 300 else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
