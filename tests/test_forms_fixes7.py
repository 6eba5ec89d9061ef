"""A value too long for its field, on the pages with a form: the form again, filled as
sent, the field marked and the field's words under it (422), where each page had
answered the bare 422 page "That question cannot be answered"; ``format=json`` answers
the validation error as before."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.test_words_fixes6 import pages  # noqa: F401 - an app of the real store

TOO_LONG = "is 5,000 characters long: at most 200"


def assert_json_as_before(pages: TestClient, path: str, sent: dict[str, str], field: str) -> None:  # noqa: F811
    as_json = pages.get(path, params={**sent, "format": "json"})
    assert as_json.status_code == 422
    assert as_json.json() == {"detail": f"{field}: {TOO_LONG}", "errors": {field: TOO_LONG}}


@pytest.mark.parametrize("field", ["metro", "country", "role"])
def test_an_offers_profile_field_too_long_gets_the_form_again(
    pages: TestClient,  # noqa: F811 - test_words_fixes6's
    field: str,
) -> None:
    sent = {"base": "185000", "role": "ml_engineer", "level": "senior", field: "x" * 5000}
    page = pages.get("/offers", params=sent)
    assert page.status_code == 422
    said = f"{field.capitalize()} {TOO_LONG}"
    assert f'data-testid="offer-error">{said}</p>' in page.text
    assert re.search(rf'name="{field}"[^>]*aria-invalid="true"', page.text) is not None
    assert 'value="185000"' in page.text  # the offer as sent
    assert f'value="{"x" * 5000}"' in page.text  # as sent: an input's value, a select's option
    assert_json_as_before(pages, "/offers", sent, field)


@pytest.mark.parametrize(
    ("path", "testid"), [("/companies", "companies-error"), ("/locations", "locations-error")]
)
def test_a_search_too_long_comes_back_in_its_box(
    pages: TestClient,  # noqa: F811 - test_words_fixes6's
    path: str,
    testid: str,
) -> None:
    page = pages.get(path, params={"q": "x" * 5000})
    assert page.status_code == 422
    said = f'id="q-error" role="alert" data-testid="{testid}">The search {TOO_LONG}.</p>'
    assert said in page.text
    assert f'name="q" type="search" value="{"x" * 5000}" aria-invalid="true"' in page.text
    assert_json_as_before(pages, path, {"q": "x" * 5000}, "q")


@pytest.mark.parametrize("field", ["role", "level"])
def test_a_metro_page_role_or_level_too_long_gets_the_form_again(
    pages: TestClient,  # noqa: F811 - test_words_fixes6's
    field: str,
) -> None:
    sent = {"role": "data_scientist", "level": "senior", field: "x" * 5000}
    path = "/locations/Seattle-Tacoma-Bellevue, WA"
    page = pages.get(path, params=sent)
    assert page.status_code == 422
    said = f"{field.capitalize()} is 5,000 characters long: at most 200."
    assert f'data-testid="location-error">{said}</p>' in page.text
    assert re.search(rf'name="{field}" aria-invalid="true"', page.text) is not None
    assert f'<option value="{"x" * 5000}" selected>' in page.text
    kept = "senior" if field == "role" else "data_scientist"
    assert f'<option value="{kept}" selected>' in page.text
    assert 'data-testid="compare-table"' not in page.text
    as_json = pages.get(path, params={**sent, "format": "json"})
    bound = "is 5,000 characters long: at most 200"
    assert as_json.json() == {"detail": f"{field}: {bound}", "errors": {field: bound}}
