"""The common-shock sensitivity (difference-in-differences) by hand on synthetic counts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from borderlever.validation.controls import MEDIAN_SE, control_rows, read_controls


def _flat_ports(feb_2022: dict[str, float]) -> pd.DataFrame:
    """100 trucks and cars a month at each port since 2010, February 2022 as given."""
    idx = pd.date_range("2010-01-01", "2022-12-01", freq="MS")
    parts = []
    for port, feb in feb_2022.items():
        for measure in ("Trucks", "Personal Vehicles"):
            count = np.where(idx == pd.Timestamp("2022-02-01"), feb, 100.0)
            parts.append(
                pd.DataFrame({"port_code": port, "month": idx, "measure": measure, "count": count})
            )
    return pd.concat(parts, ignore_index=True)


def test_the_common_shock_is_taken_out_and_widens_the_band() -> None:
    controls = read_controls().set_index("episode").loc["2022-ambassador-bridge-blockade"]
    ports = controls["controls"].split()
    assert not {"3801", "3802", "3401", "3310"} & set(ports)  # the episode and the blockaded
    # half the untouched ports 6 % down in February 2022, half 4 %: median -5 %
    feb = {p: (94.0 if i % 2 else 96.0) for i, p in enumerate(ports)}
    crossings = _flat_ports(feb)
    frame = pd.DataFrame(
        [
            {"episode": "2022-ambassador-bridge-blockade", "port": "3801", "unit": "share",
             "figure": "trucks change beyond normal growth, 2022-02", "observed": -0.25,
             "band_low": -0.30, "band_high": -0.20, "simulated": -0.21, "inside": True,
             "sample": "out-of-sample"},
            {"episode": "2022-ambassador-bridge-blockade", "port": "3801", "unit": "h",
             "figure": "peak trucks wait (2022-02-08)", "observed": 1.5, "band_low": 0.7,
             "band_high": 3.2, "simulated": 0.4, "inside": False,
             "sample": "out-of-sample"},
        ]
    )  # fmt: skip
    out = control_rows(frame, crossings)
    assert len(out) == 1  # waits are not count rows
    r = out.iloc[0]
    assert r["control_median"] == pytest.approx(-0.05) and r["control_n"] == len(ports)
    assert r["observed_did"] == pytest.approx(0.75 / 0.95 - 1.0)
    se = MEDIAN_SE * np.std([-0.06, -0.04] * (len(ports) // 2), ddof=1) / np.sqrt(len(ports))
    half = np.hypot(0.05, 2.0 * se)
    assert r["band_high_did"] - r["observed_did"] == pytest.approx(half)
    assert r["inside_did"] == bool(abs(-0.21 - r["observed_did"]) <= half)
    assert r["sample"] == "out-of-sample"  # a calibration row would say in-sample
