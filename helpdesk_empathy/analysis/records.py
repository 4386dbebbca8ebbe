"""Frozen result records (Analysis, Evidence, Signal) built without their per-field __init__.

A frozen dataclass's generated __init__ sets each field through object.__setattr__, one call
per field: for an 8-field Analysis that is most of a microsecond, a noticeable share of a
short message's analysis. Setting the instance dict in one call gives an equal object
(same fields, ==, hash, repr, pickling, dataclasses.replace/asdict) at a third of the cost.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

T = TypeVar("T")

_new = object.__new__
_set = object.__setattr__


def _fields_of(cls: type) -> tuple[str, ...]:
    """The field names of a plain frozen dataclass: no __post_init__, no slots, no factory."""
    if not dataclasses.is_dataclass(cls) or hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__}: only plain dataclasses can skip their __init__")
    if hasattr(cls, "__slots__"):
        raise TypeError(f"{cls.__name__} has slots, not an instance dict")
    return tuple(field.name for field in dataclasses.fields(cls))


def record_builder(cls: type[T]) -> Any:
    """A function building cls(**fields) from every field, given by keyword, in one call.

    Every field must be given (defaults are not filled in): a missing one raises TypeError
    as the real __init__ would, so a record never lacks a field.
    """
    names = frozenset(_fields_of(cls))
    count = len(names)

    def build(**fields: Any) -> T:
        if len(fields) != count or not names.issuperset(fields):
            return cls(**fields)  # the real __init__ reports the mistake
        record = _new(cls)
        _set(record, "__dict__", fields)
        return record

    build.__doc__ = f"{cls.__name__}(**fields), every field given by keyword."
    return build


__all__ = ["record_builder"]
