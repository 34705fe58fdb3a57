"""What there is to run and to read: ports, scenarios, evidence episodes and studies, claims.

Plain data (dicts and lists, JSON-able) for the service and notebooks; every bad name is a
:class:`~borderlever.errors.UnknownCodeError` with a did-you-mean, every bad scenario a
:class:`~borderlever.errors.ConfigError` listing all its problems.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from borderlever.errors import DataError


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A frame as JSON-able records (NaN -> None, dates -> ISO text)."""
    return json.loads(frame.to_json(orient="records", date_format="iso"))


def ports(store: str | Path | None = None, border: str | None = None) -> list[dict[str, Any]]:
    """Land ports: ``port_code, port_name, state, border, lat, lon`` (``border``: mexico/canada)."""
    from borderlever.data.inspect import port_list

    frame = port_list(border, store)
    cols = [c for c in ("port_code", "port_name", "state", "border", "lat", "lon") if c in frame]
    return _records(frame[cols])


def scenarios() -> list[dict[str, Any]]:
    """The scenario library: name, description, horizon, replications, policy kinds."""
    from borderlever.scenarios import library_files, load_spec

    out = []
    for name, path in sorted(library_files().items()):
        spec = load_spec(path)
        out.append(
            {
                "name": name,
                "description": spec.description,
                "start": spec.start.isoformat(),
                "horizon_days": spec.horizon_days,
                "replications": spec.replications,
                "policies": [p.kind for p in spec.policies],
            }
        )
    return out


def scenario(name: str) -> dict[str, Any]:
    """One library scenario, base merged and defaults filled in (as JSON)."""
    from borderlever.scenarios import load_spec

    return load_spec(name).model_dump(mode="json", exclude={"base"})


def validate(
    scenario: str | Path | Mapping[str, Any], store: str | Path | None = None, **overrides: Any
) -> dict[str, Any]:
    """Check a scenario as ``run`` would, without running it.

    Returns ``{"name", "ports", "policies", "hash"}``; raises ConfigError (every problem at once)
    or UnknownCodeError (an unknown port) otherwise.
    """
    from borderlever.api.core import scenario_spec
    from borderlever.runs.pipeline import resolve_scenario

    spec, source = scenario_spec(scenario, overrides)
    resolved = resolve_scenario(spec, store=store, source=source)
    return {
        "name": resolved.name,
        "ports": list(resolved.port_codes),
        "policies": [p.kind for p in resolved.policies],
        "hash": resolved.hash,
    }


def store_query(store: str | Path | None) -> Any:
    """``query(sql, params)`` on the store; a failing query is a :class:`DataError`."""
    import duckdb

    from borderlever.data.store import query

    def run(sql: str, params: list[Any] | None = None) -> pd.DataFrame:
        try:
            return query(sql, params, store=store)
        except duckdb.Error as exc:
            first = str(exc).splitlines()[0]
            raise DataError(
                f"store query failed: {first}",
                expected="the tables and views the query names (run `borderlever data build`)",
            ) from None

    return run


def episodes(kind: str = "all") -> list[dict[str, Any]]:
    """Catalogued episodes (``kind``: all, lever or confounder)."""
    from borderlever.errors import UnknownCodeError
    from borderlever.evidence.catalogue import load_catalogue

    if kind not in ("all", "lever", "confounder"):
        raise UnknownCodeError("episode kind", kind, ["all", "lever", "confounder"])
    return [
        ep.model_dump(mode="json")
        for ep in load_catalogue().episodes
        if kind == "all" or ep.kind == kind
    ]


def episode(episode_id: str) -> dict[str, Any]:
    """One catalogued episode: dates, levers, ports, concession, confounders, sources."""
    from borderlever.evidence.catalogue import load_catalogue

    return load_catalogue().get(episode_id).model_dump(mode="json")


def study(
    episode_id: str,
    series: list[str] | None = None,
    *,
    model: str = "ols_log",
    store: str | Path | None = None,
) -> dict[str, Any]:
    """Event study of an episode (as ``borderlever evidence run``), as JSON-able data."""
    from borderlever.errors import ConfigError, UnknownCodeError
    from borderlever.evidence.catalogue import load_catalogue
    from borderlever.evidence.counterfactual import MODELS
    from borderlever.evidence.episode_study import StudyOptions, study_episode
    from borderlever.evidence.series import get_series, load_series

    catalogue = load_catalogue()
    ep = catalogue.get(episode_id)
    if model not in MODELS:
        raise UnknownCodeError("model", model, sorted(MODELS))
    names = list(series) if series else list(ep.series)
    if not names:
        raise ConfigError(f"episode {ep.id} names no default series; pass a series")
    for name in names:
        get_series(name)
    query = store_query(store)
    data = {name: load_series(name, query) for name in names}
    result = study_episode(ep, data, catalogue, StudyOptions(model=model), skip_unfit=not series)
    return json.loads(json.dumps(result.to_dict(), default=str))


def claims(store: str | Path | None = None) -> list[dict[str, Any]]:
    """Every shipped claim measured against the store, with its verdict and source."""
    from borderlever.evidence.claims import check_claims, load_claims

    rows = check_claims(load_claims(), store_query(store))
    return json.loads(json.dumps(rows, default=str))
