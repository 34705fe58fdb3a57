"""Read scenario YAML files, follow ``base`` inheritance and validate the merged document.

Inheritance rules (tested in ``tests/unit/scenarios/test_loading.py``):

1. ``base: NAME`` names another scenario, looked up like ``borderlever run NAME`` (the file's own
   folder first, then the library).  Bases may chain; a cycle or a missing base is an error.
2. Mappings merge key by key, recursively: the child states only what differs.
3. Lists (``policies``, ``ports.codes``, ``classes`` ...) are replaced as a whole, never appended.
4. A key set to ``null`` in the child removes the inherited value (the default applies again).
5. ``name`` and ``base`` are never inherited; ``description`` is, unless the child gives one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from borderlever.errors import ConfigError, UnknownCodeError
from borderlever.scenarios.messages import config_error
from borderlever.scenarios.spec import ScenarioSpec

#: Repository root when running from a source checkout (src/borderlever/scenarios/ -> root).
_SOURCE_ROOT = Path(__file__).resolve().parents[3]
_PACKAGED = Path(__file__).with_name("library")
SUFFIXES = (".yaml", ".yml")


def library_dirs() -> list[Path]:
    """Folders searched for scenarios by name: ``./scenarios``, the source checkout's, the packaged."""
    dirs = [Path.cwd() / "scenarios", _SOURCE_ROOT / "scenarios", _PACKAGED]
    seen: list[Path] = []
    for d in dirs:
        if d.is_dir() and d.resolve() not in [s.resolve() for s in seen]:
            seen.append(d)
    return seen


def library_files(dirs: Iterable[Path] | None = None) -> dict[str, Path]:
    """Scenario name -> file, first folder wins."""
    found: dict[str, Path] = {}
    for d in dirs if dirs is not None else library_dirs():
        for path in sorted(d.iterdir()):
            if path.suffix in SUFFIXES and path.stem not in found:
                found[path.stem] = path
    return found


def find_scenario(ref: str | Path, dirs: Iterable[Path] | None = None) -> Path:
    """A scenario file from a path or a library name (``seed-14-day-closure``)."""
    path = Path(ref)
    if path.suffix in SUFFIXES or path.is_file():
        if not path.is_file():
            raise ConfigError(f"scenario file {path} does not exist")
        return path
    files = library_files(dirs)
    if str(ref) not in files:
        raise UnknownCodeError("scenario", str(ref), sorted(files))
    return files[str(ref)]


def read_yaml(path: Path) -> dict[str, Any]:
    """Parse one YAML file into a mapping; problems name the file, line and column.

    The text must be UTF-8; the parser refuses duplicate keys, impossible dates and documents
    beyond the limits of :mod:`borderlever.safeparse` (size, depth, aliases: no "billion laughs").
    """
    from borderlever.safeparse import DEFAULT_LIMITS, check_size, decode_utf8, load_yaml

    source = f"scenario file {path}"
    try:
        if path.is_dir():
            raise ConfigError(f"{source}: is a folder, not a YAML file")
        with path.open("rb") as fh:  # never read more than the limit (a 10 GB file is refused)
            raw = fh.read(DEFAULT_LIMITS.max_bytes + 1)
    except OSError as exc:
        raise ConfigError(f"{source}: cannot read ({exc.strerror})") from None
    check_size(raw, source)
    doc = load_yaml(decode_utf8(raw, source), source)
    if not isinstance(doc, dict):
        raise ConfigError(
            f"{source}: top level must be a mapping of keys (name, start, ...), "
            f"got {type(doc).__name__}"
        )
    return doc


def deep_merge(base: Mapping[str, Any], child: Mapping[str, Any]) -> dict[str, Any]:
    """Merge ``child`` over ``base`` by the module's rules 2-4.

    Examples
    --------
    >>> deep_merge({"a": {"x": 1, "y": 2}, "l": [1, 2]}, {"a": {"y": 3}, "l": [9]})
    {'a': {'x': 1, 'y': 3}, 'l': [9]}
    >>> deep_merge({"a": {"x": 1}, "b": 2}, {"b": None})
    {'a': {'x': 1}}
    """
    out: dict[str, Any] = dict(base)
    for key, value in child.items():
        if value is None:
            out.pop(key, None)
        elif isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def merged_document(path: Path, dirs: Iterable[Path] | None = None) -> dict[str, Any]:
    """The scenario at ``path`` with its ``base`` chain merged in (``base`` removed)."""
    chain: list[Path] = []
    doc = read_yaml(path)
    docs = [doc]
    chain.append(path.resolve())
    search = [path.parent, *(dirs if dirs is not None else library_dirs())]
    while docs[-1].get("base") is not None:
        base_name = docs[-1]["base"]
        if not isinstance(base_name, str):
            raise ConfigError(
                f"scenario {chain[-1]}: base must be a scenario name, got {base_name!r}"
            )
        try:
            base_path = find_scenario(base_name, search)
        except UnknownCodeError as exc:
            raise ConfigError(f"scenario {chain[-1]}: base: {exc}") from None
        if base_path.resolve() in chain:
            names = " -> ".join(p.stem for p in [*chain, base_path])
            raise ConfigError(f"scenario {path}: base: inheritance forms a cycle ({names})")
        chain.append(base_path.resolve())
        docs.append(read_yaml(base_path))
    merged: dict[str, Any] = {}
    for d in reversed(docs):
        layer = {k: v for k, v in d.items() if k not in ("base", "name")}
        merged = deep_merge(merged, layer)
    if "name" in doc:
        merged["name"] = doc["name"]
    return merged


def load_spec(ref: str | Path, dirs: Iterable[Path] | None = None) -> ScenarioSpec:
    """Read, merge and validate a scenario (by path or library name).

    Raises
    ------
    ConfigError
        Any problem, naming the file, key path and allowed values.
    """
    path = find_scenario(ref, dirs)
    return spec_from_document(merged_document(path, dirs), source=str(path))


def spec_from_document(doc: Mapping[str, Any], source: str = "scenario document") -> ScenarioSpec:
    """Validate an already-merged mapping (e.g. from the service's JSON body)."""
    try:
        return ScenarioSpec.model_validate(dict(doc))
    except ValidationError as exc:
        raise config_error(exc, ScenarioSpec, source) from None
