"""Repairs to what the HTML extractors find: rules about pages that neither extractor follows.

readability-lxml and trafilatura each find a page's main text well, but each leaves marks a
reader notices: a formula lost or run together into nonsense, figure captions dropped, a
paragraph or list inside the article left out (readability judged it too short or too
link-heavy), a "Related posts" or comments section taken in at the end, the title and byline
repeated as the first lines of the body, a site name on the end of the title ("How to build a
terrarium | eHow"), and dates caught in the author line ("Joshua Sokol May"). Each repair here
is a general rule about how pages are built, never a rule about one site, and none leaves out
text a reader would want for the sake of a benchmark. Formulas are rewritten in the page
before the extractors see it; every other repair works on the extracted blocks and metadata
(`reader.core.html` parses the page and hands over what a repair needs from it).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from reader.core.models import Block

# A run of trafilatura's blocks missing from readability's text is put in when it holds at
# least this many words (a lone short heading or label is more often furniture).
MISSING_RUN_WORDS = 5
# How many of the first body blocks are checked for a repeat of the title or byline, and how
# many words a byline line may hold beyond the name ("By", a role, a date).
LEADING = 3
BYLINE_EXTRA = 4

_TOKEN = re.compile(r"\w+")
# Headings that open a section about other pages, at the end of an article.
_TRAILING_SECTION = re.compile(
    r"^\W*(?:related(?:\s+(?:posts?|articles?|stories|videos|content|links))?"
    r"|you (?:may|might) (?:also )?(?:like|enjoy)|more from\b.*|share this|like this"
    r"|recommended(?: for you)?|comments?|leave a (?:reply|comment)|most (?:read|popular))\W*$",
    re.IGNORECASE,
)
# Words that end up in an author line from a date next to it, and that open an update note.
_DATE_WORDS = frozenset(
    {
        "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    }
)  # fmt: skip
_UPDATED = frozenset({"updated", "last", "published", "posted"})
# Separators between a title and the site name: "Title | Site", "Title - Site", "Title — Site".
_TITLE_SITE = re.compile(r"^(?P<title>.+?)\s+(?:[|\-–—:·»]|::)\s+(?P<site>[^|\-–—:·»]+)$")


def with_missing_runs(read: tuple[Block, ...], traf: tuple[Block, ...]) -> tuple[Block, ...]:
    """Readability's blocks with the runs of trafilatura's that readability left out between
    two blocks both have (a list or a paragraph inside the article that readability judged
    too short or too link-heavy). Runs before the first shared block or after the last are
    not taken: that is where page furniture and teasers sit."""
    where = _shingle_index(read)
    found = [_found_in(block, where) for block in traf]
    inserts: dict[int, list[Block]] = {}
    start = 0
    while start < len(traf):
        if found[start] is not None:
            start += 1
            continue
        end = start
        while end < len(traf) and found[end] is None:
            end += 1
        run = traf[start:end]
        before = _nearest(found, range(start - 1, -1, -1))
        if (
            before is not None
            and end < len(traf)
            and sum(len(_TOKEN.findall(block.text)) for block in run) >= MISSING_RUN_WORDS
        ):
            inserts.setdefault(before, []).extend(run)
        start = end
    return _inserted(read, inserts)


def with_captions(blocks: tuple[Block, ...], page: list[tuple[Block, bool]]) -> tuple[Block, ...]:
    """The article's blocks with the page's figure captions that sit inside the article.

    `page` is every text block of the page in order, each marked whether it is a caption
    (captions of players are not marked: they describe something the reader cannot show).
    A caption goes back after the article block that precedes it when the article block that
    follows it is the same one or the next (so it lies inside the article's run of text, not
    in a sidebar or a teaser beyond its end).
    """
    if not any(caption for _, caption in page):
        return blocks
    where = _shingle_index(blocks)
    found = [_found_in(block, where) for block, _ in page]
    inserts: dict[int, list[Block]] = {}
    for position, (block, caption) in enumerate(page):
        if not caption or found[position] is not None:
            continue
        before = _nearest(found, range(position - 1, -1, -1))
        after = _nearest(found, range(position + 1, len(page)))
        if before is not None and after is not None and 0 <= after - before <= 1:
            inserts.setdefault(before, []).append(Block("paragraph", block.text))
    return _inserted(blocks, inserts)


def without_trailing_section(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """The blocks up to a heading, in their second half, that opens a related-posts, sharing
    or comments section ("Related", "You might also like", "Comments"): what follows such a
    heading is about other pages, not this one."""
    for index in range(len(blocks) // 2, len(blocks)):
        block = blocks[index]
        if block.kind == "heading" and _TRAILING_SECTION.match(block.text):
            return blocks[:index]
    return blocks


def without_repeats(blocks: tuple[Block, ...], title: str, author: str) -> tuple[Block, ...]:
    """Body blocks without a leading repeat of the title or of the byline (shown above them).

    Among the first few blocks, a heading that is the title, holds it with a few words more,
    or is a part of it (a page may split its title over two headings), is dropped, as is a
    paragraph that is most of the title; so is a short line holding the author's name ("By
    Maria Lopez, Staff writer").
    """
    title_words, author_words = _words(title), _words(author)
    kept: list[Block] = []
    for index, block in enumerate(blocks):
        if index < LEADING and _repeats(block, title_words, author_words):
            continue
        kept.append(block)
    return tuple(kept)


def author_line(found: str) -> str:
    """The author line trafilatura found, without the date words it sometimes takes in with
    the name ("Joshua Sokol May", "Joe Wee Monday; February"), without an "Updated ..."
    part, and without a name repeated in capitals ("Jane Doe; JANE DOE")."""
    names: list[str] = []
    for part in found.split(";"):
        words = part.split()
        if words and words[0].casefold() in _UPDATED:
            continue
        while len(words) > 2 and (words[-1].casefold() in _DATE_WORDS or words[-1].isdigit()):
            words.pop()
        if len(words) == 1 and words[0].casefold() in _DATE_WORDS:
            continue
        name = " ".join(words)
        if name and name.casefold() not in (known.casefold() for known in names):
            names.append(name)
    return "; ".join(names)


def without_site(title: str, site: str, short_title: str) -> str:
    """The title without a trailing site name: "Title | Site" -> "Title".

    The tail goes when it names the site (as trafilatura found it), or when readability's
    short title (which drops such tails by its own rules) is the part before it.
    """
    match = _TITLE_SITE.match(title)
    if not match:
        return title
    head, tail = match["title"].strip(), _words(match["site"])
    if len(_words(head)) < 2:
        return title  # "Review: ..." or "Chapter 6 - ...": the head is no title on its own
    names = _words(site)
    if tail and names and (_within(tail, names) or _within(names, tail)):
        return head
    if short_title and _words(short_title) == _words(head):
        return head
    return title


def _repeats(block: Block, title: list[str], author: list[str]) -> bool:
    words = _words(block.text)
    if not words:
        return False
    if title:
        heading = block.kind == "heading"
        if _within(words, title) and (heading or len(words) * 5 >= len(title) * 3):
            return True
        if heading and len(words) <= len(title) + BYLINE_EXTRA and _within(title, words):
            return True
    return bool(author) and len(words) <= len(author) + BYLINE_EXTRA and _within(author, words)


def _nearest(found: list[int | None], positions: range) -> int | None:
    """The first found index at these positions."""
    return next((found[p] for p in positions if found[p] is not None), None)


def _shingle_index(blocks: tuple[Block, ...]) -> dict[tuple[str, ...], int]:
    """Each run of 1 to 4 words in the blocks -> the index of the first block holding it."""
    where: dict[tuple[str, ...], int] = {}
    for index, block in enumerate(blocks):
        words = _TOKEN.findall(block.text)
        for size in range(1, 5):
            for start in range(len(words) - size + 1):
                where.setdefault(tuple(words[start : start + size]), index)
    return where


def _found_in(block: Block, where: dict[tuple[str, ...], int]) -> int | None:
    """Where this block's text is in the blocks indexed by `where` (shingle -> index): the
    index holding most of its 4-word shingles, if at least half of them are there at all."""
    shingles = _block_shingles(block.text)
    hits = [where[s] for s in shingles if s in where]
    if 2 * len(hits) < len(shingles):
        return None
    return Counter(hits).most_common(1)[0][0]


def _inserted(blocks: tuple[Block, ...], inserts: dict[int, list[Block]]) -> tuple[Block, ...]:
    """blocks with inserts[i] put after blocks[i]."""
    if not inserts:
        return blocks
    out: list[Block] = []
    for index, block in enumerate(blocks):
        out.append(block)
        out.extend(inserts.get(index, ()))
    return tuple(out)


def _block_shingles(text: str) -> list[tuple[str, ...]]:
    words = _TOKEN.findall(text)
    return [tuple(words[i : i + 4]) for i in range(max(1, len(words) - 3))]


def _words(text: str) -> list[str]:
    return _TOKEN.findall(text.casefold())


def _within(part: list[str], whole: list[str]) -> bool:
    """Whether part's words appear together, in order, in whole."""
    size = len(part)
    return size > 0 and any(whole[i : i + size] == part for i in range(len(whole) - size + 1))


