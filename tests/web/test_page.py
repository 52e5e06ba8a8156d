"""The web map in a real browser, against the real server: what a person does and sees."""

from __future__ import annotations

import json
import re
import urllib.request
from typing import Any

from playwright.sync_api import Browser, Page, expect

from .shots import screenshot_dir

SCREENSHOT = screenshot_dir() / "web-1950-japan.png"
PHONE_SCREENSHOT = screenshot_dir() / "web-phone-1950-japan.png"
SETTLE_MS = 20_000


def settle(page: Page) -> None:
    """Wait until the page has answered its last change and the map has drawn it."""
    page.wait_for_function("document.body.dataset.busy === 'false'", timeout=SETTLE_MS)


def api(server: str, path: str) -> Any:
    with urllib.request.urlopen(f"{server}{path}", timeout=10) as response:
        return json.loads(response.read())


def click_on_map(page: Page, lon: float, lat: float) -> None:
    """Click the map canvas where it draws (lon, lat)."""
    x, y = page.evaluate(
        """([lon, lat]) => {
            const map = window.terrachron.map;
            const p = map.project([lon, lat]);
            const r = map.getCanvas().getBoundingClientRect();
            return [r.left + p.x, r.top + p.y];
        }""",
        [lon, lat],
    )
    page.mouse.click(x, y)


def choose_view(page: Page, view: str) -> None:
    page.click(f"label[for=view-{view}]")
    settle(page)


def set_date(page: Page, text: str) -> None:
    page.fill("#date-input", text)
    page.press("#date-input", "Enter")
    settle(page)


def test_kunashiri_in_1950_japan_then_russia(page: Page, server: str) -> None:
    page.goto(f"{server}/")
    settle(page)
    set_date(page, "1950-01-01")
    choose_view(page, "japan")
    assert "date=1950-01-01" in page.url
    assert "view=japan" in page.url

    lon, lat = api(server, "/api/places/kunashiri")["label_point"]
    click_on_map(page, lon, lat)
    panel = page.locator("#panel")
    expect(panel.locator("[data-place=kunashiri]")).to_be_visible()
    settle(page)
    expect(panel.locator("h2")).to_have_text("Kunashiri")
    expect(panel.locator("[data-field=controller]")).to_have_text("Soviet Union")
    expect(panel.locator("[data-field=title]")).to_have_text("Japan")
    expect(panel.locator("[data-field=status]")).to_contain_text("disputed")
    # The same day under every view, the chain of why, and the timeline of every view.
    expect(panel.locator("[data-view-row=russia]")).to_contain_text("Soviet Union")
    # The chain opens with the Japanese presence recorded from 1799, before the 1855 treaty.
    expect(panel.locator(".chain-link").first).to_contain_text("1799")
    expect(panel.locator(".bar-row")).to_have_count(3)
    assert "place=kunashiri" in page.url
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))

    choose_view(page, "russia")
    expect(panel.locator("[data-field=title]")).to_have_text("Soviet Union")
    expect(panel.locator("[data-field=controller]")).to_have_text("Soviet Union")
    assert "view=russia" in page.url


def test_a_url_reproduces_the_screen(page: Page, server: str) -> None:
    page.goto(f"{server}/?date=1956-10-19&view=russia&place=shikotan")
    settle(page)
    expect(page.locator("#date-input")).to_have_value("1956-10-19")
    expect(page.locator("#view-russia")).to_be_checked()
    section = page.locator("#panel [data-place=shikotan]")
    expect(section).to_have_attribute("data-view", "russia")
    expect(section).to_have_attribute("data-date", "1956-10-19")
    expect(page.locator("#date-badge")).to_contain_text("19 October 1956")
    expect(page.locator("[role=slider]")).to_have_attribute("aria-valuenow", "1956")

    page.goto(f"{server}/?date=1950-01-01&view=japan")
    settle(page)
    expect(page.locator("#panel h2")).to_have_text("1 January 1950 · Japan's view")
    # The map draws what the URL says: Kunashiri in Japan's colour, disputed, ringed.
    props = page.evaluate(
        """() => window.terrachron.map.querySourceFeatures('places')
            .find((f) => f.properties.pid === 'kunashiri').properties"""
    )
    japan = page.evaluate(
        """() => window.terrachron.map.querySourceFeatures('places')
            .find((f) => f.properties.pid === 'hokkaido').properties.fill"""
    )
    assert props["fill"] == japan
    assert props["disputed"] is True
    assert props["occupied"] is True
    expect(page.locator("#legend")).to_contain_text("Japan")
    expect(page.locator("#legend")).to_contain_text("Soviet Union")
    expect(page.locator("#legend")).to_contain_text("Disputed")


COVERED_LABELS = """() => {
    const b = document.getElementById('legend').getBoundingClientRect();
    return Array.from(document.querySelectorAll('#map .map-label'))
        .filter((el) => el.style.visibility !== 'hidden')
        .filter((el) => {
            const r = el.getBoundingClientRect();
            return r.width > 0 && r.left < b.right && b.left < r.right
                && r.top < b.bottom && b.top < r.bottom;
        })
        .map((el) => el.textContent);
}"""


