"""Tokenizer: a streaming pass that turns any input into raw segments, interchange by interchange.

The input is read in chunks (64 KiB by default), so memory stays flat whatever the file size: only
the unfinished tail of the last chunk is carried over. Each interchange brings its own delimiters,
read from its ISA by counting 16 element separators (so a sloppy 14-character ISA06 still reads),
which lets one file hold several interchanges with different styles::

    ISA*00*...*00401*000000001*0*P*>~\\r\\n     '~' terminator, CR/LF decoration ignored
    ISA*00*...*00401*000000002*0*P*:\\x15       0x15 terminator (EBCDIC newline)
    ISA+00+...+00403+000000003+1+P+:'         EDIFACT-looking separators, still X12

Decoration after a terminator (CR, LF, spaces, tabs: pretty-printing) is dropped; a newline right
after ISA16 is itself the terminator. A byte-order mark is skipped. Tokens are plain tuples ``(tag,
elements, offset, line)`` (tuples because this is the hot loop); the reader turns them into
:class:`~dist_core.x12.segment.Segment`.
"""

from __future__ import annotations

import codecs
import io
import os
from collections.abc import Iterable, Iterator
from typing import IO

from dist_core.x12.delimiters import DECORATION, Delimiters, from_isa
from dist_core.x12.errors import (
    Code,
    Position,
    X12NotX12Error,
    X12SyntaxError,
    X12TransientError,
    issue,
)

Source = bytes | bytearray | str | os.PathLike | IO[bytes] | IO[str] | Iterable[bytes]
Token = tuple[str, tuple[str, ...], int, int]

CHUNK_SIZE = 1 << 16
#: Longest segment we accept before deciding the terminator is missing (keeps memory bounded).
MAX_SEGMENT = 1 << 20
#: How far into an interchange we look for the 16 ISA element separators.
ISA_PROBE = 512
#: Tolerated before an ISA and after the last IEA: decoration, BOM, NUL padding, DOS EOF.
_SKIP = DECORATION + "\ufeff\x00\x1a"


def text_chunks(
    source: Source, encoding: str = "utf-8", chunk_size: int = CHUNK_SIZE
) -> Iterator[str]:
    """Yield decoded text chunks from bytes, str, a path, a stream or an iterable of bytes.

    Undecodable bytes become U+FFFD rather than an exception: the validator reports them as invalid
    characters where they land, which is more useful than refusing the whole file.
    """
    if isinstance(source, str):
        yield source
        return
    if isinstance(source, os.PathLike):
        with open(source, "rb") as stream:
            yield from text_chunks(stream, encoding, chunk_size)
        return
    if isinstance(source, (bytes, bytearray)):
        source = io.BytesIO(source)
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    try:
        for chunk in _raw_chunks(source, chunk_size):
            if isinstance(chunk, str):
                yield chunk
            elif chunk:
                yield decoder.decode(chunk)
        yield decoder.decode(b"", final=True)
    except OSError as exc:
        raise X12TransientError(issue(Code.IO_FAILURE, f"reading the input failed: {exc}")) from exc


def _raw_chunks(source: IO | Iterable[bytes], chunk_size: int) -> Iterator[bytes | str]:
    read = getattr(source, "read", None)
    if read is None:
        yield from source
        return
    while chunk := read(chunk_size):
        yield chunk


