"""Download the official sources (the only network code; never called unless asked).

:data:`DOWNLOADS` is the one registry of what can be fetched: official address, the file name under
the raw directory, and the expected size and sha256 where known (sources that are re-published
monthly have no fixed checksum).  :func:`fetch` streams each with httpx behind a progress bar,
checks size and checksum, writes through a temporary file, and skips files already present and
verified.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from borderlever.data.readers._io import sha256_file
from borderlever.errors import DataError, UnknownCodeError


@dataclass(frozen=True)
class Download:
    """One downloadable file.

    Parameters
    ----------
    name : str
        Short id (``--only NAME``).
    url : str
        Official address.
    target : str
        Path relative to the raw directory.
    sha256 : str or None
        Expected checksum (``None``: not fixed, the publisher re-issues the file).
    bytes : int or None
        Expected size [bytes], where known.
    publisher : str
        Who publishes it.
    """

    name: str
    url: str
    target: str
    sha256: str | None = None
    bytes: int | None = None
    publisher: str = ""


DOWNLOADS: tuple[Download, ...] = (
    Download(
        "bts_crossings",
        "https://data.bts.gov/api/views/keg4-3bc2/rows.csv?accessType=DOWNLOAD",
        "bts_border_crossing/Border_Crossing_Entry_Data_latest.csv",
        publisher="U.S. DOT Bureau of Transportation Statistics",
    ),
    Download(
        "cbp_encounters_sbo",
        "https://www.cbp.gov/sites/default/files/assets/documents/2025-Sep/sbo-encounters-fy22-fy25-aug.csv",
        "cbp_encounters/sbo-encounters-fy22-fy25-aug.csv",
        publisher="U.S. Customs and Border Protection",
    ),
    Download(
        "cdc_vsrr_overdose",
        "https://data.cdc.gov/api/views/xkb8-kh2a/rows.csv?accessType=DOWNLOAD",
        "cdc_overdose/vsrr_provisional_drug_overdose_death_counts.csv",
        publisher="CDC National Center for Health Statistics",
    ),
    Download(
        "worldbank_gdp",
        "https://api.worldbank.org/v2/country/USA;MEX;CAN/indicator/NY.GDP.MKTP.CD?format=json&per_page=500",
        "gdp/worldbank_gdp_current_usd.json",
        publisher="World Bank, World Development Indicators",
    ),
)


def downloads(only: str | None = None, registry: Iterable[Download] = DOWNLOADS) -> list[Download]:
    """The registry, or the one entry named ``only`` (:class:`UnknownCodeError` otherwise)."""
    items = list(registry)
    if only is None:
        return items
    hits = [d for d in items if d.name == only]
    if not hits:
        raise UnknownCodeError("download", only, [d.name for d in items])
    return hits


def verified(path: Path, item: Download) -> bool:
    """Whether ``path`` exists and matches the expected size and checksum (where known)."""
    if not path.is_file():
        return False
    if item.bytes is not None and path.stat().st_size != item.bytes:
        return False
    return item.sha256 is None or sha256_file(path) == item.sha256


def fetch(
    dest: Path,
    *,
    only: str | None = None,
    registry: Iterable[Download] = DOWNLOADS,
    progress: bool = True,
    timeout_s: float = 60.0,
) -> dict[str, str]:
    """Download each registered file into ``dest``; returns ``{name: 'cached'|'downloaded'}``.

    Raises
    ------
    DataError
        HTTP failure, or size/checksum mismatch (the partial file is removed; nothing replaces an
        existing good file).
    """
    status: dict[str, str] = {}
    with httpx.Client(follow_redirects=True, timeout=timeout_s) as client:
        for item in downloads(only, registry):
            path = Path(dest) / item.target
            if verified(path, item) and (item.sha256 is not None or item.bytes is not None):
                status[item.name] = "cached"
                continue
            _download(client, item, path, progress)
            status[item.name] = "downloaded"
    return status


def _download(client: httpx.Client, item: Download, path: Path, progress: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.part")
    digest = hashlib.sha256()
    size = 0
    try:
        with client.stream("GET", item.url) as resp:
            if resp.status_code != 200:
                raise DataError(
                    f"download failed: HTTP {resp.status_code}", file=item.url, expected="HTTP 200"
                )
            total = int(resp.headers.get("content-length", 0)) or item.bytes
            with open(tmp, "wb") as fh, _bar(progress, item.name, total) as advance:
                for chunk in resp.iter_bytes():
                    fh.write(chunk)
                    digest.update(chunk)
                    size += len(chunk)
                    advance(len(chunk))
        _check(item, size, digest.hexdigest())
        os.replace(tmp, path)
    except httpx.HTTPError as exc:
        raise DataError(
            f"download failed: {exc}", file=item.url, expected="a reachable URL"
        ) from exc
    finally:
        tmp.unlink(missing_ok=True)


def _check(item: Download, size: int, sha: str) -> None:
    if item.bytes is not None and size != item.bytes:
        raise DataError(f"downloaded {size} bytes", file=item.url, expected=f"{item.bytes} bytes")
    if item.sha256 is not None and sha != item.sha256:
        raise DataError(
            f"checksum mismatch: got sha256 {sha}", file=item.url, expected=f"sha256 {item.sha256}"
        )


@contextmanager
def _bar(enabled: bool, name: str, total: int | None) -> Iterator[Callable[[int], object]]:
    """Yield ``advance(n_bytes)``; draws a rich progress bar when enabled."""
    if not enabled:
        yield lambda n: None
        return
    from rich.progress import DownloadColumn, Progress, TransferSpeedColumn

    with Progress(
        *Progress.get_default_columns(), DownloadColumn(), TransferSpeedColumn()
    ) as progress:
        task = progress.add_task(name, total=total)
        yield lambda n: progress.advance(task, n)
