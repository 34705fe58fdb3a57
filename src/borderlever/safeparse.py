"""Parse untrusted YAML and JSON with limits on size, nesting depth, aliases and expanded size.

A few hundred bytes of YAML with nested aliases (the "billion laughs" pattern) expand to billions
of nodes once anything walks the document (validation, merging, hashing): memory grows without
bound and Ctrl-C is not honoured while C code runs.  :func:`load_yaml` refuses such input before
constructing any Python object, in time linear in the text; :func:`load_json` applies the same
limits to JSON (request bodies of the service), which has no aliases but can nest deeply enough to
exhaust the interpreter's stack.

The limits (:data:`DEFAULT_LIMITS`) are far above anything a scenario needs (the largest file in
the library is about 3 KB, depth 5, no aliases) and far below what hurts.  Every refusal is a
:class:`~borderlever.errors.ConfigError` naming the source and the limit.

Examples
--------
>>> load_yaml("a: &x [1, 2]\\nb: *x\\n")
{'a': [1, 2], 'b': [1, 2]}
>>> bomb = "a: &a [x, x]\\n" + "".join(
...     f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}]\\n" for i in range(20)
... )
>>> load_yaml(bomb)
Traceback (most recent call last):
...
borderlever.errors.ConfigError: <text>: YAML has more than 100000 values once aliases are expanded (limit max_nodes); write the values out or split the file
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import yaml

from borderlever.errors import ConfigError


@dataclass(frozen=True)
class Limits:
    """Bounds on untrusted structured text.

    Parameters
    ----------
    max_bytes : int
        Largest accepted text [bytes].
    max_depth : int
        Deepest nesting of mappings and lists [levels].
    max_aliases : int
        Most YAML alias references (``*name``) in one document [count].
    max_nodes : int
        Most nodes after every alias is expanded [count]: the size any walk of the document sees.
    """

    max_bytes: int = 262_144
    max_depth: int = 64
    max_aliases: int = 200
    max_nodes: int = 100_000


#: The limits applied to scenario files, claims files and the service's request bodies.
DEFAULT_LIMITS = Limits()


def _refuse(source: str, what: str, limit: str) -> ConfigError:
    return ConfigError(f"{source}: {what} (limit {limit}); write the values out or split the file")


def check_size(data: str | bytes, source: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse text longer than ``limits.max_bytes``."""
    size = len(data.encode("utf-8")) if isinstance(data, str) else len(data)
    if size > limits.max_bytes:
        raise ConfigError(
            f"{source}: larger than the {limits.max_bytes:,} bytes accepted (limit max_bytes); "
            "a scenario or request is a few kilobytes"
        )


def _check_graph(root: yaml.Node, source: str, limits: Limits) -> None:
    """Depth, alias count and expanded size of a composed YAML node graph.

    Iterative (no recursion) and linear in the number of distinct nodes: the expanded size of a
    node reached again through an alias is memoised, so a "billion laughs" document is measured
    in microseconds and refused as soon as its running size passes ``limits.max_nodes``.
    """
    expanded: dict[int, int] = {}
    open_ids: set[int] = set()  # nodes whose subtree is being walked (the current path)
    aliases = total = 0
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        children: list[yaml.Node] = []
        if isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        if done:
            expanded[id(node)] = 1 + sum(expanded[id(c)] for c in children)
            open_ids.discard(id(node))
            continue
        if depth > limits.max_depth:
            raise _refuse(source, f"YAML nests deeper than {limits.max_depth} levels", "max_depth")
        size = expanded.get(id(node))
        if size is not None or id(node) in open_ids:
            aliases += 1
            if aliases > limits.max_aliases:
                raise _refuse(
                    source, f"YAML uses more than {limits.max_aliases} aliases", "max_aliases"
                )
            if size is None:
                raise _refuse(source, "YAML alias refers to a node that contains it", "recursion")
            total += size
        else:
            total += 1
            open_ids.add(id(node))
            stack.append((node, depth, True))
            stack.extend((c, depth + 1, False) for c in children)
        if total > limits.max_nodes:
            raise _refuse(
                source,
                f"YAML has more than {limits.max_nodes} values once aliases are expanded",
                "max_nodes",
            )


def _check_flow_depth(text: str, source: str, limits: Limits, kind: str = "YAML") -> None:
    """Refuse bracket nesting beyond ``limits.max_depth`` before the parser sees it.

    Counts ``[``/``{`` against ``]``/``}`` anywhere in the text (brackets inside quoted strings
    count too: an over-estimate that legitimate files never reach).  Deep flow nesting is what
    makes a YAML parser slow (quadratic look-ahead) or exhaust its stack.
    """
    depth = 0
    for match in _BRACKETS.finditer(text):
        depth = depth + 1 if match.group() in "[{" else max(depth - 1, 0)
        if depth > limits.max_depth:
            raise _refuse(
                source, f"{kind} nests deeper than {limits.max_depth} levels", "max_depth"
            )