# ---------------------------------------------------------------- formulas


def formulas_as_text(html: str) -> str:
    """The page with each MathML formula replaced by readable text, before extraction.

    Neither extractor shows a formula well: trafilatura leaves it out, and readability's
    text runs its tokens together ("x 2 + b x + c = 0"). So each <math> element becomes:
    its `alttext` (usually the LaTeX source, or words) if it has one; else a TeX or plain
    text <annotation> inside its <semantics>; else its presentation markup written out in
    one line ("x^2 + bx + c = 0", "(−b ± √(b^2 − 4ac))/(2a)"). An inline formula stays
    inside its sentence; a display formula (display="block") gets a line of its own, and
    each row of a table of equations another.

    The text takes the place of the formula's whole rendering: the inline wrappers around
    the <math> that hold no other text (MathJax's glyphs drawn by CSS, MediaWiki's image
    with the <math> kept in a hidden span for screen readers), which the extractors drop.
    """
    if not _MATH_START.search(html):
        return html
    import lxml.html

    try:
        root = lxml.html.document_fromstring(html)
    except Exception:
        return html
    maths = [e for e in root.iter() if _local(e.tag) == "math"]
    for math in maths:
        if any(_local(e.tag) == "math" for e in math.iterancestors()):
            continue  # inside another formula (invalid, but seen): written out with it
        try:
            text = formula_text(math)
        except Exception:  # odd markup: left as it is, its text run together
            continue
        _put_in_place(math, text, lxml.html.Element("span"))
    tree = root.getroottree()
    return lxml.html.tostring(tree, encoding="unicode", doctype=tree.docinfo.doctype)


