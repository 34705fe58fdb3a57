"""Scenario files: YAML validated by pydantic, inheritance, resolution against the store, a hash.

This is the only package that knows YAML and pydantic; the engine and the economics receive the
plain objects built by :mod:`borderlever.scenarios.convert`.
"""

from borderlever.scenarios.loading import deep_merge, find_scenario, library_files, load_spec
from borderlever.scenarios.resolve import ResolvedPolicy, ResolvedScenario, resolve, scenario_hash
from borderlever.scenarios.spec import ScenarioSpec

__all__ = [
    "ResolvedPolicy",
    "ResolvedScenario",
    "ScenarioSpec",
    "deep_merge",
    "find_scenario",
    "library_files",
    "load_spec",
    "resolve",
    "scenario_hash",
]
