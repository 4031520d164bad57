"""Syntax-rule patterns: the presence rules of a segment (``P``, ``R``, ``E``, ``C``, ``L``) as
parts of its set-pattern source (:mod:`dist_core.x12.set_patterns`).

Rules whose elements overlap form a block. What a block allows is found by running
``elements._rules`` itself on every presence pattern of its elements (so the patterns agree with
the detailed checker by construction), then written as:

* the alternatives of its allowed patterns, when there are few (the elements are read once)::

      P0607 -> \\*(?:<PO106>\\*<PO107>|\\*|(?!\\*))    both present, both empty, or the end

* else one short look-ahead per rule from its kind, checked against ``_rules``' verdicts
  (``R020305`` -> "element 02, 03 or 05 is present"), or the presence patterns written out.

A source may read only the first elements of a segment (:func:`_covered`): a block the limit cuts
keeps the patterns whose elements beyond it are absent.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from dist_core.x12.delimiters import Delimiters
from dist_core.x12.elements import _nowhere, _parse_rule, _rules
from dist_core.x12.schema import ElementDef, SegmentDef
from dist_core.x12.value_patterns import _POSSESSIVE, NEVER, class_items

#: Most elements a syntax-rule block may span before the segment is left to the detailed path.
_BLOCK_LIMIT = 10


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
        if first:  # rests that end here make the tail accept nothing already (its last branch)
            branches.append(first + ("" if all(not rest for rest in rests) else _token_trie(rests)))
    if "" in groups:
        branches.append("")  # ending here: tried last, as an optional part would be
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
    rules over five elements take 260 characters this way instead of 570 as one look-ahead over
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
