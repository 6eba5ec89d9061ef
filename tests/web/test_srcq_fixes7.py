"""The /sources page's methodology says what each kind of source measures (DOMAIN.md's
caveats): it said only base vs. total pay, nothing of an LCA being an offered wage, of
OEWS leaving bonuses and equity out, or of surveys answering by self-selection."""

from __future__ import annotations

from paygrade.web.render import templates

METHODOLOGY = {
    "percentiles": ["p10", "p25", "p50", "p75", "p90"],
    "min_n": 5,
    "min_n_tails": 10,
    "confidence": 0.95,
    "reference_year": 2024,
    "private_sources": ["submission"],
}


def methodology_text() -> str:
    page = templates().env.get_template("methodology.html")
    return " ".join(page.render(data={"methodology": METHODOLOGY}).split())


def test_the_methodology_says_an_lca_is_an_offered_wage_of_a_sponsored_worker() -> None:
    said = methodology_text()
    assert 'id="what-sources-measure"' in said
    assert "a worker it sponsors for a visa: an offered wage, intent to hire, not a hire" in said
    assert "one person can appear in several filings" in said


def test_the_methodology_says_oews_leaves_out_bonuses_and_equity() -> None:
    assert "year-end bonuses and equity do not" in methodology_text()


def test_the_methodology_says_surveys_are_self_selected() -> None:
    said = methodology_text()
    assert "self-reported by those who chose to answer" in said
    assert "not a random sample" in said
