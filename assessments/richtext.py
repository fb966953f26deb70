"""Rich-enough text without HTML: what teams write in the organisation profile, narratives and notes.

People type (or paste from Word) plain text. Its structure is read from the lines, never from markup:

- a blank line ends a paragraph; single line breaks inside a paragraph are kept;
- lines starting with "-", "*", "•" (or another bullet Word pastes) followed by a space are a bulleted list;
- lines starting with a number and "." or ")" (1. 2. … or 1) 2) …) are a numbered list, the numbers kept as typed.

`clean` tidies pasted text before it is stored, losing no visible character: Windows and old Mac line ends,
Word's line and paragraph separators and vertical tabs become line breaks; non-breaking spaces become spaces;
invisible characters (zero-width spaces, soft hyphens, byte-order marks, other control characters — which also
cannot be written into a Word file) are dropped; Word's symbol-font bullets become "•". `blocks` gives the
structure; `as_html` renders it with every character escaped, for pages and PDFs; the Word document is written
from `blocks` (reports/sar_docx.py).
"""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Bullets Word and other editors paste: symbol-font private-use bullets, and the usual glyphs.
_PASTED_BULLETS = {"\uf0b7": "•", "\uf0a7": "•", "\uf0d8": "•", "\uf076": "•", "\uf0fc": "•", "\u25aa": "•"}
_LINE_BREAKS = str.maketrans({"\u2028": "\n", "\u2029": "\n\n", "\x0b": "\n", "\x0c": "\n\n", "\x85": "\n"})
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " ", "\t": " "})
_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}
BULLET = re.compile(r"^\s*[-*•◦▪‣–]\s+(.*)$")
NUMBERED = re.compile(r"^\s*(\(?\d{1,3}[.)])\s+(.*)$")


def clean(text: str) -> str:
    """Pasted text made safe to store and to write anywhere (see the module docstring)."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").translate(_LINE_BREAKS)
    text = "".join(_PASTED_BULLETS.get(c, c) for c in text).translate(_SPACES)
    text = "".join(
        c
        for c in text
        if c == "\n" or (c not in _INVISIBLE and unicodedata.category(c) not in ("Cc", "Cs", "Cn", "Co"))
    )
    text = unicodedata.normalize("NFC", text)
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def removed_count(before: str, after: str) -> int:
    """How many characters `clean` dropped (for telling the person), line ends not counted."""
    spaces = re.compile(r"\s")
    return max(0, len(spaces.sub("", before or "")) - len(spaces.sub("", after or "")))


@dataclass(frozen=True)
class Block:
    """A paragraph (`lines`), a bulleted list or a numbered list (`items`, each (marker, text))."""

    kind: str  # "paragraph", "bullets" or "numbers"
    lines: tuple[str, ...] = ()
    items: tuple[tuple[str, str], ...] = ()


def blocks(text: str) -> list[Block]:
    """The paragraphs and lists of a text."""
    found: list[Block] = []
    paragraph: list[str] = []
    items: list[tuple[str, str]] = []
    kind = ""

    def flush():
        nonlocal paragraph, items, kind
        if paragraph:
            found.append(Block("paragraph", lines=tuple(paragraph)))
        if items:
            found.append(Block(kind, items=tuple(items)))
        paragraph, items, kind = [], [], ""

    for line in (text or "").split("\n"):
        bullet, number = BULLET.match(line), NUMBERED.match(line)
        if not line.strip():
            flush()
        elif bullet or number:
            this = "bullets" if bullet else "numbers"
            if paragraph or (items and kind != this):
                flush()
            kind = this
            items.append(("•", bullet.group(1)) if bullet else (number.group(1), number.group(2)))
        elif items and line.startswith(("  ", " ")):
            marker, previous = items[-1]
            items[-1] = (marker, f"{previous}\n{line.strip()}")  # an indented line continues the list item
        else:
            if items:
                flush()
            paragraph.append(line.strip())
    flush()
    return found


def as_html(text: str) -> SafeString:
    """The text as <p>, <ul> and <ol> elements; every character the person typed is escaped."""

    def lines(value: str) -> str:
        return "<br>".join(escape(part) for part in value.split("\n"))

    parts = []
    for block in blocks(text):
        if block.kind == "paragraph":
            parts.append(f"<p>{lines(chr(10).join(block.lines))}</p>")
        elif block.kind == "bullets":
            parts.append("<ul>" + "".join(f"<li>{lines(t)}</li>" for _m, t in block.items) + "</ul>")
        else:
            start = re.sub(r"\D", "", block.items[0][0]) or "1"
            rows = "".join(f'<li value="{escape(re.sub(r"[^0-9]", "", m))}">{lines(t)}</li>' for m, t in block.items)
            parts.append(f'<ol start="{escape(start)}">{rows}</ol>')
    return mark_safe("".join(parts))


def plain(text: str) -> str:
    """The text as one line, for lists and exports where structure does not fit."""
    return " ".join((text or "").split())
