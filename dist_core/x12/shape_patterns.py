"""Shape patterns: the tag sequences of sets already found clean, recognised by one call.

Once a set matched its set pattern (:mod:`dist_core.x12.set_patterns`: every element of every
segment is right), what is left is its structure, which depends on its tag sequence only. The fast
path used to list the tags with one ``findall`` (a string per segment) and look the tuple up in a
memo of shapes; at about 300 ns a segment that was a quarter of a clean set's time. Sets of a file
repeat a few shapes, so once a clean shape recurs the shapes known clean are compiled into one
expression over the set's text, a trie of their tags::

    *850*0001~BEG*...~REF*...~ ... ~SE*19*0001~      the set after its ST tag
    [^~]*+~[deco~]*+BEG(?![^*~])[^~]*+~[deco~]*+REF(?![^*~]) ... SE(?![^*~])[^~]*+~()

``fullmatch`` over the set's span says "this set has one of the clean shapes"; the empty group
closing each shape tells which (:attr:`CleanShapes.counts`, for the SE01 check). A set whose
shape is not in the expression still takes the ``findall`` and memo way, so nothing changes but
the cost: the expression only ever holds shapes the structure walk found clean.
"""

from __future__ import annotations

import re

from dist_core.x12.delimiters import DECORATION, Delimiters
from dist_core.x12.value_patterns import class_items

#: A clean shape is compiled in once it has been seen this many times without the expression.
RECUR = 2
#: Recompiles per matcher, shapes per expression, and the longest shape compiled in (tags).
_COMPILES = 8
_SHAPES = 64
_LONGEST = 128
#: Clean shapes waiting to recur, at most (then forgotten).
_PENDING = 256


def _never(*_args: object) -> None:
    return None


class CleanShapes:
    """The compiled shapes of one set matcher (``match(text, start, end)``: a match or None)."""

    __slots__ = ("compiles", "counts", "covered", "delimiters", "match", "pending")

    def __init__(self, delimiters: Delimiters) -> None:
        self.delimiters = delimiters
        self.match = _never
        self.counts: tuple[int, ...] = ()  # per closing group: segments in the set, ST and SE too
        self.covered: dict[tuple[str, ...], None] = {}
        self.pending: dict[tuple[str, ...], int] = {}
        self.compiles = 0

    def note(self, shape: tuple[str, ...]) -> None:
        """A set of this clean shape (its tags after ST, SE included) was taken without the
        expression: recompile once some such shape has recurred."""
        if shape in self.covered or len(shape) > _LONGEST or self.compiles >= _COMPILES:
            return
        seen = self.pending.get(shape, 0) + 1
        if len(self.pending) >= _PENDING and shape not in self.pending:
            self.pending.clear()
        self.pending[shape] = seen
        if seen < RECUR:
            return
        for waiting in self.pending:
            if len(self.covered) < _SHAPES:
                self.covered[waiting] = None
        self.pending.clear()
        self.compiles += 1
        source, counts = shape_source(tuple(self.covered), self.delimiters)
        self.match = re.compile(source).fullmatch
        self.counts = counts


def shape_source(
    shapes: tuple[tuple[str, ...], ...], delimiters: Delimiters
) -> tuple[str, tuple[int, ...]]:
    """Source matching the text of a set from just after its ST tag to its end exactly when its
    tags (as the fast path's tag ``findall`` lists them) are one of ``shapes``, and the segment
    count of each shape by the number of the empty group that closes it."""
    term = re.escape(delimiters.segment)
    stop = class_items(delimiters.element + delimiters.segment)
    step = (
        f"[^{class_items(delimiters.segment)}]*+{term}"
        f"[{class_items(DECORATION + delimiters.segment)}]*+"
    )
    ends = f"(?![^{stop}])"
    trie: dict = {}
    for shape in shapes:
        node = trie
        for tag in shape:
            node = node.setdefault(tag, {})
        node[None] = len(shape) + 1
    counts = [0]

    def emit(node: dict) -> str:
        options = []
        for tag, child in node.items():
            if tag is None:  # the shape ends here: the rest of SE and its terminator
                counts.append(child)
                options.append(f"[^{class_items(delimiters.segment)}]*+{term}()")
            else:
                options.append(step + re.escape(tag) + ends + emit(child))
        return options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"

    source = emit(trie)
    return source, tuple(counts)
