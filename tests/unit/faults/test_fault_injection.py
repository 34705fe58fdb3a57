"""Fault injection (issue 17): bad YAML, kills and failures during the write phase, concurrent
runs into one folder, a full disk.  Nothing lost, nothing silent.

Every case ends in one of two states, checked here: the command succeeded and the folder holds the
new complete run, or the command failed with a one-line message (no traceback) and the folder
holds exactly the previous complete run (``complete.json`` verified, bytes unchanged), with no
staging folder left beside it once the next run has started.  The suite counts its cases and
prints the tally at the end of the run (``tests/conftest.py``).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import borderlever.runs.folder as rf
from borderlever.api.core import from_output
from borderlever.cli.main import app
from borderlever.errors import BorderleverError, ConfigError
from borderlever.runs.folder import staged_folder, verify_run_folder
from borderlever.scenarios import load_spec

CHILD = Path(__file__).with_name("child.py")
#: Steps of the write phase, in order (runs/outputs.py then runs/folder.py).
runner = CliRunner()

#: Steps of the write phase, in order (runs/outputs.py then runs/folder.py).
WRITE_STEPS = ("summary.json", "scenario.yaml", "manifest.json", "frames", "report.html", "marker")
SWAP_STEPS = ("exchange", "swapped")


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` and its bytes (the comparison of "unchanged")."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def intact(folder: Path, *expected: dict[str, bytes]) -> bool:
    """The folder is a verified complete run equal to one of ``expected``."""
    try:
        verify_run_folder(folder)
    except ConfigError:
        return False
    return snapshot(folder) in expected


def staging_leftovers(parent: Path) -> list[str]:
    return [p.name for p in parent.iterdir() if ".tmp-" in p.name or ".old-" in p.name]


def as_run(output):
    """The API's Run of a RunOutput: its ``write`` renders the report like ``borderlever run``."""
    return from_output(output, started_utc="t0", finished_utc="t1", argv=["borderlever"])


@pytest.fixture(scope="module")
def old_and_new(fake_run, tmp_path_factory):
    """Two complete runs written once (old: seed 7, new: seed 8) to compare folders against."""
    base = tmp_path_factory.mktemp("reference")
    old_run, new_run = as_run(fake_run()), as_run(fake_run(seed=8, replications=2))
    old_run.write(base / "old")
    new_run.write(base / "new")
    return old_run, new_run, base / "old", base / "new"


def _fresh_old(tmp_path: Path, old_dir: Path) -> tuple[Path, dict[str, bytes]]:
    dest = tmp_path / "out" / "run"
    dest.parent.mkdir(parents=True)
    shutil.copytree(old_dir, dest)
    return dest, snapshot(dest)


def _same_files(a: dict[str, bytes], b: dict[str, bytes]) -> bool:
    """Equal but for what records when and how it was written (marker time, manifest's command
    line, which the report shows): summary, scenario and frames byte for byte."""
    skip = {"complete.json", "manifest.json", "report.html"}
    return {k: v for k, v in a.items() if k not in skip} == {
        k: v for k, v in b.items() if k not in skip
    }


# --- 1. the scenario parser over generated bad YAML ---------------------------------------------

GOOD = (
    "name: fuzz\ndescription: fuzzed (https://example.org)\nstart: 2025-02-03\nhorizon_days: 2\n"
    "replications: 1\nports: {codes: ['2304']}\npolicies:\n  - kind: closure\n"
    "    window: {start_day: 0, end_day: 1}\n"
)
YAML_ALPHABET = st.sampled_from(
    list("abz019 :-[]{},&*!|>'\"#\n\t?%@`\\.") + ["\x00", "é", "\ufeff"]
)
KEYS = [
    "name",
    "description",
    "start",
    "horizon_days",
    "replications",
    "seed",
    "ports",
    "policies",
    "reactions",
    "economics",
    "base",
    "kind",
    "window",
    "classes",
    "codes",
]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.dates().map(str),
    st.sampled_from(["2025-02-30", "closure", "all"]),
)
DOCS = st.recursive(
    SCALARS,
    lambda kids: (
        st.lists(kids, max_size=4) | st.dictionaries(st.sampled_from(KEYS), kids, max_size=5)
    ),
    max_leaves=20,
)


