"""What a build holds of every project, its head (:class:`~generator.core.model.ProjectHead`):
the values many heads repeat as one object each, and its long texts packed until read.

A build holds the heads of all projects, but after an edit it reads the texts (概况, 主要绩效,
存在问题 and their themes, 整改建议, 整改情况, 原表其他栏目) of a few: the changed projects'
pages and their 部门公开 (lists, summaries and statistics read names and figures, and what
each project adds to its groups from its texts is kept by file, :mod:`generator.publish.
fingerprints`). The check cache keeps them as one pickled bytes a head (:func:`pack`),
unpickled when one of them is first read (:func:`with_packed`), not for every head at the
start of every build: at 2,000 projects they were half the time to unpickle the heads and
~85 % of their bytes (``tests/test_head_texts.py`` counts what an edit unpacks). A head made
any other way holds its texts as usual.

The figures (money, scores, top-level indicators) were packed too, and unpacked again where
read: an edit reads those of its year's and authority's projects (each project page's
standing) and the feeds' entries, which took as long as they saved.
"""

from __future__ import annotations

import pickle
from decimal import Decimal
from typing import Any, TypeVar, cast

T = TypeVar("T")
V = TypeVar("V")
# the head's fields kept packed (see the module's docstring), in the order pack writes them
TEXTS = ("summary", "achievements", "problems_found", "recommendations", "rectification",
         "rectification_items", "other_fields", "problem_themes")
# each pack's key in a head's instance dictionary (its bytes; None once unpacked): its fields
PACKS = {"_texts": TEXTS}
(TEXTS_PACK,) = PACKS
_PACK_OF = {name: key for key, names in PACKS.items() for name in names}
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


def pack(values: dict[str, Any], key: str) -> bytes:
    """The fields of the pack ``key`` of a head (``values``: its instance dictionary) as
    one bytes: those it still holds packed as they are, without unpickling them."""
    packed: bytes | None = values.get(key)
    if packed is not None:
        return packed
    return pickle.dumps(tuple(values[name] for name in PACKS[key]),
                        protocol=pickle.HIGHEST_PROTOCOL)


def unpack(packed: bytes) -> tuple[Any, ...]:
    """The values :func:`pack` gave, in the order of its pack's fields."""
    values: tuple[Any, ...] = pickle.loads(packed)
    return values


class _Seen:
    """A head seen with its packs' fields unpickled for this view only (:func:`seen`)."""

    __slots__ = ("_head", "_values")

    def __init__(self, head: object, values: dict[str, Any]) -> None:
        self._head = head
        self._values = values

    def __getattr__(self, name: str) -> Any:
        values = self._values
        return values[name] if name in values else getattr(self._head, name)


def seen(head: T) -> T:
    """The head to read once, its texts included: where it holds them packed, a view of it
    whose texts are unpickled for the view and not kept in the head. Why: a clean build
    reads every head's texts once (its listing's digest, what it adds to its groups, the
    problems' index), and keeping them unpacked after that took ~600 MiB of the build at
    100,000 projects (issue 45 item 4). Attributes only: the view is not to be written."""
    values = head.__dict__
    unpacked: dict[str, Any] = {}
    for key, names in PACKS.items():
        packed = values.get(key)
        if packed is not None:
            unpacked.update(zip(names, unpack(packed), strict=True))
    return cast(T, _Seen(head, unpacked)) if unpacked else head


def holds_texts(head: object) -> bool:
    """Whether the head holds its texts (read this build, or made without packing them):
    then reading them costs nothing."""
    return head.__dict__.get(TEXTS_PACK) is None


def with_packed(cls: type[T]) -> type[T]:
    """A dataclass whose instances may hold the fields of :data:`PACKS` packed: their
    defaults leave the class (else an instance without them would read the class's), and
    a field that the instance does not hold is unpacked on first read (``__getattr__`` is
    only asked for names found neither in the instance nor in its class: no cost for any
    other read). Pickled as any object (a worker started without fork), a head is pickled
    with its values unpacked."""
    for name in _PACK_OF:
        if name in cls.__dict__:
            delattr(cls, name)
    setattr(cls, "__getattr__", _unpacked)  # noqa: B010 - mypy is not to see it
    setattr(cls, "__getstate__", _state)  # noqa: B010
    return cls


def _unpacked(self: object, name: str) -> Any:
    """The field ``name`` of a head that holds its pack: all of the pack's fields are
    unpacked into it (a build's downloads thread may do so at the same time: both write
    equal values, and the packed bytes are set aside only after)."""
    values = self.__dict__
    key = _PACK_OF.get(name)
    if key is not None:
        packed = values.get(key)
        if packed is not None:
            for field, value in zip(PACKS[key], unpack(packed), strict=True):
                values[field] = value
            values[key] = None
            return values[name]
    raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")


def _state(self: object) -> dict[str, Any]:
    values = self.__dict__
    if not any(key in values for key in PACKS):
        return values
    for key, names in PACKS.items():
        if values.get(key) is not None:
            getattr(self, names[0])
    return {key: value for key, value in values.items() if key not in PACKS}
