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
* syntax rules (``P``/``R``/``E``/``C``/``L``) become look-aheads over the presence of their
  elements, computed by running ``elements._rules`` on every presence pattern (so they agree by
  construction).

A set that does not match is not necessarily wrong (a segment type this module cannot express, an
unusual layout): the caller then runs the detailed path, which alone reports issues. The structure
(segment order, loops, counts) is not in the pattern: it depends on the tag sequence only, which
:data:`TagsPattern` extracts for the caller's memo of clean shapes.
"""

from __future__ import annotations

import itertools
import re
import sys
from functools import lru_cache

from dist_core.x12.delimiters import Delimiters
from dist_core.x12.elements import _nowhere, _parse_rule, _rules
from dist_core.x12.schema import ElementDef, SegmentDef, SetSchema
from dist_core.x12.value_patterns import (
    NEVER,
    accepts_empty,
    class_items,
    optional,
    usable,
    value_pattern,
)

#: Most elements a syntax-rule block may span before the segment is left to the detailed path.
_BLOCK_LIMIT = 10
#: Each repetition of the body reads exactly one segment up to its terminator, and SE is not among
#: them: giving repetitions back can never let SE match, so the repeat may be possessive (Python
#: 3.11+, where that saves a quarter of the time; the same pattern without it before).
_POSSESSIVE = "+" if sys.version_info >= (3, 11) else ""
#: Segments before the first ST and between segments: decoration and empty pieces.
_DECORATION = " \t\r\n"


def _alternatives(options: list[str]) -> str:
    if not options:
        return NEVER
    return options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"


class _Style:
    """The delimiters of one interchange, escaped once for the pattern builders."""

    def __init__(self, delimiters: Delimiters, legacy_dates: bool) -> None:
        self.element, self.segment = delimiters.element, delimiters.segment
        self.component, self.repetition = delimiters.component, delimiters.repetition
        self.legacy = legacy_dates
        self.stop = self.element + self.segment
        self.sep = re.escape(self.element)
        self.key = (self.element, self.segment, self.component, self.repetition, legacy_dates)


def segment_source(
    definition: SegmentDef, style: _Style, captures: dict[int, str] | None = None
) -> str | None:
    """Source of the part after the tag of a segment with no issue (None: not expressible).

    ``captures`` names groups around chosen element positions (``{2: "st2"}``).
    """
    named = tuple(sorted(captures.items())) if captures else ()
    return _cached_source(definition, style.key, named)


@lru_cache(maxsize=1024)
def _cached_source(
    definition: SegmentDef, key: tuple, named: tuple[tuple[int, str], ...]
) -> str | None:
    return _segment_source(definition, _Style(Delimiters(*key[:4]), key[4]), dict(named))


def _segment_source(definition: SegmentDef, style: _Style, captures: dict[int, str]) -> str | None:
    defs = definition.elements
    parts, present = [], []  # per position: any value, and a value that must not be empty
    for n, edef in enumerate(defs, start=1):
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
    blocks = _rule_blocks(definition)
    if blocks is None:
        return None
    starts = {block[0]: block for block in blocks}
    tail = f"{style.sep}*"  # values beyond the definition must be empty
    n = len(defs)
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


#: Most alternatives a syntax-rule block is written as inline (beyond: a look-ahead).
_INLINE_LIMIT = 6


def _inline_block(
    block: tuple, defs: tuple[ElementDef, ...], parts: list, present: list, style: _Style
) -> str | None:
    """A small syntax-rule block written as the alternatives of its allowed presence patterns::

        P0607 -> \\*(?:<PO106>\\*<PO107>|\\*|(?!\\*))    both present, both empty, or the end

    The elements are then read once (a look-ahead reads them twice). None when the block has too
    many patterns to be worth it.
    """
    start, end, positions, allowed = block
    where = {n: k for k, n in enumerate(positions)}
    options: list[list[str]] = []
    for pattern in sorted(allowed, reverse=True):
        for stop_at in range(start, end + 2):  # the segment ends before stop_at (end + 1: no)
            if stop_at == start:
                continue  # ending before the block is the enclosing group's business
            tokens = []
            fits = True
            for n in range(start, end + 1):
                edef = defs[n - 1]
                if n >= stop_at:
                    if edef.req == "M" or (n in where and pattern[where[n]]):
                        fits = False
                    continue
                tokens.append(style.sep)
                if n not in where:
                    tokens.append(parts[n - 1])
                elif pattern[where[n]]:
                    tokens.append(present[n - 1])
                elif edef.req == "M":
                    fits = False
            if fits:
                if stop_at <= end:
                    tokens.append(f"(?!{style.sep})")
                options.append(tokens)
    if not options or len(options) > _INLINE_LIMIT:
        return None
    return _token_trie(options)


def _token_trie(options: list[list[str]]) -> str:
    """Alternatives of token sequences, with common first tokens factored out."""
    groups: dict[str, list[list[str]]] = {}
    for tokens in options:
        groups.setdefault(tokens[0] if tokens else "", []).append(tokens[1:])
    branches = []
    for first, rests in groups.items():
        if not first:
            branches.append("")
            continue
        tail = "" if all(not rest for rest in rests) else _token_trie(rests)
        if tail and any(not rest for rest in rests):
            tail = optional(tail)
        branches.append(first + tail)
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


def _may_end_before(n: int, defs: tuple[ElementDef, ...], blocks: list) -> bool:
    """True when a segment may stop before element ``n``: no mandatory element from ``n`` on, and
    every syntax-rule block from ``n`` on accepts all its elements absent."""
    if any(edef.req == "M" for edef in defs[n - 1 :]):
        return False
    for start, _end, positions, allowed in blocks:
        if start >= n and (False,) * len(positions) not in allowed:
            return False
    return True


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


def _rule_blocks(definition: SegmentDef) -> list | None:
    """Syntax rules grouped into blocks of overlapping element spans.

    Each block is ``(start, end, positions, allowed)``: the presence patterns (tuples of booleans
    over ``positions``) that no rule of the block objects to, found by asking ``_rules`` itself.
    """
    size = len(definition.elements)
    constraints = []
    for rule in definition.rules:
        _kind, nums = _parse_rule(rule)
        positions = sorted({n for n in nums if 0 < n <= size})
        if not positions:
            continue
        single = SegmentDef(definition.tag, definition.name, definition.elements, (rule,))
        allowed = set()
        for combo in itertools.product((False, True), repeat=len(positions)):
            present = dict(zip(positions, combo, strict=True))
            segment = tuple("x" if present.get(n) else "" for n in range(1, size + 1))
            if not _rules(single, segment, _nowhere):
                allowed.add(combo)
        if len(allowed) < 2 ** len(positions):
            constraints.append((positions, allowed))
    constraints.sort(key=lambda item: item[0][0])
    merged: list[list] = []
    for positions, allowed in constraints:
        if merged and positions[0] <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], positions[-1])
            merged[-1][2].append((positions, allowed))
        else:
            merged.append([positions[0], positions[-1], [(positions, allowed)]])
    blocks = []
    for start, end, rules in merged:
        positions = sorted({n for rule_positions, _ in rules for n in rule_positions})
        if len(positions) > _BLOCK_LIMIT:
            return None
        allowed = set()
        for combo in itertools.product((False, True), repeat=len(positions)):
            present = dict(zip(positions, combo, strict=True))
            if all(tuple(present[n] for n in rp) in ra for rp, ra in rules):
                allowed.add(combo)
        blocks.append((start, end, tuple(positions), frozenset(allowed)))
    return blocks


def _block_lookahead(block: tuple, style: _Style) -> str:
    """Look-ahead placed before element ``start``: the presence of the block's elements is one of
    the allowed patterns (the segment may also end inside the block when that is allowed).

    A present value is ``[^stop]+``, an absent one is followed at once by a stop; "the segment
    ends here" is "the next character is the terminator or nothing", which a value read short
    cannot fake.
    """
    start, end, positions, allowed = block
    stop = class_items(style.stop)
    ends = f"(?![^{class_items(style.segment)}])"

    def walk(n: int, prefix: tuple[bool, ...]) -> str:
        if n > end:
            return ""
        options = []
        rest = prefix + (False,) * (len(positions) - len(prefix))
        if n > start and rest in allowed:
            options.append(ends)
        steps = []
        if n in positions:
            for present, value in ((True, f"[^{stop}]+"), (False, f"(?![^{stop}])")):
                key = prefix + (present,)
                if any(pattern[: len(key)] == key for pattern in allowed):
                    steps.append(value + walk(n + 1, key))
        else:
            steps.append(f"[^{stop}]*" + walk(n + 1, prefix))
        if steps:
            options.append(style.sep + _alternatives(steps))
        return _alternatives(options)

    return f"(?={walk(start, ())})"


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
) -> str | None:
    """Source of a whole clean set from ST to SE's terminator (None: no fast path for it).

    ``tags`` limits the segments between ST and SE to those (all of the schema when None): a
    pattern compiles in about 1 ms per segment type, so the caller starts with the tags it saw.
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
    for tag, definition in schema.segments.items():
        if tag not in ("ST", "SE") and (tags is None or tag in tags):
            source = segment_source(definition, style)
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


def expressible(schema: SetSchema, delimiters: Delimiters, legacy_dates: bool, tag: str) -> bool:
    """True when :func:`segment_source` can express the segment ``tag`` of ``schema``."""
    definition = schema.segments.get(tag)
    style = _Style(delimiters, legacy_dates)
    return definition is not None and segment_source(definition, style) is not None