@st.composite
def bad_yaml(draw) -> bytes:
    kind = draw(st.sampled_from(["noise", "mutant", "structure", "bytes", "aliases"]))
    if kind == "noise":
        return draw(st.text(YAML_ALPHABET, max_size=200)).encode("utf-8", "surrogatepass")
    if kind == "mutant":  # a valid scenario with a slice replaced by noise
        i = draw(st.integers(0, len(GOOD)))
        j = draw(st.integers(i, min(len(GOOD), i + 30)))
        return (GOOD[:i] + draw(st.text(YAML_ALPHABET, max_size=30)) + GOOD[j:]).encode()
    if kind == "structure":  # well-formed YAML, wrong shapes and values
        doc = draw(DOCS)
        base = yaml.safe_load(GOOD)
        if isinstance(doc, dict):
            base.update(doc)
            doc = base
        return yaml.safe_dump(doc, allow_unicode=True).encode()
    if kind == "bytes":
        return draw(st.binary(max_size=120))
    depth, width = draw(st.integers(1, 12)), draw(st.integers(1, 12))
    text = "a0: &a0 [x]\n" + "".join(
        f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]\n" for i in range(1, depth + 1)
    )
    return (GOOD + text).encode()


def test_parser_never_crashes_on_generated_bad_yaml(tally):
    """Any bytes: a ScenarioSpec or a BorderleverError naming the file, in well under a second."""
    folder = Path(tempfile.mkdtemp(prefix="fuzz-"))

    @settings(
        max_examples=300,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(bad_yaml())
    def check(data: bytes) -> None:
        path = folder / "fuzz.yaml"
        path.write_bytes(data)
        crashed = False
        try:
            load_spec(path)
        except BorderleverError as exc:
            assert "fuzz.yaml" in str(exc) or "scenario" in str(exc), str(exc)
        except Exception:  # anything else would reach the user as an internal error
            crashed = True
        tally.case(traceback=crashed)
        assert not crashed, data

    try:
        check()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_validate_reports_every_file_of_a_generated_batch(tally, tmp_path):
    """`scenarios validate` over a batch of bad files: each named, none stops the batch."""
    samples = [
        b"\xff\xfe bad bytes",
        b"name: [unclosed",
        GOOD.replace("2025-02-03", "2025-02-30").encode(),
        GOOD.replace("closure", "closur").encode(),
        b"a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        + "".join(
            f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 8)
        ).encode(),
        GOOD.encode(),
    ]
    files = []
    for i, data in enumerate(samples):
        path = tmp_path / f"f{i}.yaml"
        path.write_bytes(data)
        files.append(str(path))
    res = runner.invoke(app, ["scenarios", "validate", *files, "--no-store"])
    out = " ".join(res.output.split())
    for f in files:
        tally.case(traceback="Traceback" in res.output, damaged=f not in out)
    assert res.exit_code == 2 and f"1 of {len(files)} valid" in out


# --- 2. failures and kills during the write phase -----------------------------------------------


@pytest.mark.parametrize("swap", ["exchange", "two-renames"])
def test_failure_at_each_write_step_leaves_old_or_new_complete_run(
    tally, tmp_path, old_and_new, monkeypatch, swap
):
    """An exception at every step (disk full, Ctrl-C): the folder holds the old or the new run."""
    _, new_run, old_dir, new_dir = old_and_new
    if swap == "two-renames":
        monkeypatch.setattr(rf, "_exchange", lambda a, b: False)
    steps = (
        (*WRITE_STEPS, "aside", "swapped") if swap == "two-renames" else (*WRITE_STEPS, *SWAP_STEPS)
    )
    for k, step in enumerate(steps):
        case = tmp_path / f"c{k}"
        case.mkdir()
        dest, before = _fresh_old(case, old_dir)
        fault: BaseException = (
            OSError(errno.ENOSPC, "No space left on device") if k % 2 == 0 else KeyboardInterrupt()
        )

        def inject(name: str, step=step, fault=fault) -> None:
            if name == step:
                raise fault

        monkeypatch.setattr(rf, "after_step", inject)
        with contextlib.suppress(OSError, KeyboardInterrupt):
            new_run.write(dest)
        monkeypatch.setattr(rf, "after_step", None)
        after = snapshot(dest) if dest.is_dir() else {}
        ok_old = after == before and intact(dest, before)
        ok_new = intact(dest, after) and _same_files(after, snapshot(new_dir))
        after_swap = step in ("exchange", "swapped")
        good = (ok_new if after_swap else ok_old) and not staging_leftovers(dest.parent)
        tally.case(damaged=not good)
        assert good, (swap, step)


