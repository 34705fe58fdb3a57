"""Run folders: staged, locked, marked complete and swapped in (borderlever.runs.folder)."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from borderlever.errors import ConfigError
from borderlever.runs import folder as rf
from borderlever.runs.folder import (
    MARKER,
    check_destination,
    check_output_file,
    staged_folder,
    verify_run_folder,
)


def _write_run(dest: Path, text: str = "new", **kw) -> rf.Staging:
    with staged_folder(dest, **kw) as stage:
        (stage.path / "summary.json").write_text(json.dumps({"v": text}))
        (stage.path / "png").mkdir()
        (stage.path / "png" / "a.png").write_bytes(b"\x89PNG" + text.encode())
    return stage


def _content(dest: Path) -> dict[str, bytes]:
    return {
        p.relative_to(dest).as_posix(): p.read_bytes()
        for p in sorted(dest.rglob("*"))
        if p.is_file()
    }


def test_new_folder_gets_files_and_marker_listing_each(tmp_path):
    dest = tmp_path / "out" / "run"
    _write_run(dest)
    marker = verify_run_folder(dest)
    assert set(marker["files"]) == {"summary.json", "png/a.png"}
    assert marker["files"]["summary.json"]["bytes"] == (dest / "summary.json").stat().st_size
    # no staging folder or old run left beside it; only the (hidden) lock file
    assert sorted(p.name for p in dest.parent.iterdir()) == [".run.lock", "run"]


def test_rerun_replaces_an_earlier_run_whole(tmp_path):
    dest = tmp_path / "run"
    _write_run(dest, "old")
    (dest / "extra-from-old-run.txt").write_text("x")  # not listed: must not survive the swap
    _write_run(dest, "new")
    assert json.loads((dest / "summary.json").read_text()) == {"v": "new"}
    assert not (dest / "extra-from-old-run.txt").exists()
    verify_run_folder(dest)


def test_fallback_swap_without_renameat2(tmp_path, monkeypatch):
    monkeypatch.setattr(rf, "_exchange", lambda a, b: False)
    dest = tmp_path / "run"
    _write_run(dest, "old")
    _write_run(dest, "new")
    assert json.loads((dest / "summary.json").read_text()) == {"v": "new"}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".run.old")] == []


def test_failure_inside_block_leaves_previous_run_untouched(tmp_path):
    dest = tmp_path / "run"
    _write_run(dest, "old")
    before = _content(dest)
    with pytest.raises(RuntimeError), staged_folder(dest) as stage:
        (stage.path / "summary.json").write_text("{half")
        raise RuntimeError("disk died")
    assert _content(dest) == before
    assert [p for p in tmp_path.iterdir() if ".tmp-" in p.name] == []


def test_leftovers_of_a_killed_run_are_swept_and_a_cut_swap_restored(tmp_path):
    dest = tmp_path / "run"
    _write_run(dest, "old")
    os.rename(dest, tmp_path / ".run.old-999")  # killed between the fallback's two renames
    (tmp_path / ".run.tmp-abc").mkdir()  # a killed staging folder
    (tmp_path / ".run.tmp-abc" / "summary.json").write_text("{")
    with staged_folder(dest) as stage:
        assert json.loads((dest / "summary.json").read_text()) == {"v": "old"}  # restored
        (stage.path / "summary.json").write_text("{}")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".run.lock", "run"]


def test_non_run_folder_refused_unless_force_and_then_kept_aside(tmp_path):
    dest = tmp_path / "mine"
    dest.mkdir()
    (dest / "thesis.tex").write_text("precious")
    with pytest.raises(ConfigError, match="not empty and holds no borderlever run.*--force"):
        _write_run(dest)
    assert (dest / "thesis.tex").read_text() == "precious"
    stage = _write_run(dest, force=True)
    assert stage.replaced is not None and (stage.replaced / "thesis.tex").read_text() == "precious"
    verify_run_folder(dest)


def test_empty_folder_is_fine(tmp_path):
    (tmp_path / "empty").mkdir()
    _write_run(tmp_path / "empty")
    verify_run_folder(tmp_path / "empty")


@pytest.mark.parametrize("path", ["/", "/etc", "/usr/lib/x", "/proc/self", "/var/lib/foo"])
def test_system_folders_refused_even_with_force(path):
    with pytest.raises(ConfigError, match="system folder"):
        check_destination(Path(path), force=True)


def test_home_and_current_folder_refused(tmp_path, monkeypatch):
    with pytest.raises(ConfigError, match="system folder"):
        check_destination(Path.home(), force=True)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match="current folder or one above"):
        check_destination(Path("."), force=True)
    with pytest.raises(ConfigError, match="current folder or one above"):
        check_destination(tmp_path.parent, force=True)


def test_symlink_destination_and_file_destination_refused(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    with pytest.raises(ConfigError, match="symbolic link"):
        check_destination(tmp_path / "link")
    (tmp_path / "afile").write_text("x")
    with pytest.raises(ConfigError, match="a file, not a folder"):
        check_destination(tmp_path / "afile", force=True)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into a read-only folder")
def test_unwritable_parent_refused_before_any_work(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        with pytest.raises(ConfigError, match="not writable|cannot"):
            check_destination(ro / "run")
    finally:
        ro.chmod(0o755)


def test_planted_symlink_in_old_run_is_never_written_through(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    dest = tmp_path / "run"
    _write_run(dest, "old")
    (dest / "summary.json").unlink()
    (dest / "summary.json").symlink_to(victim)
    _write_run(dest, "new")
    assert victim.read_text() == "keep me"
    assert not (dest / "summary.json").is_symlink()


def test_second_writer_refused_while_the_first_holds_the_folder(tmp_path):
    dest = tmp_path / "run"
    entered, release = threading.Event(), threading.Event()

    def first() -> None:
        with staged_folder(dest) as stage:
            (stage.path / "summary.json").write_text('{"who": 1}')
            entered.set()
            release.wait(10)

    t = threading.Thread(target=first)
    t.start()
    assert entered.wait(10)
    try:
        with pytest.raises(ConfigError, match=r"another borderlever run \(pid \d+\)"):
            _write_run(dest)
    finally:
        release.set()
        t.join()
    assert json.loads((dest / "summary.json").read_text()) == {"who": 1}


@pytest.mark.parametrize(
    "damage, match",
    [
        (lambda d: (d / MARKER).unlink(), "no complete.json"),
        (lambda d: (d / MARKER).write_text("{trunc"), "damaged"),
        (lambda d: (d / "summary.json").write_text('{"v": "neW"}'), "changed or truncated"),
        (lambda d: (d / "summary.json").write_text('{"v"'), "changed or truncated"),
        (lambda d: (d / "png" / "a.png").unlink(), "missing"),
    ],
)
def test_verify_refuses_damaged_folders(tmp_path, damage, match):
    dest = tmp_path / "run"
    _write_run(dest)
    damage(dest)
    with pytest.raises(ConfigError, match=match):
        verify_run_folder(dest)


def test_verify_refuses_a_listed_file_replaced_by_a_symlink(tmp_path):
    dest = tmp_path / "run"
    _write_run(dest)
    copy = tmp_path / "copy.json"
    copy.write_bytes((dest / "summary.json").read_bytes())
    (dest / "summary.json").unlink()
    (dest / "summary.json").symlink_to(copy)
    with pytest.raises(ConfigError, match="not a regular file"):
        verify_run_folder(dest)


def test_output_file_checks(tmp_path):
    with pytest.raises(ConfigError, match="--json .*does not exist"):
        check_output_file(tmp_path / "missing" / "s.json", "--json")
    with pytest.raises(ConfigError, match="a folder"):
        check_output_file(tmp_path, "--json")
    assert check_output_file(tmp_path / "s.json", "--json") == tmp_path / "s.json"


def test_resumable_sample_is_carried_into_the_new_run_and_kept_out_of_the_marker(tmp_path):
    dest = tmp_path / "run"
    (dest / "uncertainty").mkdir(parents=True)  # a --uncertainty sample written in place
    (dest / "uncertainty" / "point-0.parquet").write_bytes(b"sample")
    _write_run(dest, "first")  # a folder holding only the sample is not "someone else's"
    assert (dest / "uncertainty" / "point-0.parquet").read_bytes() == b"sample"
    assert not any(k.startswith("uncertainty/") for k in verify_run_folder(dest)["files"])
    (dest / "uncertainty" / "point-1.parquet").write_bytes(b"more")
    _write_run(dest, "second")
    assert sorted(p.name for p in (dest / "uncertainty").iterdir()) == [
        "point-0.parquet",
        "point-1.parquet",
    ]
    assert json.loads((dest / "summary.json").read_text()) == {"v": "second"}