def _put_in_place(math, text: str, span) -> None:
    """Put `span`, holding the formula's text, in place of the formula's rendering."""
    display = math.get("display", "").casefold() == "block" or math.get("mode") == "display"
    lines = text.split("\n")
    if display or len(lines) > 1:
        for line in lines:
            span.append(span.makeelement("br"))
            span[-1].tail = line
        span.append(span.makeelement("br"))
    else:
        span.text = text
    outer = math
    own = _squeeze(math.text_content())
    while True:
        parent = outer.getparent()
        if parent is None or _local(parent.tag) in _BLOCKS:
            break
        if _squeeze(parent.text_content()) != own:
            break
        outer = parent
    parent = outer.getparent()
    if parent is None:
        return
    if span.text:  # inline: the spaces the rendering held on either side stay
        rendering, after = outer.text_content(), (outer.tail or "")[:1]
        space_after = rendering[-1:].isspace() and after not in _CLOSING
        span.text = " " * rendering[:1].isspace() + text + " " * space_after
    span.tail = outer.tail
    parent.replace(outer, span)


def formula_text(math) -> str:
    """The readable text of a parsed <math> element (see `formulas_as_text`)."""
    alt = _squeeze(math.get("alttext", ""))
    if alt:
        return _tidy_tex(alt)
    annotations = [e for e in math.iter() if _local(e.tag) == "annotation"]
    for wanted in ("tex", "text/plain", ""):
        for annotation in annotations:
            if wanted in annotation.get("encoding", "").casefold():
                text = _squeeze(annotation.text_content())
                if text:
                    return _tidy_tex(text) if wanted == "tex" else text
    return "\n".join(line.strip() for line in _flat(math).split("\n") if line.strip())


