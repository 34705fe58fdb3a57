"""Export report figures as PNG files (plotly + kaleido, which drives a Chrome/Chromium browser).

PNG export is optional: install ``borderlever[png]`` and have Chrome or Chromium on the machine
(``plotly_get_chrome`` downloads one where the network allows).  Without them the CLI says so and
exits with code 2; the HTML report never needs them.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import plotly.graph_objects as go

from borderlever.errors import ConfigError

BROWSERS = ("google-chrome", "google-chrome-stable", "chromium", "chromium-browser", "chrome")


def find_browser() -> str | None:
    """Path of a Chrome/Chromium executable (``$BROWSER_PATH`` first), or None."""
    env = os.environ.get("BROWSER_PATH")
    if env and Path(env).exists():
        return env
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    try:  # kaleido >= 1 finds Chrome through choreographer (also one `plotly_get_chrome` fetched)
        from choreographer.utils import get_browser_path

        found = get_browser_path()
        return str(found) if found else None
    except Exception:  # choreographer absent or its API changed: no browser known
        return None


def png_unavailable_reason() -> str | None:
    """Why PNG export cannot run here, or None when it can."""
    try:
        import kaleido  # noqa: F401
    except ImportError:
        return "PNG export needs kaleido: pip install 'borderlever[png]'"
    if find_browser() is None:
        return (
            "PNG export needs Chrome or Chromium, and none was found (looked for "
            f"{', '.join(BROWSERS)} on PATH and $BROWSER_PATH); install one or run "
            "`plotly_get_chrome`. The HTML report does not need it."
        )
    return None


def export_pngs(
    figures: dict[str, go.Figure], folder: str | Path, scale: float = 2.0
) -> list[Path]:
    """Write each figure to ``folder/<name>.png``.

    Raises
    ------
    ConfigError
        When kaleido or a browser is missing (the message says what to install).
    """
    reason = png_unavailable_reason()
    if reason is not None:
        raise ConfigError(reason)
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, fig in figures.items():
        path = out / f"{name}.png"
        fig.write_image(str(path), scale=scale)
        paths.append(path)
    return paths
