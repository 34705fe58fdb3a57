"""The generated JSON schema of scenario files is current and matches the models."""

from __future__ import annotations

import json
from pathlib import Path

from borderlever.scenarios.schema import scenario_json_schema, schema_text

DOCS = Path(__file__).resolve().parents[3] / "docs"


def test_docs_schema_is_current():
    stored = (DOCS / "scenario-schema.json").read_text()
    assert stored == schema_text(), (
        "docs/scenario-schema.json is stale: run "
        "`python -m borderlever.scenarios.schema docs/scenario-schema.json`"
    )


def test_schema_forbids_unknown_keys_and_describes_fields():
    schema = scenario_json_schema()
    assert schema["additionalProperties"] is False
    for name, prop in schema["properties"].items():
        assert prop.get("description"), f"field {name} has no description"
    for name, sub in schema["$defs"].items():
        if sub.get("type") == "object":
            assert sub.get("additionalProperties") is False, name


def test_every_documented_field_is_in_docs_page():
    page = (DOCS / "scenarios.md").read_text()
    schema = scenario_json_schema()
    for name in schema["properties"]:
        assert f"`{name}`" in page, f"docs/scenarios.md does not document `{name}`"
    assert json.loads((DOCS / "scenario-schema.json").read_text())["title"]


def test_docs_and_schema_agree_on_required_keys():
    """The reference table's "required" keys are exactly the schema's required properties."""
    page = (DOCS / "scenarios.md").read_text()
    table = page.split("## Reference: keys", 1)[1].split("**A policy**", 1)[0]
    documented = {}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 4 and cells[0].startswith("`"):
            documented[cells[0].strip("`")] = cells[2].startswith("required")
    schema = scenario_json_schema()
    assert set(documented) == set(schema["properties"])
    required = {k for k, is_required in documented.items() if is_required}
    assert required == set(schema["required"])
