"""A sweep file to a planned sweep (the YAML is read by :mod:`borderlever.scenarios.sweep`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def plan_from_file(path: str | Path, store: str | Path | None = None, engine: str = "fast") -> Any:
    """The :class:`~borderlever.uncertainty.sweep.Sweep` a sweep file describes (its base
    scenario resolved against ``store``; parameter ranges and distributions as the file gives
    them, else the registry's; triangular modes at the scenario's values).

    Raises
    ------
    ConfigError
        A missing or invalid sweep file, an unknown parameter (with a did-you-mean), a bad design.
    """
    from borderlever.runs.pipeline import resolve_scenario
    from borderlever.scenarios.convert import scenario_values
    from borderlever.scenarios.sweep import load_sweep
    from borderlever.uncertainty.design import registry_factors
    from borderlever.uncertainty.sweep import plan_sweep

    spec, scenario = load_sweep(path)
    resolved = resolve_scenario(scenario, store=store)
    ranges = {
        k: v.model_dump(exclude_none=True, exclude={"values"}) for k, v in spec.parameters.items()
    }
    factors = registry_factors(
        list(spec.parameters), centre=scenario_values(resolved.spec), ranges=ranges
    )
    grid = {k: v.values for k, v in spec.parameters.items() if v.values is not None}
    return plan_sweep(
        resolved,
        factors,
        name=spec.name,
        method=spec.design.method,
        points=spec.design.points,
        seed=spec.design.seed,
        levels=spec.design.levels,
        sim_points=spec.design.sim_points,
        grid_values=grid or None,
        replications=spec.replications,
        seeds=spec.seeds,
        outputs=spec.outputs,
        store=store,
        engine=engine,
    )
