"""The report's "how well this model reproduces past episodes" section (committed scorecard)."""

from __future__ import annotations

import html
import math

import pandas as pd

from borderlever.reports.sections import ReportContext, add_section
from borderlever.validation.scorecard import COMMAND, committed_scorecard, episode_counts


def _val(x: float, unit: str) -> str:
    if not math.isfinite(x):
        return "-"
    return f"{100 * x:+.1f} %" if unit == "share" else f"{x:.1f} h"


def validation_section(ctx: ReportContext | None = None) -> str:
    """A short HTML summary of the committed validation scorecard (docs/validation.md); the same
    for every run (the model's record on past episodes, not this run's figures)."""
    return scorecard_html(committed_scorecard())


def scorecard_html(df: pd.DataFrame | None) -> str:
    """The section's HTML for a scorecard frame (the columns of ``validate --csv``)."""
    if df is None or df.empty:
        return "<p class='muted'>No validation scorecard is bundled with this version.</p>"
    counts = episode_counts(df)
    out = counts[(counts["sample"] == "out-of-sample") & (counts["scored"] > 0)]
    per_episode = [
        (str(e), int(k), int(n)) for e, k, n in out[["episode", "inside", "scored"]].to_numpy()
    ]
    by_episode = "; ".join(f"{html.escape(e)} {k} of {n}" for e, k, n in per_episode)
    caution = ""
    if any(k < n for _, k, n in per_episode):
        worst, k, n = min(per_episode, key=lambda c: (c[1] / c[2], c[0]))
        caution = (
            "A figure outside its band is a miss: at its fitted parameters the model does not "
            "reproduce it within ordinary year-to-year variation (counts) or a factor of 2 "
            "(waits); what is known of each miss's cause is in docs/validation.md, 'Where it "
            "stands'. Figures of a scenario that works the way the episode with the "
            f"fewest figures inside does ({html.escape(worst)}: {k} of {n}) deserve the most "
            "caution. "
        )
    parts = [
        f"<p>Replays of past episodes against data the model was not fitted on: "
        f"<b>{int(out['inside'].sum())} of {int(out['scored'].sum())}</b> out-of-sample figures "
        f"fall inside the band of what was observed ({int(counts['inside'].sum())} of "
        f"{int(counts['scored'].sum())} with the in-sample "
        f"ones, which are calibration checks; out of sample by episode: {by_episode}). "
        f"{caution}Bands: BTS monthly counts during the episode against the expected count, +- two "
        "standard deviations of ordinary years; published waits (CBP posted, or drivers' "
        "reported time in line) against the model's worst hour on the published date, within "
        "a factor of 2. Simulated ranges are the replications' 2.5-97.5 % (replication noise "
        "only). "
        f"Regenerate with <code>{html.escape(COMMAND)}</code>; see docs/validation.md.</p>",
        "<table><tr><th class='l'>episode</th><th>port</th><th class='l'>figure</th>"
        "<th>observed [band]</th><th>simulated</th><th>sample</th><th>inside</th></tr>",
    ]
    for r in df.to_dict("records"):
        u = str(r["unit"])
        parts.append(
            "<tr>"
            f"<td class='l'>{html.escape(str(r['episode']))}</td><td>{html.escape(str(r['port']))}</td>"
            f"<td class='l'>{html.escape(str(r['figure']))}</td>"
            f"<td>{_val(r['observed'], u)} [{_val(r['band_low'], u)}, {_val(r['band_high'], u)}]</td>"
            f"<td>{_val(r['simulated'], u)}</td><td>{html.escape(str(r['sample']))}</td>"
            f"<td>{ {'True': 'yes', 'False': 'no'}.get(str(r['inside']), 'n/a') }</td></tr>"
        )
    parts.append("</table>")
    return "".join(parts)


add_section("How well this model reproduces past episodes", validation_section)
