"""Validation harness: observed changes and bands, simulated changes, scorecard rows, data files."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from borderlever.errors import DataError
from borderlever.scenarios.loading import find_scenario
from borderlever.validation.observed import observed_change, observed_change_neighbours
from borderlever.validation.scorecard import (
    SCORECARD_COLUMNS,
    Replay,
    add_parameter_interval,
    episode_counts,
    overlaps,
    read_published_waits,
    read_replays,
    score_counts,
    score_waits,
    scorecard_frame,
)
from borderlever.validation.waits import (
    MEASURES,
    peak_in,
    pooled_hourly,
    read_published_waits_file,
    service_min,
    span_hours,
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


def _published(**kw) -> pd.DataFrame:
    base = {
        "episode": "x",
        "port_code": "2304",
        "vehicle_group": "trucks",
        "figure": "peak_hour_wait_h",
        "low_h": 4.0,
        "high_h": 5.0,
        "date": "2019-04-03",
        "measure": "cbp_posted",
        "source": "https://example.org",
        "what": "up to five hours",
    }
    return pd.DataFrame([{**base, **kw}])


def _date_waits(port: str = "2304", date: str = "2019-04-03") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "replication": [0, 1],
            "port_code": [port, port],
            "vehicle_group": ["trucks", "trucks"],
            "date": [date, date],
            "wait_min": [150.0, 210.0],
            "in_line_min": [210.0, 270.0],
            "window_wait_min": [600.0, 660.0],
            "window_in_line_min": [660.0, 720.0],
            "upstream_delay_min": [30.0, 30.0],
        }
    )


def test_score_waits_compares_the_date_and_keeps_the_window_peak_apart():
    (row,) = score_waits(_replay(), _date_waits(), _published())
    assert (row["band_low"], row["band_high"]) == (2.0, 10.0)
    # cbp_posted: upstream delay + queueing wait on the date, per replication: 3.0 and 4.0 h
    assert row["simulated"] == pytest.approx(3.5) and row["inside"] is True
    assert row["sim_low"] == pytest.approx(3.025) and row["sim_high"] == pytest.approx(3.975)
    assert row["window_peak"] == pytest.approx(11.0)  # the old figure, outside the band
    assert row["measure"] == "cbp_posted" and "that day" in row["figure"]


def test_score_waits_maps_reported_in_line_to_joining_the_line_to_release():
    pub = _published(measure="reported_in_line", low_h=48.0, high_h=float("inf"))
    (row,) = score_waits(_replay(), _date_waits(), pub)
    assert row["simulated"] == pytest.approx(4.5)  # (30 + 210..270) / 60: service included
    assert row["observed"] == 48.0 and (row["band_low"], row["band_high"]) == (24.0, float("inf"))
    assert row["inside"] is False and "lower bound" in row["source"]


def test_score_waits_takes_the_worse_port_of_a_group_and_nan_for_a_missing_date():
    dw = pd.concat([_date_waits("2401"), _date_waits("2402").assign(wait_min=[30.0, 600.0])])
    (row,) = score_waits(_replay(), dw, _published(port_code="2401+2402"))
    assert row["simulated"] == pytest.approx(((30 + 150) / 60 + (30 + 600) / 60) / 2)
    (gone,) = score_waits(_replay(), dw, _published(date="2019-05-01"))
    assert np.isnan(gone["simulated"]) and gone["inside"] is None


def test_date_matching_picks_the_hours_of_that_local_day():
    start = dt.date(2019, 4, 1)
    assert span_hours("2019-04-03", start, 24 * 10) == (48, 72)
    assert span_hours("2019-04-09/2019-04-12", start, 24 * 10) == (192, 240)  # clipped
    assert span_hours("2019-04-12", start, 24 * 10) is None
    hourly = np.zeros((2, 1, 96))
    hourly[:, 0, 60] = [100.0, 120.0]  # day 2 (04-03), 12:00
    hourly[:, 0, 80] = [500.0, 520.0]  # day 3 (04-04): the window's worst hour, not 04-03's
    seen = np.ones_like(hourly, bool)
    assert peak_in(hourly, seen, span_hours("2019-04-03", start, 96)).tolist() == [[100.0], [120.0]]
    assert peak_in(hourly, seen, (0, 96)).tolist() == [[500.0], [520.0]]
    assert np.isnan(peak_in(hourly, np.zeros_like(seen), (48, 72))).all()


def test_date_peak_against_engine_span_stats():
    """The recomputed worst hour equals the engine's ``peak_hour_wait_min`` over the same
    span (:func:`borderlever.sim.waits.span_stats`), classes pooled by their vehicles."""
    from borderlever.sim import layout as L
    from borderlever.sim.waits import _queue_sums, span_stats

    rng = np.random.default_rng(3)
    raw = np.zeros((2, 3, 48, L.N_K))
    raw[..., L.K_WN] = rng.integers(0, 4, size=(2, 3, 48))
    raw[..., L.K_WMEAN] = np.where(raw[..., L.K_WN] > 0, rng.uniform(0, 300, (2, 3, 48)), 0.0)
    raw[..., L.K_WP50] = raw[..., L.K_WMEAN]
    raw[..., L.K_WP95] = raw[..., L.K_WMEAN] * 1.5
    raw[..., L.K_WMAX] = raw[..., L.K_WMEAN] * 2.0
    group = np.array([0, 0, 1])  # queues 0 and 1 pooled, queue 2 alone
    member = np.array([[True, True, False], [False, False, True]])
    hourly = pooled_hourly(raw[..., L.K_WN], raw[..., L.K_WMEAN], member)
    seen = np.einsum("gq,rqh->rgh", member.astype(float), raw[..., L.K_WN]) > 0
    for span in ((0, 24), (24, 48), (5, 30)):
        eng = span_stats(raw, _queue_sums(raw, *span), group, 2, span)["peak_hour_wait_min"]
        assert np.allclose(peak_in(hourly, seen, span), eng, rtol=1e-12, equal_nan=True)


def test_service_along_the_stages_adds_the_referred_share_of_each_stage():
    share = np.zeros((1, 2, 3, 4))
    share[:, :, 0] = 1.0
    share[0, 0, 2, 2:] = 1.0  # class 0: an added stage (DPS) from hour 2 on, every vehicle
    share[0, 1, 1] = 0.1  # class 1: 10 % to secondary
    mean = np.array([[[1.5, 30.0, 52.5], [1.0, 20.0, 0.0]]])
    svc = service_min(share, mean, np.array([0, 0]), np.array([0, 1]), 4)
    assert svc.tolist() == [[1.5, 1.5, 54.0, 54.0], [3.0, 3.0, 3.0, 3.0]]


def test_parameter_interval_overlap_and_counts():
    assert overlaps(2.0, 10.0, 9.0, 12.0) and not overlaps(2.0, 10.0, 10.5, 12.0)
    assert overlaps(24.0, float("inf"), 25.0, 30.0) and overlaps(np.nan, 1.0, 0.0, 1.0) is None
    rows = [
        {"episode": "x", "port": "1", "figure": "f", "band_low": 0.0, "band_high": 1.0},
        {"episode": "x", "port": "2", "figure": "f", "band_low": 0.0, "band_high": 1.0},
    ]
    draws = [
        [{**rows[0], "simulated": v}, {**rows[1], "simulated": 5.0 + v}]
        for v in np.linspace(0.5, 2, 9)
    ]
    out = add_parameter_interval(rows, draws)
    assert out[0]["inside_with_parameters"] is True and out[1]["inside_with_parameters"] is False
    assert out[0]["param_low"] == pytest.approx(0.5375) and out[0]["param_high"] == pytest.approx(
        1.9625
    )
    with pytest.raises(RuntimeError, match="out of step"):
        add_parameter_interval(rows, [list(reversed(d)) for d in draws])
    frame = scorecard_frame(
        [
            {**out[0], "sample": "in-sample", "inside": True},
            {**out[1], "sample": "out-of-sample", "inside": False},
            {**out[1], "sample": "out-of-sample", "inside": None},
        ]
    )
    counts = episode_counts(frame).set_index("sample")
    assert counts.loc["in-sample", ["scored", "inside", "inside_with_parameters"]].tolist() == [
        1,
        1,
        1,
    ]
    assert counts.loc["out-of-sample", ["scored", "inside", "param_scored"]].tolist() == [1, 0, 2]


GOOD = _published().assign(episode="2019-officer-reassignment").astype(str)


@pytest.mark.parametrize(
    ("field", "value", "match"),
    [
        ("measure", "posted", "measure 'posted'"),
        ("date", "2019-04-31", "date '2019-04-31'"),
        ("date", "2019-04-05/2019-04-01", "date"),
        ("port_code", "Laredo", "port code"),
        ("vehicle_group", "cars", "vehicle group"),
        ("low_h", "five", "low_h 'five'"),
        ("low_h", "0", "low_h '0'"),
        ("high_h", "3", "high_h '3'"),
        ("source", "Politico", "source"),
        ("episode", "2020-nothing", "not a bundled replay"),
    ],
)
def test_bad_published_wait_rows_name_file_row_and_field(tmp_path, field, value, match):
    bad = pd.concat([GOOD, GOOD.assign(**{field: value})], ignore_index=True)
    path = tmp_path / "published_waits.csv"
    bad.to_csv(path, index=False)
    with pytest.raises(DataError, match=match) as err:
        read_published_waits_file(path, ["2019-officer-reassignment"])
    assert err.value.row == 2 and err.value.column == field and str(path) in str(err.value)


def test_published_waits_need_every_column(tmp_path):
    path = tmp_path / "w.csv"
    GOOD.drop(columns=["measure"]).to_csv(path, index=False)
    with pytest.raises(DataError, match="measure"):
        read_published_waits_file(path)


def test_data_files_name_bundled_replays_and_sources():
    replays = read_replays()
    for r in replays:
        assert find_scenario(r.scenario).is_file()
        assert r.method in ("year", "neighbours") and r.months
    pub = read_published_waits()
    assert set(pub["episode"]) <= {r.scenario for r in replays}
    assert pub["source"].str.startswith("https://").all()
    assert (pub["low_h"] <= pub["high_h"]).all()
    assert set(pub["measure"]) == set(MEASURES)  # both kinds of published wait are scored


def test_parameter_pass_draws_the_sim_parameters_seeded_one_replication_each():
    from borderlever.parameters import registry
    from borderlever.scenarios import ScenarioSpec
    from borderlever.scenarios.resolve import ResolvedScenario
    from borderlever.validation.replay import parameter_points, sim_parameter_names

    reg = registry()
    names = sim_parameter_names()
    wanted = {
        n
        for n, p in reg.items()
        if n.startswith(("behaviour.", "staffing.")) and p.distribution != "fixed"
    }
    assert wanted <= set(names) and all(reg[n].acts_on == "sim" for n in names)
    spec = ScenarioSpec(
        name="x",
        description="d",
        start=dt.date(2025, 1, 1),
        horizon_days=1,
        ports={"codes": ["2304"]},
        replications=5,
        seed=7,
    )
    resolved = ResolvedScenario(spec=spec, port_codes=("2304",), policies=())
    a, b = parameter_points(resolved, 4), parameter_points(resolved, 4)
    assert [p.spec.parameters for p in a] == [p.spec.parameters for p in b]  # seeded
    assert all(p.spec.replications == 1 for p in a)
    assert len({p.spec.seed for p in a}) == 4  # each draw its own replication seed
    for n in names:
        vals = [p.spec.parameters[n] for p in a]
        assert all(reg[n].low <= v <= reg[n].high for v in vals) and len(set(vals)) == 4
