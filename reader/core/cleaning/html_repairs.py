"""Repairs to what the HTML extractors find: rules about pages that neither extractor follows.

readability-lxml and trafilatura each find a page's main text well, but each leaves marks a
reader notices: a formula lost or run together into nonsense, text the page hides (a sign-in
dialog, a menu for small screens) taken in, a paragraph or list inside the article left out
(readability judged it too short or too link-heavy), a "Related posts" or comments section, a
sidebar menu or teasers of other pages ("… Read more") taken in, the title and byline repeated
as the first lines of the body, a site name on the end of the title ("How to build a terrarium
| eHow"), and dates caught in the author line ("Joshua Sokol May"), furniture among the
paragraphs (an "Advertisement" marker, a wiki's "Main article:" note, a "Like this:" widget, a
copyright line), and headings lost because they link to their own place. Each repair here is a
general rule about how pages are built, never a rule about one site, and none leaves out text a
reader would want for the sake of a benchmark; a rule that helped only the half of the
development pages it was written from, and not the other half, was taken out (putting back
figure captions both extractors dropped, and leaving out a breadcrumb trail: the held-out
pages' references keep them as often as not). Formulas (`html_formulas`), hidden elements and
heading links are dealt with in the page before the extractors see it; every other repair works
on the extracted blocks and metadata.
"""

from __future__ import annotations

import re
from collections import Counter

from reader.core.cleaning import html_formulas
from reader.core.cleaning.boilerplate import boilerplate_reason
from reader.core.models import Block

# Trafilatura's last blocks beyond the end of readability's text are left out when each holds
# at most this many words and there are at least SCRAP_LINES of them: a list of links or labels
# (a sidebar, a footer menu), not text.
SCRAP_LINE_WORDS = 5
SCRAP_LINES = 3
# How many of the first body blocks are checked for a repeat of the title or byline, and how
# many words a byline line may hold beyond the name ("By", a role, a date).
LEADING = 3
BYLINE_EXTRA = 4

_TOKEN = re.compile(r"\w+")
# Headings that open a section about other pages, at the end of an article.
_TRAILING_SECTION = re.compile(
    r"^\W*(?:related(?:\s+(?:posts?|articles?|stories|videos|content|links))?"
    r"|you (?:may|might) (?:also )?(?:like|enjoy)|more from\b.*|share this|like this"
    r"|recommended(?: for you)?|comments?|leave a (?:reply|comment)|most (?:read|popular)"
    r"|(?:other|more)(?:\s+\w+){0,2}\s+(?:stories|articles|posts|columns|news|videos|reads))\W*$",
    re.IGNORECASE,
)
# A teaser of another page: an excerpt cut off with an ellipsis and a "Read more" link after it.
_TEASER = re.compile(
    r"(?:…|\.\.\.)\s*(?:(?:read|see) more|continue reading|lire la suite|weiterlesen"
    r"|leer más|leia mais)(?:\W+(?:read|see) more)*\W*$",
    re.IGNORECASE,
)
# A note sending the reader to other pages: a wiki's "Main article: History of X", "See also:
# Y", "This article is about the country. For other uses, see X (disambiguation)."
_CROSS_REFERENCE = re.compile(
    r"^\W*(?:main articles?|see also|further information|further reading)\s*:"
    r"|\bfor other uses,? see\b|\bredirects here\b",
    re.IGNORECASE,
)
CROSS_REFERENCE_CHARS = 250
# The heading of a sharing or liking widget ("Like this:", "Share this:"), and how many words
# each of its buttons holds ("Like", "Loading...", "Twitter").
_WIDGET_HEADING = re.compile(
    r"^\W*(?:like|share)(?: this)?(?: (?:post|article|story|page))?\W*$", re.I
)
WIDGET_BUTTON_WORDS = 3
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


