"""Scenario models of the levers that are not border policies: tariffs, and a threat with a deadline.

A ``kind: tariff`` policy is priced from the trade flows in the store (no border simulation):
an ad valorem rate schedule on a partner's goods, scoped by HS chapter, with an optional exemption
for goods entering under USMCA and an optional retaliation schedule by the partner.  A ``threat``
block asks the run for the standoff model's answer (docs/standoff.md).

Examples
--------
>>> t = TariffPolicy.model_validate({"kind": "tariff", "partner": "MEX",
...     "schedule": [{"start_day": 0, "rate_pct": 5}, {"start_day": 21, "rate_pct": 10}]})
>>> t.rate_by_day(30)[[0, 20, 21, 29]].tolist()
[0.05, 0.05, 0.1, 0.1]
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

Partner = Literal["MEX", "CAN"]
#: How goods entering under USMCA are treated: ``none`` (the tariff hits every good),
#: ``exempt`` (goods claimed under USMCA pay nothing: the 2025 practice),
#: ``non_compliant_only`` (same arithmetic; named for a tariff aimed at non-compliant goods).
UsmcaRule = Literal["none", "exempt", "non_compliant_only"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RateStep(_Strict):
    """From a day (or date) on, the ad valorem rate is ``rate_pct`` (until the next step)."""

    start_day: int | None = Field(
        default=None, ge=0, description="First day of the rate, offset from the scenario start."
    )
    date: dt.date | None = Field(default=None, description="First day of the rate [ISO date].")
    rate_pct: float = Field(ge=0, le=500, description="Ad valorem rate on customs value [%].")

    @model_validator(mode="after")
    def _one_form(self) -> RateStep:
        if (self.start_day is None) == (self.date is None):
            raise ValueError("give exactly one of start_day or date for each rate step")
        return self

    def day(self, start: dt.date | None) -> int:
        """Offset of this step from the scenario ``start`` [days]."""
        if self.start_day is not None:
            return self.start_day
        assert self.date is not None
        if start is None:
            raise ValueError("a rate step given by date needs the scenario start")
        return (self.date - start).days


def _rates(steps: list[RateStep], days: int, start: dt.date | None) -> np.ndarray:
    """Rate in force on each day [fraction]; 0 before the first step."""
    out = np.zeros(days)
    for step in sorted(steps, key=lambda s: s.day(start)):
        out[max(step.day(start), 0) :] = step.rate_pct / 100.0
    return out


class Retaliation(_Strict):
    """The partner's tariff on US goods (same schedule form), optionally on some chapters only."""

    schedule: list[RateStep] = Field(min_length=1, description="The partner's rate steps.")
    hs_chapters: list[str] | None = Field(
        default=None, description="HS chapters hit (2-digit strings; default every chapter)."
    )
    note: str = Field(default="", description="Source of the retaliation's numbers.")


class TariffPolicy(_Strict):
    """An ad valorem US tariff on a partner's goods: priced from trade flows, not simulated."""

    kind: Literal["tariff"]
    partner: Partner = Field(description="Country whose goods the US tariff hits (ISO3).")
    schedule: list[RateStep] = Field(min_length=1, description="Rate steps by day or date.")
    hs_chapters: list[str] | None = Field(
        default=None, description="HS chapters hit (2-digit strings; default every chapter)."
    )
    exclude_hs_chapters: list[str] = Field(
        default_factory=list, description="HS chapters exempt from the tariff [2-digit strings]."
    )
    usmca: UsmcaRule = Field(
        default="none", description="Treatment of goods claimed under USMCA (none, exempt, ...)."
    )
    retaliation: Retaliation | None = Field(default=None, description="The partner's reply.")
    note: str = Field(default="", description="Source of this policy's numbers.")

    @model_validator(mode="after")
    def _chapters(self) -> TariffPolicy:
        lists = [self.hs_chapters or [], self.exclude_hs_chapters]
        if self.retaliation is not None:
            lists.append(self.retaliation.hs_chapters or [])
        for chapters in lists:
            bad = [c for c in chapters if len(c) != 2 or not c.isdigit()]
            if bad:
                raise ValueError(f"HS chapters are 2-digit strings such as '87'; got {bad}")
        return self

    def rate_by_day(self, days: int, start: dt.date | None = None) -> np.ndarray:
        """The US rate in force on each of ``days`` days [fraction of customs value]."""
        return _rates(list(self.schedule), days, start)

    def retaliation_by_day(self, days: int, start: dt.date | None = None) -> np.ndarray:
        """The partner's retaliatory rate on each day [fraction]; zeros without retaliation."""
        if self.retaliation is None:
            return np.zeros(days)
        return _rates(list(self.retaliation.schedule), days, start)


class ThreatSpec(_Strict):
    """A coercive threat: the sender demands something and imposes the levers after a deadline."""

    deadline_days: int = Field(
        ge=0, le=365, description="Days from the scenario start to the deadline [days]."
    )
    demand: str = Field(min_length=1, description="What the sender demands, in words.")
    sender: Literal["USA"] = Field(default="USA", description="Who threatens (ISO3).")
    target: Partner = Field(default="MEX", description="Who is threatened (ISO3).")
    note: str = Field(default="", description="Source of the threat's dates and wording.")
