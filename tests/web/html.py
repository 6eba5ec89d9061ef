"""A small HTML reader for page tests (stdlib html.parser): tables, links, elements by testid."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""


@dataclass
class Table:
    testid: str | None
    caption: str = ""
    rows: list[list[str]] = field(default_factory=list)  # header row first
    links: list[list[str]] = field(default_factory=list)  # hrefs per row


class Page(HTMLParser):
    """Everything a test asks of a page, read once."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.html = html
        self.elements: list[Element] = []
        self.tables: list[Table] = []
        self._open: list[Element] = []
        self._table: Table | None = None
        self._cell: list[str] | None = None
        self._in_caption = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.elements.append(element)
        if tag not in ("input", "img", "meta", "link", "br", "source", "option"):
            self._open.append(element)
        if tag == "table":
            self._table = Table(element.attrs.get("data-testid"))
            self.tables.append(self._table)
        elif self._table is not None:
            self._table_tag(tag, element)

    def _table_tag(self, tag: str, element: Element) -> None:
        assert self._table is not None
        if tag == "tr":
            self._table.rows.append([])
            self._table.links.append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "caption":
            self._in_caption = True
        elif tag == "a" and self._table.links:
            self._table.links[-1].append(element.attrs.get("href", ""))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index].tag == tag:
                del self._open[index:]
                break
        if tag in ("td", "th") and self._table is not None and self._cell is not None:
            self._table.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "caption":
            self._in_caption = False
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        for element in self._open:
            element.text += data
        if self._cell is not None:
            self._cell.append(data)
        if self._in_caption and self._table is not None:
            self._table.caption += data

    def by_testid(self, testid: str) -> list[Element]:
        return [e for e in self.elements if e.attrs.get("data-testid") == testid]

    def table(self, testid: str, index: int = 0) -> Table:
        return [t for t in self.tables if t.testid == testid][index]

    def links(self) -> list[str]:
        return [e.attrs["href"] for e in self.elements if e.tag == "a" and "href" in e.attrs]

    def form_sent(self) -> list[tuple[str, str]]:
        """The (name, value) pairs a browser sends for the page's form as it stands: text and
        hidden inputs, checked boxes, each select's selected option (else its first)."""
        sent: list[tuple[str, str]] = []
        select: list[str] | None = None  # the open select's name, then its chosen value
        for element in self.elements:
            attrs = element.attrs
            if element.tag == "option" and select is not None:
                if len(select) == 1 or "selected" in attrs:
                    select[1:] = [attrs.get("value", element.text)]
                continue
            if select is not None:
                sent.append((select[0], select[1] if len(select) > 1 else ""))
                select = None
            if element.tag == "select" and "name" in attrs:
                select = [attrs["name"]]
            elif element.tag == "input" and "name" in attrs and self._sends(attrs):
                sent.append((attrs["name"], attrs.get("value", "")))
        return sent

    @staticmethod
    def _sends(attrs: dict[str, str]) -> bool:
        """An input is sent unless it is a box left unchecked."""
        return attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs
