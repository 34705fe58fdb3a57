"""Validation harness: observed changes and bands, simulated changes, scorecard rows, data files."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from borderlever.scenarios.loading import find_scenario
from borderlever.validation.observed import observed_change, observed_change_neighbours
from borderlever.validation.scorecard import (
    SCORECARD_COLUMNS,
    Replay,
    read_published_waits,
    read_replays,
    score_counts,
    score_waits,
    scorecard_frame,
)

IDX = pd.date_range("2008-01-01", "2022-12-01", freq="MS")


def _series(shock: dict[str, float], noise: float = 0.0, seed: int = 0) -> pd.Series:
    rng = np.random.default_rng(seed)
    base = 1000.0 * 1.04 ** ((IDX.year - 2008) + IDX.month / 12.0)
    s = pd.Series(base * (1.0 + noise * rng.standard_normal(len(IDX))), index=IDX)
    for month, factor in shock.items():
        s.loc[pd.Timestamp(f"{month}-01")] *= factor
    return s


def test_observed_change_recovers_an_injected_shock_and_skips_pandemic_years():
    s = _series({"2019-04": 0.85, "2019-05": 0.85}, noise=0.01, seed=1)
    c = observed_change(s, ["2019-04", "2019-05"])
    assert c.net == pytest.approx(-0.15, abs=0.03) and c.gap_years == 1
    assert c.band_low < c.net < c.band_high and c.sd > 0
    # 2022 against 2021 would compare with a pandemic year: the base moves to 2019
    c22 = observed_change(_series({"2022-02": 0.8}), ["2022-02"])
    assert c22.gap_years == 3 and c22.net == pytest.approx(-0.2, abs=1e-9)


def test_neighbour_method_ignores_a_level_shift_between_years():
    s = _series({"2022-02": 0.8})
    s.loc["2021-01-01":] *= 0.4  # a pandemic-like fall in level from 2021 on
    c = observed_change_neighbours(s, "2022-02")
    assert c.net == pytest.approx(-0.2, abs=1e-3) and c.n_ref == 8


def _replay(**kw) -> Replay:
    base = dict(
        scenario="x",
        months=("2019-04",),
        ports=("2304", "2401+2402"),
        measures=("Trucks",),
        in_sample=frozenset({("Trucks", "2304")}),
        skip_years=(),
        method="year",
        note="",
    )
    return Replay(**{**base, **kw})  # type: ignore[arg-type]


def _crossings() -> pd.DataFrame:
    rows = []
    for port, scale in (("2304", 1.0), ("2401", 0.5), ("2402", 0.5)):
        s = _series({"2019-04": 0.9}) * scale
        rows += [(port, m, "Trucks", v) for m, v in s.items()]
    return pd.DataFrame(rows, columns=["port_code", "month", "measure", "count"])


def test_score_counts_pools_ports_and_marks_in_sample_rows():
    cross = _crossings()
    april = float(
        cross[(cross.port_code == "2304") & (cross.month == "2019-04-01")]["count"].iloc[0]
    )
    daily = pd.DataFrame(
        {
            "replication": [0, 0, 1, 1],
            "port_code": ["2304", "2402", "2304", "2402"],
            "vehicle_class": ["truck_standard"] * 4,
            "day": [3, 3, 3, 3],
            "served": [90.0, 50.0, 80.0, 50.0],
            "baseline_served": [100.0, 50.0, 100.0, 50.0],
        }
    )
    rows = score_counts(_replay(), daily, "2019-04-01", cross)
    frame = scorecard_frame(rows)
    assert list(frame.columns) == list(SCORECARD_COLUMNS)
    laredo = frame.set_index("port").loc["2304"]
    assert laredo["sample"] == "in-sample"
    assert laredo["simulated"] == pytest.approx(-15.0 / april)
    assert laredo["observed"] == pytest.approx(-0.1, abs=1e-9)
    assert not bool(laredo["inside"])  # a noise-free history: the band is the observed point
    el_paso = frame.set_index("port").loc["2401+2402"]
    assert el_paso["sample"] == "out-of-sample" and el_paso["simulated"] == 0.0


def test_score_waits_uses_the_worst_hour_and_a_factor_two_band():
    pub = pd.DataFrame(
        {
            "episode": ["x"],
            "port_code": ["2304"],
            "vehicle_group": ["trucks"],
            "figure": ["peak_hour_wait_h"],
            "low_h": [4.0],
            "high_h": [5.0],
            "date": ["2019-04-03"],
            "source": ["https://example.org"],
            "what": ["up to five hours"],
        }
    )
    waits = pd.DataFrame(
        {
            "replication": [0, 1],
            "port_code": ["2304", "2304"],
            "vehicle_class": ["trucks", "trucks"],
            "peak_hour_wait_min_window": [180.0, 240.0],
        }
    )
    (row,) = score_waits(_replay(), waits, pub)
    assert (row["band_low"], row["band_high"]) == (2.0, 10.0)
    assert row["simulated"] == pytest.approx(3.5) and row["inside"] is True


def test_data_files_name_bundled_replays_and_sources():
    replays = read_replays()
    for r in replays:
        assert find_scenario(r.scenario).is_file()
        assert r.method in ("year", "neighbours") and r.months
    pub = read_published_waits()
    assert set(pub["episode"]) <= {r.scenario for r in replays}
    assert pub["source"].str.startswith("https://").all()
    assert (pub["low_h"] <= pub["high_h"]).all()
