from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from borderlever.errors import ConfigError, UnknownCodeError
from borderlever.evidence.catalogue import load_catalogue


def test_shipped_catalogue_holds_the_required_episodes() -> None:
    cat = load_catalogue()
    d = {e.id: e for e in cat.episodes}
    assert d["tariff-threat-2019"].dates.threat == dt.date(2019, 5, 30)
    assert d["tariff-threat-2019"].dates.concession == dt.date(2019, 6, 7)
    assert "6,000" in (d["tariff-threat-2019"].conceded or "")
    assert d["tariff-threat-2024"].dates.concession == dt.date(2025, 2, 3)
    assert "10,000" in (d["tariff-threat-2024"].conceded or "")
    assert "staffing_cut" in d["closure-threat-2019"].levers
    assert d["texas-inspections-2022"].levers == ("state_inspections",)
    assert d["mpp-2018"].dates.start.year == 2018
    assert d["merida-initiative"].levers == ("assistance",)
    assert d["covid-title42-2020"].dates.start == dt.date(2020, 3, 20)
    assert d["title42-end-2023"].dates.start == dt.date(2023, 5, 11)
    for ep in cat.episodes:
        assert ep.sources and all(s.url.startswith(("https://", "http://")) for s in ep.sources)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "eps.yaml"
    path.write_text(text)
    return path


GOOD = """
episodes:
  - id: demo
    title: Demo
    kind: lever
    levers: [tariff_threat]
    dates: {start: 2020-01-01, concession: 2020-02-01}
    summary: x
    sources: [{title: t, publisher: p, url: "https://example.org"}]
"""


def test_unknown_key_names_path_and_suggests(tmp_path: Path) -> None:
    bad = GOOD.replace("concession:", "concesion:")
    with pytest.raises(ConfigError) as err:
        load_catalogue(_write(tmp_path, bad))
    msg = str(err.value)
    assert "episodes[0].dates.concesion" in msg and "did you mean 'concession'" in msg


def test_unknown_lever_and_missing_split_date(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="levers"):
        load_catalogue(_write(tmp_path, GOOD.replace("tariff_threat", "tarif")))
    with pytest.raises(ConfigError, match="split_on"):
        load_catalogue(_write(tmp_path, GOOD.replace(", concession: 2020-02-01", "")))


def test_dates_before_start_are_rejected(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="before start"):
        load_catalogue(
            _write(tmp_path, GOOD.replace("concession: 2020-02-01", "concession: 2019-02-01"))
        )


def test_unknown_episode_suggests_close_ids() -> None:
    with pytest.raises(UnknownCodeError, match="did you mean 'tariff-threat-2019'"):
        load_catalogue().get("tarif-threat-2019")


def test_event_date_override() -> None:
    ep = load_catalogue().get("tariff-threat-2019")
    assert ep.event_date() == dt.date(2019, 6, 7)
    assert ep.event_date("threat") == dt.date(2019, 5, 30)
    with pytest.raises(ConfigError, match="dates.concession is not set"):
        load_catalogue().get("closure-threat-2019").event_date("concession")
