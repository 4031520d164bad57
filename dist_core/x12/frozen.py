"""Frozen records: the engine's value objects without the start-up cost of ``dataclasses``.

Every value of the data model (:class:`~dist_core.x12.segment.Segment`, issues and positions,
envelope nodes, schema definitions, results) behaves like a ``@dataclass(frozen=True,
slots=True)``: fields in ``__slots__`` order, keyword or positional construction, ``==`` and
``hash`` over the compared fields, a ``Name(field=value, ...)`` repr, ``__match_args__``,
:class:`dataclasses.FrozenInstanceError` on assignment, pickling and ``copy``. They are not
written as dataclasses because a command such as ``dist-x12 validate`` pays the class creation at
every start: ``import dataclasses`` costs about 10 ms (it imports ``inspect``) and each frozen
slotted dataclass compiles six generated methods, about 1 ms a class, 30 to 40 ms for the twenty
classes on that path, where validating a 1 MB file takes about 40 ms. Here a class declares its
``__slots__`` and writes its ``__init__`` (unrolled, as fast as the generated one); the methods
below are shared, with the per-class parts prepared once in ``__init_subclass__``::

    class Point(Frozen):
        __slots__ = ("x", "y", "label")
        _not_compared = ("label",)  # like field(compare=False); _not_shown like field(repr=False)

        def __init__(self, x: int, y: int = 0, label: str = "") -> None:
            init = object.__setattr__
            init(self, "x", x)
            init(self, "y", y)
            init(self, "label", label)
"""

from __future__ import annotations

from operator import attrgetter


def _frozen_error(text: str) -> Exception:
    from dataclasses import FrozenInstanceError  # only a caller's bug pays this import

    return FrozenInstanceError(text)


class Frozen:
    """Base of the immutable records; subclasses declare ``__slots__`` and ``__init__``."""

    __slots__ = ()
    #: Fields left out of ``==`` and ``hash`` (``field(compare=False)``), and out of ``repr``.
    _not_compared: tuple[str, ...] = ()
    _not_shown: tuple[str, ...] = ()
    _key = staticmethod(lambda record: ())  # a tuple of the compared fields
    _shown: tuple[str, ...] = ()

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        fields = tuple(cls.__slots__)
        cls.__match_args__ = fields
        compared = tuple(name for name in fields if name not in cls._not_compared)
        if len(compared) == 1:
            one = attrgetter(compared[0])
            cls._key = staticmethod(lambda record: (one(record),))
        elif compared:
            cls._key = attrgetter(*compared)  # not a descriptor: no binding on lookup
        cls._shown = tuple(name for name in fields if name not in cls._not_shown)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._key(self) == self._key(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._key(self))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._shown)
        return f"{self.__class__.__qualname__}({shown})"

    def __setattr__(self, name: str, value: object) -> None:
        raise _frozen_error(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise _frozen_error(f"cannot delete field {name!r}")

    def __getstate__(self) -> list:
        return [getattr(self, name) for name in self.__slots__]

    def __setstate__(self, state: list) -> None:
        for name, value in zip(self.__slots__, state, strict=True):
            object.__setattr__(self, name, value)
