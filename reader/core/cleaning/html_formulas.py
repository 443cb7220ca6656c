"""Formulas (MathML) in a page written as readable text, before the extractors see the page.

Neither extractor shows a formula well: trafilatura leaves it out, and readability runs its
tokens together ("x 2 + b x + c = 0"). Each <math> element is written out on one line from its
presentation markup ("x^2 + bx + c = 0", "(−b ± √(b^2 − 4ac))/(2a)", "λ_max"), or, when it has
none, taken from its alttext or TeX annotation; it takes the place of the formula's rendering,
inside its sentence (see `formulas_as_text`).
"""

from __future__ import annotations

import re
import unicodedata


def formulas_as_text(html: str) -> str:
    """The page with each MathML formula replaced by readable text, before extraction.

    Neither extractor shows a formula well: trafilatura leaves it out, and readability's
    text runs its tokens together ("x 2 + b x + c = 0"). So each <math> element becomes
    its presentation markup written out in one line ("x^2 + bx + c = 0", "(−b ± √(b^2 −
    4ac))/(2a)", "λ_max" rather than the LaTeX "\\lambda _{\\max }", which fewer readers
    read at a glance); a formula without presentation markup, its `alttext` (usually the LaTeX
    source, or words), else a TeX or plain text <annotation>. An inline formula stays
    inside its sentence; a display formula (display="block") gets a line of its own, and
    each row of a table of equations another.

    The text takes the place of the formula's whole rendering: the inline wrappers around
    the <math> that hold no other text (MathJax's glyphs drawn by CSS, MediaWiki's image
    with the <math> kept in a hidden span for screen readers), which the extractors drop.
    """
    if not MATH_START.search(html):
        return html
    import lxml.html

    try:
        root = lxml.html.document_fromstring(html)
    except Exception:
        return html
    write_formulas(root)
    tree = root.getroottree()
    return lxml.html.tostring(tree, encoding="unicode", doctype=tree.docinfo.doctype)


def write_formulas(root) -> None:
    """`formulas_as_text` on a parsed page, in place."""
    import lxml.html

    maths = [e for e in root.iter() if _local(e.tag) == "math"]
    for math in maths:
        if any(_local(e.tag) == "math" for e in math.iterancestors()):
            continue  # inside another formula (invalid, but seen): written out with it
        try:
            text = formula_text(math)
        except Exception:  # odd markup: left as it is, its text run together
            continue
        _put_in_place(math, text, lxml.html.Element("span"))


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
    flat = [_squeeze(line) for line in _flat(math).split("\n")]
    if any(flat):
        return "\n".join(line for line in flat if line)
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
    return ""


#: Where a page holds a formula (spares parsing the many pages that hold none).
MATH_START = re.compile(r"<(?:\w+:)?math[\s/>]", re.IGNORECASE)
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
_WRAPPERS = frozenset({"mrow", "mstyle", "mpadded"})
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
        elif tag in _TOKENS:
            part = stripped
        else:  # a group keeps a space at its edges: "A Hermitian", "for 1 ≤ j"
            part = " " * part[:1].isspace() + stripped + " " * part[-1:].isspace()
        word = tag in ("mi", "mtext") and len(stripped) > 1
        if part[:1] in _CLOSING:
            out = out.rstrip()  # "(n matrices)", not "(n matrices )"
        last, first = out[-1:], part[:1]
        if last.strip() and (
            (last.isalnum() and first.isalnum() and (word or previous_word))  # "sin x"
            or (previous_tag in _SCRIPTS and first.isalnum())  # "x^2 y", "∑_(k = 1)^n a_k"
            or (previous_tag == "mfrac" and first in "(√")  # "1/c (∂E)/(∂t)"
        ):
            out += " "
        out += part
        previous_word, previous_tag = word, _inner_tag(child)
    return out


def _inner_tag(element) -> str:
    """An element's name, or that of the one element a row or style wrapper holds."""
    tag = _local(element.tag)
    while tag in _WRAPPERS:
        children = [child for child in element if isinstance(child.tag, str)]
        if len(children) != 1:
            break
        element = children[0]
        tag = _local(element.tag)
    return tag


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
