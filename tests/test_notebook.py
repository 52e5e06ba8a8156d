"""Notebook objects: the ledger's repr, HTML answers (escaped), timelines as DataFrames."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

import terrachron

LEDGER = terrachron.open_ledger()
PLACES = sorted(LEDGER.places)
VIEWS = ["de-facto", "japan", "russia"]


def test_ledger_repr_names_id_counts_and_span() -> None:
    text = repr(LEDGER)
    assert text.startswith("<Ledger 'japan-russia': ")
    assert f"{len(LEDGER.places)} places" in text
    assert f"{len(LEDGER.polities)} polities" in text
    assert f"{len(LEDGER.instruments)} instruments" in text
    assert text.endswith(f" to {LEDGER.horizon}>")
    assert "\n" not in text


@settings(max_examples=30, deadline=None)
@given(place=st.sampled_from(PLACES), view=st.sampled_from(VIEWS))
def test_to_frame_has_one_row_per_period_with_contiguous_dates(place: str, view: str) -> None:
    timeline = LEDGER.timeline(place, view=view)
    frame = timeline.to_frame()
    assert len(frame) == len(timeline.periods)
    assert str(frame["start"].dtype) == "datetime64[s]"
    # All time is covered: open at both ends, and each period starts the day after the last.
    assert frame["start_edtf"].iloc[0] == ".."
    assert pd.isna(frame["start"].iloc[0])
    assert frame["end_edtf"].iloc[-1] == ".."
    assert pd.isna(frame["end"].iloc[-1])
    starts = frame["start"].iloc[1:].reset_index(drop=True)
    ends = frame["end"].iloc[:-1].reset_index(drop=True)
    assert starts.is_monotonic_increasing
    assert (starts - ends == pd.Timedelta(days=1)).all()
    # The EDTF column says the same day as the datetime column wherever both are dated.
    for when, text in zip(frame["start"].iloc[1:], frame["start_edtf"].iloc[1:], strict=True):
        assert when.date() == dt.date.fromisoformat(text)
    assert list(frame["status"]) == [p.answer.status for p in timeline.periods]


def test_to_frame_holds_days_before_1677() -> None:
    # Nanosecond datetimes stop at 1677; the frame's seconds do not, so 1799 is a real date.
    frame = LEDGER.timeline("kunashiri", view="japan").to_frame()
    assert pd.Timestamp("1799-01-01") in set(frame["start"].dropna())


def test_status_html_shows_the_chain_with_citations() -> None:
    html = LEDGER.status("kunashiri", "1950-01-01", view="japan")._repr_html_()
    assert "<caption>kunashiri on 1950-01-01, view japan</caption>" in html
    assert "<td>soviet-union</td>" in html
    assert "not recognized: rejected by the view &#x27;japan&#x27;" in html
    assert "text-scapin-677-1946 Paragraph 3" in html


def test_html_escapes_every_text_from_the_ledger() -> None:
    status = LEDGER.status("kunashiri", "1950-01-01", view="japan")
    hostile = dataclasses.replace(status, place="<b>x</b>", narrative="<script>alert(1)</script>")
    html = hostile._repr_html_()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html


def test_explanation_html_lists_the_other_views() -> None:
    explanation = LEDGER.explain("shikotan", "2019-02-12", view="japan")
    html = explanation._repr_html_()
    assert "<caption>other views</caption>" in html
    for view in explanation.other_views:
        assert f"<td>{view}</td>" in html


def test_timeline_html_has_a_row_per_period() -> None:
    timeline = LEDGER.timeline("kunashiri", view="russia")
    html = timeline._repr_html_()
    assert html.count("<tr>") == len(timeline.periods) + 1  # the header row
    assert "<td>..</td>" in html


def test_periods_is_the_table_the_periods_command_writes() -> None:
    from terrachron.io.periods import periods_frame

    ledger = LEDGER
    frame = ledger.periods("japan")
    assert frame.equals(periods_frame(ledger, "japan"))
    assert set(frame["place"]) == set(ledger.places)
    assert {"start", "end", "controller", "claimants", "precision"} <= set(frame.columns)
