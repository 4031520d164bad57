"""Set matchers: the compiled fast check of one schema under one delimiter style and date rule.

A :class:`SetMatcher` holds what :mod:`dist_core.x12.fast_validate` needs to take a clean set in
one step: the set pattern (:mod:`dist_core.x12.set_patterns`, compiled lazily and grown as new
segment types or longer segments appear), the tag ``findall`` and the memo of shapes the structure
walk found clean or not, and the recurring clean shapes as one expression
(:mod:`dist_core.x12.shape_patterns`). Matchers are shared by every input of a process.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from dist_core.x12.delimiters import Delimiters
from dist_core.x12.schema import SetSchema, per_schema
from dist_core.x12.shape_patterns import CleanShapes
from dist_core.x12.validator import structure_clean
from dist_core.x12.value_patterns import usable

#: Partial patterns compiled before one covering every segment type of the schema.
_GROWTHS = 3
#: Tags remembered in clean or dirty shapes per matcher, and the longest shape remembered.
_SHAPE_TAGS = 32_768
_SHAPE_LONGEST = 4_096


class SetMatcher:
    """The compiled fast check of one schema under one delimiter style and date rule."""

    __slots__ = (
        "delimiters",
        "findall",
        "groups",
        "growths",
        "known",
        "legacy",
        "limits",
        "match",
        "pieces",
        "remembered",
        "schema",
        "seen",
        "shapes",
        "tags",
    )

    def __init__(self, schema: SetSchema, delimiters: Delimiters, legacy: bool) -> None:
        # only inputs worth it pay the import
        from dist_core.x12.set_patterns import pieces_source, tags_source

        self.schema, self.delimiters, self.legacy = schema, delimiters, legacy
        self.seen = 0  # sets offered before the first compile
        self.tags: frozenset[str] = frozenset()
        self.match = None  # compiled lazily: see grow()
        self.growths = 0
        self.groups = (0, 0, 0, 0, 0)  # numbers of the groups st1, st2, st3, se1, se2
        self.findall = re.compile(tags_source(delimiters)).findall
        self.pieces = re.compile(pieces_source(delimiters)).findall
        self.limits: dict[str, int] = {}  # per tag covered: the last element its segments use
        self.shapes: dict[tuple[str, ...], bool] = {}
        self.remembered = 0
        self.known = CleanShapes(delimiters)  # clean shapes that recur, as one expression

    def grow(self, pieces: Iterable[tuple[str, str]]) -> bool:
        """Recompile to cover these segments too (``(tag, rest)`` pairs: their tags, and as many
        elements as they use); False when that adds nothing (no retry is worth it)."""
        from dist_core.x12.set_patterns import expressible, set_source

        sep = self.delimiters.element
        used: dict[str, int] = {}
        for tag, rest in pieces:
            count = rest.count(sep)
            if count > used.get(tag, -1):
                used[tag] = count
        limits = self.limits
        new = {
            tag
            for tag in used
            if tag not in self.tags
            and tag not in ("ST", "SE")
            and expressible(self.schema, self.delimiters, self.legacy, tag, used[tag])
        }
        raised = {tag: used[tag] for tag in used if tag in limits and used[tag] > limits[tag]}
        if self.match is not None and not new and not raised:
            return False
        self.growths += 1
        if self.growths > _GROWTHS:  # every segment type of the schema, every element
            new = {
                tag
                for tag in self.schema.segments
                if tag not in ("ST", "SE")
                and expressible(self.schema, self.delimiters, self.legacy, tag)
            }
            limits.clear()
        else:
            limits.update(raised)
            limits.update((tag, used[tag]) for tag in new)
        self.tags = self.tags | new
        source = set_source(self.schema, self.delimiters, self.legacy, self.tags, limits)
        if source is None:
            self.match = _never
            return True
        pattern = re.compile(source)
        self.match = pattern.match
        self.groups = tuple(
            pattern.groupindex[name] for name in ("st1", "st2", "st3", "se1", "se2")
        )
        return True

    def clean_shape(self, shape: tuple[str, ...]) -> bool:
        """True when the structure walk finds nothing in a set of ST and these tags (memoized)."""
        known = self.shapes.get(shape)
        if known is None:
            known = structure_clean(self.schema, ("ST", *shape))
            if len(shape) <= _SHAPE_LONGEST:
                self.remembered += len(shape)
                if self.remembered > _SHAPE_TAGS:
                    self.shapes.clear()
                    self.remembered = len(shape)
                self.shapes[shape] = known
        return known


def _never(*_args: object) -> None:
    return None


_MATCHERS: dict[tuple, SetMatcher] = {}


def set_matcher(schema: SetSchema, delimiters: Delimiters, legacy: bool) -> SetMatcher | None:
    """The shared :class:`SetMatcher` (None when these delimiters rule the fast path out)."""
    if not usable(delimiters):
        return None
    key = (id(schema), delimiters, legacy)
    return per_schema(_MATCHERS, key, schema, lambda: SetMatcher(schema, delimiters, legacy))
