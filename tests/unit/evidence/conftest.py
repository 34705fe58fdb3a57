"""A small synthetic store with the views the evidence layer reads (same columns as the real ones)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

MONTHS = pd.date_range("2012-01-01", "2025-06-01", freq="MS")


def seasonal(
    rng: np.random.Generator,
    months: pd.DatetimeIndex,
    level: float,
    growth: float,
    amp: float = 0.15,
    noise: float = 0.05,
) -> np.ndarray:
    """Positive series: exp(log level + trend + sine seasonality + normal noise)."""
    t = np.arange(len(months))
    season = amp * np.sin(2 * np.pi * (months.month.to_numpy() - 3) / 12)
    return np.exp(np.log(level) + growth * t + season + rng.normal(0, noise, len(months)))


def build_synthetic_store(path: Path, seed: int = 7) -> Path:
    """Write the synthetic store to ``path`` and return it."""
    rng = np.random.default_rng(seed)
    enc = []
    for comp, lvl in (("USBP", 40000.0), ("OFO", 8000.0)):
        vals = seasonal(rng, MONTHS, lvl, 0.004)
        enc.append(
            pd.DataFrame(
                {
                    "month": MONTHS,
                    "component": comp,
                    "region": "Southwest Land Border",
                    "sector": "All",
                    "count": vals.round(),
                    "source": "synthetic",
                }
            )
        )
    for region, comp, lvl in (
        ("Northern Land Border", "USBP", 400.0),
        ("Coastal Border", "USBP", 300.0),
        ("Air Ports of Entry/Interior", "OFO", 5000.0),
        ("Northern Land Border", "OFO", 2500.0),
    ):
        ctrl_months = MONTHS[MONTHS <= "2024-11-01"]
        enc.append(
            pd.DataFrame(
                {
                    "month": ctrl_months,
                    "component": comp,
                    "region": region,
                    "sector": "All",
                    "count": seasonal(rng, ctrl_months, lvl, 0.002).round(),
                    "source": "synthetic",
                }
            )
        )
    for sector in ("San Diego, CA", "El Paso, TX"):
        vals = seasonal(rng, MONTHS, 5000.0, 0.003)
        enc.append(
            pd.DataFrame(
                {
                    "month": MONTHS,
                    "component": "USBP",
                    "region": "Southwest Land Border",
                    "sector": sector,
                    "count": vals.round(),
                    "source": "synthetic",
                }
            )
        )
    seiz_months = MONTHS[MONTHS >= "2018-10-01"]
    seiz = [
        pd.DataFrame(
            {
                "month": seiz_months,
                "drug": "Fentanyl",
                "component": comp,
                "region": "Southwest Border",
                "lbs": seasonal(rng, seiz_months, lvl, 0.02),
                "source": "synthetic",
            }
        )
        for comp, lvl in (("OFO", 300.0), ("USBP", 40.0), ("AMO", 5.0))
    ]
    seiz += [
        pd.DataFrame(
            {
                "month": seiz_months,
                "drug": drug,
                "component": "OFO",
                "region": "Coastal/Interior",
                "lbs": seasonal(rng, seiz_months, lvl, 0.01),
                "source": "synthetic",
            }
        )
        for drug, lvl in (("Cocaine", 3000.0), ("Methamphetamine", 800.0))
    ]
    od_months = MONTHS[MONTHS >= "2015-01-01"]
    od = [
        pd.DataFrame(
            {
                "month": od_months,
                "indicator": ind,
                "deaths_12mo": seasonal(rng, od_months, lvl, 0.01, amp=0.0, noise=0.01).round(),
                "source": "synthetic",
            }
        )
        for ind, lvl in (
            ("synthetic_opioids", 20000.0),
            ("all_drug_overdose", 50000.0),
        )
    ]
    mx_months = pd.date_range("2019-01-01", "2021-07-01", freq="MS")
    mx = pd.concat(
        [
            pd.DataFrame(
                {
                    "month": mx_months,
                    "state": "Chiapas",
                    "measure": measure,
                    "value": seasonal(rng, mx_months, lvl, 0.0).round(),
                    "source": "synthetic",
                }
            )
            for measure, lvl in (
                ("upm_detention_events", 12000.0),
                ("guardia_nacional_personnel", 60000.0),
            )
        ]
    )
    ports = pd.DataFrame(
        {
            "port_code": ["2304", "2402"],
            "port_name": ["Laredo", "El Paso"],
            "state": "Texas",
            "border": "US-Mexico Border",
            "lat": [27.5, 31.7],
            "lon": [-99.5, -106.4],
        }
    )
    pmc = pd.concat(
        [
            pd.DataFrame(
                {
                    "port_code": code,
                    "series_port_code": code,
                    "month": MONTHS,
                    "measure": "Trucks",
                    "count": seasonal(rng, MONTHS, lvl, 0.003).round(),
                }
            )
            for code, lvl in (("2304", 180000.0), ("2402", 70000.0))
        ]
    )
    con = duckdb.connect(str(path))
    try:
        for name, frame in (
            ("monthly_encounters", pd.concat(enc)),
            ("monthly_seizures", pd.concat(seiz)),
            ("monthly_overdose_deaths", pd.concat(od)),
            ("mexico_enforcement_monthly", mx),
            ("ports", ports),
            ("port_month_crossings", pmc),
        ):
            con.register("frame", frame)
            con.execute(f"CREATE TABLE {name} AS SELECT * FROM frame")
            con.unregister("frame")
        con.execute("ALTER TABLE monthly_encounters ALTER month TYPE DATE")
    finally:
        con.close()
    return path


@pytest.fixture(scope="session")
def synthetic_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Path of a synthetic DuckDB store (2012-2025) with the evidence layer's views."""
    return build_synthetic_store(tmp_path_factory.mktemp("evidence") / "store.duckdb")
