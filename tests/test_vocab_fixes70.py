"""The words people type for a level or a role: `ladder --level "Staff Engineer"`, "senior
staff", "distinguished" and "Sr. Staff" were "no level ..." with no suggestion, though
DOMAIN.md's ladder names them (senior staff and distinguished are principal); `--role swe`
and `--role DS` were refused where `MLE` was read, and `--role scientist` suggested only
data_scientist. The words are now a reviewed table (``rules/vocab_typed.csv``) read where a
value is asked, after every reading there was; a word naming several values names them all."""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from paygrade.ladder import ladder
from paygrade.normalize import rule_tables
from paygrade.normalize.company_levels import levels_named_by
from paygrade.normalize.rule_tables import read_rules
from paygrade.normalize.vocab import canonical_value
from paygrade.records import VOCABULARIES, PaygradeError
from paygrade.stats import stats
from paygrade.store import Store
from tests import test_mcp
from tests.test_cli import assert_one_error_line, run

mcp_db = test_mcp.mcp_db
talking = test_mcp.talking

# DOMAIN.md's "Levels across companies": each word as typed, and the level its row is.
DOMAIN_WORDS = [
    ("Staff Engineer", "staff"),
    ("senior staff", "principal"),
    ("Senior Staff Engineer", "principal"),
    ("Sr. Staff", "principal"),
    ("snr staff", "principal"),
    ("distinguished", "principal"),
]
SCIENTIST = "(did you mean research_scientist or data_scientist?)"


def test_every_typed_word_reads_to_a_value_of_its_field_and_shadows_no_reading() -> None:
    rows = read_rules("vocab_typed.csv")
    assert {row["field"] for row in rows} == {"level", "role"}
    for row in rows:
        assert row["value"] in VOCABULARIES[row["field"]], row
        # Read only where the value had been refused: no vocabulary value or alias, no
        # company's own level (a level's), so no reading there was changes.
        assert canonical_value(row["field"], row["word"])[0] is None, row
        assert row["field"] != "level" or levels_named_by(row["word"]) == (), row


def test_an_edit_of_the_typed_words_rebuilds_nothing(tmp_path: Path) -> None:
    # Questions alone read them: records' levels come from sources and titles.
    shipped = Path(str(resources.files("paygrade.normalize") / "rules"))
    shutil.copytree(shipped, tmp_path / "rules")
    table = tmp_path / "rules" / "vocab_typed.csv"
    rows = table.read_text() if table.exists() else "field,word,value,note\n"  # added, even
    table.write_text(rows + "level,chief wizard,executive,a fixture's row\n")
    assert rule_tables.tables_digest(tmp_path / "rules") == rule_tables.fingerprint()


@pytest.mark.parametrize(("written", "level"), DOMAIN_WORDS)
def test_a_path_starts_from_each_level_domain_names(
    real_store: Store, written: str, level: str
) -> None:
    read = ladder(real_store, level=written)
    assert read["path"] == ladder(real_store, level=level)["path"]
    assert read["path"][0]["level"] == level


def test_a_company_reading_and_its_refusal_stay_as_they_were(real_store: Store) -> None:
    # Amazon's and Microsoft's Principal is staff (DOMAIN.md): no typed word, still said so.
    with pytest.raises(PaygradeError, match=r"^level 'Principal Engineer' is a company's level"):
        ladder(real_store, level="Principal Engineer")
    at_amazon = ladder(real_store, company="Amazon", level="Principal Engineer")
    assert at_amazon["path"][0]["level"] == "staff"
    # A level no word names is still refused, now with the levels its words name.
    with pytest.raises(PaygradeError, match=r"^no level 'Senior Principal' \(did you mean "):
        ladder(real_store, level="Senior Principal")
    with pytest.raises(PaygradeError, match=r"^no level 'fellow': the path starts from"):
        ladder(real_store, level="fellow")


def test_filters_read_the_typed_roles_and_levels(real_store: Store) -> None:
    def n(where: dict[str, list[Any]]) -> int:
        return int(stats(real_store, by=[], where=where)["groups"][0]["n"])

    assert n({"role": ["swe"]}) == n({"role": ["software_engineer"]}) > 0
    assert n({"role": ["DS"]}) == n({"role": ["data_scientist"]}) > 0
    assert n({"level": ["Staff Engineer"]}) == n({"level": ["staff"]}) > 0


def test_the_cli_reads_the_words_and_names_every_candidate(real_db: Path) -> None:
    done = run("--db", real_db, "ladder", "--level", "Sr. Staff", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["path"][0]["level"] == "principal"
    done = run("--db", real_db, "stats", "--where", "role=swe", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["where"] == {"role": ["software_engineer"]}
    refused = run("--db", real_db, "stats", "--where", "role=scientist")
    assert_one_error_line(refused, 1, "role 'scientist' is not one of ")
    assert refused.stderr.rstrip().endswith(SCIENTIST)


def test_the_api_and_the_page_read_the_words(app: TestClient) -> None:
    path = app.get("/api/v1/ladder", params={"level": "senior staff"})
    assert path.status_code == 200, path.text
    assert path.json()["path"][0]["level"] == "principal"
    body = {"offers": [{"base": 185_000, "role": "SWE", "level": "Staff Engineer"}]}
    assert app.post("/api/v1/offers/evaluate", json=body).status_code == 200
    refused = app.get("/api/v1/stats", params={"where": "role:scientist"})
    assert refused.status_code == 422 and SCIENTIST in refused.json()["detail"]
    # The page's select shows the level the word is (it had kept the word as its own option).
    page = app.get("/ladder", params={"level": "Staff Engineer"})
    assert page.status_code == 200
    assert '<option value="staff" selected>staff</option>' in page.text
    assert 'value="Staff Engineer"' not in page.text


def test_the_mcp_tools_read_the_words(talking: Any) -> None:
    async def talk(client: Any) -> Any:
        path = await client.call_tool("ladder", {"level": "distinguished"})
        refused = await client.call_tool("stats", {"where": {"role": ["scientist"]}})
        return path, refused

    path, refused = talking(talk)
    assert not path.is_error, path.content
    assert path.structured_content["path"][0]["level"] == "principal"
    assert refused.is_error and SCIENTIST in refused.content[0].text


def test_an_estimate_and_an_offer_read_the_words() -> None:
    from paygrade.estimate.profile import check_profile
    from paygrade.offers import Profile

    read = check_profile({"role": "SWE", "level": "Sr. Staff"})
    assert (read["role"], read["level"]) == ("software_engineer", "principal")
    # With a company, its own levels come first, as before: Google's L7 is principal.
    assert check_profile({"level": "L7", "company": "Google"})["level"] == "principal"
    Profile(role="DS", level="Staff Engineer")  # refused before: no level, no role
