"""What a build holds of every project, its head (:class:`~generator.core.model.ProjectHead`):
the values many heads repeat as one object each, and the long texts packed until read.

A build holds the heads of all projects, but after an edit it reads the texts (概况, 主要绩效,
存在问题, 整改建议, 整改情况, 原表其他栏目) of a few: the changed projects' pages and their
authority's 部门公开 (lists, summaries and statistics read figures, and what each project adds
to its groups is kept by file, :mod:`generator.publish.fingerprints`). The check cache keeps
a head's texts as one pickled bytes (:func:`pack`), unpickled when one of them is first read
(:func:`with_packed_texts`), not for every head at the start of every build: the texts were
half of the time to unpickle the heads (0.37 s at 10,000 projects) and ~85 % of their bytes.
A head made any other way holds its texts as usual.
"""

from __future__ import annotations

import pickle
from decimal import Decimal
from typing import Any, TypeVar

T = TypeVar("T")
V = TypeVar("V")
# the head's fields kept packed (see the module's docstring), in the order pack writes them
TEXTS = ("summary", "achievements", "problems_found", "recommendations", "rectification",
         "rectification_items", "other_fields")
PACKED = "_texts"  # a head's packed texts, in its instance dictionary (None once read)
_SHARED: dict[object, object] = {}  # one object per value (few: names, scores, weights)


def restore(instance: object, state: dict[str, Any]) -> None:
    """As pickle does without ``__setstate__``: key by key, so that the instance keeps the
    dictionary whose keys it shares with the others of its class (dict.update does not)."""
    values = instance.__dict__
    for key, value in state.items():
        values[key] = value


def shared(value: V) -> V:
    """The one object of this value: equal Decimals with other exponents (15, 15.00) are
    kept apart, since the pages show them as written."""
    key = (value, value.as_tuple().exponent) if isinstance(value, Decimal) else value
    return _SHARED.setdefault(key, value)  # type: ignore[return-value]


def pack(values: dict[str, Any]) -> bytes:
    """A head's texts (``values``: its instance dictionary) as one bytes: those it still
    holds packed as they are, without unpickling them."""
    packed: bytes | None = values.get(PACKED)
    if packed is not None:
        return packed
    return pickle.dumps(tuple(values[name] for name in TEXTS), protocol=pickle.HIGHEST_PROTOCOL)


def unpack(packed: bytes) -> tuple[Any, ...]:
    """The texts :func:`pack` gave, in the order of :data:`TEXTS`."""
    values: tuple[Any, ...] = pickle.loads(packed)
    return values


def with_packed_texts(cls: type[T]) -> type[T]:
    """A dataclass whose instances may hold :data:`TEXTS` packed: their defaults leave the
    class (else an instance without them would read the class's), and a name of them that
    the instance does not hold is unpacked on first read (``__getattr__`` is only asked for
    names found neither in the instance nor in its class: no cost for any other read)."""
    for name in TEXTS:
        if name in cls.__dict__:
            delattr(cls, name)
    setattr(cls, "__getattr__", _unpacked)  # noqa: B010 - mypy is not to see it
    return cls


def _unpacked(self: object, name: str) -> Any:
    """The text ``name`` of a head that holds its texts packed: all of them are unpacked
    into it (a build's downloads thread may do so at the same time: both write equal
    values, and the packed bytes are set aside only after)."""
    values = self.__dict__
    if name in TEXTS:
        packed = values.get(PACKED)
        if packed is not None:
            for key, value in zip(TEXTS, unpack(packed), strict=True):
                values[key] = value
            values[PACKED] = None
            return values[name]
    raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")


def holds_texts(head: object) -> bool:
    """Whether the head holds its texts (read this build, or made without packing them):
    then reading them costs nothing."""
    return head.__dict__.get(PACKED) is None
