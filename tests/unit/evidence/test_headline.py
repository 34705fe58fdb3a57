"""Placebo-skill engine: choice before the post-period, fit check, disagreement, designs, table."""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from borderlever.data.store import query
from borderlever.errors import ConfigError, DataError
from borderlever.evidence.catalogue import load_catalogue
from borderlever.evidence.claim_effects import make_engine
from borderlever.evidence.claims import NOT_ESTABLISHED, check_claims, load_claims
from borderlever.evidence.designs import load_designs
from borderlever.evidence.event_study import Effect
from borderlever.evidence.headline import (
    INCONCLUSIVE,
    HeadlineOptions,
    ModelResult,
    _headline,
    headline_study,
)
from borderlever.evidence.series import SERIES, load_series
from borderlever.evidence.skill import Panel, Skill, placebo_skill, window
from borderlever.evidence.table import evidence_table

FAST = ("snaive_log", "ols_log", "synth_log")
IDX = pd.date_range("2010-01-01", periods=120, freq="MS")


def _panel(seed: int = 0, surge: bool = False) -> Panel:
    rng = np.random.default_rng(seed)
    f = np.cumsum(rng.normal(0, 0.05, 120))
    if surge:
        f += 0.8 * np.exp(-0.5 * ((np.arange(120) - 107) / 3) ** 2)
    season = 0.2 * np.sin(2 * np.pi * IDX.month.to_numpy() / 12)
    y = pd.Series(np.exp(8 + f + season + rng.normal(0, 0.03, 120)), index=IDX, name="y")
    x = pd.DataFrame(
        {f"c{j}": np.exp(5 + f + rng.normal(0, 0.03, 120)) for j in range(2)}, index=IDX
    )
    return Panel.build(y, x)


def test_model_choice_never_sees_the_post_period() -> None:
    panel = _panel()
    fp = pd.Timestamp("2019-01-01")
    a = placebo_skill(panel, fp, FAST, pre_months=36, n=30)
    after = panel.y.index >= fp
    ctrl = panel.controls.copy()
    ctrl.loc[after] *= 0.01
    wild = Panel(panel.y.where(~after, panel.y * 50), ctrl)
    b = placebo_skill(wild, fp, FAST, pre_months=36, n=30)
    pd.testing.assert_frame_equal(a.table, b.table)
    assert a.chosen(3) in FAST and a.table["n"].eq(30).all()


def test_window_rejects_gaps_short_and_non_positive_series() -> None:
    panel = _panel()
    with pytest.raises(DataError, match="at least 24 are needed"):
        window(panel, IDX[10], pre_months=60, min_pre_months=24, steps=6, controls=False)
    y = panel.y.copy()
    y.iloc[100] = np.nan
    with pytest.raises(DataError, match="missing in the pre-period: 2018-05"):
        window(Panel(y, panel.controls), IDX[110], pre_months=60, min_pre_months=24, steps=6,
               controls=False)  # fmt: skip
    y.iloc[100] = 0.0
    with pytest.raises(DataError, match="non-positive"):
        window(Panel(y, panel.controls), IDX[110], pre_months=60, min_pre_months=24, steps=6,
               controls=False)  # fmt: skip


def test_fit_check_keeps_a_jumping_model_out_of_the_headline() -> None:
    """A surge peaking just before the event: the trend model's first month drops far below the
    last observed month; it is flagged and cannot be chosen."""
    res = headline_study(_panel(3, surge=True), dt.date(2019, 1, 1),
                         HeadlineOptions(pre_months=36, skill_n=30, models=FAST))  # fmt: skip
    ols = res.results["ols_log"]
    assert ols.fit_check["flag"] and "FLAG" in ols.fit_check["text"]
    assert all(hd.model != "ols_log" for hd in res.headlines.values())
    assert res.skill.table.loc[res.skill.table["model"] == "ols_log", "eligible"].eq(False).all()
    assert any("fit check flags ols_log" in n for n in res.notes)
    frame = res.effects_frame()
    assert set(frame["model"]) == set(FAST) and frame["chosen"].sum() == 3


def _result(name: str, obs: float, cf: float) -> ModelResult:
    eff = Effect(3, pd.Timestamp("2019-03-01"), obs, cf, cf * 0.7, cf * 1.3)
    return ModelResult(name, pd.DataFrame(), {3: eff}, {3: eff}, "placebo-calibrated", 40,
                       {"flag": False})  # fmt: skip


