"""Shape patterns recognise exactly the tag sequences the fast path's tag ``findall`` lists.

A compiled shape expression must never accept a set whose tags (as ``findall`` lists them) are
not one of its shapes, and must tell the segment count of the shape it accepted. Random sets with
decoration, empty segments, tags that share prefixes and odd delimiters are checked both ways.
"""

from __future__ import annotations

import random
import re

from dist_core.x12 import set_matcher
from dist_core.x12.delimiters import Delimiters
from dist_core.x12.fast_validate import validate_fast
from dist_core.x12.set_patterns import tags_source
from dist_core.x12.shape_patterns import RECUR, CleanShapes, shape_source
from dist_core.x12.validator import schema_for

from .test_fast_validate import assert_same, generated

STYLES = (
    Delimiters(),
    Delimiters("|", "\n", ":", ""),
    Delimiters("\x1d", "\x1c", "\x1f", "\x1e"),
    Delimiters("+", "'", ":", "!"),
)
TAGS = ("BEG", "BE", "N1", "N10", "N3", "PO1", "PID", "REF", "SE")


def _set_text(tags: tuple[str, ...], delimiters: Delimiters, rng: random.Random) -> str:
    """The text of a set from just after its ST tag, with these tags after ST."""
    sep, term = delimiters.element, delimiters.segment
    decorations = ["", "", "\n", "\r\n", " ", term, term + "\n"]
    values = ["", "A", "12", "X Y", "N1", "SE"]
    text = sep + "850" + sep + "0001" + term
    for tag in tags:
        text += rng.choice(decorations)
        elements = [rng.choice(values) for _ in range(rng.randint(0, 3))]
        text += sep.join((tag, *elements)) + term
    return text


def _random_shape(rng: random.Random) -> tuple[str, ...]:
    body = [rng.choice(TAGS[:-1]) for _ in range(rng.randint(0, 6))]
    return (*body, "SE")


def test_shape_expressions_accept_exactly_their_shapes():
    rng = random.Random(7)
    for delimiters in STYLES:
        findall = re.compile(tags_source(delimiters)).findall
        for _ in range(60):
            shapes = tuple({_random_shape(rng): None for _ in range(rng.randint(1, 5))})
            source, counts = shape_source(shapes, delimiters)
            fullmatch = re.compile(source).fullmatch
            for _ in range(20):
                shape = rng.choice(shapes) if rng.random() < 0.6 else _random_shape(rng)
                text = _set_text(shape, delimiters, rng)
                damaged = rng.random() < 0.3
                if damaged:  # a tag glued to the next, a lost terminator or separator
                    cut = rng.randrange(len(text))
                    text = text[:cut] + text[cut + 1 :]
                listed = tuple(findall(text))
                found = fullmatch(text)
                if found is not None:  # never a shape it does not hold, never a wrong count
                    assert listed in shapes, (shapes, text)
                    assert counts[found.lastindex] == len(listed) + 1
                elif not damaged:  # a well-formed set of a known shape is recognised
                    assert listed not in shapes, (shapes, text)


def test_a_clean_shape_is_compiled_in_once_it_recurs():
    known = CleanShapes(Delimiters())
    shape = ("BEG", "PO1", "SE")
    for _ in range(RECUR - 1):
        known.note(shape)
    assert known.match("*850*0001~BEG*00~PO1*1~SE*4*0001~", 0) is None
    known.note(shape)
    found = known.match("*850*0001~BEG*00~PO1*1~SE*4*0001~", 0)
    assert found is not None and known.counts[found.lastindex] == 4
    assert known.match("*850*0001~BEG*00~PO1*1~PO1*2~SE*5*0001~", 0) is None


def test_the_fast_path_takes_recurring_shapes_by_their_expression(monkeypatch):
    """Most sets of a generated file (four shapes) are taken by the shape expression, with the
    same results as the detailed path."""
    monkeypatch.setattr(set_matcher, "_MATCHERS", {})
    listed = []
    original = CleanShapes.note
    monkeypatch.setattr(
        CleanShapes, "note", lambda self, tags: listed.append(tags) or original(self, tags)
    )
    data = generated(60)
    (result,) = validate_fast(data, warmup=0)
    assert result.accepted and len(result.groups[0].sets) == 60
    schema = schema_for("850", "005010", None)
    matcher = next(m for m in set_matcher._MATCHERS.values() if m.schema is schema)
    assert matcher.known.compiles >= 1 and len(matcher.known.covered) == 4
    assert len(set(listed)) == 4 and len(listed) <= 4 * RECUR  # the other sets: one call each
    assert_same(data, "generated 60")
