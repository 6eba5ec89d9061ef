"""The claims checker's mends of a tenth round: the words of another group's list line or
clause stay theirs. A list line's level and place words do not reach the line above, nor a
later clause's span an earlier figure; a list line naming its group after its figure takes
no span from the lines above, and a heading line between two list lines heads the lines
below it only. Texts are hand-written fixture sentences."""

from __future__ import annotations

import pytest

from paygrade.claims import extract_claims


def _levels(text: str) -> list[tuple[str | None, str | None, list[float | None] | None]]:
    return [(c.subject["role"], c.subject["level"], c.experience) for c in extract_claims(text)]


def test_a_list_lines_level_stays_on_its_line() -> None:
    # "Senior" of the data scientists' line had made the ML engineers above senior.
    text = "ML engineers: $150,000\nSenior data scientists: $140,000\n"
    assert _levels(text) == [("ml_engineer", None, None), ("data_scientist", "senior", None)]


@pytest.mark.parametrize(
    ("words", "field", "value"),
    [("in Seattle", "metro", "Seattle-Tacoma-Bellevue, WA"), ("at Google", "company", "Google")],
)
def test_a_list_lines_place_stays_on_its_line(words: str, field: str, value: str) -> None:
    # The line below's Seattle (or Google) had been the ML engineers' too.
    text = f"ML engineers: $150,000\nData scientists {words}: $140,000\n"
    ml, data = extract_claims(text)
    assert (ml.subject[field], data.subject[field]) == (None, value)
    assert ml.subject["country"] is None


def test_a_place_said_after_its_figure_on_a_wrapped_line_is_still_its_own() -> None:
    # Prose wrapped over lines: the clause runs on past the line end up to "and".
    text = "ML engineers earn $200,000 on average in\nSeattle and data scientists $150,000."
    ml, data = extract_claims(text)
    assert ml.subject["metro"] == "Seattle-Tacoma-Bellevue, WA"
    assert data.subject["role"] == "data_scientist"


@pytest.mark.parametrize("between", [" while", ", while", " whereas", " and", "; but"])
def test_a_later_clauses_span_stays_in_its_clause(between: str) -> None:
    # The ML engineers' "5+ years" had made the data scientists senior too.
    text = f"Data scientists earn $140,000{between} ML engineers with 5+ years earn $150,000."
    assert _levels(text) == [
        ("data_scientist", None, None),
        ("ml_engineer", "senior", [5.0, None]),
    ]


def test_the_words_right_after_a_figure_are_still_its_own() -> None:
    # Up to the clause break: "for ML engineers" names the $150,000's group.
    text = "Pay is $150,000 for ML engineers and $120,000 for data scientists."
    assert [c.subject["role"] for c in extract_claims(text)] == ["ml_engineer", "data_scientist"]


@pytest.mark.parametrize(
    "text",
    [
        "With 5+ years of experience, data scientists earn $140,000 while ML engineers earn"
        " $150,000.",
        "Data scientists earn $140,000 on average, with 5+ years of experience.",
        "Data scientists earn $140,000 at first and $200,000 with 5+ years of experience.",
    ],
)
def test_a_span_of_no_other_groups_clause_is_still_shared(text: str) -> None:
    # Before the figure, or in a later clause naming no group of its own: the span stays.
    assert _levels(text)[0] == ("data_scientist", "senior", [5.0, None])


@pytest.mark.parametrize(
    ("first", "level", "years"),
    [
        ("ML engineers with 5+ years", "senior", [5.0, None]),
        ("Senior ML engineers", "senior", None),
    ],
)
def test_a_list_line_naming_its_group_after_its_figure_takes_nothing_from_above(
    first: str, level: str, years: list[float | None] | None
) -> None:
    # "$140,000 for data scientists" had taken the line above's span (or level).
    text = f"{first}: $150,000\n$140,000 for data scientists\n"
    assert _levels(text) == [("ml_engineer", level, years), ("data_scientist", None, None)]


def test_a_heading_line_still_heads_lines_naming_their_group_after_the_figure() -> None:
    text = "With 5+ years:\n$150,000 for ML engineers\n$140,000 for data scientists\n"
    assert _levels(text) == [
        ("ml_engineer", "senior", [5.0, None]),
        ("data_scientist", "senior", [5.0, None]),
    ]


@pytest.mark.parametrize(
    ("heading", "level", "years"),
    [("Senior:", "senior", None), ("With 5+ years:", "senior", [5.0, None])],
)
def test_a_heading_line_between_list_lines_heads_the_lines_below_only(
    heading: str, level: str, years: list[float | None] | None
) -> None:
    # The heading had been the line above's too: the ML engineers were senior.
    text = f"ML engineers: $150,000\n{heading}\nData scientists: $200,000\n"
    assert _levels(text) == [("ml_engineer", None, None), ("data_scientist", level, years)]


def test_a_place_heading_line_between_list_lines_heads_the_lines_below_only() -> None:
    text = "ML engineers: $150,000\nIn Seattle:\nData scientists: $200,000\n"
    ml, data = extract_claims(text)
    assert (ml.subject["metro"], data.subject["metro"]) == (None, "Seattle-Tacoma-Bellevue, WA")


@pytest.mark.parametrize("contrast", ["while", "whilst", "whereas"])
def test_whilst_sets_a_clause_apart_as_while_does(contrast: str) -> None:
    # "whilst" was no clause break: the data scientists took the ML engineers' years.
    text = f"Data scientists earn $140,000 {contrast} ML engineers with 5+ years earn $150,000"
    first, second = extract_claims(text)
    assert (first.subject["role"], first.subject["level"]) == ("data_scientist", None)
    assert second.subject["level"] == "senior"
