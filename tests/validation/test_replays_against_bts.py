"""Replays against observed BTS counts they were never fitted on (raw data), and the harness.

``borderlever validate --quick`` runs here on the smallest replay (2 ports, 14 days, one
replication: seconds); the full scorecard is computed by the command and committed
(``src/borderlever/validation/data/scorecard.csv``, docs/validation.md).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from borderlever.cli.main import app
from borderlever.data.store import query
from borderlever.parameters import get
from borderlever.validation.behaviour import HELD_OUT, estimate_defer_share, read_behaviour_episodes
from borderlever.validation.scorecard import committed_scorecard, read_replays

pytestmark = pytest.mark.raw


@pytest.fixture(scope="module")
def ambassador(raw_store: Path, tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    out = tmp_path_factory.mktemp("validate") / "scorecard.json"
    res = CliRunner().invoke(
        app,
        [
            "validate",
            "--quick",
            "--episode",
            "2022-ambassador-bridge-blockade",
            "--json",
            str(out),
            "--store",
            str(raw_store),
        ],
        catch_exceptions=False,
    )
    assert res.exit_code == 0, res.output
    assert "how well the model reproduces past episodes" in res.output
    return pd.DataFrame(json.loads(out.read_text())["scorecard"])


def test_validate_command_scores_a_replay_out_of_sample(ambassador: pd.DataFrame) -> None:
    """The harness end to end: every BTS and published-wait figure of the replay is scored."""
    assert set(ambassador["port"]) == {"3801", "3802"}
    assert (ambassador["sample"] == "out-of-sample").all()
    assert ambassador["observed"].notna().all() and ambassador["simulated"].notna().all()
    assert {"trucks change beyond normal growth, 2022-02"} <= set(ambassador["figure"])


def test_ambassador_blockade_trucks_against_bts_february_2022(ambassador: pd.DataFrame) -> None:
    """OUT OF SAMPLE: Detroit (3801) trucks in February 2022 during the week-long blockade.

    Source: BTS Border Crossing Entry Data (``port_month_crossings``, Trucks): February 2022
    against January and March 2022 and the usual February ratio of 2010-2019 (the year-earlier
    month is a pandemic month): -23.5 %, band -29.8 to -17.1 % (+- 2 s.d. of ordinary
    years).  Nothing in the model was fitted on this episode.  Tolerance: the band itself; one
    replication (quick mode) suffices because the closure, not queueing noise, sets the loss.
    """
    row = ambassador[
        (ambassador["port"] == "3801") & ambassador["figure"].str.startswith("trucks")
    ].iloc[0]
    assert row["band_low"] <= row["simulated"] <= row["band_high"], row.to_dict()
    # and the diverted trucks show up at the Blue Water Bridge (3802), as observed (+6 %)
    div = ambassador[
        (ambassador["port"] == "3802") & ambassador["figure"].str.startswith("trucks")
    ].iloc[0]
    assert div["simulated"] > 0 and div["observed"] > 0


def test_committed_scorecard_covers_every_replay_and_marks_fitted_figures() -> None:
    """The committed scorecard (docs/validation.md) scores every bundled replay; the figures the
    Texas replay was calibrated on are marked in sample, and 2019 has no in-sample figure."""
    card = committed_scorecard()
    assert card is not None
    assert set(card["episode"]) == {r.scenario for r in read_replays()}
    texas = card[card["episode"] == "2022-texas-enhanced-inspections"]
    fitted = texas[texas["figure"].str.startswith("trucks") & (texas["port"] != "2301")]
    assert (fitted["sample"] == "in-sample").all()
    assert (card[card["episode"] == "2019-officer-reassignment"]["sample"] == "out-of-sample").all()


def test_calibration_defer_share_against_bts_makeup(raw_store: Path) -> None:
    """IN-SAMPLE calibration check: ``behaviour.defer_share`` (default, low, high) is the median
    and range of the make-up shares of the fitting episodes (BTS monthly trucks, the two months
    after the Texas DPS inspections 2022, the El Paso cargo suspensions 2023 and Eagle Pass
    2023), recomputed from the store.  Tolerance: the registry's two-decimal rounding.  The
    held-out episodes (2019 officers, 2022 Ambassador Bridge) are not in the fitting set."""
    crossings = query(
        "SELECT port_code, month, measure, count FROM port_month_crossings WHERE measure = 'Trucks'",
        store=raw_store,
    )
    med, lo, hi, rows = estimate_defer_share(crossings)
    p = get("behaviour.defer_share")
    assert abs(p.default - med) <= 0.005 and abs(p.low - lo) <= 0.005 and abs(p.high - hi) <= 0.005
    assert not set(read_behaviour_episodes()["episode"]) & set(HELD_OUT)
    assert all(r.shortfall > 0 for r in rows)
