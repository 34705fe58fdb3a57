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

import yaml
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


class _UniqueKeyLoader(yaml.SafeLoader):
    """A SafeLoader that rejects a key given twice in one mapping (PyYAML keeps the last silently)."""


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    keys: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in keys:
            mark = key_node.start_mark
            raise yaml.constructor.ConstructorError(
                None, None, f"key {key!r} appears twice (line {mark.line + 1})", mark
            )
        keys.add(key)
    return loader.construct_mapping(node)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml(path: Path) -> dict[str, Any]:
    """Parse one YAML file into a mapping; syntax errors name the file, line and column."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"scenario file {path}: cannot read ({exc.strerror})") from None
    try:
        doc = yaml.load(text, Loader=_UniqueKeyLoader)  # SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(f"scenario file {path}:{where}: YAML syntax error: {problem}") from None
    if not isinstance(doc, dict):
        raise ConfigError(
            f"scenario file {path}: top level must be a mapping of keys (name, start, ...), "
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