class Tokenizer:
    """Iterate ``(tag, elements, offset, line)`` tokens; ``delimiters`` follows each interchange.

    After an ISA token, :attr:`delimiters` and :attr:`isa_warnings` describe that interchange.
    Raises :class:`X12NotX12Error` when the input does not start with an ISA, and
    :class:`X12SyntaxError` when a later ISA is unreadable or a terminator never comes.
    """

    def __init__(self, source: Source, encoding: str = "utf-8", chunk_size: int = CHUNK_SIZE):
        self._chunks = text_chunks(source, encoding, chunk_size)
        self.delimiters = Delimiters()
        self.isa_warnings: tuple[str, ...] = ()
        self.interchanges = 0
        self._buf = ""
        self._offset = 0  # offset of _buf[0] in the decoded input
        self._line = 1
        self._eof = False

    def _fill(self, wanted: int) -> None:
        """Read chunks until the buffer holds ``wanted`` characters or the input ends."""
        while len(self._buf) < wanted and not self._eof:
            chunk = next(self._chunks, None)
            if chunk is None:
                self._eof = True
            else:
                self._buf += chunk

    def _consume(self, count: int) -> None:
        consumed = self._buf[:count]
        self._line += consumed.count("\n")
        self._offset += count
        self._buf = self._buf[count:]

    def __iter__(self) -> Iterator[Token]:
        for batch in self.batches():
            yield from batch

    def batches(self) -> Iterator[list[Token]]:
        """Iterate the same tokens in lists (one per chunk read, the ISA alone): the reader's hot
        loop, which saves a generator step per segment.
        """
        while self._seek_isa():
            yield [self._read_isa()]
            yield from self._segments()

    def _position(self) -> Position:
        return Position(interchange=self.interchanges + 1, offset=self._offset, line=self._line)

    def _seek_isa(self) -> bool:
        """Skip decoration up to the next ISA; False at a clean end of input."""
        while True:
            self._fill(ISA_PROBE)
            stripped = self._buf.lstrip(_SKIP)
            self._consume(len(self._buf) - len(stripped))
            if stripped or self._eof:
                break
        if not self._buf:
            if self.interchanges:
                return False
            raise X12NotX12Error(issue(Code.NOT_X12, "the input is empty", self._position()))
        if self._buf.startswith("ISA") and len(self._buf) > 3:
            return True
        sample = self._buf[:20]
        if not self.interchanges:
            what = "binary data" if "\x00" in sample or "\ufffd" in sample else repr(sample)
            raise X12NotX12Error(
                issue(Code.NOT_X12, f"the input does not start with ISA: {what}", self._position())
            )
        raise X12SyntaxError(
            issue(Code.ISA_INVALID, f"expected ISA after IEA, found {sample!r}", self._position())
        )

    def _read_isa(self) -> Token:
        """Read the delimiters and fields of the ISA at the head of the buffer."""
        buf, element = self._buf, self._buf[3]
        seps, at = [], 3
        while len(seps) < 16:
            at = buf.find(element, at, ISA_PROBE)
            if at < 0:
                break
            seps.append(at)
            at += 1
        if len(seps) < 16 or len(buf) < seps[15] + 3:
            raise X12SyntaxError(
                issue(
                    Code.ISA_INVALID, "ISA does not have 16 elements", self._position(), tag="ISA"
                )
            )
        last = seps[15]
        component, terminator = buf[last + 1], buf[last + 2]
        fields = tuple(buf[4:last].split(element)) + (component,)
        suffix = ""
        if terminator not in "\r\n":
            end = last + 3
            while end < len(buf) and buf[end] in "\r\n " and len(suffix) < 2:
                suffix += buf[end]
                end += 1
        elif terminator == "\r" and buf[last + 3 : last + 4] == "\n":
            suffix = "\n"
        delimiters = from_isa(element, fields[10], fields[11], component, terminator, suffix)
        problems = delimiters.problems()
        if problems or component in DECORATION or element in DECORATION:
            detail = "; ".join(problems) or "a separator is a space or line break"
            raise X12SyntaxError(
                issue(
                    Code.ISA_DELIMITERS, detail, self._position(), tag="ISA", value=buf[: last + 3]
                )
            )
        self.delimiters = delimiters
        self.isa_warnings = () if last == 103 else (f"ISA is {last + 3} characters long, not 106",)
        self.interchanges += 1
        token = ("ISA", fields, self._offset, self._line)
        self._consume(last + 3)
        return token

    def _segments(self) -> Iterator[list[Token]]:
        """Yield the segments of the current interchange up to and including its IEA, in lists."""
        element, term = self.delimiters.element, self.delimiters.segment
        strip_cr = term == "\n"
        step = len(term)
        decoration = DECORATION
        while True:
            buf = self._buf
            pieces = buf.split(term)
            tail = pieces.pop()
            start = offset = self._offset
            line = self._line
            batch: list[Token] = []
            add = batch.append
            for piece in pieces:
                seg = piece.lstrip(decoration)
                if seg:  # (it starts with a non-decoration character: rstrip keeps it non-empty)
                    lead = len(piece) - len(seg)
                    if strip_cr:
                        seg = seg.rstrip("\r")
                    parts = seg.split(element)
                    tag = parts[0]
                    del parts[0]
                    if lead:
                        add((tag, tuple(parts), offset + lead, line + piece.count("\n", 0, lead)))
                    else:
                        add((tag, tuple(parts), offset, line))
                    if tag == "IEA":
                        end = offset - start + len(piece) + step
                        self._buf, self._offset = buf[end:], offset + len(piece) + step
                        self._line = line + piece.count("\n") + strip_cr
                        yield batch
                        return
                offset += len(piece) + step
                line += piece.count("\n") + strip_cr
            self._buf, self._offset, self._line = tail, offset, line
            if batch:
                yield batch
            if self._eof:
                yield list(self._last_piece())
                return
            if len(tail) > MAX_SEGMENT:
                raise self.unterminated()
            self._fill(len(tail) + 1)

    def unterminated(self) -> X12SyntaxError:
        """The error for a buffer tail longer than :data:`MAX_SEGMENT` without a terminator."""
        term = self.delimiters.segment
        return X12SyntaxError(
            issue(
                Code.ISA_INVALID,
                f"no segment terminator {term!r} within {MAX_SEGMENT} characters",
                self._position(),
            )
        )

    def _last_piece(self) -> Iterator[Token]:
        """Yield an unterminated final segment (a missing last ``~`` is common and harmless)."""
        seg = self._buf.strip(_SKIP)
        if seg:
            lead = len(self._buf) - len(self._buf.lstrip(_SKIP))
            parts = seg.split(self.delimiters.element)
            yield (parts[0], tuple(parts[1:]), self._offset + lead, self._line)
        self._consume(len(self._buf))
