"""JSON-friendly conversion of canonical documents, one generic pair over all dataclasses.

``to_dict`` gives plain ``dict``/``list``/``str``/``int``/``bool`` values (Decimal as a string so
no cent is lost to a float, dates in ISO form) and leaves out fields equal to their default, which
keeps stored payloads small and diffs readable. ``from_dict`` is its inverse, driven by the type
hints, and raises :class:`CanonicalError` naming the path of the bad value.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")


class CanonicalError(ValueError):
    """A canonical payload that does not fit the model; ``path`` points at the bad value."""

    permanent = True

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path or '<root>'}: {message}")
        self.path = path


def to_dict(obj: Any) -> dict[str, Any]:
    """A canonical dataclass as JSON-ready data, leaving out fields equal to their default."""
    out: dict[str, Any] = {}
    for field in dataclasses.fields(obj):
        value = getattr(obj, field.name)
        if field.default is not dataclasses.MISSING and value == field.default:
            continue
        out[field.name] = _encode(value)
    return out


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value):
        return to_dict(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [_encode(v) for v in value]
    return value


def from_dict(cls: type[T], data: Any, path: str = "") -> T:
    """Build ``cls`` from :func:`to_dict` output; unknown keys are errors, not silently dropped."""
    if not isinstance(data, dict):
        raise CanonicalError(path, f"expected an object for {cls.__name__}")
    hints = _hints(cls)
    unknown = set(data) - set(hints)
    if unknown:
        raise CanonicalError(path, f"unknown field(s) {sorted(unknown)} for {cls.__name__}")
    kwargs = {
        name: _decode(hints[name], value, f"{path}.{name}" if path else name)
        for name, value in data.items()
    }
    try:
        return cls(**kwargs)
    except TypeError as exc:  # a required field is missing
        raise CanonicalError(path, str(exc)) from None


@cache
def _hints(cls: type) -> dict[str, Any]:
    names = {f.name for f in dataclasses.fields(cls)}
    return {k: v for k, v in typing.get_type_hints(cls).items() if k in names}


def _decode(hint: Any, value: Any, path: str) -> Any:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return None
        (inner,) = (a for a in typing.get_args(hint) if a is not type(None))
        return _decode(inner, value, path)
    if origin is tuple:
        if not isinstance(value, list):
            raise CanonicalError(path, "expected a list")
        inner = typing.get_args(hint)[0]
        return tuple(_decode(inner, v, f"{path}[{i}]") for i, v in enumerate(value))
    if dataclasses.is_dataclass(hint):
        return from_dict(hint, value, path)
    return _decode_scalar(hint, value, path)


def _decode_scalar(hint: Any, value: Any, path: str) -> Any:
    try:
        if hint is Decimal and isinstance(value, (str, int, float)) and not isinstance(value, bool):
            # repr() of a float is its shortest round-tripping text: 9.25 stays 9.25
            number = Decimal(repr(value) if isinstance(value, float) else value)
            if number.is_finite():
                return number
            raise ValueError(value)
        if hint is date and isinstance(value, str):
            return date.fromisoformat(value)
    except (InvalidOperation, ValueError):
        raise CanonicalError(path, f"invalid {hint.__name__} {value!r}") from None
    if hint in (str, int, bool) and type(value) is hint:
        return value
    raise CanonicalError(path, f"expected {getattr(hint, '__name__', hint)}, got {value!r}")
