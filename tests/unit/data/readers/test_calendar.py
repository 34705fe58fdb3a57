"""Fiscal and Spanish month labels -> dates."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from borderlever.data.readers._calendar import (
    fiscal_to_calendar,
    fiscal_year_of,
    parse_fiscal_year,
    parse_ohss_month,
)
from borderlever.errors import DataError


@settings(max_examples=30, deadline=None)
@given(fy=st.integers(2000, 2030), month=st.integers(1, 12))
def test_fiscal_year_round_trip(fy: int, month: int) -> None:
    date = fiscal_to_calendar(np.array([fy]), np.array([month]))
    assert fiscal_year_of(date).item() == fy
    assert date.dt.month.item() == month


def test_fiscal_year_labels() -> None:
    got = parse_fiscal_year(pd.Series(["2019", "2025 (FYTD)", 2020]), file="f", column="FY")
    assert got.tolist() == [2019, 2025, 2020]
    with pytest.raises(DataError) as err:
        parse_fiscal_year(pd.Series(["2019", "FY19"]), file="f", column="FY")
    assert (err.value.row, err.value.column) == (2, "FY")


def test_ohss_label_number_and_name_must_agree() -> None:
    assert parse_ohss_month(
        pd.Series(["04 January", "12 September"]), file="f", column="M"
    ).tolist() == [1, 9]
    with pytest.raises(DataError) as err:
        parse_ohss_month(pd.Series(["08 June"]), file="f", column="Month")
    assert err.value.column == "Month" and err.value.row == 1
