"""Schemas as data: JSON files under ``dist_core/x12/schemas/`` turned into frozen definitions.

Three files describe the vocabulary, one file per transaction set describes its structure::

    elements.json     "373": "DT 8 8 Date"                  type, min, max, name
    codes.json        "353": "00 01 04 05 06 07 ..."        code lists that matter (else unchecked)
    composites.json   "C001": "M355 O1018 O649 ..."         components, like segment elements
    segments.json     "BEG": {"name": "...", "elements": "M353 M92 M324 O328 M373", "rules": ""}
    sets/004010/850.json
        {"id": "850", "functional_group": "PO", "structure": [
            ["ST", "M", 1], ["BEG", "M", 1], ["REF", "O", ">1"],
            {"loop": "N1", "req": "O", "repeat": 200, "body": [["N1", "O", 1], ["N3", "O", 2]]},
            ...]}

An element spec is ``<requirement><ref>`` (``M353``, ``OC040`` for a composite) or, when a reference
number does not matter, an inline ``<requirement>:<type>:<min>:<max>`` (``O:AN:1:30``); a ``*<n>``
suffix allows ``n`` repetitions (005010). Segment ``rules`` are X12 syntax notes: ``P0304``
(paired), ``R0203`` (at least one), ``C0405`` (if 04 then 05), ``E0203`` (only one), ``L040506`` (if
04 then one of 05/06).

A 005010 set file may say ``{"inherits": "004010"}`` plus an ``overlay``; ``segments_005010.json``
holds the dictionary differences of that version. Partner overrides use the same overlay format,
merged last (:func:`merge_overlay`)::

    {"structure": {"N1": {"req": "M"}, "PO1/PID": {"req": "M"}},        loop or path/segment patches
     "segments": {"N1": {"elements": {"1": {"codes": ["ST", "BT"]}}}}}  element patches by position
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any

from dist_core.x12.errors import Code, X12SchemaError, issue
from dist_core.x12.frozen import Frozen

#: The schema files, in a folder beside this module (read directly); a package imported from an
#: archive reads them through ``importlib.resources``, imported only then (about 10 ms of a start).
_FOLDER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "schemas")
UNBOUNDED = 1_000_000_000
#: The dictionary versions shipped; other GS08 versions use the nearest one below (or the first).
VERSIONS = ("004010", "005010")


class ElementDef(Frozen):
    """One element (or component) position: ``M373`` -> required date, 8..8."""

    __slots__ = ("ref", "req", "type", "min", "max", "codes", "components", "repeat", "name")

    def __init__(
        self,
        ref: str,
        req: str,
        type: str,
        min: int,
        max: int,
        codes: frozenset[str] | None = None,
        components: tuple[ElementDef, ...] = (),
        repeat: int = 1,
        name: str = "",
    ) -> None:
        init = object.__setattr__
        init(self, "ref", ref)
        init(self, "req", req)
        init(self, "type", type)
        init(self, "min", min)
        init(self, "max", max)
        init(self, "codes", codes)
        init(self, "components", components)
        init(self, "repeat", repeat)
        init(self, "name", name)


class SegmentDef(Frozen):
    """A segment's elements and syntax rules."""

    __slots__ = ("tag", "name", "elements", "rules")

    def __init__(
        self, tag: str, name: str, elements: tuple[ElementDef, ...], rules: tuple[str, ...] = ()
    ) -> None:
        init = object.__setattr__
        init(self, "tag", tag)
        init(self, "name", name)
        init(self, "elements", elements)
        init(self, "rules", rules)


class Node(Frozen):
    """A position in a set's structure: a segment, or a loop whose body starts with its trigger.

    ``loop`` is the loop identifier (AK303), empty for a plain segment.
    """

    __slots__ = ("tag", "req", "max", "loop", "body")

    def __init__(
        self, tag: str, req: str, max: int, loop: str = "", body: tuple[Node, ...] = ()
    ) -> None:
        init = object.__setattr__
        init(self, "tag", tag)
        init(self, "req", req)
        init(self, "max", max)
        init(self, "loop", loop)
        init(self, "body", body)

    @property
    def is_loop(self) -> bool:
        """True for a loop node."""
        return bool(self.loop)


