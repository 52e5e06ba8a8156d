"""``terrachron tour``: the Japan–Russia case in the terminal, driven by real queries."""

from __future__ import annotations

from rich.rule import Rule

from terrachron.cli.common import LedgerOpt, console, handles_errors, load

_STOPS = (
    (
        "uruppu",
        "1860-06-01",
        "de-facto",
        "1855: the first boundary runs between Etorofu and Uruppu.",
    ),
    ("south-sakhalin", "1870-01-01", "de-facto", "Sakhalin is left undivided: joint control."),
    ("Итуруп", "1945-09-01", "de-facto", "Late summer 1945: the occupation date is a range."),
    ("kunashiri", "1950-01-01", "japan", "1950 as Japan sees it: occupied, and disputed."),
    ("kunashiri", "1950-01-01", "russia", "The same day as Russia sees it."),
    ("shikotan", "2019-02-12", "russia", "2019: the 1956 promise is still pending."),
)


@handles_errors
def tour(ledger: LedgerOpt = None) -> None:
    """A short tour of the bundled ledger: the same facts, read by each side."""
    from terrachron.cli.render import holders, status_view, timeline_view

    led = load(ledger)
    console.print(Rule(f"terrachron — {led.title}"))
    for place, date, view, caption in _STOPS:
        console.print(f"\n[bold]{caption}[/bold]  terrachron status {place} {date} --view {view}")
        console.print(status_view(led, led.status(place, date, view)))
    for view in ("japan", "russia"):
        console.print(timeline_view(led, led.timeline("kunashiri", view)))
    console.print(Rule("disputed today"))
    for s in led.disputes("2019-02-12"):
        console.print(f"{led.place_name(s.place)}: claimants {holders(led, s.claimants)}")
