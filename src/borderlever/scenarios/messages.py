"""Turn pydantic validation errors into one readable :class:`ConfigError`.

Each problem is named by file and key path (``policies[1].parameters.lanes_removed_share``), with
the allowed values and, for a misspelt key, the closest allowed keys ("did you mean ...?").
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from borderlever.errors import ConfigError


def key_path(loc: tuple[Any, ...]) -> str:
    """``('policies', 1, 'window', 'end')`` -> ``policies[1].window.end``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "(top level)"


def _members(annotation: Any) -> list[Any]:
    """The non-None members of a union (or the annotation itself)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _members(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        out: list[Any] = []
        for arg in typing.get_args(annotation):
            if arg is not type(None):
                out.extend(_members(arg))
        return out
    return [annotation]


def _step(annotation: Any, part: Any) -> Any:
    """The annotation one ``loc`` step below ``annotation`` (None where it cannot be followed)."""
    for member in _members(annotation):
        origin = typing.get_origin(member)
        if isinstance(part, int) and origin in (list, tuple):
            return typing.get_args(member)[0]
        if isinstance(member, type) and issubclass(member, BaseModel) and isinstance(part, str):
            field = member.model_fields.get(part)
            if field is not None:
                return field.annotation
        if isinstance(part, str):  # a discriminated-union tag, e.g. 'lane_cut'
            for m in _members(member):
                kind = getattr(m, "model_fields", {}).get("kind")
                if kind is not None and part in typing.get_args(kind.annotation):
                    return m
    return None


def allowed_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys allowed in the mapping at ``loc`` (the parent of an unknown key)."""
    annotation: Any = model
    for part in loc:
        annotation = _step(annotation, part)
        if annotation is None:
            return []
    for member in _members(annotation):
        if isinstance(member, type) and issubclass(member, BaseModel):
            return list(member.model_fields)
    return []


def _visible_loc(model: type[BaseModel], loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Drop discriminator tags pydantic inserts (``policies.0.lane_cut.window`` -> without it)."""
    out: list[Any] = []
    annotation: Any = model
    for part in loc:
        nxt = _step(annotation, part) if annotation is not None else None
        is_tag = (
            isinstance(part, str)
            and annotation is not None
            and all(
                not (isinstance(m, type) and issubclass(m, BaseModel) and part in m.model_fields)
                for m in _members(annotation)
            )
            and nxt is not None
        )
        if not is_tag:
            out.append(part)
        annotation = nxt
    return tuple(out)


def _describe(model: type[BaseModel], err: Any) -> str:
    loc = tuple(err["loc"])
    path = key_path(_visible_loc(model, loc))
    kind = err["type"]
    if kind == "extra_forbidden":
        parent = loc[:-1]
        allowed = allowed_keys(model, parent)
        bad = str(loc[-1])
        close = difflib.get_close_matches(bad, allowed, n=2, cutoff=0.5)
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        return f"{path}: unknown key{hint} Allowed keys here: {', '.join(allowed)}"
    if kind == "union_tag_invalid":
        ctx = err.get("ctx", {})
        tag = str(ctx.get("tag", ""))
        expected = str(ctx.get("expected_tags", ""))
        options = [t.strip(" '") for t in expected.split(",")]
        close = difflib.get_close_matches(tag, options, n=1, cutoff=0.5)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return f"{path}.kind: unknown policy kind {tag!r}{hint} Allowed: {expected}"
    if kind == "missing":
        return f"{path}: required key is missing"
    msg = err["msg"]
    quote = port_code_hint(loc, err.get("input"))
    if quote:
        return f"{path}: {msg} (got {err.get('input')!r}); {quote}"
    if kind == "literal_error":
        given = err.get("input")
        expected = str(err.get("ctx", {}).get("expected", ""))
        options = [t.strip(" '").replace("or '", "").strip("'") for t in expected.split(",")]
        close = difflib.get_close_matches(str(given), options, n=1, cutoff=0.5)
        if close:
            msg += f"; did you mean {close[0]!r}?"
    return f"{path}: {msg} (got {err.get('input')!r})"


def port_code_hint(loc: tuple[Any, ...], value: Any) -> str | None:
    """The hint for a port code YAML read as a number (``2304``, or ``0401`` read as octal 257).

    Examples
    --------
    >>> port_code_hint(("ports", "codes", 0), 2304)
    "port codes are text: quote them (codes: ['2304'])"
    >>> port_code_hint(("ports", "codes", 1), 257)  # doctest: +ELLIPSIS
    "port codes are text: quote them (codes: ['0257']); ... YAML reads 0401 as the octal number 257"
    """
    in_ports = any(part == "ports" for part in loc) or "codes" in loc
    if not in_ports or not isinstance(value, int) or isinstance(value, bool):
        return None
    text = f"port codes are text: quote them (codes: ['{value:04d}'])"
    if value < 1000:
        text += "; an unquoted code with a leading zero is not what it seems: YAML reads 0401 as the octal number 257"
    return text


def problems(exc: ValidationError, model: type[BaseModel]) -> list[str]:
    """Every problem in ``exc`` as ``key.path: what is wrong`` (with did-you-mean and hints)."""
    return [_describe(model, e) for e in exc.errors()]


def problem_list(source: str, lines: list[str]) -> ConfigError:
    """One :class:`ConfigError` for ``lines``, each prefixed with the file (``source``)."""
    head = f"scenario {source}: {len(lines)} problem{'s' if len(lines) > 1 else ''}"
    return ConfigError(head + "".join(f"\n  - {source}: {line}" for line in lines))


def config_error(exc: ValidationError, model: type[BaseModel], source: str) -> ConfigError:
    """One :class:`ConfigError` listing every problem in ``exc``, each with file and key path."""
    return problem_list(source, problems(exc, model))
