"""The map at world scale and what a newcomer does with it, in Chromium against the real server:
the world's first paint, search, a point query (checked against `terrachron locate`), the names
of each view, the bottom sheet on a phone, a bad link, the disputes of a date and the horizon."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, expect

from .test_page import api, click_on_map, settle

# The world server's first requests of a view or zoom build caches: settle with room to spare.
WORLD_SETTLE_MS = 120_000


def settle_world(page: Page) -> None:
    page.wait_for_function("document.body.dataset.busy === 'false'", timeout=WORLD_SETTLE_MS)


def paint_of(page: Page) -> Any:
    return page.evaluate("() => window.terrachron.paint()")


def test_the_world_opens_whole_coloured_by_the_holders_of_the_date(
    page: Page, world_server: str, screenshots: Path
) -> None:
    page.goto(f"{world_server}/?date=1950-01-01")
    settle_world(page)
    bounds = page.evaluate(
        "() => { const b = window.terrachron.map.getBounds(); "
        "return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]; }"
    )
    assert bounds[2] - bounds[0] >= 300, f"the map does not open on the world: {bounds}"
    # Drawn from tiles, not from one GeoJSON of every face: the features are those of the tiles.
    drawn = page.evaluate(
        "() => new Set(window.terrachron.map.querySourceFeatures('world', {sourceLayer: 'places'})"
        ".map((f) => f.properties.pid)).size"
    )
    assert drawn > 1000
    expected = api(world_server, "/api/paint?date=1950-01-01&view=de-facto")
    index = expected["places"].index("kunashiri")
    assert expected["fills"][expected["fill"][index]] == "soviet-union"
    assert paint_of(page)["fill"] == expected["fill"]
    # Country labels come from the derived holders of the date, not from a basemap.
    france = page.locator(".world-label[data-holder=france]")
    expect(france).to_have_text("France")
    expect(france).to_be_visible()
    expect(page.locator(".world-label[data-holder=soviet-union]")).to_have_text("Soviet Union")
    page.screenshot(path=str(screenshots / "web-world-1950.png"))

    # Another date repaints the same features: in 1900 there is no Soviet Union to label.
    page.fill("#date-input", "1900-01-01")
    page.press("#date-input", "Enter")
    settle_world(page)
    expect(page.locator(".world-label[data-holder=soviet-union]")).to_have_count(0)
    expect(page.locator(".world-label[data-holder=russian-empire]")).to_have_count(1)


# The page's own colours of these holders (web/src/colors.ts PREFERRED), as RGB.
SOVIET_UNION = (0x2F, 0x6D, 0xB5)
RUSSIAN_EMPIRE = (0x8E, 0x7C, 0xC3)


def drawn_at(page: Page, lon: float, lat: float) -> dict[str, Any]:
    """The world feature drawn at a point, its feature state, and the colour of the map's own
    pixel there, read back from its WebGL canvas as it renders (the page's labels and buttons
    above the canvas do not count)."""
    found: dict[str, Any] = page.evaluate(
        """([lon, lat]) => new Promise((resolve) => {
            const map = window.terrachron.map;
            const p = map.project([lon, lat]);
            const f = map.queryRenderedFeatures([p.x, p.y], {layers: ['world-fill']})[0];
            map.once('render', () => {
                const canvas = map.getCanvas();
                const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
                const px = new Uint8Array(4);
                const ratio = canvas.width / canvas.clientWidth;
                gl.readPixels(Math.round(p.x * ratio), Math.round(canvas.height - p.y * ratio),
                              1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
                resolve({pid: f?.properties?.pid ?? null, id: f?.id ?? null,
                         state: f?.state ?? null, rgb: Array.from(px.slice(0, 3))});
            });
            map.triggerRepaint();
        })""",
        [lon, lat],
    )
    found["rgb"] = tuple(found["rgb"])
    return found


def close(rgb: tuple[int, int, int], expected: tuple[int, int, int]) -> bool:
    return all(abs(a - b) <= 3 for a, b in zip(rgb, expected, strict=True))


def test_the_world_is_drawn_from_vector_tiles_and_recoloured_by_date(
    page: Page, world_server: str
) -> None:
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(f"{world_server}/?date=1950-01-01&view=de-facto")
    settle_world(page)
    # Shapes come as binary vector tiles, never as GeoJSON of every place (the page's other
    # GeoJSON, /land.geojson, is the land outside the ledger).
    api_calls = [u.split("?")[0] for u in requested if "/api/" in u]
    assert any(u.startswith(f"{world_server}/api/tiles/") and u.endswith(".mvt") for u in api_calls)
    assert not any(u.endswith(".geojson") or "/api/snapshot" in u for u in api_calls)
    # The Soviet Union's largest place (its label point lies inside it) in 1950, and the
    # Russian Empire's in 1900: the same land, coloured by the holder of each date.
    paint = api(world_server, "/api/paint?date=1950-01-01&view=de-facto")
    lon, lat = next(lb["point"] for lb in paint["labels"] if lb["holder"] == "soviet-union")
    at = drawn_at(page, lon, lat)
    assert at["pid"] is not None
    i = paint["places"].index(at["pid"])
    assert paint["fills"][paint["fill"][i]] == "soviet-union"
    assert not paint["flags"][i] & 1  # not hatched as disputed
    assert isinstance(at["id"], str)  # feature state is keyed by the promoted place id
    assert at["state"]["fill"] == "#2f6db5"
    assert close(at["rgb"], SOVIET_UNION), at

    page.fill("#date-input", "1900-01-01")
    page.press("#date-input", "Enter")
    page.wait_for_function(
        "document.body.dataset.busy === 'false' && window.terrachron.paint().date === '1900-01-01'",
        timeout=WORLD_SETTLE_MS,
    )
    before = api(world_server, "/api/paint?date=1900-01-01&view=de-facto")
    assert before["fills"][before["fill"][before["places"].index(at["pid"])]] == "russian-empire"
    again = drawn_at(page, lon, lat)
    assert again["pid"] == at["pid"]
    assert again["state"]["fill"] == "#8e7cc3"
    assert close(again["rgb"], RUSSIAN_EMPIRE), again


def test_the_disputes_of_the_date_are_listed_sortable_and_linked(
    page: Page, world_server: str
) -> None:
    page.goto(f"{world_server}/?date=1950-01-01&view=japan")
    settle_world(page)
    paint = api(world_server, "/api/paint?date=1950-01-01&view=japan")
    disputed = {pid for pid, f in zip(paint["places"], paint["flags"], strict=True) if f & 1}
    rows = page.locator("#disputes .dispute-row")
    expect(rows).to_have_count(len(disputed))
    listed = set(rows.evaluate_all("rows => rows.map((r) => r.dataset.dispute)"))
    assert listed == disputed
    # Worldwide: not only the Kurils.
    assert any(not pid.startswith(("kunashiri", "etorofu", "shikotan")) for pid in listed)
    by_name = rows.evaluate_all("rows => rows.map((r) => r.dataset.dispute)")
    page.click("#disputes [data-sort=claimants]")
    settle_world(page)
    expect(page.locator("#disputes th[aria-sort=ascending] [data-sort=claimants]")).to_have_count(1)
    by_claimants = page.locator("#disputes .dispute-row").evaluate_all(
        "rows => rows.map((r) => r.querySelector('td:nth-child(2)').textContent)"
    )
    assert by_claimants == sorted(by_claimants, key=str.casefold) or by_claimants == sorted(
        by_claimants
    )
    assert set(by_name) == set(
        page.locator("#disputes .dispute-row").evaluate_all("r => r.map((x) => x.dataset.dispute)")
    )
    # A row links to the map: the place is chosen and flown to.
    page.click("#disputes .dispute-row[data-dispute=kunashiri] button")
    settle_world(page)
    expect(page.locator("#panel h2").first).to_have_text("Kunashiri")
    assert "place=kunashiri" in page.url
    page.wait_for_function("!window.terrachron.map.isMoving()", timeout=10_000)
    lon, lat = api(world_server, "/api/places/kunashiri")["label_point"]
    inside = page.evaluate(
        "([lon, lat]) => window.terrachron.map.getBounds().contains([lon, lat])", [lon, lat]
    )
    assert inside


def test_search_in_any_language_flies_to_the_place(
    page: Page, server: str, screenshots: Path
) -> None:
    page.goto(f"{server}/?date=1950-01-01&view=japan")
    settle(page)
    page.evaluate("() => window.terrachron.map.jumpTo({center: [140, 60], zoom: 3})")
    page.fill("#search-input", "Итуруп")
    hit = page.locator(".search-hit[data-id=etorofu]")
    expect(hit).to_be_visible()
    expect(hit).to_contain_text("Итуруп")
    page.screenshot(path=str(screenshots / "web-search.png"))
    hit.click()
    settle(page)
    expect(page.locator("#panel h2").first).to_have_text("Etorofu")
    # The title is the place's name; its id, what links take, comes under it in small type.
    expect(page.locator("#panel .place-id small")).to_have_text("etorofu")
    assert "place=etorofu" in page.url
    page.wait_for_function("!window.terrachron.map.isMoving()", timeout=10_000)
    w, s, e, n = api(server, "/api/places/etorofu")["bbox"]
    center = page.evaluate("() => window.terrachron.map.getCenter().toArray()")
    assert w - 1 <= center[0] <= e + 1
    assert s - 1 <= center[1] <= n + 1
    assert page.evaluate("() => window.terrachron.map.getZoom()") > 5
    # A polity flies the map to its land without choosing a place.
    page.fill("#search-input", "Япония")
    page.click(".search-hit[data-id=japan][data-kind=polity]")
    expect(page.locator("#search-results")).to_be_hidden()


def _locate_cli(tmp_path: Path, lon: float, lat: float, date: str, view: str) -> dict[str, str]:
    source = tmp_path / "points.csv"
    source.write_text(f"lon,lat,date\n{lon},{lat},{date}\n", encoding="utf-8")
    out = tmp_path / "located.csv"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "terrachron",
            "locate",
            str(source),
            "--lon",
            "lon",
            "--lat",
            "lat",
            "--date",
            "date",
            "--view",
            view,
            "-o",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    with out.open(encoding="utf-8") as fh:
        return next(csv.DictReader(fh))


def _cli_text(value: str) -> str:
    # The CSV writes booleans as True/False and nulls as empty cells; the page keeps JSON's.
    return {"True": "true", "False": "false"}.get(value, value)


def test_a_point_query_answers_as_locate_does_under_every_view(
    page: Page, server: str, tmp_path: Path
) -> None:
    lon, lat = api(server, "/api/places/kunashiri")["label_point"]
    page.goto(f"{server}/?date=1950-01-01&view=japan&at={lon},{lat}")
    settle(page)
    point = page.locator("#panel .point")
    expect(point).to_be_visible()
    row = _locate_cli(tmp_path, lon, lat, "1950-01-01", "japan")
    for column in ("place", "controller", "title", "status", "disputed", "uncertain"):
        shown = point.locator(f"[data-point={column}]").get_attribute("data-value")
        assert shown == _cli_text(row[column]), column
    for view in ("de-facto", "japan", "russia"):
        expect(point.locator(f"[data-point-view={view}]")).to_have_count(1)
    expect(point.locator("[data-point-view=russia]")).to_contain_text("Soviet Union")
    # The point's place opens with its chain below the point.
    expect(page.locator("#panel h2").first).to_have_text("Kunashiri")
    expect(page.locator("#panel .chain-link").first).to_contain_text("1799")

    # A click on the open sea answers too: no place, and why.
    page.evaluate("() => window.terrachron.map.jumpTo({center: [150.5, 42.0], zoom: 5})")
    click_on_map(page, 150.5, 42.0)
    settle(page)
    sea = page.locator("#panel .point")
    expect(sea.locator("[data-point=problem]")).to_have_attribute("data-value", "at-sea")
    at = page.evaluate("() => window.terrachron.state().at")
    row = _locate_cli(tmp_path, at[0], at[1], "1950-01-01", "japan")
    assert row["problem"] == "at-sea"
    assert row["place"] == ""
    expect(sea.locator("[data-point=place]")).to_have_attribute("data-value", "")


def _label(page: Page, text: str) -> Any:
    return page.locator(".map-label", has_text=text)


def test_each_view_names_places_in_its_language_with_a_switch(page: Page, server: str) -> None:
    page.goto(f"{server}/?date=1950-01-01&view=russia")
    settle(page)
    expect(_label(page, "Итуруп / Iturup")).to_have_count(1)
    page.click("label[for=view-japan]")
    settle(page)
    expect(_label(page, "択捉島 / Etorofu")).to_have_count(1)
    expect(_label(page, "Итуруп")).to_have_count(0)
    page.select_option("#lang-select", "en")
    settle(page)
    assert "lang=en" in page.url
    expect(page.locator(".map-label", has_text="択捉島")).to_have_count(0)
    expect(page.locator(".map-label").filter(has_text="Etorofu")).to_have_text("Etorofu")
    page.select_option("#lang-select", "ru")
    settle(page)
    expect(_label(page, "Итуруп / Iturup")).to_have_count(1)


def test_on_a_phone_the_panel_is_a_bottom_sheet_clear_of_the_subject(
    browser: Browser, server: str, screenshots: Path
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(f"{server}/?date=1950-01-01&view=japan")
        settle(page)
        lon, lat = api(server, "/api/places/kunashiri")["label_point"]
        page.locator("#map").scroll_into_view_if_needed()
        click_on_map(page, lon, lat)
        settle(page)
        expect(page.locator("#panel h2").first).to_have_text("Kunashiri")
        page.wait_for_function("!window.terrachron.map.isMoving()", timeout=10_000)
        sheet = page.locator("#panel").bounding_box()
        assert sheet is not None
        assert page.evaluate("getComputedStyle(document.getElementById('panel')).position") == (
            "fixed"
        )
        assert abs(sheet["y"] + sheet["height"] - 844) <= 1
        assert 844 * 0.4 <= sheet["y"] < 844
        # Kunashiri is drawn in the part of the map the sheet leaves, and no control covers it.
        x, y = page.evaluate(
            """([lon, lat]) => {
                const p = window.terrachron.map.project([lon, lat]);
                const r = window.terrachron.map.getCanvas().getBoundingClientRect();
                return [r.left + p.x, r.top + p.y];
            }""",
            [lon, lat],
        )
        assert 0 <= x <= 390
        assert 0 <= y < sheet["y"]
        for control in (".maplibregl-ctrl-top-right", ".map-top"):
            box = page.locator(control).bounding_box()
            assert box is not None
            covered = box["x"] <= x <= box["x"] + box["width"] and (
                box["y"] <= y <= box["y"] + box["height"]
            )
            assert not covered, f"{control} covers Kunashiri"
        page.screenshot(path=str(screenshots / "web-phone-sheet.png"))
    finally:
        context.close()
    assert not errors


def test_bad_link_parameters_are_said_and_fall_back(page: Page, server: str) -> None:
    page.goto(
        f"{server}/?date=1950-01-01&view=mars&place=atlantis&scenario=utopia&at=999,1&lang=xx"
    )
    settle(page)
    notice = page.locator("#url-notice")
    expect(notice).to_be_visible()
    for said in ("mars", "atlantis", "utopia", "at=999,1", "xx"):
        expect(notice).to_contain_text(said)
    expect(page.locator("#view-de-facto")).to_be_checked()
    expect(page.locator(".place-row")).to_have_count(11)
    assert "view=de-facto" in page.url

    page.goto(f"{server}/?date=1950-02-30&view=japan")
    settle(page)
    expect(page.locator("#url-notice")).to_contain_text("1950-02-30")
    expect(page.locator("#view-japan")).to_be_checked()


def test_past_the_record_the_page_says_nothing_is_recorded(page: Page, server: str) -> None:
    horizon = api(server, "/api/health")
    last = api(server, "/api/paint?date=2099-01-01")["horizon"]["last"]
    assert horizon["ledger"]
    page.goto(f"{server}/?date=2099-01-01&view=japan")
    settle(page)
    note = page.locator("#horizon-note")
    expect(note).to_be_visible()
    expect(note).to_contain_text("Nothing recorded after")
    expect(page.locator("#disputes")).to_contain_text("Nothing recorded after")
    expect(page.locator("#disputes")).not_to_contain_text("No place is disputed")
    assert last.startswith("2025")
    page.goto(f"{server}/?date=1700&view=japan")
    settle(page)
    expect(page.locator("#horizon-note")).to_contain_text("Not yet recorded")


def test_the_world_legend_is_folded_clear_of_asia_and_russia_flies_across_180(
    page: Page, world_server: str, screenshots: Path
) -> None:
    page.goto(f"{world_server}/?date=1950-01-01")
    settle_world(page)
    legend = page.locator("#legend")
    expect(legend.locator("details")).to_have_count(1)
    assert not legend.locator("details").evaluate("(d) => d.open")
    box = legend.bounding_box()
    assert box is not None
    frame = page.locator("#map").bounding_box()
    assert frame is not None
    # Neither Asia nor Shikotan (the ledger's first subject) lies under the folded legend.
    for lon, lat in ((100.0, 45.0), (146.7, 43.8), (139.7, 35.7)):
        x, y = page.evaluate(
            "([lon, lat]) => { const p = window.terrachron.map.project([lon, lat]); "
            "return [p.x, p.y]; }",
            [lon, lat],
        )
        px, py = frame["x"] + x, frame["y"] + y
        inside = (
            box["x"] <= px <= box["x"] + box["width"] and box["y"] <= py <= box["y"] + box["height"]
        )
        assert not inside, f"the legend covers {lon}, {lat}"
    # Opened, it names the colours, and stays open on the next date.
    legend.locator("summary").click()
    expect(legend).to_contain_text("Soviet Union")
    page.fill("#date-input", "1960-01-01")
    page.press("#date-input", "Enter")
    settle_world(page)
    assert legend.locator("details").evaluate("(d) => d.open")
    legend.locator("summary").click()

    # Russia has land on both sides of 180°: the map flies to Russia, not to the whole world
    # centred on Africa (a box across 180° comes west > east and is fitted past 180°).
    page.fill("#search-input", "Russia")
    page.click(".search-hit[data-id=russia][data-kind=polity]")
    page.wait_for_function("!window.terrachron.map.isMoving()", timeout=30_000)
    lon = page.evaluate("() => window.terrachron.map.getCenter().wrap().lng")
    assert 60 <= lon <= 150, f"the map is centred on {lon}°, not on Russia"
    page.screenshot(path=str(screenshots / "web-world-russia.png"))
