"""Reports of a run: Plotly figures, one self-contained offline HTML page, optional PNG export.

Everything here takes what :class:`borderlever.api.Run` holds (summary, frames, scenario, notes,
manifest); nothing imports the runner.
"""

from borderlever.reports.economics_section import cost_parts_section
from borderlever.reports.headline import key_figures, sentence
from borderlever.reports.html import headline, render
from borderlever.reports.validation import validation_section

__all__ = [
    "cost_parts_section",
    "headline",
    "key_figures",
    "render",
    "sentence",
    "validation_section",
]
