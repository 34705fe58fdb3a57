"""The JSON schema of scenario files, generated from :class:`~borderlever.scenarios.spec.ScenarioSpec`.

``docs/scenario-schema.json`` is written by :func:`write_schema` (``python -m
borderlever.scenarios.schema``); a test fails when the file is out of date.  Editors that read JSON
schemas (VS Code's YAML extension, for one) then complete and check scenario files as you type.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from borderlever.scenarios.spec import ScenarioSpec

SCHEMA_ID = "https://borderlever.example/schemas/scenario.json"


def scenario_json_schema() -> dict[str, Any]:
    """The JSON schema (draft 2020-12) of a scenario file."""
    schema = ScenarioSpec.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    schema["title"] = "borderlever scenario"
    return schema


def schema_text() -> str:
    """The schema as the text stored in ``docs/scenario-schema.json``."""
    return json.dumps(scenario_json_schema(), indent=2, sort_keys=True) + "\n"


def write_schema(path: str | Path) -> Path:
    """Write :func:`schema_text` to ``path``."""
    out = Path(path)
    out.write_text(schema_text(), encoding="utf-8")
    return out


if __name__ == "__main__":  # pragma: no cover
    import sys

    target = sys.argv[1] if len(sys.argv) > 1 else "docs/scenario-schema.json"
    print(write_schema(target))
