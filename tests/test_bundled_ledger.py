"""The bundled Japan–Russia ledger answers the acceptance questions of the first case."""

from __future__ import annotations

from terrachron import Ledger, check_ledger


def test_bundled_ledger_validates_without_errors() -> None:
    files, problems = check_ledger()
    assert [str(p) for p in problems if p.severity.value == "error"] == []
    assert len(files.instruments) >= 20


def test_kunashiri_1950_in_japans_view(bundled: Ledger) -> None:
    s = bundled.status("kunashiri", "1950-01-01", view="japan")
    assert s.controller == ("soviet-union",)
    assert s.title == ("japan",)
    assert set(s.claimants) == {"japan", "soviet-union"}
    assert s.status == "disputed"
    assert s.occupied
    by_instrument = {c.instrument: c for c in s.chain}
    assert by_instrument["soviet-occupation-four-islands-1945"].recognized
    incorporation = by_instrument["soviet-incorporation-decree-1946"]
    assert not incorporation.recognized
    assert "rejected" in (incorporation.reason or "")


def test_kunashiri_1950_in_russias_view(bundled: Ledger) -> None:
    s = bundled.status("kunashiri", "1950-01-01", view="russia")
    assert s.title == ("soviet-union",)
    assert not s.occupied
    assert s.status == "disputed"


def test_uruppu_1860_is_russian_by_the_1855_treaty(bundled: Ledger) -> None:
    s = bundled.status("uruppu", "1860-06-01")
    assert s.controller == ("russian-empire",)
    assert s.chain[-1].instrument == "shimoda-treaty-1855"


def test_iturup_on_1945_09_01_is_already_soviet_held(bundled: Ledger) -> None:
    # Etorofu fell on 28 August; the four islands no longer share one interval.
    s = bundled.status("Итуруп", "1945-09-01")
    assert s.place == "etorofu"
    assert not s.uncertain
    assert s.controller == ("soviet-union",)


def test_habomai_on_1945_09_04_is_uncertain_with_both_alternatives(bundled: Ledger) -> None:
    s = bundled.status("Хабомаи", "1945-09-04")
    assert s.place == "habomai"
    assert s.uncertain
    assert [a.answer.controller for a in s.alternatives] == [("japan",), ("soviet-union",)]


def test_shikotan_2019_in_russias_view_lists_the_1956_promise(bundled: Ledger) -> None:
    s = bundled.status("shikotan", "2019-02-12", view="russia")
    assert s.title == ("russia",)
    assert [p.instrument for p in s.pending] == ["japan-soviet-joint-declaration-1956"]
    assert s.pending[0].to == "japan"


def test_succession_passes_control_and_title_on_1991_12_26(bundled: Ledger) -> None:
    before = bundled.status("etorofu", "1991-12-25", view="russia")
    after = bundled.status("etorofu", "1991-12-26", view="russia")
    assert (before.controller, before.title) == (("soviet-union",), ("soviet-union",))
    assert (after.controller, after.title) == (("russia",), ("russia",))


def test_sakhalin_is_a_condominium_until_1875(bundled: Ledger) -> None:
    s = bundled.status("south-sakhalin", "1870-01-01", view="japan")
    assert s.controller == ("japan", "russian-empire")
    assert s.title == ("japan", "russian-empire")
    assert s.status == "undisputed"
    assert bundled.status("south-sakhalin", "1880-01-01").controller == ("russian-empire",)


def test_japan_reads_the_renounced_kurils_as_uruppu_to_shumshu(bundled: Ledger) -> None:
    # After San Francisco, Japan's view leaves Uruppu undetermined but keeps Etorofu.
    assert bundled.status("uruppu", "1960-01-01", view="japan").status == "undetermined"
    etorofu = bundled.status("etorofu", "1960-01-01", view="japan")
    assert etorofu.title == ("japan",)
    link = next(c for c in etorofu.chain if c.instrument == "san-francisco-peace-treaty-1951")
    assert not link.recognized
    assert "does not read" in (link.reason or "")


def test_disputes_today_are_the_four_islands(bundled: Ledger) -> None:
    places = {s.place for s in bundled.disputes("2019-02-12")}
    assert places == {"etorofu", "kunashiri", "shikotan", "habomai"}


def test_names_in_every_script(bundled: Ledger) -> None:
    for name in ("Iturup", "択捉島", "Итуруп", "etorofu-to", "ETOROFU"):
        assert bundled.resolve_place(name) == "etorofu", name
    assert bundled.resolve_place("Kunashir") == "kunashiri"
    assert bundled.resolve_place("Khabomai") == "habomai"