def _spawn(mode: str, step: str, dest: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(Path(rf.__file__).resolve().parents[2])}
    return subprocess.Popen(
        [sys.executable, str(CHILD), mode, step, str(dest), "--", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


KILL_STEPS = ("frames", "marker", "exchange")  # every step is covered in-process above


def test_sigkill_during_the_write_phase(tally, tmp_path, old_and_new):
    """SIGKILL (nothing can clean up) at three points: the old run survives until the swap, the
    new one after it; the next run sweeps the leftovers."""
    _, new_run, old_dir, new_dir = old_and_new
    cases = []
    for step in KILL_STEPS:
        case = tmp_path / step.replace(".", "_")
        case.mkdir()
        dest, before = _fresh_old(case, old_dir)
        cases.append((step, dest, before, _spawn("kill", step, dest)))
    for step, dest, before, proc in cases:
        _, err = proc.communicate(timeout=240)
        assert proc.returncode == -signal.SIGKILL, err
        if step == "exchange":  # killed after the swap: the new run is in place, complete
            good = intact(dest, snapshot(dest)) and _same_files(snapshot(dest), snapshot(new_dir))
        else:
            good = intact(dest, before)
        # the next run into the folder starts cleanly and removes the dead staging folder
        new_run.write(dest)
        good = good and intact(dest, snapshot(dest)) and not staging_leftovers(dest.parent)
        tally.case(traceback="Traceback" in err, damaged=not good)
        assert good, step


def _cli_args(scenario: Path, store: Path, dest: Path) -> list[str]:
    return ["run", str(scenario), "--store", str(store), "--out", str(dest), "-q"]


def test_sigterm_during_the_write_phase_unwinds_with_a_message(
    tally, tmp_path, old_and_new, tiny_store, fault_scenario
):
    _, _, old_dir, _ = old_and_new
    dest, before = _fresh_old(tmp_path, old_dir)
    proc = _spawn("term", "report.html", dest, *_cli_args(fault_scenario, tiny_store, dest))
    _, err = proc.communicate(timeout=240)
    good = intact(dest, before) and not staging_leftovers(dest.parent)
    tally.case(traceback="Traceback" in err, damaged=not good)
    assert proc.returncode == 130 and "interrupted" in err, err
    assert good


def test_concurrent_runs_into_one_folder(tally, tmp_path, tiny_store, fault_scenario):
    """A second run while the first writes: refused at once (exit 2), the first completes."""
    dest = tmp_path / "shared" / "run"
    dest.parent.mkdir()
    first = _spawn("hold", "frames", dest, *_cli_args(fault_scenario, tiny_store, dest))
    try:
        for _ in range(2400):
            if (dest.parent / "ready").exists() or first.poll() is not None:
                break
            time.sleep(0.1)
        assert (dest.parent / "ready").exists(), first.communicate()[1]
        res = runner.invoke(app, _cli_args(fault_scenario, tiny_store, dest))
        refused = res.exit_code == 2 and "another borderlever run" in res.output
        tally.case(traceback="Traceback" in res.output, damaged=not refused)
    finally:
        (dest.parent / "go").write_text("go")
    _, err = first.communicate(timeout=240)
    good = first.returncode == 0 and intact(dest, snapshot(dest))
    tally.case(traceback="Traceback" in err, damaged=not good)
    assert refused and good, (res.output, err)
    # and threads in one process: of eight writers at once exactly one gets the folder
    results: list[str] = []

    def writer(i: int) -> None:
        try:
            with staged_folder(tmp_path / "race") as stage:
                (stage.path / "summary.json").write_text(json.dumps({"writer": i}))
                time.sleep(0.3)
            results.append("won")
        except ConfigError as exc:
            results.append("refused" if "another borderlever run" in str(exc) else str(exc))

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    good = sorted(results) == ["refused"] * 7 + ["won"] and intact(
        tmp_path / "race", snapshot(tmp_path / "race")
    )
    tally.case(damaged=not good)
    assert good, results


# --- 3. a full disk -------------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path):
    """A 2 MiB tmpfs (root only); skipped with the reason where none can be mounted."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("a size-limited tmpfs needs root and mount(8); run as root to test a full disk")
    mnt = tmp_path / "small-disk"
    mnt.mkdir()
    res = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mnt)],
        capture_output=True,
        text=True,
    )
    if res.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({res.stderr.strip() or 'no permission'})")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def test_full_disk_during_a_real_run(tally, small_disk, tiny_store, fault_scenario):
    """A real (one port, one day, one replication) run whose report does not fit: exit 1 with
    'no space left', the previous run intact, the space of the staging folder given back."""
    dest = small_disk / "run"
    with staged_folder(dest) as stage:  # a small earlier run that fits
        (stage.path / "summary.json").write_text('{"earlier": true}')
    before = snapshot(dest)
    free_before = shutil.disk_usage(small_disk).free
    res = runner.invoke(app, _cli_args(fault_scenario, tiny_store, dest))
    line = " ".join(res.output.split())
    good = (
        intact(dest, before)
        and not staging_leftovers(small_disk)
        and shutil.disk_usage(small_disk).free >= free_before - 64 * 1024
    )
    tally.case(traceback="Traceback" in res.output, damaged=not good)
    assert res.exit_code == 1 and "no space left on the device" in line, res.output
    assert good
