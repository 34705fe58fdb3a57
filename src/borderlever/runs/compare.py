"""Compare two scenarios or two result folders: what differs in the inputs, and in the outputs.

A side is a result folder (holding ``summary.json`` and ``scenario.yaml``) or a scenario name or
file; for a scenario, the outputs are read from ``out/<name>/summary.json`` when that run exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Sections of summary.json whose figures are compared.
OUTPUT_SECTIONS = ("totals", "economics", "ports")


@dataclass(frozen=True)
class Side:
    """One side of a comparison."""

    label: str
    inputs: dict[str, Any]
    summary: dict[str, Any] | None


def load_side(ref: str | Path, out_root: str | Path = "out") -> Side:
    """A result folder or a scenario (by name or file).

    A result folder must be a complete run (``complete.json`` present and every file it lists
    unchanged: :func:`~borderlever.runs.folder.verify_run_folder`); a damaged, truncated or
    half-written folder is refused, never compared.
    """
    from borderlever.runs.folder import read_run_json, verify_run_folder
    from borderlever.scenarios.loading import read_yaml

    path = Path(ref)
    if path.is_dir():
        verify_run_folder(path)
        summary = read_run_json(path, "summary.json")
        return Side(str(path), read_yaml(path / "scenario.yaml"), summary)
    from borderlever.scenarios import load_spec

    spec = load_spec(ref)
    run = Path(out_root) / spec.name
    summary = None
    if run.is_dir():
        verify_run_folder(run)
        summary = read_run_json(run, "summary.json")
    return Side(spec.name, spec.model_dump(mode="json", exclude={"base"}), summary)


def flatten(doc: Any, prefix: str = "") -> dict[str, Any]:
    """Nested dicts and lists -> {"a.b[0].c": leaf}.

    Examples
    --------
    >>> flatten({"a": {"b": [1, {"c": 2}]}})
    {'a.b[0]': 1, 'a.b[1].c': 2}
    """
    out: dict[str, Any] = {}
    if isinstance(doc, dict):
        for k, v in doc.items():
            out.update(flatten(v, f"{prefix}.{k}" if prefix else str(k)))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            out.update(flatten(v, f"{prefix}[{i}]"))
    else:
        out[prefix] = doc
    return out


def diff_inputs(a: Side, b: Side) -> list[tuple[str, Any, Any]]:
    """(key path, value in A, value in B) for every input that differs."""
    fa, fb = flatten(a.inputs), flatten(b.inputs)
    keys = sorted(set(fa) | set(fb))
    return [(k, fa.get(k), fb.get(k)) for k in keys if fa.get(k) != fb.get(k)]


def _means(summary: dict[str, Any]) -> dict[str, float]:
    flat = flatten({k: summary.get(k) for k in OUTPUT_SECTIONS})
    out: dict[str, float] = {}
    for key, value in flat.items():
        if not isinstance(value, int | float) or isinstance(value, bool):
            continue
        if key.endswith((".ci_low", ".ci_high")):
            continue
        out[key.removesuffix(".mean")] = float(value)
    return out


def diff_outputs(a: Side, b: Side) -> list[tuple[str, float | None, float | None, float | None]]:
    """(figure, A, B, B - A) for every output figure (means) present on either side."""
    if a.summary is None or b.summary is None:
        return []
    ma, mb = _means(a.summary), _means(b.summary)
    rows = []
    for key in sorted(set(ma) | set(mb)):
        va, vb = ma.get(key), mb.get(key)
        delta = vb - va if va is not None and vb is not None else None
        rows.append((key, va, vb, delta))
    return rows
