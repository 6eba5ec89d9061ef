"""What an ML engineer deciding on staff found of the career ladder's faces: a blank level
on the page read as a level named ' ', a level typed with spaces said back padded, a
company's role of one levelled record said to have titles naming none, and the API
alone silent (in its headers) of a step falling beyond noise."""

from __future__ import annotations

from fastapi.testclient import TestClient

from paygrade.ladder import few_of_role, ladder
from paygrade.store import Store


def test_a_blank_level_on_the_page_is_none_given_as_its_other_blank_fields(
    client: TestClient,
) -> None:
    # The page reads a blank company, country or role as none given; " " as the level had
    # been refused as "no level ' '" (422), where the API says "empty value for level".
    without = client.get("/ladder", params={"format": "json"})
    blank = client.get("/ladder", params={"level": " ", "format": "json"})
    assert blank.status_code == 200, blank.text
    assert "path" not in blank.json()["ladder"]
    assert blank.json()["ladder"] == without.json()["ladder"]
    page = client.get("/ladder", params={"level": "  ", "years": "3"})
    assert page.status_code == 200
    assert 'data-testid="path-table"' in page.text


def test_a_company_level_typed_with_spaces_is_said_back_as_read(
    real_store: Store, client: TestClient
) -> None:
    result = ladder(real_store, company="Amazon", level=" L6 ")
    assert result["level_read"] == {"written": "L6", "company": "Amazon", "level": "senior"}
    page = client.get("/ladder", params={"company": "Amazon", "level": " L6 "})
    assert "L6 at Amazon is read as senior" in page.text


def test_a_role_with_a_few_levelled_records_says_the_others_name_none(
    real_store: Store,
) -> None:
    result = ladder(real_store, "software_engineer", "Meta")
    asked = result["roles_held"]["software_engineer"]
    levelled = sum(p["n"] for row in result["levels"] for p in row["pay"].values())
    assert 0 < levelled < asked  # the case asked about: some, too few for any level
    said = few_of_role(result)
    # "600 ... records name Meta, 1 with a level, ... (their titles name none)" had said
    # of all 600 what is true of the other 599.
    assert "their titles name none" not in said
    assert said.endswith(f"(the other {asked - levelled:,}'s titles name none)")