class SetSchema(Frozen):
    """A transaction set: its identity, structure tree and the segment definitions it uses."""

    __slots__ = ("id", "version", "name", "functional_group", "structure", "segments", "known_tags")

    def __init__(
        self,
        id: str,
        version: str,
        name: str,
        functional_group: str,
        structure: tuple[Node, ...],
        segments: Mapping[str, SegmentDef],
        known_tags: frozenset[str] = frozenset(),
    ) -> None:
        init = object.__setattr__
        init(self, "id", id)
        init(self, "version", version)
        init(self, "name", name)
        init(self, "functional_group", functional_group)
        init(self, "structure", structure)
        init(self, "segments", segments)
        init(self, "known_tags", known_tags)


class SegmentDefs(Mapping):
    """The segment definitions of a shipped schema, each built from the dictionary at its first
    use: a file uses a few of the segments its set allows (850s: 11 of 54), and building all of
    them was most of a schema's load. A read-only mapping; equal to the dict of its items, and
    pickled as that dict."""

    __slots__ = ("_built", "_dictionary", "_memo", "_tags")

    def __init__(self, tags: set[str], dictionary: dict) -> None:
        self._tags = dict.fromkeys(sorted(tags))
        self._dictionary = dictionary
        self._memo: dict[str, ElementDef] = {}  # element specs recur (M373, O:AN:1:30...)
        self._built: dict[str, SegmentDef] = {}

    def __getitem__(self, tag: str) -> SegmentDef:
        found = self._built.get(tag)
        if found is None:
            if tag not in self._tags:
                raise KeyError(tag)
            found = self._built[tag] = _segment(tag, self._dictionary, self._memo)
        return found

    def get(self, tag: str, default: Any = None) -> Any:
        found = self._built.get(tag)
        if found is None:
            return self[tag] if tag in self._tags else default
        return found

    def __contains__(self, tag: object) -> bool:
        return tag in self._tags

    def __iter__(self) -> Iterator[str]:
        return iter(self._tags)

    def __len__(self) -> int:
        return len(self._tags)

    def __repr__(self) -> str:
        return repr(dict(self.items()))

    def __reduce__(self) -> tuple:
        return dict, (dict(self.items()),)


def _read_text(*path: str) -> str:
    if os.path.isdir(_FOLDER):
        with open(os.path.join(_FOLDER, *path), encoding="utf-8") as handle:
            return handle.read()
    from importlib import resources

    return resources.files("dist_core.x12").joinpath("schemas", *path).read_text(encoding="utf-8")


def _names(*path: str) -> list[str]:
    if os.path.isdir(_FOLDER):
        return os.listdir(os.path.join(_FOLDER, *path))
    from importlib import resources

    folder = resources.files("dist_core.x12").joinpath("schemas", *path)
    return [entry.name for entry in folder.iterdir()]


def _data(*path: str) -> Any:
    try:
        return json.loads(_read_text(*path))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise X12SchemaError(issue(Code.SCHEMA_INVALID, f"{'/'.join(path)}: {exc}")) from exc


@lru_cache(maxsize=4)
def _dictionary(version: str) -> dict[str, Any]:
    """Elements, codes, composites and segments of a version (005010 = 004010 + its overlay)."""
    base = {name: dict(_data(f"{name}.json") or {}) for name in _PARTS}
    if version != VERSIONS[0]:
        for name in _PARTS:
            base[name].update(_data(f"{name}_{version}.json") or {})
    return base


_PARTS = ("elements", "codes", "composites", "segments")


def supported_sets(version: str = "004010") -> tuple[str, ...]:
    """Set identifiers with a schema file for ``version`` (``("810", "850", ...)``)."""
    names = _names("sets", version)
    return tuple(sorted(name[:-5] for name in names if name.endswith(".json")))


def schema_version(gs08: str) -> str:
    """Map a GS08 version (``004010VICS``, ``004030``, ``005010X230``) to a shipped dictionary."""
    wanted = gs08[:6]
    eligible = [v for v in VERSIONS if v <= wanted]
    return eligible[-1] if eligible else VERSIONS[0]


