"""Run folders that are never seen half-written: staged, locked, marked complete, swapped in.

A run is written into a temporary sibling of its folder (``out/.NAME.tmp-XXXX``), then a marker
``complete.json`` listing every file with its size and sha256 is written last, and the staged
folder replaces the old one in one atomic step (``renameat2(RENAME_EXCHANGE)`` on Linux; two
renames elsewhere, with recovery on the next run).  So, whatever happens during the write phase
(a kill, a full disk, a second run into the same folder), ``out/NAME`` holds either the previous
complete run or the new complete run, never a mixture.

- **Lock**: ``out/.NAME.lock`` (``flock``) is held from the pre-flight checks to the swap; a second
  run into the same folder is refused at once, before its simulation.
- **Pre-flight** (:func:`check_destination`): the destination is not a file, not a symbolic link,
  not a system folder, not the current folder or one above it, and, unless ``force``, either
  absent, empty or an earlier borderlever run.  A non-run folder replaced with ``force`` is kept
  beside it as ``NAME.replaced-<UTC time>``: nothing is deleted that borderlever did not write.
- **Marker**: :func:`verify_run_folder` checks ``complete.json`` and every file it lists (size,
  sha256, a regular file and not a symbolic link); ``compare``, ``load`` and the service call it.
- Leftovers of a killed run (hidden ``.NAME.tmp-*`` / ``.NAME.old-*`` siblings) are removed, or
  restored where the swap itself was cut short, by the next run into the same folder.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import errno
import fcntl
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from borderlever.errors import ConfigError

#: Written last into a run folder; its presence (and match) means the run is complete.
MARKER = "complete.json"
#: Format of :data:`MARKER`.
MARKER_FORMAT = 1
#: Folders a run never replaces, whatever ``force`` says (and everything below the first group).
_SYSTEM_TREES = (
    "/proc",
    "/sys",
    "/dev",
    "/etc",
    "/boot",
    "/usr",
    "/bin",
    "/sbin",
    "/lib",
    "/lib64",
    "/var/lib",
    "/var/log",
    "/var/cache",
    "/var/spool",
    "/var/mail",
)
_SYSTEM_DIRS = ("/", "/var", "/opt", "/srv", "/home", "/root", "/tmp", "/mnt", "/media", "/run")

#: Subfolders written in place during a run because they resume across runs (the parameter
#: sample of ``--uncertainty``): a folder holding only these counts as empty, and the swap moves
#: them into the new run folder instead of discarding them with the old one.
KEEP_ACROSS_RUNS = ("uncertainty",)

#: Test seam: called with a step name after each file of the write phase (fault-injection suite).
after_step: Callable[[str], None] | None = None


def _step(name: str) -> None:
    if after_step is not None:
        after_step(name)


def _is_system(path: Path) -> bool:
    text = str(path)
    if text in _SYSTEM_DIRS or path == Path.home():
        return True
    return any(text == t or text.startswith(t + "/") for t in _SYSTEM_TREES)


def _legacy_run(path: Path) -> bool:
    """A folder written by borderlever before markers existed: manifest.json with its keys."""
    try:
        doc = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(doc, dict) and "scenario_hash" in doc and "package_version" in doc


def is_run_folder(path: Path) -> bool:
    """True where ``path`` holds an earlier borderlever run (complete or from an older version),
    or only the resumable subfolders of one (:data:`KEEP_ACROSS_RUNS`)."""
    if (path / MARKER).is_file() or _legacy_run(path):
        return True
    entries = list(path.iterdir()) if path.is_dir() else []
    return bool(entries) and all(
        e.name in KEEP_ACROSS_RUNS and e.is_dir() and not e.is_symlink() for e in entries
    )


def _carry_over(target: Path, source: Path) -> None:
    """Move the resumable subfolders of ``source`` into ``target`` (same file system: renames)."""
    for name in KEEP_ACROSS_RUNS:
        kept = source / name
        if kept.is_dir() and not kept.is_symlink() and not (target / name).exists():
            os.rename(kept, target / name)


def check_destination(dest: Path, *, force: bool = False, option: str = "--out") -> Path:
    """The absolute destination of a run, or a :class:`ConfigError` saying why it cannot be used.

    The parent folder is created if needed; nothing else is written.
    """
    dest = Path(os.path.abspath(dest))
    parent = Path(os.path.realpath(dest.parent))
    full = parent / dest.name
    if not dest.name or _is_system(full):
        raise ConfigError(
            f"{option} {dest}: a system folder; write runs to a folder of your own (e.g. out/)"
        )
    cwd = Path.cwd().resolve()
    if full == cwd or full in cwd.parents:
        raise ConfigError(
            f"{option} {dest}: the current folder or one above it; name a subfolder (e.g. out/run)"
        )
    if full.is_symlink():
        raise ConfigError(
            f"{option} {dest}: a symbolic link; give the folder it points to "
            f"({os.path.realpath(full)}) or another folder"
        )
    if full.exists() and not full.is_dir():
        raise ConfigError(f"{option} {dest}: a file, not a folder; choose a folder name")
    if full.is_dir() and not force and any(full.iterdir()) and not is_run_folder(full):
        raise ConfigError(
            f"{option} {dest}: a folder that is not empty and holds no borderlever run; "
            "choose another folder, or pass --force to replace it (its content is kept beside "
            "it as NAME.replaced-<time>)"
        )
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(
            f"{option} {dest}: cannot create its folder {parent} ({exc.strerror}); "
            "choose a folder you can write to"
        ) from None
    if not os.access(parent, os.W_OK | os.X_OK):
        raise ConfigError(
            f"{option} {dest}: {parent} is not writable; choose a folder you can write to"
        )
    return full


def check_output_file(path: Path, option: str) -> Path:
    """A file the run will write at the end (``--json``): its folder exists and is writable."""
    full = Path(os.path.abspath(path))
    folder = full.parent
    if full.is_dir():
        raise ConfigError(f"{option} {path}: a folder; give a file name")
    if not folder.is_dir():
        raise ConfigError(f"{option} {path}: the folder {folder} does not exist; create it first")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ConfigError(f"{option} {path}: the folder {folder} is not writable")
    return full


def write_file_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary sibling and a rename (never half a file)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; a plain file would be 0644
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
        os.fsync(fh.fileno())  # the bytes are on disk before the marker says they are
    return digest.hexdigest()


def write_marker(folder: Path, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """List every file below ``folder`` with size and sha256 in :data:`MARKER`, written last
    (but those of :data:`KEEP_ACROSS_RUNS`, caches written in place)."""
    files = {}
    for path in sorted(folder.rglob("*")):
        if path.relative_to(folder).parts[0] in KEEP_ACROSS_RUNS:
            continue  # a resumable cache written in place, not part of the atomic unit
        if path.is_symlink():
            raise ConfigError(f"{path}: a symbolic link inside a run folder; not written")
        if path.is_file() and path.name != MARKER:
            rel = path.relative_to(folder).as_posix()
            files[rel] = {"bytes": path.stat().st_size, "sha256": _sha256(path)}
    doc = {"borderlever_run": MARKER_FORMAT, **(extra or {}), "files": files}
    write_file_atomic(folder / MARKER, json.dumps(doc, indent=2, sort_keys=True) + "\n")
    _fsync_dir(folder)
    return doc


def verify_run_folder(path: str | Path, *, hashes: bool = True) -> dict[str, Any]:
    """The marker of a complete run folder, or a :class:`ConfigError` naming what is wrong.

    Checks that ``complete.json`` exists and parses, and that every file it lists is a regular
    file (not a symbolic link) of the recorded size and (with ``hashes``) sha256.
    """
    folder = Path(path)
    marker = folder / MARKER
    rerun = "rerun it with `borderlever run`"
    if not folder.is_dir():
        raise ConfigError(f"{folder}: not a folder")
    if marker.is_symlink() or not marker.is_file():
        why = "an interrupted run or one written by borderlever before 0.2"
        raise ConfigError(f"{folder}: not a complete borderlever run (no {MARKER}: {why}); {rerun}")
    try:
        doc = json.loads(marker.read_text(encoding="utf-8"))
        files = doc["files"]
        assert isinstance(files, dict)
    except (OSError, ValueError, KeyError, TypeError, AssertionError):
        raise ConfigError(f"{marker}: damaged (not the JSON a run writes); {rerun}") from None
    for rel, info in files.items():
        file = folder / rel
        if file.is_symlink() or not file.is_file():
            raise ConfigError(f"{file}: missing or not a regular file; the run is damaged; {rerun}")
        if file.stat().st_size != info.get("bytes") or (
            hashes and _sha256_ro(file) != info.get("sha256")
        ):
            raise ConfigError(
                f"{file}: changed or truncated since the run wrote it (size or sha256 differs "
                f"from {MARKER}); {rerun}"
            )
    return doc


def _sha256_ro(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_run_json(folder: str | Path, name: str) -> Any:
    """A JSON file of a verified run folder (``summary.json``, ``manifest.json``)."""
    path = Path(folder) / name
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{path}: cannot be read as JSON ({exc}); rerun the run") from None


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2``); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    rc = fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


@dataclass
class Staging:
    """A run being written: ``path`` (the temporary sibling) becomes ``dest`` on success."""

    dest: Path
    path: Path
    force: bool
    replaced: Path | None = None  # where a non-run folder replaced with --force was kept


def _sweep_leftovers(dest: Path) -> None:
    """Under the lock: restore a run whose swap was cut short, remove dead staging folders."""
    parent, name = dest.parent, dest.name
    olds = sorted(parent.glob(f".{name}.old-*"))
    if not dest.exists() and olds and (olds[-1] / MARKER).is_file():
        os.rename(olds[-1], dest)  # a kill between the two renames of the fallback swap
        olds = olds[:-1]
    for left in [*parent.glob(f".{name}.tmp-*"), *olds]:
        if left.is_dir() and not left.is_symlink():
            if dest.is_dir():
                _carry_over(dest, left)  # a resumable sample moved out just before a kill
            shutil.rmtree(left, ignore_errors=True)


@contextlib.contextmanager
def _lock(dest: Path, option: str) -> Iterator[None]:
    lock_path = dest.parent / f".{dest.name}.lock"
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    except OSError as exc:
        raise ConfigError(
            f"{option} {dest}: cannot create the lock {lock_path} ({exc.strerror})"
        ) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            raise ConfigError(
                f"{option} {dest}: another borderlever run (pid {holder}) is writing this folder; "
                "wait for it to finish or choose another folder"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the lock


@contextlib.contextmanager
def staged_folder(
    dest: str | Path, *, force: bool = False, option: str = "--out"
) -> Iterator[Staging]:
    """Check, lock and stage a run folder; swap it into place when the block ends without error.

    Enter it before the simulation: the checks and the lock then refuse a bad or busy destination
    before any work is done.  On an exception (or Ctrl-C, or SIGTERM through the CLI) the staged
    folder is removed and ``dest`` is left as it was.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> with staged_folder(root / "run") as stage:
    ...     _ = (stage.path / "summary.json").write_text("{}")
    >>> sorted(p.name for p in (root / "run").iterdir())
    ['complete.json', 'summary.json']
    """
    full = check_destination(Path(dest), force=force, option=option)
    with _lock(full, option):
        _sweep_leftovers(full)
        check_destination(full, force=force, option=option)  # again, now that no one else writes
        try:
            tmp = Path(tempfile.mkdtemp(prefix=f".{full.name}.tmp-", dir=full.parent))
        except OSError as exc:
            raise ConfigError(
                f"{option} {dest}: cannot write in {full.parent} ({exc.strerror}); "
                "choose a folder you can write to"
            ) from None
        os.chmod(tmp, 0o755 & ~_umask())
        stage = Staging(dest=full, path=tmp, force=force)
        try:
            yield stage
            _commit(stage)
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _commit(stage: Staging) -> None:
    """Marker last, then the swap; the old run (if any) goes, a non-run folder is kept aside."""
    dest = stage.dest
    if dest.is_dir() and not dest.is_symlink():
        _carry_over(stage.path, dest)
        if not any(dest.iterdir()):
            dest.rmdir()  # it held only the resumable sample, now in the new run
    write_marker(stage.path, {"finished_utc": _now()})
    _step("marker")
    if not dest.exists():
        os.rename(stage.path, dest)
    elif not is_run_folder(dest):  # only with force (checked): keep the user's folder
        kept = dest.with_name(f"{dest.name}.replaced-{_now().replace(':', '')}")
        _two_renames(stage.path, dest, kept)
        stage.replaced = kept
    elif _exchange(stage.path, dest):
        _step("exchange")  # stage.path now holds the previous run; removed by the caller
    else:
        old = dest.with_name(f".{dest.name}.old-{os.getpid()}")
        _two_renames(stage.path, dest, old)
        shutil.rmtree(old, ignore_errors=True)
    _fsync_dir(dest.parent)
    _step("swapped")


def _two_renames(new: Path, dest: Path, aside: Path) -> None:
    """``dest`` -> ``aside``, then ``new`` -> ``dest``; put ``dest`` back if the second fails.

    A kill between the two leaves ``aside``; :func:`_sweep_leftovers` restores it next time.
    """
    os.rename(dest, aside)
    try:
        _step("aside")
        os.rename(new, dest)
    except BaseException:
        if not dest.exists():
            os.rename(aside, dest)
        raise


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
