"""The JSON Schemas shipped for editors are generated from the models and kept current."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
import yaml

from terrachron.model import RECORD_KINDS, record_json_schema
from terrachron.scenarios import scenario_json_schema

SHIPPED = Path(str(resources.files("terrachron") / "schema"))
BUNDLED = Path(str(resources.files("terrachron") / "data" / "japan-russia"))


@pytest.mark.parametrize("kind", list(RECORD_KINDS))
def test_shipped_schema_is_current(kind: str) -> None:
    shipped = json.loads((SHIPPED / f"{kind}.schema.json").read_text(encoding="utf-8"))
    assert shipped == record_json_schema(kind), "run: terrachron schema --out src/terrachron/schema"


@pytest.mark.parametrize("kind", list(RECORD_KINDS))
def test_bundled_files_validate_against_the_schema(kind: str) -> None:
    schema = record_json_schema(kind)
    for path in sorted((BUNDLED / kind).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        jsonschema.validate(data, schema)


def test_shipped_scenario_schema_is_current_and_fits_the_bundled_scenarios() -> None:
    shipped = json.loads((SHIPPED / "scenario.schema.json").read_text(encoding="utf-8"))
    assert shipped == scenario_json_schema(), "run: terrachron schema --out src/terrachron/schema"
    found = sorted((BUNDLED / "scenarios").glob("*/scenario.yaml"))
    assert found
    for path in found:
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), shipped)
