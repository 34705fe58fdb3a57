"""Schemathesis against the service's OpenAPI schema: no request makes it answer 5xx.

Bounded: a few generated examples per operation, derandomized (runs stay queued: no worker
starts).  Schemathesis generates the requests from the schema; hypothesis drives them.
"""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402

from borderlever.service import ServiceConfig, create_app  # noqa: E402

EXAMPLES_PER_OPERATION = 8


def fuzz(operation, tried: dict[str, int]) -> None:
    """Send generated requests to one operation; fail on any 5xx."""
    label = operation.label

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def check(case):
        tried[label] = tried.get(label, 0) + 1
        case.call_and_validate(checks=[not_a_server_error])

    check()


@pytest.mark.slow
def test_no_server_errors(tiny_store, tmp_path):
    app = create_app(ServiceConfig(home=tmp_path, store=tiny_store), start_workers=False)
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)
    tried: dict[str, int] = {}
    for result in schema.get_all_operations():
        fuzz(result.ok(), tried)
    assert len(tried) >= 15, tried
    print(f"schemathesis: {sum(tried.values())} requests over {len(tried)} operations, no 5xx")
