"""Strict YAML documents: parse, validate with a pydantic model, turn every problem into a
:class:`~borderlever.errors.ConfigError` that names the file, the key path and the allowed keys.

An unknown key is an error with a did-you-mean (a misspelt ``concesion:`` must not be dropped
silently); a wrong type names the field and what it expects.
"""

from __future__ import annotations

import difflib
import typing
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from borderlever.errors import ConfigError

M = TypeVar("M", bound=BaseModel)


def load_yaml(path: str | Path) -> Any:
    """Read a YAML file; a missing file, bytes that are not UTF-8, a syntax error, a key given
    twice or a document beyond the limits of :mod:`borderlever.safeparse` (size, depth, aliases)
    is a :class:`ConfigError`."""
    from borderlever.safeparse import DEFAULT_LIMITS, check_size, decode_utf8
    from borderlever.safeparse import load_yaml as parse

    path = Path(path)
    try:
        with path.open("rb") as fh:
            raw = fh.read(DEFAULT_LIMITS.max_bytes + 1)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the file ({exc.strerror})") from None
    check_size(raw, str(path))
    return parse(decode_utf8(raw, str(path)), str(path))


def validate_document(model: type[M], data: Any, *, source: str) -> M:
    """Validate ``data`` against ``model``; raise one :class:`ConfigError` listing every problem.

    Examples
    --------
    >>> from pydantic import BaseModel, ConfigDict
    >>> class P(BaseModel):
    ...     model_config = ConfigDict(extra="forbid")
    ...     threat: int
    >>> try:
    ...     validate_document(P, {"threat": 1, "thret": 2}, source="x.yaml")
    ... except ConfigError as exc:
    ...     print(exc)
    x.yaml: thret: unknown key; did you mean 'threat'? (allowed: threat)
    """
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        lines = [_describe(model, err) for err in exc.errors()]
        raise ConfigError(f"{source}: " + "; ".join(lines)) from None


def _describe(model: type[BaseModel], err: Any) -> str:
    loc = tuple(err["loc"])
    path = _path_text(loc)
    if err["type"] == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return f"{path}: unknown key{hint} (allowed: {', '.join(allowed)})"
    return f"{path or '(document)'}: {err['msg']}"


def _path_text(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Field names of the (nested) model reached by walking ``loc`` from ``model``."""
    current: Any = model
    for part in loc:
        if isinstance(part, int) or not _is_model(current):
            current = _inner_model(current)
            if isinstance(part, int):
                continue
        if _is_model(current) and part in current.model_fields:
            current = _inner_model(current.model_fields[part].annotation)
    return list(current.model_fields) if _is_model(current) else []


def _is_model(obj: Any) -> bool:
    return isinstance(obj, type) and issubclass(obj, BaseModel)


def _inner_model(annotation: Any) -> Any:
    """The model inside ``list[M]``, ``M | None``, ``dict[str, M]`` ... (or the annotation itself)."""
    if _is_model(annotation):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if _is_model(found):
            return found
    return annotation
