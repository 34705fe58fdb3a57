from __future__ import annotations

from functools import partial
from pathlib import Path

import duckdb
import pytest

from borderlever.data.store import query
from borderlever.errors import ConfigError, DataError
from borderlever.evidence.claims import (
    NOT_CHECKABLE,
    Comparison,
    check_claims,
    load_claims,
    verdict,
)


@pytest.mark.parametrize(
    ("measured", "op", "value", "tol", "expected"),
    [
        (74829, ">=", 100000, 5000, "overstated"),
        (96000, ">=", 100000, 5000, "supported"),
        (0.88, ">", 0.5, 0, "supported"),
        (0.40, ">", 0.5, 0, "overstated"),
        (-69.5, "<", 0, 0, "supported"),
        (12.0, "<", 0, 0, "understated"),
        (10.0, "<=", 8, 1, "understated"),
        (100.0, "approx", 100, 5, "supported"),
        (80.0, "approx", 100, 5, "overstated"),
        (120.0, "approx", 100, 5, "understated"),
    ],
)
def test_verdict_rules(measured: float, op: str, value: float, tol: float, expected: str) -> None:
    assert verdict(measured, Comparison(op=op, value=value, tolerance=tol)) == expected  # type: ignore[arg-type]


def test_shipped_claims_include_the_op_ed_and_uncheckables() -> None:
    claims = {c.id: c for c in load_claims().claims}
    assert {
        "fentanyl-deaths-100k",
        "millions-crossing-biden",
        "cartel-third-of-mexico",
        "encounters-fell-after-june-2019",
        "fentanyl-seized-at-ports",
        "us-citizens-carry-fentanyl",
    } <= set(claims)
    assert claims["cartel-third-of-mexico"].sql is None
    assert "events, not people" in claims["millions-crossing-biden"].caveat


def test_check_claims_on_a_store(synthetic_store: Path) -> None:
    rows = {r["id"]: r for r in check_claims(load_claims(), partial(query, store=synthetic_store))}
    for r in rows.values():
        assert {"id", "text", "measured", "unit", "verdict", "source", "says"} <= set(r)
    assert rows["cartel-third-of-mexico"]["verdict"] == NOT_CHECKABLE
    assert rows["cartel-third-of-mexico"]["measured"] is None
    share = rows["fentanyl-seized-at-ports"]
    assert 0 < share["measured"] < 1 and f"{share['measured']:.0%}" in share["says"]


def _claims_file(tmp_path: Path, sql: str | None) -> Path:
    body = (
        f"sql: {sql!r}\n    comparison: {{op: '>=', value: 1}}\n    says: 'v={{value}}'"
        if sql
        else "sql: null"
    )
    path = tmp_path / "c.yaml"
    path.write_text(f"""claims:
  - id: c1
    text: t
    said_by: me
    quantity: q
    unit: u
    period: p
    {body}
    source: s
    vintage: v
""")
    return path


def test_missing_table_and_bad_files(tmp_path: Path, synthetic_store: Path) -> None:
    def q(sql: str, params: list | None = None):  # what the CLI wraps
        try:
            return query(sql, params, store=synthetic_store)
        except duckdb.Error as exc:
            raise DataError(str(exc).splitlines()[0]) from None

    claims = load_claims(_claims_file(tmp_path, "SELECT COUNT(*) AS value FROM no_such_table"))
    with pytest.raises(DataError, match="no_such_table"):
        check_claims(claims, q)
    with pytest.raises(ConfigError, match="why_not_checkable"):
        load_claims(_claims_file(tmp_path, None))
    claims = load_claims(_claims_file(tmp_path, "SELECT 1 AS x"))
    with pytest.raises(DataError, match="`value` column"):
        check_claims(claims, q)
