"""Reports of a run: Plotly figures, one self-contained offline HTML page, optional PNG export."""

from borderlever.reports.html import headline, render

__all__ = ["headline", "render"]
