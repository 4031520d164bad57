"""The Markdown subset of the addons' readme fragments, as the HTML of their Apps description."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

from markdown_lite import inline, to_html


def test_inline_code_strong_emphasis_and_escapes():
    text = "a `x*y<z` **bold** *em* \\*star REF\\*BM 2*3*4 <b>"
    assert inline(text) == (
        "a <code>x*y&lt;z</code> <strong>bold</strong> <em>em</em> *star REF*BM 2*3*4 &lt;b&gt;"
    )


def test_blocks_headings_paragraphs_and_lists():
    markdown = (
        "# Title\n\nOne paragraph\nover two lines.\n\n"
        "1. first\n   continued\n2. second\n\n- a bullet\n- another\n\n## Next\n\nend"
    )
    assert to_html(markdown) == (
        "<h1>Title</h1>\n<p>One paragraph over two lines.</p>\n"
        "<ol><li>first continued</li><li>second</li></ol>\n"
        "<ul><li>a bullet</li><li>another</li></ul>\n<h2>Next</h2>\n<p>end</p>\n"
    )


def test_fenced_code_is_kept_verbatim_and_escaped():
    assert to_html("```\na < b\n  *x*\n```\n") == "<pre><code>a &lt; b\n  *x*</code></pre>\n"


def test_every_addon_description_is_current():
    """The committed index.html of each addon is what the generator makes of its readme."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
    import gen_addon_readme

    assert gen_addon_readme.main(["--check"]) == 0
