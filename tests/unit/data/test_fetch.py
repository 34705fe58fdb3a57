"""Fetcher against a local HTTP server: download, cache, checksum mismatch, HTTP error."""

from __future__ import annotations

import hashlib
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from borderlever.data.fetch import DOWNLOADS, Download, downloads, fetch
from borderlever.errors import DataError, UnknownCodeError


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path, list[str]]]:
    root = tmp_path / "served"
    root.mkdir()
    hits: list[str] = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **kw):  # type: ignore[no-untyped-def]
            super().__init__(*a, directory=str(root), **kw)

        def do_GET(self) -> None:
            hits.append(self.path)
            super().do_GET()

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", root, hits
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_download_then_cache(server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    base, root, hits = server
    body = b"Port Code,Value\n2304,1\n" * 1000
    (root / "a.csv").write_bytes(body)
    item = Download("a", f"{base}/a.csv", "x/a.csv", hashlib.sha256(body).hexdigest(), len(body))
    dest = tmp_path / "raw"
    assert fetch(dest, registry=[item], progress=False) == {"a": "downloaded"}
    assert (dest / "x/a.csv").read_bytes() == body
    assert fetch(dest, registry=[item], progress=False) == {"a": "cached"}
    assert len(hits) == 1


def test_checksum_mismatch_leaves_nothing(server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    base, root, _ = server
    (root / "b.csv").write_bytes(b"tampered\n")
    item = Download("b", f"{base}/b.csv", "b.csv", "0" * 64)
    dest = tmp_path / "raw"
    with pytest.raises(DataError, match="checksum mismatch") as info:
        fetch(dest, registry=[item], progress=False)
    assert info.value.file == item.url
    assert list(dest.iterdir()) == []


def test_size_mismatch_and_http_error(server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    base, root, _ = server
    (root / "c.csv").write_bytes(b"12345")
    with pytest.raises(DataError, match="downloaded 5 bytes"):
        fetch(tmp_path, registry=[Download("c", f"{base}/c.csv", "c.csv", bytes=6)], progress=False)
    with pytest.raises(DataError, match="HTTP 404"):
        fetch(tmp_path, registry=[Download("d", f"{base}/none.csv", "d.csv")], progress=False)


def test_registry_names_unique_and_only_checks_name() -> None:
    names = [d.name for d in DOWNLOADS]
    assert len(names) == len(set(names))
    assert all(d.url.startswith("https://") for d in DOWNLOADS)
    assert downloads("bts_crossings")[0].name == "bts_crossings"
    with pytest.raises(UnknownCodeError, match="did you mean 'bts_crossings'"):
        downloads("bts_crosings")
