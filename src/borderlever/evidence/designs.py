"""Study designs per lever episode: the control series each outcome may use (chosen before any
post-period was looked at, with the reason), and the changes that came with the episode itself.

The designs live in ``evidence/data/designs.yaml`` (strict YAML, validated by :class:`DesignFile`).
:func:`panel_for` turns a design into a :class:`~borderlever.evidence.skill.Panel` with a series
loader the caller passes in (the CLI loads from the store), so this module does no I/O of its own
beyond reading the shipped YAML.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from borderlever.errors import DataError
from borderlever.evidence.skill import Panel
from borderlever.evidence.strict import load_yaml, validate_document

DESIGNS_PATH = Path(__file__).with_name("data") / "designs.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ControlSet(_Strict):
    """Control series for one outcome and why the lever did not reach them."""

    series: tuple[str, ...] = Field(default=(), description="Series names (evidence.series).")
    why: str = Field(description="Why these series were outside the lever's reach (or why none).")


class Simultaneous(_Strict):
    """A change that came with the episode and confounds some of its outcomes."""

    change: str = Field(description="What changed, in words.")
    outcomes: tuple[str, ...] | None = Field(
        None, description="Outcome series it confounds (default: all)."
    )


class Design(_Strict):
    """One episode's design."""

    episode: str
    simultaneous: tuple[Simultaneous, ...] = Field(
        default=(), description="Changes that came with the episode (confound it)."
    )
    controls: dict[str, ControlSet] = Field(default_factory=dict)

    def confounding(self, outcome: str) -> list[str]:
        """The simultaneous changes that confound ``outcome``."""
        return [s.change for s in self.simultaneous if s.outcomes is None or outcome in s.outcomes]


class DesignFile(_Strict):
    """The designs document."""

    outcomes: tuple[str, ...] = Field(description="Outcome series of the evidence table.")
    designs: tuple[Design, ...]

    def get(self, episode_id: str) -> Design:
        """The design of ``episode_id`` (an empty one where none is written)."""
        for d in self.designs:
            if d.episode == episode_id:
                return d
        return Design(episode=episode_id)


def load_designs(path: str | Path | None = None) -> DesignFile:
    """Read and validate a designs file (default: the shipped one).

    Examples
    --------
    >>> load_designs().get("tariff-threat-2019").controls["sw_encounters_usbp"].series
    ('nb_encounters_usbp', 'coastal_encounters_usbp', 'air_encounters_ofo')
    """
    if path is None:
        return _shipped()
    return validate_document(DesignFile, load_yaml(path), source=str(path))


@cache
def _shipped() -> DesignFile:
    return validate_document(DesignFile, load_yaml(DESIGNS_PATH), source=str(DESIGNS_PATH))


def panel_for(
    outcome: str,
    design: Design,
    load: Callable[[str], pd.Series],
    *,
    use_controls: bool = True,
) -> tuple[Panel, list[str]]:
    """The outcome series with its design's control series, and notes on controls left out.

    ``load(name)`` returns a monthly Series (e.g. :func:`~borderlever.evidence.series.load_series`
    bound to a store); a control that cannot be loaded is left out with a note.
    """
    y = load(outcome)
    ctrl = design.controls.get(outcome)
    notes: list[str] = []
    if not use_controls or ctrl is None or not ctrl.series:
        if ctrl is not None and use_controls:
            notes.append(f"no control series: {ctrl.why.strip()}")
        return Panel.build(y), notes
    cols = {}
    for name in ctrl.series:
        try:
            cols[name] = load(name)
        except DataError as exc:
            notes.append(f"control {name} left out: {exc}")
    frame = pd.DataFrame(cols) if cols else None
    return Panel.build(y, frame), notes
