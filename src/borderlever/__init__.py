"""borderlever: what happens, and to whom, when US land ports of entry close or slow down.

Layers (arrows one way): data -> network -> scenarios -> sim -> economics -> reports -> cli.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("borderlever")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
