"""Set patterns: a whole transaction set checked by one compiled regular expression.

The detailed checker splits every segment into a tuple of elements and runs a predicate per
position; for a clean 20 MB file that Python work is most of the time. Here each segment
definition of a schema becomes one regular-expression source built from
:mod:`dist_core.x12.value_patterns`, and the set becomes::

    ST*850*0001~ (<deco> <BEG|REF|DTM|N1|...> ~)* <deco> SE*19*0001~

so ``pattern.match(text, pos)`` checks every element of every segment of a set in one C-level call,
and ends where the set ends. Segment sources follow the X12 rules ``check_segment`` applies::

    N1*ST*ACME*92*0042    N1 (?:\\*<N101>(?=<R0203, P0304 presence>)(?:\\*<N102>(?:...)?)?)?\\**

* elements are nested optional groups, mandatory ones required, trailing empty ones allowed;
* composites nest the same way on the component separator, repeats on the repetition separator;
* syntax rules (``P``/``R``/``E``/``C``/``L``) become alternatives or look-aheads over the
  presence of their elements (:mod:`dist_core.x12.rule_patterns`);
* a source may read only the elements a file's segments use (``limit``): a segment reaching
  further then does not match.

A set that does not match is not necessarily wrong (a segment type this module cannot express, an
unusual layout): the caller then runs the detailed path, which alone reports issues. The structure
(segment order, loops, counts) is not in the pattern: it depends on the tag sequence only, which
:func:`tags_source` lists for the caller's memo of clean shapes (and
:mod:`dist_core.x12.shape_patterns` recognises once they recur).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from dist_core.x12.delimiters import Delimiters
from dist_core.x12.rule_patterns import (
    _alternatives,
    _block_lookahead,
    _covered,
    _inline_block,
    _may_end_before,
    _rule_blocks,
    _Style,
)
from dist_core.x12.schema import ElementDef, SegmentDef, SetSchema
from dist_core.x12.value_patterns import (
    _POSSESSIVE,
    accepts_empty,
    class_items,
    optional,
    usable,
    value_pattern,
)

#: Segments before the first ST and between segments: decoration and empty pieces.
_DECORATION = " \t\r\n"


def segment_source(
    definition: SegmentDef,
    style: _Style,
    captures: dict[int, str] | None = None,
    limit: int | None = None,
) -> str | None:
    """Source of the part after the tag of a segment with no issue (None: not expressible).

    ``captures`` names groups around chosen element positions (``{2: "st2"}``). ``limit`` (see
    :func:`_covered`) restricts the source to segments whose values stop by that element.
    """
    named = tuple(sorted(captures.items())) if captures else ()
    return _cached_source(definition, style.key, named, limit)


@lru_cache(maxsize=1024)
def _cached_source(
    definition: SegmentDef, key: tuple, named: tuple[tuple[int, str], ...], limit: int | None
) -> str | None:
    style = _Style(Delimiters(*key[:4]), key[4])
    return _segment_source(definition, style, dict(named), limit)


def _segment_source(
    definition: SegmentDef, style: _Style, captures: dict[int, str], limit: int | None = None
) -> str | None:
    defs = definition.elements
    blocks = _rule_blocks(definition)
    if blocks is None:
        return None
    size, blocks = _covered(defs, blocks, limit)
    parts, present = [], []  # per position: any value, and a value that must not be empty
    for n, edef in enumerate(defs[:size], start=1):
        body = _element(edef, style)
        if body is None:
            return None
        if edef.components or edef.repeat > 1:  # these may match ""
            body_present = f"(?=[^{class_items(style.stop)}]){body}"
        else:
            body_present = body
        part = body_present if edef.req == "M" else optional(body)
        if captures and n in captures:
            part = f"(?P<{captures[n]}>{part})"
        parts.append(part)
        present.append(body_present)
    starts = {block[0]: block for block in blocks}
    tail = f"{style.sep}*"  # values beyond the definition (or the limit) must be empty
    n = size
    while n:
        block = next((b for b in blocks if b[1] == n), None)
        unit = _inline_block(block, defs, parts, present, style) if block else None
        if unit is not None:  # the whole block as alternatives, read once
            n = block[0]
            inner = unit + tail
        else:
            ahead = _block_lookahead(starts[n], style) if n in starts else ""
            inner = ahead + style.sep + parts[n - 1] + tail
        tail = optional(inner) if _may_end_before(n, defs, blocks) else inner
        n -= 1
    return tail


def _element(edef: ElementDef, style: _Style) -> str | None:
    """One present element: a simple value, a composite, or repetitions of either."""
    if edef.repeat > 1 and style.repetition:
        item = _item(edef, style, style.stop + style.repetition, repeated=True)
        if item is None:
            return None
        more = edef.repeat - 1
        count = f"{{0,{more}}}" if more < 65_535 else "*"
        return f"{item}(?:{re.escape(style.repetition)}{item}){count}"
    return _item(edef, style, style.stop, repeated=False)


def _item(edef: ElementDef, style: _Style, stop: str, repeated: bool) -> str | None:
    if edef.components:
        return _composite(edef, style, stop)
    pattern = value_pattern(edef, stop, style.legacy)
    if pattern is not None and repeated and accepts_empty(edef, style.legacy):
        pattern = optional(pattern)  # an empty repetition is checked as a value
    return pattern


def _composite(edef: ElementDef, style: _Style, stop: str) -> str | None:
    """``_composite``: components on the component separator, mandatory ones present, values
    beyond the definition empty."""
    inner = stop + style.component
    sep = re.escape(style.component)
    parts = []
    for cdef in edef.components:
        if cdef.components:
            return None
        value = value_pattern(cdef, inner, style.legacy)
        if value is None:
            return None
        parts.append(value if cdef.req == "M" else optional(value))
    tail = f"{sep}*"
    components = edef.components
    for c in range(len(components), 1, -1):
        body = sep + parts[c - 1] + tail
        required = any(cdef.req == "M" for cdef in components[c - 1 :])
        tail = body if required else optional(body)
    return parts[0] + tail


def _tag_alternation(sources: dict[str, str]) -> str:
    """Alternatives ``TAG<source>`` factored by their first character (see ``value_patterns.trie``:
    the engine tries a group's alternatives in turn)."""
    heads: dict[str, list[str]] = {}
    for tag, source in sorted(sources.items()):
        heads.setdefault(tag[0], []).append(re.escape(tag[1:]) + source)
    options = [re.escape(head) + _alternatives(rest) for head, rest in heads.items()]
    return _alternatives(options)


def set_source(
    schema: SetSchema,
    delimiters: Delimiters,
    legacy_dates: bool,
    tags: frozenset[str] | None = None,
    limits: Mapping[str, int] | None = None,
) -> str | None:
    """Source of a whole clean set from ST to SE's terminator (None: no fast path for it).

    ``tags`` limits the segments between ST and SE to those (all of the schema when None): a
    pattern compiles in about 0.5 ms per segment type, so the caller starts with the tags it saw;
    ``limits`` gives, per tag, the last element its segments use (see :func:`_covered`).
    Groups ``st1``..``st3`` and ``se1``/``se2`` capture the envelope values the caller checks.
    """
    if not usable(delimiters):
        return None
    style = _Style(delimiters, legacy_dates)
    st_def, se_def = schema.segments.get("ST"), schema.segments.get("SE")
    if st_def is None or se_def is None:
        return None
    st = segment_source(st_def, style, {1: "st1", 2: "st2", 3: "st3"})
    se = segment_source(se_def, style, {1: "se1", 2: "se2"})
    if st is None or se is None:
        return None
    for name in ("st1", "st2", "st3"):  # a position the definition lacks is empty when clean
        if f"(?P<{name}>" not in st:
            st = f"(?P<{name}>)" + st
    if "(?P<se1>" not in se or "(?P<se2>" not in se:
        return None
    body = {}
    for tag in schema.segments if tags is None else sorted(tags & schema.segments.keys()):
        if tag not in ("ST", "SE"):
            definition = schema.segments[tag]
            limit = limits.get(tag) if limits else None
            source = segment_source(definition, style, limit=limit)
            if source is not None:
                body[tag] = source
    term = re.escape(style.segment)
    skip = f"[{class_items(_DECORATION + style.segment)}]*"
    segments = f"(?:{skip}{_tag_alternation(body)}{term})*{_POSSESSIVE}" if body else ""
    return f"{skip}ST{st}{term}{segments}{skip}SE{se}{term}"


def tags_source(delimiters: Delimiters) -> str:
    """Source whose ``findall`` over a matched set (after its ST tag) lists the other tags."""
    term = class_items(delimiters.segment)
    stop = class_items(delimiters.element + delimiters.segment)
    return f"{term}[{class_items(_DECORATION)}{term}]*([^{stop}]+)"


def pieces_source(delimiters: Delimiters) -> str:
    """Source whose ``findall`` lists ``(tag, rest)`` for the segments after the first terminator
    (the rest tells how many elements the segment uses)."""
    term = class_items(delimiters.segment)
    return tags_source(delimiters) + f"([^{term}]*)"


def expressible(
    schema: SetSchema,
    delimiters: Delimiters,
    legacy_dates: bool,
    tag: str,
    limit: int | None = None,
) -> bool:
    """True when :func:`segment_source` can express the segment ``tag`` of ``schema`` (read up to
    element ``limit``)."""
    definition = schema.segments.get(tag)
    style = _Style(delimiters, legacy_dates)
    return definition is not None and segment_source(definition, style, limit=limit) is not None
