"""Unit tests for Markdown flattening: headings keep levels, inline markup becomes text."""

from __future__ import annotations

import subprocess
import sys

from reader.core.cleaning.markdown import MarkdownUnit, markdown_units, split_front_matter


def test_headings_keep_levels() -> None:
    units = markdown_units("# One\n\ntext\n\n### Three\n\nSetext\n------\n")
    assert units == [
        MarkdownUnit("heading", "One", 1),
        MarkdownUnit("paragraph", "text"),
        MarkdownUnit("heading", "Three", 3),
        MarkdownUnit("heading", "Setext", 2),
    ]


def test_inline_markup_reduced_to_text() -> None:
    [unit] = markdown_units("Some **bold**, _em_, `code`, [a link](http://x) and ![alt](i.png).")
    assert unit.text == "Some bold, em, code, a link and alt."


def test_lists_quotes_code_and_tables() -> None:
    text = (
        "- one\n- two\n\n3. three\n4. four\n\n> quoted *text*\n\n"
        "```python\nprint('x')\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    )
    assert [(unit.kind, unit.text) for unit in markdown_units(text)] == [
        ("paragraph", "• one"),
        ("paragraph", "• two"),
        ("paragraph", "3. three"),
        ("paragraph", "4. four"),
        ("paragraph", "quoted text"),
        ("code", "print('x')"),
        ("paragraph", "a | b"),
        ("paragraph", "1 | 2"),
    ]


def test_front_matter() -> None:
    title, body = split_front_matter("---\ntitle: 'Hello'\ntags: [a]\n---\n# Body\n")
    assert title == "Hello"
    assert body == "# Body\n"
    assert markdown_units("---\ntitle: x\n---\ntext\n") == [MarkdownUnit("paragraph", "text")]


def test_html_blocks() -> None:
    units = markdown_units("<div>\n<p>Hi <b>there</b></p>\n</div>\n\n<!-- note -->\n")
    assert units[0] == MarkdownUnit("paragraph", "Hi there")
    assert units[1].kind == "html"


def test_core_does_not_import_textual_or_rich() -> None:
    code = (
        "import sys, reader.core.cleaning.clean, reader.core.cleaning.markdown;"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
