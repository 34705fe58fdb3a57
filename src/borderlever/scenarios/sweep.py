"""Sweep files: a base scenario, the registry parameters to vary, a design, replications, outputs.

Example ``closure-sensitivity.yaml``::

    name: closure-sensitivity
    scenario: seed-14-day-closure     # a scenario name, or a path relative to this file
    replications: 4                    # per point (default: the scenario's)
    seeds: common                      # common: every point the scenario's seed; independent
    design: {method: lhs, points: 64, seed: 1, sim_points: 16}
    parameters:                        # registry names; optional low/high/distribution/values
      economics.truck_cost_usd_per_h: {}
      behaviour.defer_share: {low: 0.3, high: 0.7}
    outputs: ["economics.cost_usd.*", economics.leverage_ratio]

Like scenario files, unknown keys are errors with a did-you-mean; parameter names are checked
against the registry (``borderlever params``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from borderlever.errors import ConfigError
from borderlever.parameters import get as _param_entry
from borderlever.scenarios.spec import _Strict


class ParameterRange(_Strict):
    """How one parameter is varied; unset fields take the registry's values."""

    low: float | None = Field(default=None, description="Lowest value [parameter unit].")
    high: float | None = Field(default=None, description="Highest value [parameter unit].")
    distribution: Literal["uniform", "triangular", "loguniform"] | None = Field(
        default=None, description="Distribution between low and high (registry's by default)."
    )
    values: list[float] | None = Field(
        default=None, description="Explicit values (grid designs only) [parameter unit]."
    )


class Design(_Strict):
    """The experimental design."""

    method: Literal["grid", "lhs", "random", "sobol", "morris"] = Field(
        default="lhs", description="grid, lhs (Latin hypercube), random, sobol (Saltelli), morris."
    )
    points: int = Field(
        default=16,
        ge=1,
        le=100_000,
        description="lhs/random: points; sobol: base sample N (power of 2; N*(d+2) points); "
        "morris: trajectories (r*(d+1) points); grid: unused (see levels) [-].",
    )
    levels: int = Field(
        default=4, ge=1, le=100, description="grid: values per parameter; morris: levels [-]."
    )
    seed: int = Field(default=1, ge=0, description="Seed of the design (not of the simulation).")
    sim_points: int | None = Field(
        default=None,
        ge=1,
        description="lhs only: distinct values of the simulation parameters, each paired with "
        "points/sim_points economics draws (cheap: one simulation per group) [-].",
    )


class SweepSpec(_Strict):
    """One sweep file."""

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$", max_length=80, description="Sweep name.")
    scenario: str = Field(description="Base scenario: a name or a YAML path.")
    replications: int | None = Field(
        default=None, ge=1, le=1000, description="Replications per point (default: scenario's)."
    )
    seeds: Literal["common", "independent"] = Field(
        default="common",
        description="common: every point runs the scenario's seed (common random numbers, so "
        "differences between points are the parameters' alone); independent: a seed derived "
        "from the point's simulation parameters.",
    )
    design: Design = Field(default_factory=Design, description="The design.")
    parameters: dict[str, ParameterRange] = Field(
        description="Registry parameters to vary (name -> optional range; {} = registry's)."
    )
    outputs: list[str] = Field(
        default_factory=lambda: ["*"],
        description="Summary paths (shell patterns) of the headline figures to keep.",
    )

    @field_validator("parameters", mode="before")
    @classmethod
    def _list_to_mapping(cls, value: Any) -> Any:
        if isinstance(value, list):
            return {str(v): {} for v in value}
        if isinstance(value, dict):
            return {k: ({} if v is None else v) for k, v in value.items()}
        return value

    @field_validator("parameters")
    @classmethod
    def _known(cls, value: dict[str, ParameterRange]) -> dict[str, ParameterRange]:
        if not value:
            raise ValueError("a sweep varies at least one parameter")
        for name in value:
            try:
                _param_entry(name)
            except ConfigError as exc:
                raise ValueError(str(exc)) from None
        return value

    @model_validator(mode="after")
    def _grid_values(self) -> SweepSpec:
        if self.design.method != "grid":
            bad = [k for k, v in self.parameters.items() if v.values is not None]
            if bad:
                raise ValueError(f"values: only a grid design takes explicit values ({bad})")
        return self


def load_sweep(path: str | Path) -> tuple[SweepSpec, Path]:
    """Read and validate a sweep file; returns the spec and the base scenario's path or name.

    Raises
    ------
    ConfigError
        The file is missing or invalid (each problem named by its key).
    """
    from pydantic import ValidationError

    from borderlever.scenarios.loading import read_yaml
    from borderlever.scenarios.messages import config_error

    p = Path(path)
    if not p.is_file():
        raise ConfigError(f"sweep file {p} not found")
    doc = read_yaml(p)
    try:
        spec = SweepSpec.model_validate(doc)
    except ValidationError as exc:
        raise config_error(exc, SweepSpec, str(p)) from None
    local = p.parent / spec.scenario
    is_file = local.suffix in (".yaml", ".yml") and local.is_file()
    return spec, (local if is_file else Path(spec.scenario))