def test_the_regional_legend_covers_no_island_and_folds_on_demand(
    browser: Browser, server: str
) -> None:
    # On a laptop and on a smaller screen: open, the legend sat on Shikotan's label at the
    # default view of some sizes; it opens folded wherever it would cover a place's name.
    for width, height in ((1280, 800), (1024, 700), (900, 640)):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        try:
            page.goto(f"{server}/?date=1950-01-01&view=japan")
            settle(page)
            legend = page.locator("#legend")
            details = legend.locator("details")
            expect(details).to_have_count(1)
            assert page.evaluate(COVERED_LABELS) == [], (width, height)
            was_open = details.evaluate("(d) => d.open")
            legend.locator("summary").click()
            assert details.evaluate("(d) => d.open") is not was_open
            # The reader's choice holds across a change of date.
            set_date(page, "1960-01-01")
            assert legend.locator("details").evaluate("(d) => d.open") is not was_open
            expect(legend).to_contain_text("Title holder, Japan's view")
        finally:
            context.close()


def test_the_slider_moves_by_year_and_day_from_the_keyboard(page: Page, server: str) -> None:
    page.goto(f"{server}/?date=1950-01-01&view=de-facto")
    settle(page)
    slider = page.locator("[role=slider]")
    slider.focus()
    page.keyboard.press("ArrowRight")
    settle(page)
    expect(page.locator("#date-input")).to_have_value("1951-01-01")
    page.keyboard.press("Shift+ArrowRight")
    settle(page)
    expect(page.locator("#date-input")).to_have_value("1951-01-02")
    page.keyboard.press("PageDown")
    settle(page)
    expect(page.locator("#date-input")).to_have_value("1941-01-02")
    expect(slider).to_have_attribute("aria-valuenow", "1941")
    assert "date=1941-01-02" in page.url


def test_an_instrument_mark_jumps_to_its_date_and_shows_it(page: Page, server: str) -> None:
    page.goto(f"{server}/?date=2000-01-01&view=japan")
    settle(page)
    page.click("button.axis-mark[aria-label^='1956-12-12']")
    settle(page)
    expect(page.locator("#date-input")).to_have_value("1956-12-12")
    expect(page.locator("#panel h2")).to_contain_text("Joint Declaration")
    expect(page.locator("#panel .effects")).to_contain_text("Shikotan")
    assert "instrument=japan-soviet-joint-declaration-1956" in page.url


def test_a_year_is_a_date_and_its_uncertainty_shows(page: Page, server: str) -> None:
    page.goto(f"{server}/?view=de-facto")
    settle(page)
    set_date(page, "1945")
    expect(page.locator("#date-badge")).to_contain_text("1945")
    # The occupations of 1945 happened some day inside the year: the answer is uncertain.
    expect(page.locator("#date-badge")).to_contain_text("uncertain")
    expect(page.locator(".axis-band")).to_be_visible()
    assert re.search(r"date=1945(&|$)", page.url)


def test_a_malformed_date_is_explained_and_changes_nothing(page: Page, server: str) -> None:
    page.goto(f"{server}/?date=1950-01-01&view=japan")
    settle(page)
    set_date(page, "1950-13-45")
    expect(page.locator("#date-error")).to_contain_text("1950-13-45")
    expect(page.locator("#date-input")).to_have_attribute("aria-invalid", "true")
    assert "date=1950-01-01" in page.url


def test_play_animates_year_by_year(page: Page, server: str) -> None:
    page.goto(f"{server}/?date=1900-06-01&view=de-facto")
    settle(page)
    play = page.locator("#play")
    play.click()
    expect(play).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#date-input")).to_have_value(re.compile(r"190[2-9]-06-01"), timeout=10_000)
    play.click()
    expect(play).to_have_attribute("aria-pressed", "false")


def test_a_phone_sized_window_shows_everything_in_one_column(browser: Browser, server: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    page = context.new_page()
    try:
        page.goto(f"{server}/?date=1950-01-01&view=japan&place=kunashiri")
        settle(page)
        # Nothing wider than the window: no sideways scrolling.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        for selector in ("#map canvas", "[role=slider]", "label[for=view-russia]", "#date-input"):
            expect(page.locator(selector)).to_be_visible()
        controller = page.locator("[data-field=controller]")
        controller.scroll_into_view_if_needed()
        expect(controller).to_have_text("Soviet Union")
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(PHONE_SCREENSHOT))
    finally:
        context.close()


def test_a_link_with_a_bad_date_says_so_and_still_works(page: Page, server: str) -> None:
    page.goto(f"{server}/?date=1950-02-30&view=russia")
    settle(page)
    expect(page.locator("#date-error")).to_contain_text("1950-02-30")
    # The page falls back to today, in the view the link asked for.
    expect(page.locator("#view-russia")).to_be_checked()
    expect(page.locator(".place-row")).to_have_count(11)