def without_trailing_scraps(traf: tuple[Block, ...], read: tuple[Block, ...]) -> tuple[Block, ...]:
    """Trafilatura's blocks without the short lines at their end that readability's text does
    not have: where readability ends the article, trafilatura often runs on into a sidebar or a
    footer menu ("Official links:", "Bug tracker", "Powered by Tumblr"). A longer block stops
    the trim (text that readability left out is kept). Nothing is trimmed when the lines follow
    a heading readability has (it kept an "External links" heading but not the list under it),
    or when there are fewer than three of them (the last entry of a list, a sign-off)."""
    where = _shingle_index(read)
    end = len(traf)
    while end > 0:
        block = traf[end - 1]
        if (
            len(_TOKEN.findall(block.text)) > SCRAP_LINE_WORDS
            or _found_in(block, where) is not None
        ):
            break
        end -= 1
    if end == 0 or len(traf) - end < SCRAP_LINES or traf[end - 1].kind == "heading":
        return traf
    return traf[:end]


def without_trailing_section(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """The blocks up to a heading, in their second half, that opens a related-posts, sharing
    or comments section ("Related", "You might also like", "Comments"): what follows such a
    heading is about other pages, not this one."""
    for index in range(len(blocks) // 2, len(blocks)):
        block = blocks[index]
        if block.kind == "heading" and _TRAILING_SECTION.match(block.text):
            return blocks[:index]
    return blocks


def without_teasers(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """The blocks without teasers of other pages: an excerpt cut off with an ellipsis and
    followed by a "Read more" link ("Ever come home from a day of shopping and… Read more").
    When the teasers are most of the text (a feed entry that is itself an excerpt), all stay."""
    kept = tuple(block for block in blocks if not _TEASER.search(block.text))
    if len(kept) == len(blocks):
        return blocks
    words = sum(len(_TOKEN.findall(block.text)) for block in blocks)
    if 2 * sum(len(_TOKEN.findall(block.text)) for block in kept) < words:
        return blocks
    return kept


def without_furniture(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """The blocks without the page furniture that sits among an article's paragraphs:

    - a line that only marks an advertisement's place ("Advertisement", "Continue reading
      the main story", "Story continues below"), wherever it is;
    - a wiki's note sending the reader to other pages ("Main article: History of X", "See
      also: Y", "For other uses, see Z (disambiguation)"), when it is a short paragraph;
    - a sharing or liking widget: a "Like this:" or "Share this:" heading and the short
      button lines under it ("Like", "Loading...");
    - copyright lines at the end ("Copyright © 1998 - 2016 Example Inc. All Rights Reserved").

    When all that is left is nothing, the blocks stay as they were.
    """
    kept: list[Block] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if block.kind == "heading" and _WIDGET_HEADING.match(block.text):
            end = index + 1
            while end < len(blocks) and _is_button(blocks[end]):
                end += 1
            if end > index + 1:
                index = end
                continue
        if not _is_furniture(block):
            kept.append(block)
        index += 1
    while kept and boilerplate_reason(kept[-1].text) == "copyright footer":
        kept.pop()
    return tuple(kept) if kept else blocks


def _is_furniture(block: Block) -> bool:
    if block.kind != "paragraph":
        return False
    text = block.text
    if boilerplate_reason(text) == "advertisement":
        return True
    return len(text) <= CROSS_REFERENCE_CHARS and bool(_CROSS_REFERENCE.search(text))


def _is_button(block: Block) -> bool:
    return block.kind == "paragraph" and len(_TOKEN.findall(block.text)) <= WIDGET_BUTTON_WORDS


def without_repeats(blocks: tuple[Block, ...], title: str, author: str) -> tuple[Block, ...]:
    """Body blocks without a leading repeat of the title or of the byline (shown above them).

    Among the first few blocks, a heading that is the title, holds it with a few words more,
    or is a part of it (a page may split its title over two headings), is dropped, as is a
    paragraph that is most of the title; so is a short line holding the author's name ("By
    Maria Lopez, Staff writer"), also when other words stand between the parts of the name
    ("Richard (R.J.) Eskow") or a date is run into it ("by Lucas Nolan22 Dec 2016").
    """
    title_words, author_words = _words(title), _name_words(author)
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
    if not author:
        return False
    names = _name_words(block.text)
    return len(names) <= len(author) + BYLINE_EXTRA and _in_order(author, names)


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


def _block_shingles(text: str) -> list[tuple[str, ...]]:
    words = _TOKEN.findall(text)
    return [tuple(words[i : i + 4]) for i in range(max(1, len(words) - 3))]


def _words(text: str) -> list[str]:
    return _TOKEN.findall(text.casefold())


def _name_words(text: str) -> list[str]:
    """Words for comparing names: letters and digits apart ("Nolan22" is "nolan", "22")."""
    return _NAME_TOKEN.findall(text.casefold())


_NAME_TOKEN = re.compile(r"[^\W\d_]+|\d+")


def _in_order(part: list[str], whole: list[str]) -> bool:
    """Whether part's words all appear in whole in the same order (others may stand between)."""
    rest = iter(whole)
    return bool(part) and all(word in rest for word in part)


def _within(part: list[str], whole: list[str]) -> bool:
    """Whether part's words appear together, in order, in whole."""
    size = len(part)
    return size > 0 and any(whole[i : i + size] == part for i in range(len(whole) - size + 1))


# ---------------------------------------------------------------- the page before extraction


def page_prepared(html: str) -> str:
    """The page as the extractors should see it: formulas written as text (`html_formulas`),
    hidden elements taken out (`_drop_hidden`) and headings freed of their anchor links
    (`_unlinked_headings`), with one parse of the page."""
    formulas, hidden = html_formulas.MATH_START.search(html), _HIDDEN_MARK.search(html)
    anchors = _ANCHOR_MARK.search(html)
    if not (formulas or hidden or anchors):
        return html
    import lxml.html

    try:
        root = lxml.html.document_fromstring(html)
    except Exception:
        return html
    if formulas:
        # First: MediaWiki keeps a formula's MathML in a hidden span.
        html_formulas.write_formulas(root)
    if hidden:
        _drop_hidden(root)
    if anchors and not _unlinked_headings(root) and not (formulas or hidden):
        return html  # the mark was a false alarm: spare writing the page out again
    tree = root.getroottree()
    return lxml.html.tostring(tree, encoding="unicode", doctype=tree.docinfo.doctype)


def _drop_hidden(root) -> None:
    """Take out of the page the elements a browser does not show: those with a `hidden`
    attribute, with aria-hidden="true", or styled display: none or visibility: hidden (a
    menu for small screens, a sign-in dialog, a decoy text). Firefox's Reader View leaves
    them out too. `hidden="until-found"` text can be found by a search, so it stays."""
    hidden = [element for element in root.iter() if _is_hidden(element)]
    for element in hidden:
        if element.getparent() is not None:
            element.drop_tree()  # its tail, the text after it, stays


def _is_hidden(element) -> bool:
    if not isinstance(element.tag, str) or element.tag in ("html", "body"):
        return False
    hidden = element.get("hidden")
    if hidden is not None and hidden.strip().casefold() != "until-found":
        return True
    if element.get("aria-hidden", "").strip().casefold() == "true":
        return True
    return bool(_HIDDEN_STYLE.search(element.get("style", "")))


def _unlinked_headings(root) -> bool:
    """Take the links out of headings that link to a place in the page itself (a table of
    contents' anchor, "Understanding Z-Score" linking to "#understanding-z-score", or a "¶"
    permalink), keeping their text; a bare "#" is a script's link and stays. readability drops
    a heading that is mostly link text as a teaser of another page; a link to the heading's own
    place says nothing of the kind. Whether any link was taken out."""
    changed = False
    for heading in root.iter(*_HEADING_TAGS):
        for link in list(heading.iter("a")):
            href = (link.get("href") or "").strip()
            in_page = href.startswith("#") and len(href) > 1
            if in_page or (not href and link.get("name") is not None):
                link.drop_tag()  # its text and children stay where they were
                changed = True
    return changed


_HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# A heading holding a link to a place in the page (what `_unlinked_headings` looks for), found
# without a parse: the link opens within a few hundred characters of the heading's start.
_ANCHOR_MARK = re.compile(
    r"""<h[1-6]\b[^>]{0,200}>[^<]{0,100}(?:<(?!/h[1-6])[^>]{0,200}>[^<]{0,100}){0,4}"""
    r"""<a\s[^>]{0,200}?(?:href\s*=\s*["']?#|name\s*=)""",
    re.I,
)
# Marks of an element a browser does not show, and the style that hides one.
_HIDDEN_MARK = re.compile(
    r"\shidden\b|aria-hidden|display\s*:\s*none|visibility\s*:\s*hidden", re.I
)
_HIDDEN_STYLE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\b", re.I)
