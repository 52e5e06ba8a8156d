"""Scenarios in the web map, in a real browser against the real server: choosing one, reading a
hypothetical step in the panel, and comparing scenarios side by side."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Browser, Page, expect

from .shots import screenshot_dir
from .test_page import api, click_on_map, set_date, settle

SCREENSHOT = screenshot_dir() / "web-scenarios-compare.png"
PHONE_SCREENSHOT = screenshot_dir() / "web-phone-scenarios-compare.png"


def choose_scenario(page: Page, name: str) -> None:
    page.select_option("#scenario-select", name)
    settle(page)


def split_lines(page: Page, scenario: str) -> Any:
    """The split-line layer of a compare map, and the features it draws."""
    return page.evaluate(
        """(name) => {
            const map = window.terrachron.compareMaps()[name];
            return {
                layer: map.getLayer('split-line') ? map.getLayer('split-line').type : null,
                features: map.querySourceFeatures('scenario', {
                    filter: ['==', ['get', 'layer'], 'split-line'],
                }).length,
                sea: map.querySourceFeatures('scenario', {
                    filter: ['==', ['get', 'layer'], 'sea'],
                }).length,
            };
        }""",
        scenario,
    )


def test_shikotan_in_the_two_island_scenario(page: Page, server: str) -> None:
    page.goto(f"{server}/?view=japan")
    settle(page)
    choose_scenario(page, "two-islands")
    set_date(page, "2031-01-01")
    assert "scenario=two-islands" in page.url
    assert "date=2031-01-01" in page.url
    # The axis runs on past today to the scenario's treaty, marked hollow and dashed.
    expect(page.locator(".axis-mark.is-hypothetical")).to_have_count(1)
    assert int(page.locator("[role=slider]").get_attribute("aria-valuemax") or 0) >= 2031
    expect(page.locator("#date-badge")).to_contain_text("scenario: two-islands")

    lon, lat = api(server, "/api/places/shikotan?scenario=two-islands")["label_point"]
    click_on_map(page, lon, lat)
    panel = page.locator("#panel")
    expect(panel.locator("[data-place=shikotan]")).to_be_visible()
    settle(page)
    expect(panel.locator("h2")).to_have_text("Shikotan")
    expect(panel.locator("[data-field=controller]")).to_have_text("Japan")
    expect(panel.locator("[data-field=title]")).to_have_text("Japan")
    # The chain shows the hypothetical treaty, and says it is hypothetical.
    hypothetical = panel.locator(".chain-link.is-hypothetical")
    expect(hypothetical.first).to_be_visible()
    expect(hypothetical.first).to_contain_text("two-island settlement")
    expect(hypothetical.first).to_contain_text("hypothetical")
    expect(panel.locator(".chain-link[data-hypothetical=false]").first).to_be_visible()

    # Back to the record: Russia holds Shikotan, and nothing on the axis is hypothetical.
    choose_scenario(page, "")
    expect(panel.locator("[data-field=controller]")).to_have_text("Russia")
    expect(page.locator(".axis-mark.is-hypothetical")).to_have_count(0)
    assert "scenario=" not in page.url


def test_a_split_place_shows_its_parts(page: Page, server: str) -> None:
    page.goto(f"{server}/?date=2031-01-01&view=japan&scenario=area-split")
    settle(page)
    rows = page.locator(".place-row")
    expect(rows.filter(has_text="South-western Etorofu")).to_have_count(1)
    expect(rows.filter(has_text="North-eastern Etorofu")).to_contain_text("Russia")
    expect(page.locator("#panel .scenario-box")).to_contain_text("Area split")


def test_compare_two_islands_and_the_area_split(page: Page, server: str) -> None:
    page.goto(f"{server}/?view=japan&scenario=two-islands")
    settle(page)
    page.click("#compare-toggle")
    settle(page)
    expect(page.locator("#compare-toggle")).to_have_attribute("aria-pressed", "true")
    assert "compare=two-islands%2Carea-split" in page.url
    # Before the scenarios begin there is nothing to compare: the view moves to their day.
    expect(page.locator("#date-input")).to_have_value("2030-01-01")

    table = page.locator("table.metrics")
    for column in ("baseline", "two-islands", "area-split"):
        expect(table.locator(f"thead th[data-column='{column}']")).to_be_visible()
    share = table.locator("tr[data-metric='share.japan']")
    expect(share.locator("td[data-column='area-split']")).to_contain_text("50.0%")
    expect(share.locator("td[data-column='two-islands']")).to_contain_text("7.4%")
    ended = table.locator("tr[data-metric='disputes.ended'] td[data-column='two-islands']")
    expect(ended).to_contain_text("Kunashiri")
    expect(table.locator("tr[data-metric='sea.japan']")).to_be_visible()
    expect(page.locator(".caveats")).to_contain_text("not a delimitation")

    # One map per scenario, with the maritime zones; the area split draws its split line.
    expect(page.locator(".compare-card")).to_have_count(2)
    split = split_lines(page, "area-split")
    assert split["layer"] == "line"
    assert split["features"] >= 1
    assert split["sea"] >= 2
    assert split_lines(page, "two-islands")["features"] == 0
    expect(page.locator(".compare-legend")).to_contain_text("Split line")
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    # The maps and the top of the table, down to the shares of the disputed area.
    page.mouse.move(1, 1)
    bottom = page.evaluate(
        """() => document.querySelector("tr[data-metric='share.russia']")
            .getBoundingClientRect().bottom + window.scrollY + 12"""
    )
    page.screenshot(
        path=str(SCREENSHOT), full_page=True, clip={"x": 0, "y": 0, "width": 1280, "height": bottom}
    )

    # The view and the date apply to the comparison; Escape goes back to the map.
    page.click("label[for=view-russia]")
    settle(page)
    expect(table.locator("caption")).to_contain_text("Russia's view")
    page.keyboard.press("Escape")
    settle(page)
    expect(page.locator("#compare")).to_be_hidden()
    expect(page.locator("#map canvas")).to_be_visible()
    assert "compare=" not in page.url


def test_the_compared_scenarios_are_chosen_from_the_keyboard(page: Page, server: str) -> None:
    page.goto(f"{server}/?date=2031-01-01&view=japan&compare=two-islands,area-split")
    settle(page)
    box = page.locator("#cmp-four-islands")
    box.focus()
    page.keyboard.press("Space")
    settle(page)
    expect(box).to_be_checked()
    expect(page.locator("table.metrics thead th[data-column='four-islands']")).to_be_visible()
    expect(page.locator(".compare-card")).to_have_count(3)
    assert "four-islands" in page.url
    # The date asked for is kept when every scenario is in effect on it.
    expect(page.locator("#date-input")).to_have_value("2031-01-01")


def test_the_compare_view_fits_a_phone(browser: Browser, server: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(f"{server}/?view=japan&compare=two-islands,area-split")
        settle(page)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        expect(page.locator(".compare-card").first).to_be_visible()
        expect(page.locator("table.metrics thead th[data-column='area-split']")).to_be_attached()
        page.screenshot(path=str(PHONE_SCREENSHOT))
    finally:
        context.close()
    assert not errors, errors