_MATH_START = re.compile(r"<(?:\w+:)?math[\s/>]", re.IGNORECASE)
# LaTeX that only sets the size of a formula ("{\displaystyle x^{2}}" from MediaWiki).
_TEX_STYLE = re.compile(r"\\(?:displaystyle|textstyle|scriptstyle)\b\s*")
_TEX_SPACE = re.compile(r"\\(?:q?quad\b|[,;:! ])")
_TEX_FONT = re.compile(
    r"\\(?:text(?:rm|bf|it|sf|tt)?|math(?:rm|bf|it|sf|tt|cal|bb|frak)|boldsymbol)"
    r"\s*\{(?P<plain>[^{}\\^_]*)\}"
)
# Braces around a plain run ("A{ Hermitian}"), and what before them makes them an argument
# (of a command, a sub- or superscript, or of a command's earlier argument: "\\frac{a}{b}").
_TEX_BRACES = re.compile(r"\{(?P<plain>[^{}\\^_]*)\}")
_TEX_ARGUMENT = re.compile(r"(?:\\[A-Za-z]+|[\^_}])\s*$")
# Operators written with a space on either side when they stand between two terms.
_SPACED = frozenset("=<>+-−±∓×÷·≠≈≡≤≥≪≫∼≃≅∝→←↔⇒⇐⇔⟹⟸⟺↦∈∉∋⊂⊃⊆⊇∪∩∧∨∣")
# Of those, the ones that can also be a sign, written without a space before a term ("−b").
_SIGNS = frozenset("+-−±∓")
# Invisible operators (function application, times, separator, plus): nothing to show.
_INVISIBLE = dict.fromkeys(map(ord, "\u2061\u2062\u2063\u2064"))
# Accents over one letter, written as the combining mark that puts them there ("ẋ").
_ACCENTS = {
    "˙": "\u0307", "¨": "\u0308", "^": "\u0302", "ˆ": "\u0302", "~": "\u0303", "˜": "\u0303",
    "¯": "\u0304", "‾": "\u0305", "→": "\u20d7", "ˇ": "\u030c", "´": "\u0301", "`": "\u0300",
}  # fmt: skip
_TOKENS = frozenset({"mi", "mn", "mo", "mtext", "ms"})
_SCRIPTS = frozenset({"msup", "msub", "msubsup", "mover", "munder", "munderover", "mroot"})
_BRACKETS = frozenset({"()", "[]", "{}", "||"})
_CLOSING = frozenset(",.;:!?)]}")
# Elements a formula's rendering never reaches beyond: they hold the text around it.
_BLOCKS = frozenset(
    {
        "p", "div", "li", "dd", "dt", "td", "th", "caption", "figcaption", "blockquote",
        "section", "article", "main", "aside", "header", "footer", "nav", "body", "html",
        "h1", "h2", "h3", "h4", "h5", "h6", "pre", "table", "tr", "ul", "ol", "dl", "figure",
    }
)  # fmt: skip
_HIDDEN = frozenset({"annotation", "annotation-xml", "mphantom", "none", "mprescripts"})


def _tidy_tex(tex: str) -> str:
    """LaTeX made lighter to read: without size commands and the braces MediaWiki wraps
    around them, spacing commands as spaces, and font commands around a plain run taken off
    ("\\mathsf {H}" -> "H", "{\\text{ Hermitian}}" -> " Hermitian")."""
    if tex.startswith("{\\") and tex.endswith("}") and _TEX_STYLE.match(tex, 1):
        tex = tex[1:-1]
    tex = _TEX_SPACE.sub(" ", _TEX_STYLE.sub("", tex))
    while True:
        lighter = _TEX_BRACES.sub(_unbraced, _TEX_FONT.sub(r"{\g<plain>}", tex))
        if lighter == tex:
            return _squeeze(tex)
        tex = lighter


def _unbraced(match: re.Match[str]) -> str:
    if _TEX_ARGUMENT.search(match.string, 0, match.start()):
        return match[0]
    return match["plain"]