def load_schema(set_id: str, version: str = "004010", overlay: dict | None = None) -> SetSchema:
    """Load a set's schema for a dictionary version, with an optional partner overlay.

    Raises :class:`X12SchemaError` when no file describes the set.
    """
    raw = _raw_set(set_id, version)
    if raw is None:
        raise X12SchemaError(issue(Code.SET_NOT_SUPPORTED, f"no schema for {set_id} {version}"))
    if overlay:
        raw = merge_overlay(raw, overlay)
    dictionary = _dictionary(version)
    if overlay and overlay.get("segments"):
        dictionary = dict(dictionary, segments=_patched_segments(dictionary, overlay["segments"]))
    structure = tuple(_node(item) for item in raw["structure"])
    segments: Mapping[str, SegmentDef] = SegmentDefs(_tags(structure), dictionary)
    if overlay:  # a partner's segment patches are checked now, not at their first use
        segments = dict(segments.items())
    return SetSchema(
        raw["id"],
        version,
        raw.get("name", ""),
        raw.get("functional_group", ""),
        structure,
        segments,
        frozenset(dictionary["segments"]),
    )


OVERLAY_KEYS = frozenset({"structure", "segments", "name", "functional_group"})


def structure_paths(nodes: tuple[Node, ...], prefix: str = ""):
    """Every path an overlay's ``structure`` may patch: loops by id (``HL``, ``HL/N1``) and
    segments under their loops (``DTM``, ``HL/TD5``, ``HL/N1/N1``)."""
    for node in nodes:
        if node.is_loop:
            path = prefix + node.loop
            yield path
            yield from structure_paths(node.body, path + "/")
        else:
            yield prefix + node.tag


def checked_overlay_schema(set_id: str, version: str, overlay: dict) -> SetSchema:
    """:func:`load_schema` with a partner overlay that must patch something real: an unknown
    key, a structure path the set does not have or a segment it does not use would silently
    change nothing, so each raises :class:`X12SchemaError`."""
    if not isinstance(overlay, dict):
        raise X12SchemaError(issue(Code.SCHEMA_INVALID, f"{set_id}: an overlay is an object"))
    extra = sorted(set(overlay) - OVERLAY_KEYS)
    if extra:
        text = f"{set_id}: unknown overlay key(s) {', '.join(extra)}"
        raise X12SchemaError(issue(Code.SCHEMA_INVALID, text))
    schema = load_schema(set_id, version, overlay)
    unknown = sorted(set(overlay.get("structure", {})) - set(structure_paths(schema.structure)))
    if unknown:
        text = f"{set_id} {version} has no loop or segment {', '.join(unknown)}"
        raise X12SchemaError(issue(Code.SCHEMA_INVALID, text))
    unused = sorted(set(overlay.get("segments", {})) - set(schema.segments))
    if unused:
        text = f"{set_id} {version} does not use segment(s) {', '.join(unused)}"
        raise X12SchemaError(issue(Code.SCHEMA_INVALID, text))
    return schema


@lru_cache(maxsize=64)
def cached_schema(set_id: str, version: str) -> SetSchema:
    """:func:`load_schema` without overlay, cached (schemas are immutable)."""
    return load_schema(set_id, version)


def per_schema(cache: dict, key, schema: SetSchema, build, limit: int = 64):
    """The object ``cache`` holds for ``key`` (whose first part is ``id(schema)``), built with
    ``build()`` when missing or when it was made for another schema that had the same id; the
    cache is emptied when it reaches ``limit`` entries (memory stays bounded)."""
    found = cache.get(key)
    if found is None or found.schema is not schema:
        if len(cache) >= limit:
            cache.clear()
        found = cache[key] = build()
    return found


def _raw_set(set_id: str, version: str) -> dict | None:
    raw = _data("sets", version, f"{set_id}.json")
    if raw and "inherits" in raw:
        parent = _raw_set(set_id, raw["inherits"])
        if parent is None:
            return None
        raw = merge_overlay(parent, raw.get("overlay", {}))
    return raw


def merge_overlay(raw: dict, overlay: dict) -> dict:
    """Apply an overlay's ``structure`` patches (by loop path) to a raw set description."""
    patches = overlay.get("structure", {})
    merged = dict(raw)
    merged["structure"] = [_patch(item, "", patches) for item in raw["structure"]]
    for key in ("name", "functional_group"):
        if key in overlay:
            merged[key] = overlay[key]
    return merged


