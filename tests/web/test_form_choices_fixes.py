"""A select shows the value a page answered for, and sending the form again asks the same.

The Estimate, Offer check and Career ladder pages read a value in any spelling their
vocabulary takes (``level=SE``, ``role=ML Engineer``), yet their selects chose an option
only on an exact match: the page answered for a senior ML engineer while its selects
showed "unknown", and the form sent again (Enter in any field) silently asked another
question ($195,400 became $164,000 on the estimate). A refused value was marked invalid
while the select showed a valid default, and sending again dropped it (a 422 became a 200
over every level).
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient

from tests.web.html import Page

SEATTLE = "Seattle-Tacoma-Bellevue, WA"


def sent_again(client: TestClient, path: str, query: dict[str, str]) -> tuple[int, dict, int, dict]:
    """The first answer's status and form, then the same for the form as it stands sent."""
    first = client.get(f"{path}?{urlencode(query)}")
    pairs = Page(first.text).form_sent()  # every pair, as a browser sends them: the offers
    second = client.get(f"{path}?{urlencode(pairs)}")  # form names each offer's base "base"
    form = dict(pairs)
    return first.status_code, form, second.status_code, dict(Page(second.text).form_sent())


@pytest.mark.parametrize(
    ("path", "query", "chosen"),
    [
        ("/estimate", {"role": "ML Engineer", "level": "SE", "metro": SEATTLE},
         {"role": "ml_engineer", "level": "senior"}),
        ("/estimate", {"role": "ml_engineer", "remote": "hybrid", "company_size": "L"},
         {"remote": "50", "company_size": "large"}),
        ("/offers", {"base": "185k", "role": "ML_Engineer", "level": "Senior", "country": "US"},
         {"role": "ml_engineer", "level": "senior"}),
        ("/ladder", {"role": "ML Engineer", "level": "sr"},
         {"role": "ml_engineer", "level": "senior"}),
    ],
)  # fmt: skip
def test_a_value_in_another_spelling_is_chosen_and_asked_again(
    estimating: TestClient, path: str, query: dict[str, str], chosen: dict[str, str]
) -> None:
    first, form, second, again = sent_again(estimating, path, query)
    assert first == 200 and second == 200
    assert {name: form[name] for name in chosen} == chosen
    assert again == form  # the second answer is for the same question


def test_the_estimate_sent_again_is_the_same_estimate(estimating: TestClient) -> None:
    query = {"role": "ML Engineer", "level": "SE", "metro": SEATTLE}
    first = Page(estimating.get(f"/estimate?{urlencode(query)}").text)
    form = dict(first.form_sent())
    second = Page(estimating.get(f"/estimate?{urlencode(form)}").text)
    median = [e.text for e in first.elements if e.tag == "h2" and "median" in e.text]
    assert median and median == [
        e.text for e in second.elements if e.tag == "h2" and "median" in e.text
    ]


@pytest.mark.parametrize(
    ("path", "query", "field"),
    [
        ("/offers", {"base": "185k", "role": "ml_engineerr", "level": "senior"}, "role"),
        ("/offers", {"base": "185k", "role": "ml_engineer", "level": "seniorr"}, "level"),
        ("/estimate", {"role": "ml_engineerr"}, "role"),
        ("/estimate", {"role": "ml_engineer", "remote": "50.5"}, "remote"),
        ("/ladder", {"role": "ml_engineerr"}, "role"),
        ("/ladder", {"role": "ml_engineer", "company": "Googel"}, "company"),
    ],
)  # fmt: skip
def test_a_refused_value_stays_chosen_and_is_refused_again(
    estimating: TestClient, path: str, query: dict[str, str], field: str
) -> None:
    first, form, second, again = sent_again(estimating, path, query)
    assert first == 422, (path, query)
    assert form[field] == query[field]  # shown as sent, beside its error
    assert second == 422 and again[field] == query[field]  # not dropped for a default
