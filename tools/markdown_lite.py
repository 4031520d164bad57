"""The Markdown our addons' readme fragments use, as HTML, for ``static/description/index.html``
(the description Odoo shows in the Apps menu; without that file Odoo renders README.md as
reStructuredText and logs docutils errors).

Blocks: ``#`` headings, paragraphs, ``-``/``*`` bullets and ``1.`` numbered items (continuation
lines indented), `````` ``` `````` fenced code. Inline: `` `code` ``, ``**strong**``, ``*em*``,
backslash escapes. Everything else is text, HTML-escaped.
"""

from __future__ import annotations

import html
import re

_ITEM = re.compile(r"^(\s*)([-*]|\d+\.)\s+(.*)$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_INLINE = re.compile(r"`([^`]+)`|\*\*(.+?)\*\*|(?<![\w*\\])\*(?!\s)(.+?)(?<![\s\\])\*(?![\w*])")


def inline(text: str) -> str:
    """Inline code, strong and emphasis; the rest escaped (``\\*`` is a literal star)."""
    out, position = [], 0
    for match in _INLINE.finditer(text):
        out.append(_text(text[position : match.start()]))
        code, strong, emphasis = match.groups()
        if code is not None:
            out.append(f"<code>{html.escape(code)}</code>")
        elif strong is not None:
            out.append(f"<strong>{inline(strong)}</strong>")
        else:
            out.append(f"<em>{inline(emphasis)}</em>")
        position = match.end()
    out.append(_text(text[position:]))
    return "".join(out)


def _text(text: str) -> str:
    return html.escape(re.sub(r"\\([\\`*_#\[\]()-])", r"\1", text), quote=False)


def to_html(markdown: str) -> str:
    """HTML of ``markdown`` (the subset above)."""
    blocks: list[str] = []
    paragraph: list[str] = []
    items: list[list[str]] = []
    list_tag = ""
    lines = markdown.splitlines()
    index = 0

    def flush() -> None:
        nonlocal list_tag
        if paragraph:
            blocks.append(f"<p>{inline(' '.join(paragraph))}</p>")
            paragraph.clear()
        if items:
            body = "".join(f"<li>{inline(' '.join(item))}</li>" for item in items)
            blocks.append(f"<{list_tag}>{body}</{list_tag}>")
            items.clear()
            list_tag = ""

    while index < len(lines):
        line = lines[index].rstrip()
        index += 1
        if line.startswith("```"):
            flush()
            code = []
            while index < len(lines) and not lines[index].startswith("```"):
                code.append(lines[index])
                index += 1
            index += 1
            blocks.append(f"<pre><code>{html.escape(chr(10).join(code))}</code></pre>")
            continue
        if not line.strip():
            flush()
            continue
        heading = _HEADING.match(line)
        if heading:
            flush()
            level = len(heading.group(1))
            blocks.append(f"<h{level}>{inline(heading.group(2))}</h{level}>")
            continue
        item = _ITEM.match(line)
        if item and not item.group(1):
            tag = "ol" if item.group(2)[0].isdigit() else "ul"
            if paragraph or (items and tag != list_tag):
                flush()
            list_tag = tag
            items.append([item.group(3)])
            continue
        if items and line.startswith(" "):
            items[-1].append(line.strip())
            continue
        if items:
            flush()
        paragraph.append(line.strip())
    flush()
    return "\n".join(blocks) + "\n"
