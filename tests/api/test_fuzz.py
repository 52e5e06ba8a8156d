"""A fuzz pass over the API with schemathesis, against the OpenAPI document the app serves.

Every operation gets positive and negative cases (bounded, so the run takes seconds); each
answer must not be a 5xx and must conform to the document: status code, content type, headers
and body schema. It runs twice: over the bundled ledger (whose scenarios every operation takes
by name) and over the mini ledger with scenarios that apply and scenarios that break rules, so
that the 409 of a broken scenario is exercised too.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings

import terrachron
from terrachron.api import create_app

from .conftest import mini_with_scenarios

schema = schemathesis.openapi.from_asgi("/api/openapi.json", create_app())

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
)
# Every check runs but "schema-valid data is accepted": a date is an EDTF string, and no JSON
# Schema pattern can tell "1950-02-30" or "0000…0" from a real date, so a string the schema
# allows may rightly be refused with a 400 that names the date parameter. Likewise a scenario
# the schema lists may rightly be refused with a 409 when it breaks a rule.
EXCLUDED = [schemathesis.checks.positive_data_acceptance]


@schema.parametrize()
@FUZZ
def test_no_server_error_and_every_answer_conforms(case: schemathesis.Case) -> None:
    case.call_and_validate(excluded_checks=EXCLUDED)


# schemathesis reads the document when the module is collected, before any fixture exists, so
# the ledger with scenarios is copied here, to a folder removed when the run ends.
_SCENARIO_DIR = Path(tempfile.mkdtemp(prefix="terrachron-fuzz-"))
atexit.register(shutil.rmtree, _SCENARIO_DIR, ignore_errors=True)
scenario_schema = schemathesis.openapi.from_asgi(
    "/api/openapi.json",
    create_app(terrachron.open_ledger(mini_with_scenarios(_SCENARIO_DIR / "mini"))),
)


@scenario_schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
)
def test_no_server_error_with_scenarios_that_break_rules(case: schemathesis.Case) -> None:
    case.call_and_validate(excluded_checks=EXCLUDED)