_BRACKETS = re.compile(r"[\[\]{}]")
_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml where installed: linear and fast


class _LimitedLoader(_BASE):  # type: ignore[valid-type,misc]
    """A SafeLoader that rejects duplicate keys and impossible dates with their line."""


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    keys: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        try:
            fresh = key not in keys
        except TypeError:  # an unhashable key (a list or mapping used as a key)
            raise yaml.constructor.ConstructorError(
                None,
                None,
                "a key must be a plain value, not a list or mapping",
                key_node.start_mark,
            ) from None
        if not fresh:
            mark = key_node.start_mark
            raise yaml.constructor.ConstructorError(
                None, None, f"key {key!r} appears twice (line {mark.line + 1})", mark
            )
        keys.add(key)
    return loader.construct_mapping(node)


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError) as exc:
        raise yaml.constructor.ConstructorError(
            None, None, f"{node.value!r} is not a valid date ({exc})", node.start_mark
        ) from None


_LimitedLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LimitedLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def load_yaml(text: str, source: str = "<text>", limits: Limits = DEFAULT_LIMITS) -> Any:
    """Parse one YAML document from untrusted text within ``limits``.

    Duplicate keys, impossible dates (``2025-02-30``) and syntax errors are refused with their line
    and column; aliases are allowed up to ``limits.max_aliases`` and while the expanded document
    stays under ``limits.max_nodes`` nodes.

    Raises
    ------
    ConfigError
        Naming ``source``, the line and column where known, and the limit or problem.
    """
    check_size(text, source, limits)
    _check_flow_depth(text, source, limits)
    loader = _LimitedLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_graph(node, source, limits)
        return loader.construct_document(node)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}:" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        kind = (
            "YAML error"
            if isinstance(exc, yaml.constructor.ConstructorError)
            else "YAML syntax error"
        )
        raise ConfigError(f"{source}:{where} {kind}: {problem}") from None
    except RecursionError:
        raise _refuse(source, "YAML nests too deeply to parse", "max_depth") from None
    finally:
        loader.dispose()


def _json_depth(doc: Any, source: str, limits: Limits) -> None:
    stack: list[tuple[Any, int]] = [(doc, 1)]
    nodes = 0
    while stack:
        value, depth = stack.pop()
        nodes += 1
        if nodes > limits.max_nodes:
            raise _refuse(source, f"JSON has more than {limits.max_nodes} values", "max_nodes")
        if depth > limits.max_depth:
            raise _refuse(source, f"JSON nests deeper than {limits.max_depth} levels", "max_depth")
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)


def load_json(
    data: str | bytes, source: str = "<request body>", limits: Limits = DEFAULT_LIMITS
) -> Any:
    """Parse untrusted JSON (e.g. a request body) within ``limits``.

    Examples
    --------
    >>> load_json(b'{"name": "x", "ports": {"codes": ["2304"]}}')
    {'name': 'x', 'ports': {'codes': ['2304']}}
    >>> load_json("[" * 100 + "]" * 100)
    Traceback (most recent call last):
    ...
    borderlever.errors.ConfigError: <request body>: JSON nests deeper than 64 levels (limit max_depth); write the values out or split the file
    """
    check_size(data, source, limits)
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ConfigError(
                f"{source}: not UTF-8 text (byte {data[exc.start]:#04x} at offset {exc.start})"
            ) from None
    _check_flow_depth(data, source, limits, "JSON")
    try:
        doc = json.loads(data)
    except json.JSONDecodeError as exc:
        raise ConfigError(
            f"{source}: line {exc.lineno}, column {exc.colno}: JSON syntax error: {exc.msg}"
        ) from None
    except RecursionError:
        raise _refuse(source, "JSON nests too deeply to parse", "max_depth") from None
    _json_depth(doc, source, limits)
    return doc


def decode_utf8(data: bytes, source: str) -> str:
    """Bytes as UTF-8 text, or a :class:`ConfigError` naming the first bad byte and its offset.

    Examples
    --------
    >>> decode_utf8(b"name: caf\\xe9", "a.yaml")
    Traceback (most recent call last):
    ...
    borderlever.errors.ConfigError: a.yaml: not UTF-8 text (byte 0xe9 at offset 9); save the file as UTF-8
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{source}: not UTF-8 text (byte {data[exc.start]:#04x} at offset {exc.start}); "
            "save the file as UTF-8"
        ) from None
