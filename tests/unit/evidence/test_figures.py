from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from borderlever.evidence.catalogue import load_catalogue
from borderlever.evidence.episode_study import StudyOptions, study_series
from borderlever.evidence.figures import event_study_figure, write_html


def test_figure_has_band_counterfactual_observed_and_markers(tmp_path: Path) -> None:
    idx = pd.date_range("2014-01-01", "2019-12-01", freq="MS")
    rng = np.random.default_rng(3)
    s = pd.Series(np.exp(8 + rng.normal(0, 0.05, len(idx))), index=idx, name="demo")
    cat = load_catalogue()
    ep = cat.get("tariff-threat-2019")
    res = study_series(s, ep, cat)
    assert res.first_post == pd.Timestamp(dt.date(2019, 6, 1))
    fig = event_study_figure(res, ep, unit="encounters")
    names = [t.name for t in fig.data]
    # the reported interval is the placebo-calibrated one (drawn at 1/3/6 months); the band is
    # the model's own
    assert names == [
        "95 % model interval",
        "95 % placebo-calibrated interval",
        "fit (pre-period)",
        "counterfactual",
        "observed",
    ]
    no_cal = event_study_figure(study_series(s, ep, cat, StudyOptions(calibration_n=0)), ep)
    assert [t.name for t in no_cal.data][0] == "95 % interval"
    texts = [a.text for a in fig.layout.annotations]
    assert {"threat", "deadline", "concession", "end"} <= set(texts)
    path = write_html(fig, tmp_path / "f.html")
    assert path.stat().st_size > 100_000  # plotly.js inlined: works offline
