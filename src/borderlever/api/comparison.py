"""``borderlever.compare``: what differs between two runs, in the inputs and in the outputs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from borderlever.api.core import Run, load


@dataclass(frozen=True)
class Comparison:
    """Two runs side by side.

    Attributes
    ----------
    a, b : str
        Labels of the two sides (scenario name or folder).
    inputs : DataFrame
        ``key, a, b``: every resolved scenario key that differs.
    outputs : DataFrame
        ``figure, a, b, delta``: every summary figure (means) on either side, ``delta = b - a``.
    summaries : tuple of dict or None
        The two summaries (None where a side has no run).
    """

    a: str
    b: str
    inputs: pd.DataFrame
    outputs: pd.DataFrame
    summaries: tuple[dict[str, Any] | None, dict[str, Any] | None]

    def changed(self, ports: bool = False) -> pd.DataFrame:
        """Output figures that differ (per-port figures only with ``ports=True``)."""
        out = self.outputs
        keep = out["delta"].isna() | (out["delta"] != 0)
        if not ports:
            keep &= ~out["figure"].str.startswith("ports.")
        return out[keep].reset_index(drop=True)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able: ``{"a", "b", "inputs": [...], "outputs": [...]}``."""
        return {
            "a": self.a,
            "b": self.b,
            "inputs": [
                {"key": k, "a": va, "b": vb} for k, va, vb in self.inputs.itertuples(index=False)
            ],
            "outputs": [
                {"figure": f, "a": _none(va), "b": _none(vb), "delta": _none(d)}
                for f, va, vb, d in self.outputs.itertuples(index=False)
            ],
        }


def _none(x: Any) -> Any:
    return None if x is None or (isinstance(x, float) and x != x) else x


def _side(ref: Run | str | Path, out_root: str | Path) -> Any:
    from borderlever.runs.compare import Side, load_side

    if isinstance(ref, Run):
        label = ref.name if ref._source is None else str(ref._source)
        return Side(label, ref.scenario, ref.summary)
    path = Path(ref)
    if path.is_dir():
        run = load(path)
        return Side(str(path), run.scenario, run.summary)
    return load_side(ref, out_root)


def compare(
    a: Run | str | Path, b: Run | str | Path, *, out_root: str | Path = "out"
) -> Comparison:
    """Compare two runs (or run folders, or scenarios by name: then ``out_root/<name>`` is used).

    Examples
    --------
    >>> c = compare("seed-14-day-closure", "commercial-only-closure-14d", out_root="/nonexistent")
    >>> "policies[0].classes[0]" in set(c.inputs["key"])
    True
    """
    from borderlever.runs.compare import diff_inputs, diff_outputs

    sa, sb = _side(a, out_root), _side(b, out_root)
    inputs = pd.DataFrame(diff_inputs(sa, sb), columns=["key", "a", "b"])
    outputs = pd.DataFrame(diff_outputs(sa, sb), columns=["figure", "a", "b", "delta"])
    return Comparison(sa.label, sb.label, inputs, outputs, (sa.summary, sb.summary))
