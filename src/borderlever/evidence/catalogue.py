"""The episode catalogue: past uses of border pressure, and the big events that confound them.

Each episode is a YAML entry (``evidence/data/episodes.yaml``, shipped with the package) validated by
:class:`Episode`.  Lever episodes carry the dates of the threat, the deadline, the concession and
the end, the lever used, the ports or regions hit, what was conceded, known confounders and sources.
Non-lever events (``kind: confounder``: COVID restrictions, Title 42, ...) are catalogued too, so an
event study can flag them when they fall inside its window.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from borderlever.errors import ConfigError, UnknownCodeError
from borderlever.evidence.strict import load_yaml, validate_document

CATALOGUE_PATH = Path(__file__).with_name("data") / "episodes.yaml"

Lever = Literal[
    "closure_threat", "tariff_threat", "staffing_cut", "state_inspections", "assistance"
]
SplitOn = Literal["start", "threat", "deadline", "concession", "end"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    """A document an episode's dates or facts come from."""

    title: str = Field(description="Title of the document, as published.")
    publisher: str = Field(description="Who published it (agency, outlet).")
    url: str = Field(description="Address of the document.")
    date: dt.date | None = Field(None, description="Publication date, where known.")


class Dates(_Strict):
    """Calendar dates of an episode; ``start`` is required, the rest where they apply."""

    start: dt.date = Field(description="First date of the episode (threat made, policy in force).")
    threat: dt.date | None = Field(None, description="Date the threat was made public.")
    deadline: dt.date | None = Field(None, description="Deadline the threat set.")
    concession: dt.date | None = Field(None, description="Date the other side conceded.")
    end: dt.date | None = Field(None, description="Date the episode or policy ended.")

    @model_validator(mode="after")
    def _ordered(self) -> Dates:
        for name in ("threat", "deadline", "concession", "end"):
            value = getattr(self, name)
            if value is not None and value < self.start:
                raise ValueError(f"{name} {value} is before start {self.start}")
        return self


class Episode(_Strict):
    """One catalogued episode (a use of a lever) or confounding event."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="Short identifier, kebab-case.")
    title: str
    kind: Literal["lever", "confounder"] = Field(
        description="`lever`: the US used border or trade pressure; `confounder`: another event."
    )
    dates: Dates
    levers: tuple[Lever, ...] = Field(
        default=(), description="Levers used (empty for confounders)."
    )
    ports: tuple[str, ...] = Field(default=(), description="BTS port codes hit (4 digits).")
    regions: tuple[str, ...] = Field(default=(), description="Border regions or states concerned.")
    conceded: str | None = Field(None, description="What the other side conceded, in one line.")
    confounders: tuple[str, ...] = Field(
        default=(), description="Known confounders, in words (catalogued ones are found by date)."
    )
    split_on: SplitOn = Field(
        "concession", description="Which date splits pre- and post-period in an event study."
    )
    series: tuple[str, ...] = Field(default=(), description="Default series for the event study.")
    summary: str = Field(description="What happened, in two or three sentences.")
    sources: tuple[Source, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Episode:
        if self.kind == "lever" and not self.levers:
            raise ValueError("a lever episode needs at least one entry in `levers`")
        if getattr(self.dates, self.split_on) is None:
            raise ValueError(f"split_on is {self.split_on!r} but dates.{self.split_on} is not set")
        for code in self.ports:
            if not (len(code) == 4 and code.isdigit()):
                raise ValueError(f"port {code!r} is not a 4-digit BTS port code")
        return self

    def event_date(self, split_on: SplitOn | None = None) -> dt.date:
        """The date that splits pre- and post-period (``split_on`` overrides the episode's own)."""
        key = split_on or self.split_on
        value = getattr(self.dates, key)
        if value is None:
            raise ConfigError(
                f"episode {self.id}: dates.{key} is not set; "
                f"set dates: {[k for k, v in self.dates.model_dump().items() if v is not None]}"
            )
        return value

    def span(self) -> tuple[dt.date, dt.date]:
        """First and last catalogued date of the episode."""
        days = [d for d in self.dates.model_dump().values() if d is not None]
        return min(days), max(days)


class Catalogue(_Strict):
    """The whole catalogue document."""

    episodes: tuple[Episode, ...]

    @model_validator(mode="after")
    def _unique(self) -> Catalogue:
        ids = [e.id for e in self.episodes]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            raise ValueError(f"duplicate episode ids: {dup}")
        return self

    def get(self, episode_id: str) -> Episode:
        """The episode with this id; an unknown id raises with a did-you-mean."""
        for episode in self.episodes:
            if episode.id == episode_id:
                return episode
        raise UnknownCodeError("episode", episode_id, [e.id for e in self.episodes])

    @property
    def levers(self) -> tuple[Episode, ...]:
        return tuple(e for e in self.episodes if e.kind == "lever")


def load_catalogue(path: str | Path | None = None) -> Catalogue:
    """Read and validate a catalogue file (default: the one shipped with the package).

    Examples
    --------
    >>> cat = load_catalogue()
    >>> str(cat.get("tariff-threat-2019").dates.concession)
    '2019-06-07'
    """
    if path is None:
        return _shipped()
    return validate_document(Catalogue, load_yaml(path), source=str(path))


@cache
def _shipped() -> Catalogue:
    return validate_document(Catalogue, load_yaml(CATALOGUE_PATH), source=str(CATALOGUE_PATH))