def _skill(near: dict[str, bool], chosen: str) -> Skill:
    table = pd.DataFrame(
        [
            {"model": m, "horizon": 3, "chosen": m == chosen, "near_best": nb}
            for m, nb in near.items()
        ]
    )
    return Skill({}, table, (3,))


def test_headline_is_inconclusive_where_near_best_models_disagree_in_sign() -> None:
    results = {"a": _result("a", 80, 100), "b": _result("b", 80, 70), "c": _result("c", 80, 60)}
    hd = _headline(3, _skill({"a": True, "b": True, "c": False}, "a"), results)
    assert hd.verdict == INCONCLUSIVE and hd.disagree == ["b"]
    assert hd.text.startswith(INCONCLUSIVE) and "a -20 %" in hd.text and "b +14 %" in hd.text
    # a model that forecast the pre-period measurably worse does not make it inconclusive
    hd = _headline(3, _skill({"a": True, "b": False, "c": False}, "a"), results)
    assert hd.verdict == "no detectable change" and hd.model == "a" and "-20 %" in hd.text


def test_designs_cover_every_lever_episode_with_known_series() -> None:
    designs = load_designs()
    assert set(designs.outcomes) <= set(SERIES)
    for ep in load_catalogue().levers:
        d = designs.get(ep.id)
        assert set(d.controls) == set(designs.outcomes), ep.id
        for ctrl in d.controls.values():
            assert set(ctrl.series) <= set(SERIES) and ctrl.why.strip()
            assert ep.id != "tariff-threat-2024" or not any("nb_" in s for s in ctrl.series)


def test_bad_designs_file_is_a_config_error(tmp_path: Path) -> None:
    bad = tmp_path / "d.yaml"
    bad.write_text("outcomes: [y]\ndesigns:\n  - episode: x\n    contrls: {}\n")
    with pytest.raises(ConfigError, match="did you mean 'controls'"):
        load_designs(bad)


def test_evidence_table_rows_say_identified_confounded_or_not_estimable(
    synthetic_store: Path,
) -> None:
    load = partial(load_series, query=partial(query, store=synthetic_store))
    rows, studies = evidence_table(
        load_catalogue(), load, HeadlineOptions(skill_n=20, models=FAST),
        episodes=["tariff-threat-2019"], outcomes=["sw_encounters_usbp", "fentanyl_seized_lb"],
    )  # fmt: skip
    assert len(rows) == 6 and set(rows["horizon"]) == {"1m", "3m", "6m"}
    enc = rows[rows["outcome"] == "sw_encounters_usbp"]
    assert enc["identification"].eq("confounded").all()
    assert enc["confounded_by"].str.contains("MPP (a US policy) expanded", regex=False).all()
    assert enc["baselines"].str.contains("snaive_log").all()
    fent = rows[rows["outcome"] == "fentanyl_seized_lb"]
    assert (
        fent["verdict"].eq("not estimable").all()
        and fent["headline"].str.contains("at least 24").all()
    )
    st = studies[("tariff-threat-2019", "sw_encounters_usbp")]
    doc = st.to_dict()
    assert doc["controls"] == [
        "nb_encounters_usbp",
        "coastal_encounters_usbp",
        "air_encounters_ofo",
    ]
    assert set(doc["baselines"]) == {"snaive_log"} and doc["identification"]["identified"] is False


def test_change_claims_use_the_event_study_engine(synthetic_store: Path) -> None:
    q = partial(query, store=synthetic_store)
    engine = make_engine(partial(load_series, query=q), load_catalogue(),
                         HeadlineOptions(skill_n=20, models=FAST))  # fmt: skip
    rows = {r["id"]: r for r in check_claims(load_claims(), q, engine)}
    raw = rows["encounters-fell-after-june-2019"]
    assert raw["claim_kind"].startswith("raw before/after change")
    assert abs(raw["engine"]["raw_change"]["pct"] - raw["measured"]) < 1e-9
    assert "not an effect" in raw["says"] and "net of seasonality" in raw["says"]
    eff = rows["june-2019-deal-halved-encounters"]
    assert eff["claim_kind"].startswith("effect net of a counterfactual")
    assert eff["engine"]["headline"]["model"] in FAST
    assert eff["verdict"] in {"supported", "overstated", NOT_ESTABLISHED}
