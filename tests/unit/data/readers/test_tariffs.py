"""Tariff reader on a tiny tree of the nine files, written by the test."""

from __future__ import annotations

from pathlib import Path

import pytest

from borderlever.data.readers import tariffs
from borderlever.errors import DataError

FILES = {
    f"{tariffs.GTA}/tariff_floor_rates.csv": "\ufeffhts8;mfn_text_rate;mfn_rate_type_code;"
    "mfn_ad_val_rate;mfn_specific_rate;new_eu_rate\n01012100;Free;0;0;0;15\n87032201;2.5%;7;0.025;0;15\n",
    "tariffs/derived/us_mfn_hs2_simple_average_from_hts8.csv": "hs2,n_hts8_lines,n_duty_free_lines,"
    "n_ad_valorem_lines,n_non_ad_valorem_lines,mfn_simple_avg_pct_ad_valorem_and_free_lines,"
    "max_ad_valorem_pct,share_duty_free_lines\n01,1,1,0,0,0.0,0.0,1.0\nALL,2,1,1,0,1.25,2.5,0.5\n",
    f"{tariffs.GTA}/compliance_shares.csv": "hs_8digit,import_origin,compliance_rate,comment\n"
    "87032201,MEX,0.9,USITC DataWeb Jul-Sep 2025\n",
    f"{tariffs.YALE}/usmca_shares.csv": "gtap_code,canada,mexico\nmvh,0.8,0.9\n",
    f"{tariffs.YALE}/fentanyl_carveout_products.csv": "hts8,ch99_code,category\n"
    "28152000,9903.01.05,potash_mx\n",
    f"{tariffs.GTA}/event_registry.csv": "effective_date,event_id,event_name,description,"
    'rate_component,affected_countries,section_ref\n2025-03-04,mex_25,"Mexico 25%","IEEPA, 25 %",'
    "emergency,MEX,4\n",
    f"{tariffs.GTA}/rates.csv": "rate_type,rate,scenario,section,description,effective_date\n"
    "mex_emergency_rate,25,baseline,4,Mexico,2025-03-04\n",
    f"{tariffs.YALE}/usmca_product_shares_2024.csv": "hts10,cty_code,usmca_share\n"
    "8703220100,2010,0.5\n",
    f"{tariffs.YALE}/usmca_product_shares_2025.csv": "hts10,cty_code,usmca_share\n"
    "8703220100,2010,0.95\n8703220100,1220,0.7\n",
}


def _tree(root: Path, **replace: str) -> Path:
    for name, text in FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        key = Path(name).stem
        path.write_text(replace.get(key, text), encoding="utf-8")
    return root


def test_reads_every_table(tmp_path: Path) -> None:
    out = tariffs.read_tariffs(_tree(tmp_path))
    checked = {s.name: s.validate(out[s.name], source=s.name) for s in tariffs.DATASET.tables}
    assert checked["us_mfn_hts8"]["hts8"].tolist() == ["01012100", "87032201"]
    assert checked["us_mfn_hts8"]["mfn_ad_val_rate"].tolist() == [0.0, 0.025]
    gtap = checked["usmca_share_gtap"].set_index("country")["usmca_share"].to_dict()
    assert gtap == {"CAN": 0.8, "MEX": 0.9}
    hts10 = checked["usmca_share_hts10"]
    assert hts10[["year", "country", "usmca_share"]].values.tolist() == [
        [2024, "MEX", 0.5],
        [2025, "MEX", 0.95],
        [2025, "CAN", 0.7],
    ]
    assert str(checked["tariff_events"]["effective_date"].iloc[0])[:10] == "2025-03-04"
    assert checked["tariff_events"]["description"].iloc[0] == "IEEPA, 25 %"
    assert checked["tariff_scenario_rates"]["rate_pct"].tolist() == [25.0]


def test_unknown_origin(tmp_path: Path) -> None:
    bad = "hs_8digit,import_origin,compliance_rate,comment\n87032201,MEX,0.9,x\n87032201,USA,1,x\n"
    with pytest.raises(DataError) as info:
        tariffs.read_tariffs(_tree(tmp_path, compliance_shares=bad))
    assert (info.value.row, info.value.column) == (2, "country")


def test_unknown_census_country(tmp_path: Path) -> None:
    bad = "hts10,cty_code,usmca_share\n8703220100,5700,0.5\n"
    with pytest.raises(DataError) as info:
        tariffs.read_tariffs(_tree(tmp_path, usmca_product_shares_2024=bad))
    assert (info.value.row, info.value.column) == (1, "cty_code")


def test_non_numeric_rate(tmp_path: Path) -> None:
    bad = "rate_type,rate,scenario,section,description,effective_date\nx,25%,baseline,4,d,2025-03-04\n"
    with pytest.raises(DataError) as info:
        tariffs.read_tariffs(_tree(tmp_path, rates=bad))
    assert (info.value.row, info.value.column) == (1, "rate_pct")


def test_missing_file(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    (root / f"{tariffs.YALE}/usmca_shares.csv").unlink()
    with pytest.raises(DataError, match="not found"):
        tariffs.read_tariffs(root)
