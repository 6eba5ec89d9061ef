"""An article saved as a web page, read as the Markdown the claims checker reads.

A saved page is one long line of tags to the extractor: its title gave no heading, its
paragraphs were one sentence stream, and a figure in a script was a claim. Here the
page's structure becomes Markdown's: headings ``#``, paragraphs apart, list items
``-``, table rows ``| a | b |`` (the first row the header when it is one); scripts, styles and the
head are left out. Only the standard library's HTML parser is used.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from paygrade.claims.figures import figures

# Tags whose text is no part of the article.
SKIPPED = frozenset({"script", "style", "noscript", "template", "head", "svg", "iframe"})
# Tags that end a paragraph (a block of their own).
BLOCKS = frozenset({
    "p", "div", "section", "article", "header", "footer", "main", "aside", "blockquote",
    "ul", "ol", "dl", "dt", "dd", "figure", "figcaption", "table", "pre", "hr", "nav",
})  # fmt: skip
HEADINGS = {f"h{n}": n for n in range(1, 7)}
# A footnote's mark in a superscript ("1", "[2]", "1,3", "*", "†", "a"): no part of the
# text, it is left out. Glued to a figure it had been its digits ("$150,000<sup>1</sup>"
# read as $150,0001, "$150K<sup>1</sup>" as $150, "€85.000<sup>1</sup>" as €85.0001).
# Words stay ("90<sup>th</sup> percentile").
FOOTNOTE_MARK = re.compile(
    r"\s*[\[(]?\s*(?:\d{1,3}|[a-z]|[*†‡§¶]+)(?:\s*[,–-]\s*(?:\d{1,3}|[a-z]))*\s*[\])]?\s*"
)
# Digits in a superscript right after a bare "10" are a power of ten, not a footnote's
# mark: "$10<sup>6</sup>" is "$10⁶", a million dollars (it had been read as $10). After
# any other number they stay a footnote ("$150K<sup>1</sup>", "2010<sup>2</sup>").
TEN_BEFORE = re.compile(r"(?<![\d.,'’])10\Z")
EXPONENT = re.compile(r"\s*([0-9]{1,2})\s*")
SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def article_text(text: str, name: str = "") -> str:
    """The text an article is checked as: a web page (by its file's name, else by its
    look) as Markdown, any other text as it is.

    Example:
        >>> article_text("<html><body><p>Pay is $1.</p></body></html>")
        'Pay is $1.\\n'
        >>> article_text("Pay is $1.")
        'Pay is $1.'
    """
    if name.lower().endswith((".html", ".htm")) or looks_like_html(text):
        return html_to_text(text)
    return text


# What may come before a page's doctype: a byte-order mark, an XML declaration (XHTML),
# comments (a browser's "saved from url=" line). Such pages had been read as plain text,
# their scripts' figures checked as claims and their <meta> tags as the company Meta.
_PREAMBLE = re.compile(r"\A(?:\ufeff|\s+|<\?xml[^>]*\?>|<!--.*?-->)+", re.S)


def looks_like_html(text: str) -> bool:
    r"""Whether a text is a web page rather than plain text or Markdown.

    Example:
        >>> looks_like_html("<!DOCTYPE html><html>..."), looks_like_html("Pay is <b>$1</b>.")
        (True, False)
        >>> looks_like_html("\ufeff<!-- saved from url=(0051)https://x.com -->\n<!DOCTYPE html>")
        True
        >>> looks_like_html('<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml">')
        True
    """
    start = _PREAMBLE.sub("", text[:4000]).lstrip()[:200].lower()
    return start.startswith(("<!doctype html", "<html")) or (
        start.startswith("<") and bool(re.search(r"<(?:body|p|h[1-6]|div|article)\b", start))
    )


def html_to_text(html: str) -> str:
    """The page's text with its structure as Markdown.

    Example:
        >>> print(html_to_text("<h1>Pay 2024</h1><p>ML engineers earn <b>$150K</b>.</p>"
        ...     "<script>x = '$9'</script><ul><li>Seattle: $170K</li></ul>"), end="")
        # Pay 2024
        <BLANKLINE>
        ML engineers earn $150K.
        <BLANKLINE>
        - Seattle: $170K
        >>> html_to_text("<p>They earn $150K<sup>1</sup> in the 90<sup>th</sup> percentile.</p>")
        'They earn $150K in the 90th percentile.\\n'
        >>> html_to_text("<p>A few earn $10<sup>6</sup>.</p>")
        'A few earn $10⁶.\\n'
    """
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.text()


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []  # finished lines of Markdown, "" between paragraphs
        self.line: list[str] = []  # the text of the block being read
        self.prefix = ""  # what the block's line starts with: "# ", "- "
        self.skipping = 0
        self.row: list[str] | None = None  # the cells of a table row being read
        self.rows_in_table = 0
        self.heads = 0  # the <th> cells of the row being read
        self.in_thead = False
        self.superscript: int | None = None  # where in ``line`` a <sup>'s text starts

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED:
            self.skipping += 1
        elif tag in HEADINGS:
            self._end_block()
            self.prefix = "#" * HEADINGS[tag] + " "
        elif tag == "li":
            self._end_block()
            self.prefix = "- "
        elif tag == "br":
            self.line.append("\n")
        elif tag == "sup":
            self.superscript = len(self.line)
        elif tag == "tr":
            self._end_block()
            self.row, self.heads = [], 0
        elif tag in ("td", "th") and self.row is not None:
            self.line = []
            self.heads += tag == "th"
        elif tag == "thead":
            self.in_thead = True
        elif tag == "table":
            self._end_block()
            self.rows_in_table = 0
        elif tag in BLOCKS:
            self._end_block()

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag == "sup":
            self._drop_footnote_mark()
        elif tag in ("td", "th") and self.row is not None:
            self.row.append(_words(" ".join(self.line)).replace("|", "/"))
            self.line = []
        elif tag == "tr" and self.row is not None:
            self.blocks.append("| " + " | ".join(self.row) + " |")
            if self.rows_in_table == 0 and self._header_row():
                self.blocks.append("|" + "---|" * len(self.row))
            self.rows_in_table += 1
            self.row = None
        elif tag == "thead":
            self.in_thead = False
        elif tag == "table":
            self.blocks.append("")
        elif tag in HEADINGS or tag == "li" or tag in BLOCKS:
            self._end_block()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.line.append(data)

    def _header_row(self) -> bool:
        """Whether the row just read is its table's header: <th> cells (or in <thead>), or
        no figure. A first row of <td> figures is data: "| Senior ML engineer | $150,000 |"
        had been the header, its figure never checked."""
        headed = self.in_thead or (self.heads and self.heads == len(self.row or []))
        return bool(headed) or not any(figures(cell) for cell in self.row or [])

    def _drop_footnote_mark(self) -> None:
        """Leave out the <sup> just read when it is a footnote's mark (``FOOTNOTE_MARK``)."""
        start, self.superscript = self.superscript, None
        if start is None or start > len(self.line):  # a cell began inside it
            return
        mark = "".join(self.line[start:])
        if (power := EXPONENT.fullmatch(mark)) and TEN_BEFORE.search(self._tail(start)):
            self.line[start:] = [power[1].translate(SUPERSCRIPT_DIGITS)]
        elif FOOTNOTE_MARK.fullmatch(mark):
            del self.line[start:]

    def _tail(self, end: int) -> str:
        """The last few characters of the block's text before ``line[end]``."""
        return "".join(self.line[max(0, end - 3) : end])[-4:]

    def _end_block(self) -> None:
        if self.row is not None:
            return  # within a table row, cells gather the text
        lines = [_words(part) for part in "".join(self.line).split("\n")]
        body = "\n".join(line for line in lines if line)
        if body:
            self.blocks += [self.prefix + body, ""]
        self.line, self.prefix = [], ""

    def text(self) -> str:
        self._end_block()
        joined = "\n".join(self.blocks)
        return re.sub(r"\n{3,}", "\n\n", joined).strip() + "\n"


def _words(text: str) -> str:
    """Whitespace as one space, as a browser shows it."""
    return " ".join(text.split())
