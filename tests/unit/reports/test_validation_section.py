"""The report's validation section: counts per episode and a caution that names the weakest."""

from __future__ import annotations

import pandas as pd

from borderlever.reports.validation import scorecard_html, validation_section
from borderlever.validation.scorecard import committed_scorecard


def _card(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "episode": ep,
                "port": "2304",
                "figure": f"figure {i}",
                "unit": "share",
                "observed": -0.05,
                "band_low": -0.1,
                "band_high": 0.0,
                "simulated": -0.02,
                "sample": sample,
                "inside": inside,
            }
            for i, (ep, sample, inside) in enumerate(rows)
        ]
    )


def test_counts_by_episode_and_names_the_episode_with_fewest_inside() -> None:
    card = _card(
        [
            ("a-episode", "out-of-sample", "True"),
            ("a-episode", "out-of-sample", "False"),
            ("b-episode", "out-of-sample", "True"),
            ("b-episode", "out-of-sample", "True"),
            ("b-episode", "out-of-sample", "False"),
            ("b-episode", "in-sample", "True"),
            ("b-episode", "out-of-sample", "n/a"),
        ]
    )
    text = scorecard_html(card)
    assert "<b>3 of 5</b> out-of-sample figures" in text
    assert "4 of 6 with the in-sample ones, which are calibration checks" in text
    assert "out of sample by episode: a-episode 1 of 2; b-episode 2 of 3" in text
    assert "(a-episode: 1 of 2) deserve the most caution" in text


def test_no_caution_when_every_figure_is_inside() -> None:
    text = scorecard_html(_card([("a", "out-of-sample", "True"), ("a", "in-sample", "True")]))
    assert "a 1 of 1" in text and "caution" not in text


def test_bundled_scorecard_renders_with_its_counts() -> None:
    card = committed_scorecard()
    assert card is not None
    text = validation_section()
    assert "out of sample by episode: 2019-officer-reassignment" in text
    missed = (card["sample"] == "out-of-sample") & (card["inside"].astype(str) == "False")
    assert ("deserve the most caution" in text) == bool(missed.any())
    assert scorecard_html(None).startswith("<p class='muted'>")


def test_readme_quotes_the_committed_scorecard() -> None:
    """README's "How far to trust these figures" gives the committed out-of-sample count."""
    from pathlib import Path

    card = committed_scorecard()
    assert card is not None
    out = card[card["sample"] == "out-of-sample"]
    k = int((out["inside"].astype(str) == "True").sum())
    amb = out[out["episode"] == "2022-ambassador-bridge-blockade"]
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text()
    assert f"**{k} of {len(out)}**" in readme
    assert f"gets {int((amb['inside'].astype(str) == 'True').sum())} of {len(amb)}" in readme
