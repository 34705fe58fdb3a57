"""Turning the package's answers into HTTP ones: JSON without NaN, errors as 4xx with the message."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import HTTPException

from borderlever.errors import BorderleverError, UnknownCodeError

T = TypeVar("T")


def clean(doc: Any) -> Any:
    """``doc`` with NaN and infinities as None (JSON has no NaN).

    Examples
    --------
    >>> clean({"a": [1.0, float("nan")], "b": float("inf")})
    {'a': [1.0, None], 'b': None}
    """
    if isinstance(doc, dict):
        return {str(k): clean(v) for k, v in doc.items()}
    if isinstance(doc, list | tuple):
        return [clean(v) for v in doc]
    if isinstance(doc, float) and not math.isfinite(doc):
        return None
    return doc


def answer(fn: Callable[..., T], *args: Any, missing: int = 404, **kwargs: Any) -> T:
    """``fn(*args)``, with the package's errors as HTTP errors carrying the CLI's message."""
    try:
        return fn(*args, **kwargs)
    except UnknownCodeError as exc:
        raise HTTPException(missing, str(exc)) from None
    except BorderleverError as exc:
        raise HTTPException(422, str(exc)) from None