def _flat(element) -> str:
    """Presentation MathML written out on one line (rows of a table on lines of their own)."""
    tag = _local(element.tag)
    if tag in _HIDDEN:
        return ""
    if tag in _TOKENS:
        return _token_text(element)
    children = [child for child in element if isinstance(child.tag, str)]
    if tag == "semantics":
        return _flat(children[0]) if children else ""
    if tag == "mspace":
        return " "
    parts = [_flat(child) for child in children]
    scripts = {"msup": "^", "msub": "_", "mover": "^", "munder": "_"}
    if tag in scripts and len(parts) == 2:
        base, script = parts
        accent = _ACCENTS.get(script.strip())
        if tag == "mover" and accent and len(base.strip()) == 1:
            return unicodedata.normalize("NFC", base.strip() + accent)  # "ẋ" as one letter
        return f"{base}{scripts[tag]}{_group(script)}"
    if tag in ("msubsup", "munderover") and len(parts) == 3:
        return f"{parts[0]}_{_group(parts[1])}^{_group(parts[2])}"
    if tag == "mfrac" and len(parts) == 2:
        return f"{_group(parts[0])}/{_group(parts[1])}"
    if tag == "msqrt":
        return "√" + _group(_row(children, parts))
    if tag == "mroot" and len(parts) == 2:
        return f"{_group(parts[0])}^(1/{parts[1]})"
    if tag == "mfenced":
        separator = (element.get("separators") or ",").strip()[:1]
        inner = f"{separator} ".join(parts)
        return f"{element.get('open', '(')}{inner}{element.get('close', ')')}"
    if tag == "mtable":
        return "\n".join(parts)
    if tag in ("mtr", "mlabeledtr"):
        return " ".join(part.strip() for part in parts if part.strip())
    return _row(children, parts)


def _row(children: list, parts: list[str]) -> str:
    """Terms of a row joined: spaces around an operator between two terms ("a + b", but
    "−b"), a space after a comma, around words ("sin x", "for |q|") and after a script
    ("x^2 y", "∑_(k = 1)^n a_k")."""
    out = ""
    previous_word, previous_tag = False, ""
    for child, part in zip(children, parts, strict=True):
        stripped = part.strip()
        if not stripped:
            continue
        tag = _local(child.tag)
        if tag == "mo" and stripped in _SPACED:
            before = out.rstrip()[-1:]
            if stripped in _SIGNS and (not before or before in _SPACED or before in "([{,;"):
                part = stripped  # a sign: "−b", "x = −b", "(−1)"
            else:
                out = out.rstrip()
                part = f" {stripped} " if out else f"{stripped} "
        elif tag == "mo" and stripped in (",", ";"):
            part = stripped + " "
        elif tag == "mtext" and any(c.isalpha() for c in stripped):
            part = f" {stripped} "
        else:
            part = stripped
        word = tag in ("mi", "mtext") and len(stripped) > 1
        last, first = out[-1:], part[:1]
        if last.strip() and (
            (last.isalnum() and first.isalnum() and (word or previous_word))  # "sin x"
            or (previous_tag in _SCRIPTS and first.isalnum())  # "x^2 y", "∑_(k = 1)^n a_k"
            or (previous_tag == "mfrac" and first in "(√")  # "1/c (∂E)/(∂t)"
        ):
            out += " "
        out += part
        previous_word, previous_tag = word, tag
    return out


def _token_text(element) -> str:
    from html import unescape

    text = _squeeze(element.text_content())
    if "&" in text:
        text = unescape(text)  # MathML entities the HTML parser does not know (&af;)
    return text.translate(_INVISIBLE)


def _group(text: str) -> str:
    """A sub- or superscript, numerator or root: in brackets unless it is a single term."""
    text = text.strip()
    if len(text) <= 1 or text.isdigit() or text.isalpha() or _bracketed(text):
        return text
    return f"({text})"


def _bracketed(text: str) -> bool:
    """Whether the whole text is inside one pair of brackets: "(a + b)", not "(a)(b)"."""
    if text[0] + text[-1] not in _BRACKETS:
        return False
    depth = 0
    for index, char in enumerate(text):
        depth += char in "([{"
        depth -= char in ")]}"
        if depth == 0 and index < len(text) - 1:
            return False
    return True


def _local(tag) -> str:
    """An element's name without namespace or prefix ("{...}math", "m:math" -> "math")."""
    return tag.rpartition("}")[2].rpartition(":")[2].casefold() if isinstance(tag, str) else ""


def _squeeze(text: str) -> str:
    return " ".join(text.split())
