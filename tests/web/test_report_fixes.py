"""/report says each table's sources as the report file does; /claims links its method."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.web.html import Page


def sentence_per_caption(page: Page, sentences: list[str]) -> dict[str, str]:
    """Each table's caption and the sources sentence under it (an empty table has neither)."""
    captions = [table.caption.strip() for table in page.tables]
    assert len(captions) == len(sentences)
    return dict(zip(captions, (" ".join(s.split()) for s in sentences), strict=True))


def test_the_report_page_says_each_tables_sources_as_the_file_does(client: TestClient) -> None:
    # The page had rebuilt the sentence by hand: no "N flagged records left out", no
    # "(published estimate)" beside an OEWS row.
    page = Page(client.get("/report").text)
    on_page = sentence_per_caption(page, [e.text for e in page.by_testid("report-sources")])
    download = Page(client.get("/report.html").text)
    sources = [e.text for e in download.elements if e.attrs.get("class") == "sources"]
    in_file = sentence_per_caption(download, sources)
    assert on_page == in_file
    said = " ".join(on_page.values())
    assert re.search(r"; [\d,]+ flagged records left out\.", said)
    assert re.search(r"BLS OEWS [^;,]* \(published estimate\)", said)


def test_the_claims_method_link_goes_to_the_methodology(client: TestClient) -> None:
    # It went to the top of /sources, a list of files that says nothing of method.
    page = Page(client.get("/claims").text)
    (link,) = [e for e in page.elements if e.tag == "a" and e.text == "methodology"]
    path, _, anchor = link.attrs["href"].partition("#")
    assert (path, anchor) == ("/sources", "claims")
    target = Page(client.get(path).text)
    (said,) = [e for e in target.elements if e.attrs.get("id") == anchor]
    assert said.text == "Claims in articles"
