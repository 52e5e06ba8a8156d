"""A date no day of which the engine can represent is refused naming ``date`` on every date route.

Issue 15: ``?date=Y99999999999`` overflowed in :mod:`terrachron.dates` and answered 500. It is now
a :class:`~terrachron.errors.DateRangeError`, which the API answers as it answers every date the
ledger refuses (a ``QueryError``): 400, like ``1950-02-30``.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from pydantic import TypeAdapter

from terrachron.api.shapes import ErrorJSON

ROUTES = (
    "/api/places/kunashiri/status",
    "/api/places/kunashiri/explain",
    "/api/snapshot",
    "/api/disputes",
)
OUT_OF_RANGE = ("Y99999999999", "Y-99999999999", "Y12000", "-1000", "Y10000")


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("date", OUT_OF_RANGE)
def test_a_date_outside_the_years_1_to_9999_is_refused_like_a_bad_day(
    client: TestClient, route: str, date: str
) -> None:
    response = client.get(route, params={"date": date})
    assert response.status_code == client.get(route, params={"date": "1950-02-30"}).status_code
    assert response.status_code == 400, response.text
    body = TypeAdapter(ErrorJSON).validate_python(response.json())
    assert body["parameter"] == "date"
    assert "outside the years 1 to 9999" in body["detail"]
