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
from collections.abc import Mapping
from functools import lru_cache

from dist_core.x12.delimiters import Delimiters
from dist_core.x12.elements import _nowhere, _parse_rule, _rules
from dist_core.x12.schema import ElementDef, SegmentDef, SetSchema
from dist_core.x12.value_patterns import (
    _POSSESSIVE,
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
#: them: giving repetitions back can never let SE match, so the repeat is possessive
#: (``value_patterns._POSSESSIVE``: Python 3.11+, where that saves a quarter of the time).
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


def _covered(defs: tuple[ElementDef, ...], blocks: list, limit: int | None) -> tuple[int, list]:
    """Elements a source reads, and the rule blocks it checks, so that it accepts exactly the
    clean segments whose values stop by element ``limit`` (None: the whole definition).

    A file's segments use the same few elements (its PO1s stop at PO109 of 25, its DTMs at
    DTM02), and reading fewer makes a shorter pattern, faster to compile. Elements beyond the
    limit are then required empty, as values beyond the definition are, so a segment reaching
    further does not match and its set takes the detailed path (the caller may raise the limit).
    A rule block the limit cuts keeps the presence patterns whose elements beyond are absent
    (DTM's R020305 within DTM02: DTM02 present). The whole definition is read when no segment
    within the limit can be clean (a mandatory element, or a block that needs one, beyond it).
    """
    size = len(defs)
    if limit is None or limit >= size:
        return size, blocks
    limit = max(limit, 0)
    if any(edef.req == "M" for edef in defs[limit:]):
        return size, blocks
    kept = []
    for block in blocks:
        start, end, positions, allowed, _rules_of_block = block
        if end <= limit:
            kept.append(block)
            continue
        inside = tuple(n for n in positions if n <= limit)
        width = len(inside)
        cut = frozenset(combo[:width] for combo in allowed if not any(combo[width:]))
        if not cut:
            return size, blocks
        if width and len(cut) < 2**width:  # still a constraint within the limit
            kept.append((start, inside[-1], inside, cut, ((None, list(inside), cut),)))
    return limit, kept


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
    start, end, positions, allowed, _rules_of_block = block
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
    for start, _end, positions, allowed, _rules_of_block in blocks:
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

    Each block is ``(start, end, positions, allowed, rules)``: the presence patterns (tuples of
    booleans over ``positions``) that no rule of the block objects to, found by asking ``_rules``
    itself, and each rule alone as ``(rule, positions, allowed)``.
    """
    size = len(definition.elements)
    constraints = []
    for rule in definition.rules:
        _kind, nums = _parse_rule(rule)
        positions = sorted({n for n in nums if 0 < n <= size})
        if not positions:
            continue
        allowed = _rule_allowed(definition, rule, tuple(positions))
        if len(allowed) < 2 ** len(positions):
            constraints.append((positions, allowed, rule))
    constraints.sort(key=lambda item: item[0][0])
    merged: list[list] = []
    for positions, allowed, rule in constraints:
        if merged and positions[0] <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], positions[-1])
            merged[-1][2].append((rule, positions, allowed))
        else:
            merged.append([positions[0], positions[-1], [(rule, positions, allowed)]])
    blocks = []
    for start, end, rules in merged:
        positions = sorted({n for _rule, rule_positions, _ in rules for n in rule_positions})
        if len(positions) > _BLOCK_LIMIT:
            return None
        if len(rules) == 1:  # most blocks: one rule, its own patterns
            allowed = rules[0][2]
        else:
            allowed = set()
            for combo in itertools.product((False, True), repeat=len(positions)):
                present = dict(zip(positions, combo, strict=True))
                if all(tuple(present[n] for n in rp) in ra for _rule, rp, ra in rules):
                    allowed.add(combo)
        blocks.append((start, end, tuple(positions), frozenset(allowed), tuple(rules)))
    return blocks


def _rule_allowed(definition: SegmentDef, rule: str, positions: tuple[int, ...]) -> frozenset:
    """Presence patterns over ``positions`` (the rule's elements within the definition) that
    ``_rules`` finds nothing wrong with.

    The verdict depends only on the rule's kind and on where each of its elements falls among
    ``positions`` (or beyond the definition), so it is asked once per such shape: ``P0304`` and
    ``P1213`` share it.
    """
    kind, nums = _parse_rule(rule)
    beyond = len(positions) + 1
    ranks = tuple(positions.index(n) + 1 if n in positions else beyond for n in nums)
    return _shape_allowed(kind, ranks, len(positions))


@lru_cache(maxsize=256)
def _shape_allowed(kind: str, ranks: tuple[int, ...], size: int) -> frozenset:
    rule = kind + "".join(f"{n:02d}" for n in ranks)
    element = ElementDef("", "O", "AN", 1, 1)
    single = SegmentDef("", "", (element,) * size, (rule,))
    allowed = set()
    for combo in itertools.product((False, True), repeat=size):
        segment = tuple("x" if present else "" for present in combo)
        if not _rules(single, segment, _nowhere):
            allowed.add(combo)
    return frozenset(allowed)


def _block_lookahead(block: tuple, style: _Style) -> str:
    """Look-aheads placed before element ``start``, one per rule of the block: the presence of
    each rule's elements is one of its allowed patterns (together: one of the block's).

    A rule is written from its kind when that formula gives exactly the verdicts ``_rules`` gave
    (checked here on every presence pattern); otherwise by :func:`_rule_lookahead`. DTM's three
    rules over five elements take 230 characters this way instead of 570 as one look-ahead over
    the presence patterns of the whole block, so the set pattern compiles faster.
    """
    start = block[0]
    found = []
    for rule, positions, allowed in block[4]:
        ahead = _kind_lookahead(rule, start, positions, allowed, style)
        if ahead is None:
            ahead = _rule_lookahead((start, positions[-1], tuple(positions), allowed), style)
        found.append(ahead)
    return "".join(found)


#: What each kind of syntax rule allows, over the presence of its elements in the rule's order.
_KINDS = {
    "P": lambda given: all(given) or not any(given),
    "R": any,
    "E": lambda given: sum(given) <= 1,
    "C": lambda given: not given[0] or all(given[1:]),
    "L": lambda given: not given[0] or any(given[1:]),
}


def _kind_lookahead(
    rule: str | None, start: int, positions: list[int], allowed: frozenset, style: _Style
) -> str | None:
    """The look-ahead of one rule from its kind, with ``present(n)`` as the atom::

        R020305 before element 2:  (?=<02 present>|<03 present>|<05 present>)
        P0506   before element 2:  (?:(?=<05 present>)(?=<06 present>)|(?!<05 pr.>|<06 pr.>))

    where ``<05 present>`` skips three elements and reads a value (a segment that ends earlier has
    no element 05). None when the formula would not give ``allowed`` exactly (an element beyond
    the definition, an unknown kind): the caller then writes the presence patterns out.
    """
    if rule is None:  # a block cut by a limit: its own presence patterns
        return None
    kind, nums = _parse_rule(rule)
    formula = _KINDS.get(kind)
    if formula is None or len(nums) < 2 or any(n not in positions for n in nums):
        return None
    verdicts = set()
    for combo in itertools.product((False, True), repeat=len(positions)):
        present = dict(zip(positions, combo, strict=True))
        if formula([present[n] for n in nums]):
            verdicts.add(combo)
    if verdicts != allowed:
        return None
    stop = class_items(style.stop)
    skip = f"{style.sep}[^{stop}]*{_POSSESSIVE}"

    def atom(n: int) -> str:
        gap = n - start
        skips = skip * gap if gap <= 3 else f"(?:{skip}){{{gap}}}"
        return f"{skips}{style.sep}[^{stop}]"

    atoms = [atom(n) for n in nums]
    if kind == "P":
        every = "".join(f"(?={a})" for a in atoms)
        return f"(?:{every}|(?!{'|'.join(atoms)}))"
    if kind == "R":
        return f"(?={'|'.join(atoms)})"
    if kind == "E":
        pairs = [f"(?={a}){b}" for k, a in enumerate(atoms) for b in atoms[k + 1 :]]
        return f"(?!{'|'.join(pairs)})"
    rest = atoms[1:]
    then = "".join(f"(?={a})" for a in rest) if kind == "C" else f"(?={'|'.join(rest)})"
    return f"(?:(?!{atoms[0]}){'|'}{then})"


def _rule_lookahead(block: tuple, style: _Style) -> str:
    """Look-ahead placed before element ``start``: the presence of the elements at
    ``positions`` is one of the allowed patterns (the segment may also end inside the span when
    that is allowed).

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
