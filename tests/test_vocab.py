"""Closed vocabularies: the canonical values, the alias table, and canonical_value."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paygrade.normalize.rule_tables import read_rules
from paygrade.normalize.vocab import CHECKED, PAY_PERIODS, canonical_value
from paygrade.records import LEVELS, PAY_COMPONENTS, REMOTE_RATIOS, ROLES, VOCABULARIES

ALIAS_ROWS = read_rules("vocab_aliases.csv")
FIELDS = sorted(CHECKED)
CANONICAL = [(field, value) for field in FIELDS for value in CHECKED[field]]


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def test_vocabularies_are_the_products() -> None:
    # docs/PRODUCT.md, "The canonical record".
    assert ROLES == (
        "ml_engineer",
        "research_scientist",
        "data_scientist",
        "data_engineer",
        "data_analyst",
        "software_engineer",
        "manager",
        "other",
    )
    assert LEVELS == ("entry", "mid", "senior", "staff", "principal", "executive")
    assert PAY_COMPONENTS == ("base", "total")
    assert REMOTE_RATIOS == (0, 50, 100)
    assert CHECKED["employment_type"] == ("full_time", "part_time", "contract", "freelance")
    assert CHECKED["remote"] == ("0", "50", "100")
    assert CHECKED["pay_period"] == tuple(PAY_PERIODS)
    assert {field: CHECKED[field] for field in VOCABULARIES} == VOCABULARIES


@pytest.mark.parametrize("row", ALIAS_ROWS, ids=lambda row: f"{row['field']}:{row['alias']}")
def test_each_alias_maps_to_its_value(row: dict[str, str]) -> None:
    expected = (row["value"] or None, None)
    assert canonical_value(row["field"], row["alias"]) == expected
    # Case and spacing as sources vary them.
    assert canonical_value(row["field"], f"  {row['alias'].upper()} ") == expected
    assert canonical_value(row["field"], row["alias"].lower().replace(" ", "  ")) == expected


@pytest.mark.parametrize("row", ALIAS_ROWS, ids=lambda row: f"{row['field']}:{row['alias']}")
def test_each_alias_row_is_well_formed(row: dict[str, str]) -> None:
    assert row["field"] in CHECKED
    assert row["alias"].strip() == row["alias"] != ""
    assert row["value"] == "" or row["value"] in CHECKED[row["field"]]


def test_no_alias_is_listed_twice_or_shadowed_by_a_canonical_value() -> None:
    seen: dict[tuple[str, str], str] = {}
    for row in ALIAS_ROWS:
        key = (row["field"], _key(row["alias"]))
        assert key not in seen, f"{key} listed twice ({seen[key]!r}, {row['value']!r})"
        seen[key] = row["value"]
    for field, value in CANONICAL:
        # A row whose alias is a canonical value is dead (the value wins) unless it agrees.
        assert seen.get((field, _key(value)), value) == value


@pytest.mark.parametrize(
    ("field", "raw"),
    [
        ("level", "EN"),
        ("level", "MI"),
        ("level", "SE"),
        ("level", "EX"),
        ("employment_type", "FT"),
        ("employment_type", "PT"),
        ("employment_type", "CT"),
        ("employment_type", "FL"),
        ("company_size", "S"),
        ("company_size", "M"),
        ("company_size", "L"),
        ("remote", "0"),
        ("remote", "50"),
        ("remote", "100"),
    ],
)
def test_the_aijobs_codes_are_all_known(field: str, raw: str) -> None:
    value, error = canonical_value(field, raw)
    assert error is None
    assert value in CHECKED[field]


def test_aijobs_experience_codes() -> None:
    codes = {code: canonical_value("level", code)[0] for code in ("EN", "MI", "SE", "EX")}
    assert codes == {"EN": "entry", "MI": "mid", "SE": "senior", "EX": "executive"}


@pytest.mark.parametrize(
    ("field", "raw", "expected"),
    [
        ("remote", "100.0", "100"),
        ("remote", " 50 ", "50"),
        ("remote", "-0", "0"),
        ("remote", "Remote", "100"),
        ("remote", "Hybrid (some remote, some in-person)", "50"),
        ("pay_period", "Bi-Weekly", "biweekly"),
        ("pay_period", "HOUR", "hour"),
        ("company_size", "I don’t know", None),  # typographic apostrophe, as Stack Overflow has it
        ("company_size", "I don't know", None),
        ("company_size", "20-99", None),
        ("employment_type", "Retired", None),
        ("education", "Ph.D.", "doctorate"),
        # Levels as people write them: `--level sr` and `level=entry-level` were errors.
        ("level", "Sr.", "senior"),
        ("level", "JR", "entry"),
        ("level", "Entry-Level", "entry"),
        ("level", "mid level", "mid"),
    ],
)
def test_canonical_value_examples(field: str, raw: str, expected: str | None) -> None:
    assert canonical_value(field, raw) == (expected, None)


@pytest.mark.parametrize(
    ("field", "raw"),
    [
        ("remote", "75"),
        ("remote", "nan"),
        ("remote", "1e400"),
        ("level", "wizard"),
        ("pay_period", "fortnight"),
        ("employment_type", "Employed"),
    ],
)
def test_unknown_values_are_errors(field: str, raw: str) -> None:
    value, reason = canonical_value(field, raw)
    assert value is None
    assert reason is not None
    assert reason.startswith(f"bad {field}: {raw!r} is not one of ")


def test_a_long_value_is_shortened_in_the_reason() -> None:
    value, reason = canonical_value("industry", "x" * 500)
    assert value is None
    assert reason is not None
    assert "'" + "x" * 57 + "...'" in reason
    assert len(reason) < 300


@pytest.mark.parametrize("raw", [None, "", "   ", "\t\n"])
def test_blank_is_unknown_not_an_error(raw: str | None) -> None:
    assert all(canonical_value(field, raw) == (None, None) for field in FIELDS)


@pytest.mark.parametrize(("field", "value"), CANONICAL)
def test_canonical_values_are_fixed_points(field: str, value: str) -> None:
    assert canonical_value(field, value) == (value, None)


@given(st.sampled_from(FIELDS), st.text())
def test_canonical_value_never_raises(field: str, raw: str) -> None:
    value, reason = canonical_value(field, raw)
    if reason is None:
        assert value is None or value in CHECKED[field]
    else:
        assert value is None
        assert reason.startswith(f"bad {field}: ")


@given(st.sampled_from(FIELDS), st.text() | st.sampled_from([r["alias"] for r in ALIAS_ROWS]))
def test_canonical_value_is_idempotent(field: str, raw: str) -> None:
    value, _ = canonical_value(field, raw)
    if value is not None:
        assert canonical_value(field, value) == (value, None)