def _patch(item: Any, prefix: str, patches: dict) -> Any:
    if isinstance(item, dict):
        path = f"{prefix}{item['loop']}"
        patched = dict(item, **_loop_fields(patches.get(path, {})))
        patched["body"] = [_patch(child, path + "/", patches) for child in item["body"]]
        return patched
    tag, req, max_use = item
    change = patches.get(f"{prefix}{tag}", {})
    return [tag, change.get("req", req), change.get("max", max_use)]


def _loop_fields(change: dict) -> dict:
    return {key: change[key] for key in ("req", "repeat") if key in change}


def _patched_segments(dictionary: dict, changes: dict) -> dict:
    """Overlay segment changes: ``elements`` as a dict patches positions, as a string replaces."""
    segments = dict(dictionary["segments"])
    for tag, change in changes.items():
        base = dict(segments.get(tag, {"name": tag, "elements": ""}))
        elements = change.get("elements")
        if isinstance(elements, dict):
            base["patch"] = {**base.get("patch", {}), **elements}
        elif elements is not None:
            base["elements"] = elements
        base.update({key: change[key] for key in ("rules", "name") if key in change})
        segments[tag] = base
    return segments


def _max(value: int | str) -> int:
    return UNBOUNDED if value in (">1", "", None) else int(value)


def _node(item: Any) -> Node:
    if isinstance(item, dict):
        body = tuple(_node(child) for child in item["body"])
        return Node(
            body[0].tag, item.get("req", "O"), _max(item.get("repeat", 1)), item["loop"], body
        )
    tag, req, max_use = item
    return Node(tag, req, _max(max_use))


def _tags(nodes: tuple[Node, ...]) -> set[str]:
    found: set[str] = set()
    for node in nodes:
        found |= _tags(node.body) if node.is_loop else {node.tag}
    return found


def _segment(tag: str, dictionary: dict, memo: dict[str, ElementDef]) -> SegmentDef:
    raw = dictionary["segments"].get(tag)
    if raw is None:
        raise X12SchemaError(issue(Code.SCHEMA_INVALID, f"segment {tag} is not in the dictionary"))
    elements = []
    for n, spec in enumerate(raw["elements"].split(), 1):
        found = memo.get(spec)
        if found is None:
            found = memo[spec] = _element(spec, dictionary, f"{tag}{n:02d}")
        elements.append(found)
    for position, change in raw.get("patch", {}).items():
        n = int(position)
        if not 0 < n <= len(elements):
            raise X12SchemaError(issue(Code.SCHEMA_INVALID, f"{tag}{n:02d} is not in the segment"))
        elements[n - 1] = _changed(elements[n - 1], change)
    rules = tuple(raw.get("rules", "").split())
    return SegmentDef(tag, raw.get("name", tag), tuple(elements), rules)


def _changed(element: ElementDef, change: dict) -> ElementDef:
    codes = frozenset(change["codes"]) if "codes" in change else element.codes
    return ElementDef(
        element.ref,
        change.get("req", element.req),
        element.type,
        change.get("min", element.min),
        change.get("max", element.max),
        codes,
        element.components,
        element.repeat,
        element.name,
    )


def _element(spec: str, dictionary: dict, where: str) -> ElementDef:
    """Parse ``M353``, ``OC040``, ``O:AN:1:30`` or ``O1271*10`` into an :class:`ElementDef`."""
    spec, _, repeat = spec.partition("*")
    req, body = spec[0], spec[1:]
    if body.startswith(":"):
        kind, low, high = body[1:].split(":")
        return ElementDef("", req, kind, int(low), int(high), repeat=int(repeat or 1))
    if body.startswith("C"):
        specs = dictionary["composites"].get(body)
        if specs is None:
            raise X12SchemaError(issue(Code.SCHEMA_INVALID, f"{where}: unknown composite {body}"))
        parts = tuple(_element(s, dictionary, where) for s in specs.split())
        return ElementDef(body, req, "C", 0, 0, components=parts, repeat=int(repeat or 1))
    raw = dictionary["elements"].get(body)
    if raw is None:
        raise X12SchemaError(issue(Code.SCHEMA_INVALID, f"{where}: unknown element {body}"))
    kind, low, high, *name = raw.split(" ")
    codes = dictionary["codes"].get(body)
    return ElementDef(
        body,
        req,
        kind,
        int(low),
        int(high),
        frozenset(codes.split()) if codes else None,
        repeat=int(repeat or 1),
        name=" ".join(name),
    )
