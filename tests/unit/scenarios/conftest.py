"""Small scenario files and a ports frame made by the tests."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml


@pytest.fixture
def ports() -> pd.DataFrame:
    """Four ports shaped like the store's ``ports`` view."""
    return pd.DataFrame(
        {
            "port_code": ["2304", "2305", "2402", "3801"],
            "port_name": ["Laredo", "Hidalgo", "El Paso", "Detroit"],
            "state": ["Texas", "Texas", "Texas", "Michigan"],
            "border": ["US-Mexico Border"] * 3 + ["US-Canada Border"],
            "lat": [27.5, 26.1, 31.8, 42.3],
            "lon": [-99.5, -98.3, -106.4, -83.0],
        }
    )


def minimal(**over: object) -> dict[str, object]:
    doc: dict[str, object] = {
        "name": "tiny",
        "description": "a test scenario",
        "start": "2025-03-03",
        "horizon_days": 7,
        "replications": 2,
        "seed": 1,
        "ports": {"codes": ["2304", "2305"]},
        "policies": [
            {"kind": "closure", "window": {"start_day": 1, "end_day": 3}, "classes": ["trucks"]}
        ],
    }
    doc.update(over)
    return doc


@pytest.fixture
def write(tmp_path: Path):
    """Write a scenario mapping (or raw text) to ``tmp_path/<name>.yaml`` and return the path."""

    def _write(doc: dict[str, object] | str, name: str = "tiny") -> Path:
        path = tmp_path / f"{name}.yaml"
        path.write_text(doc if isinstance(doc, str) else yaml.safe_dump(doc, sort_keys=False))
        return path

    return _write
