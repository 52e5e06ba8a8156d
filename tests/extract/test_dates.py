"""Date expressions → EDTF, one test per form the issue lists, and the edge cases."""

from __future__ import annotations

import pytest

from terrachron.dates import parse_edtf
from terrachron.errors import DateError
from terrachron.extract.dates import find_dates, parse_published

PUB = parse_published("2019-02-12")


def one(text: str, published: str | None = "2019-02-12") -> tuple[str, str]:
    found = find_dates(text, parse_published(published) if published else None)
    assert len(found) == 1, found
    return found[0].text, found[0].edtf


@pytest.mark.parametrize(
    ("text", "edtf"),
    [
        ("The treaty was signed on 8 September 1951 in San Francisco.", "1951-09-08"),
        ("It was signed on September 8, 1951, by 49 states.", "1951-09-08"),
        ("On 1951-09-08 the conference closed.", "1951-09-08"),
        ("the 8th September 1951", "1951-09-08"),
    ],
)
def test_absolute_days(text: str, edtf: str) -> None:
    assert one(text)[1] == edtf


def test_partial_dates_keep_their_precision() -> None:
    assert one("It absorbed the islands in February 1946.") == ("February 1946", "1946-02")
    assert one("the boundary drawn in 1855 between them") == ("1855", "1855")


def test_a_day_without_year_counts_from_the_publication_date() -> None:
    assert one("A summit took place on January 22.") == ("January 22", "2019-01-22")
    # A day later in the year than the article is last year's.
    assert one("They met on November 14.")[1] == "2018-11-14"


def test_a_day_without_year_takes_the_year_of_its_paragraph() -> None:
    text = "In July 1945 the declaration was issued. They attacked on August 9."
    assert [d.edtf for d in find_dates(text, PUB)] == ["1945-07", "1945-08-09"]


def test_ranges_in_a_1945_context() -> None:
    text = "War came in 1945. They occupied the islands between August 28 and September 5."
    found = find_dates(text, PUB)
    assert found[-1].text == "between August 28 and September 5"
    assert found[-1].edtf == "1945-08-28/1945-09-05"
    assert find_dates("between 3 and 5 September 1945", None)[0].edtf == "1945-09-03/1945-09-05"
    assert find_dates("28 August – 5 September 1945", None)[0].edtf == "1945-08-28/1945-09-05"
    assert find_dates("from 1920 to 1925", None)[0].edtf == "1920/1925"
    assert find_dates("from December 28 to January 5, 1946", None)[0].edtf == (
        "1945-12-28/1946-01-05"
    )


def test_periods_are_intervals_flagged_approximate() -> None:
    found = find_dates("to enter the war within 2-3 months after Germany’s defeat", None)
    assert len(found) == 1
    assert found[0].edtf == "1945-05-08/1945-08-08~"
    assert found[0].approximate
    assert found[0].form == "period"
    parsed = parse_edtf(found[0].edtf)
    assert parsed.approximate
    # A period whose anchor is unknown is no date at all.
    assert find_dates("a year after annexation", None) == []


def test_years_ago_decades_and_bare_months() -> None:
    assert one("Sixty years ago today the Saar", "2017-01-01")[1] == "1957-01-01"
    assert one("joined Namibia 25 years ago", "2019-03-01")[1] == "1994"
    assert one("A century ago today, the treaty", "2019-06-28")[1] == "1919-06-28"
    assert one("half a century ago", "2022-05-15")[1] == "1972"
    assert one("three decades ago", "2020-01-01")[1] == "1990"


def test_month_ranges_short_year_ranges_and_centuries_in_figures() -> None:
    assert one("from March to June 1940", None)[1] == "1940-03/1940-06"
    assert one("the winter of 1977–78", None)[1] == "1977/1978"
    assert one("part of East Prussia since the 1700s", None)[1] == "17XX"
    assert one("On 1951-09-08 the conference closed.", None)[1] == "1951-09-08"


def test_day_pairs_shared_years_and_recurring_days() -> None:
    assert one("Nice voted on 15 and 16 April 1860.", None)[1] == "1860-04-15/1860-04-16"
    found = find_dates("consent on 16 March and 18 April 1978, each", None)
    assert [d.edtf for d in found] == ["1978-03-16", "1978-04-18"]
    assert find_dates("The territory marks Transfer Day every 31 March.", None) == []
    assert one("A hundred and fifty years ago today, on", "2010-03-24")[1] == "1860-03-24"
    assert one("a rapprochement in the 2000s", None)[1] == "200X"
    assert one("settled in the 1550s")[1] == "155X"
    text = "The landing came on 1 April 1945 and the battle lasted until late June."
    assert [d.edtf for d in find_dates(text, None)] == ["1945-04-01", "1945-06"]


def test_numbers_that_are_not_dates() -> None:
    for text in (
        "about 1500 troops",
        "the 50th parallel",
        "1,200 km",
        "7.2 million dollars",
        "It may rain in May.",
        "Article 2",
    ):
        assert find_dates(text, PUB) == [], text


def test_a_day_without_year_and_without_context_is_left_out() -> None:
    assert find_dates("They met on January 22.", None) == []


def test_spans_point_into_the_text() -> None:
    text = "Signed on 7 May 1875 in Saint Petersburg."
    (d,) = find_dates(text, None)
    assert text[d.start : d.end] == d.text == "7 May 1875"


def test_publication_dates_in_any_common_form() -> None:
    assert parse_published("12 Feb 2019").text == "2019-02-12"
    assert parse_published("2019-02-12").text == "2019-02-12"
    with pytest.raises(DateError, match="publication date"):
        parse_published("next Tuesday-ish")


@pytest.mark.parametrize(
    ("text", "edtf"),
    [
        ("For most of the nineteenth century it was quiet.", "18XX"),
        ("In the 20th century the border moved.", "19XX"),
        ("Early in the twenty-first century", "20XX"),
    ],
)
def test_centuries(text: str, edtf: str) -> None:
    (mention,) = find_dates(text)
    assert (mention.edtf, mention.form, mention.approximate) == (edtf, "century", True)
