"""Filters: CSV-style value lists, values taken whole, normalization, 'did you mean', and a
sweep over the real store that every value a group shows can be asked for again."""

from __future__ import annotations

import csv
import io
import random
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paygrade.engines import FOLDED
from paygrade.evidence import records
from paygrade.filters import (
    MAX_SUGGESTED,
    MAX_VALUE_LENGTH,
    MAX_VALUES,
    KnownValues,
    parse_where,
    resolve,
    split_values,
)
from paygrade.normalize.places import suggest
from paygrade.records import GROUPABLE_FIELDS, BadFilter, PaygradeError, UnknownField
from paygrade.stats import stats
from paygrade.store import Store

SAN_FRANCISCO = "San Francisco-Oakland-Fremont, CA"
SEATTLE = "Seattle-Tacoma-Bellevue, WA"
LOS_ANGELES = "Los Angeles-Long Beach-Anaheim, CA"


def as_csv_field(value: str) -> str:
    """How a person quotes a value for --where: CSV rules (the test's own writer)."""
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="").writerow([value])
    return buffer.getvalue()


class FakeKnown(KnownValues):
    """Known values without a store: a hand-written fixture of what a store would hold."""

    def __init__(self, values: dict[str, list[Any]]) -> None:
        super().__init__(None)
        for name, held in values.items():
            folded: dict[str, list[Any]] = {}
            for value in held:
                folded.setdefault(str(value).casefold(), []).append(value)
            self._cache[name] = folded

    def of(self, name: str) -> dict[str, list[Any]]:
        return self._cache.get(name, {})


KNOWN = FakeKnown(
    {
        "metro": [SAN_FRANCISCO, SEATTLE, "Boston-Cambridge-Newton, MA-NH"],
        "company": ["Google", "Meta", "Intel", "Meta Company"],
        "country": ["US", "DE"],
        "year": [2023, 2024],
    }
)


def test_a_filter_is_bounded_and_suggests_for_its_first_unknown_values(
    real_store: Store,
) -> None:
    known = KnownValues(real_store)
    with pytest.raises(BadFilter, match=f"has {MAX_VALUES + 1} values: at most {MAX_VALUES}"):
        parse_where(["company=" + ",".join(f"x{i}" for i in range(MAX_VALUES + 1))], known)
    with pytest.raises(BadFilter, match="at most 200"):
        resolve({"title": ["a" * (MAX_VALUE_LENGTH + 1)]}, known)
    # Typos of a held company, more than are spelt against every held name.
    typos = ["Gogle", "Amazn", "Mircosoft", "Nvdia", "Aple", "Netflx", "Metaa"]
    _, unmatched = resolve({"company": typos}, known)
    assert len(unmatched) == len(typos)
    assert all(u.suggestions for u in unmatched[:MAX_SUGGESTED])
    assert all(u.suggestions == [] for u in unmatched[MAX_SUGGESTED:])


def test_double_quotes_protect_commas() -> None:
    where = parse_where([f'metro="{SAN_FRANCISCO}","{SEATTLE}"'])
    assert where == {"metro": [SAN_FRANCISCO, SEATTLE]}


def test_a_known_value_with_a_comma_is_taken_whole_unquoted() -> None:
    assert parse_where([f"metro={SAN_FRANCISCO}"], KNOWN) == {"metro": [SAN_FRANCISCO]}
    # Without knowing the store, the comma splits: the reason for the rule.
    assert parse_where([f"metro={SAN_FRANCISCO}"]) == {
        "metro": ["San Francisco-Oakland-Fremont", "CA"]
    }


def test_a_company_as_filed_with_a_comma_is_one_company_unquoted() -> None:
    # "Meta Platforms, Inc." (671 filings so) was "Meta Platforms" and "Inc.": "no record
    # has company 'Inc.'", though `paygrade company` and the ladder read it as Meta.
    assert parse_where(["company=Meta Platforms, Inc."], KNOWN) == {
        "company": ["Meta Platforms, Inc."]
    }
    assert parse_where(["company=GOOGLE LLC,Meta Platforms, Inc.,intel"], KNOWN) == {
        "company": ["GOOGLE LLC", "Meta Platforms, Inc.", "intel"]
    }
    assert parse_where(["company=Meta, Google"], KNOWN) == {"company": ["Meta", "Google"]}


def test_an_api_clause_uses_a_colon() -> None:
    assert parse_where([f"metro:{SEATTLE}"], KNOWN, sep=":") == {"metro": [SEATTLE]}


def test_repeated_fields_are_anded() -> None:
    assert parse_where(["role=ml_engineer,data_scientist", "role=data_scientist"]) == {
        "role": ["data_scientist"]
    }
    # As the data reads them: one company however written, one level by its code.
    assert parse_where(["company=google", "company=GOOGLE LLC"]) == {"company": ["google"]}
    assert parse_where(["level=SE,mid", "level=senior"]) == {"level": ["SE"]}
    # None in common was an empty answer ("no record matches"): a record has one role.
    with pytest.raises(BadFilter, match="for either, give one filter, role=ml_engineer,data_sc"):
        parse_where(["role=ml_engineer", "role=data_scientist"])


def test_one_field_twice_is_what_both_values_stand_for() -> None:
    # "metro=seattle" and Seattle's full name "cannot both hold": the written forms differed.
    known = FakeKnown({"metro": [SAN_FRANCISCO, SEATTLE, "San Jose-Sunnyvale-Santa Clara, CA"],
                       "country": ["US", "DE", "FR"], "remote": [0, 50, 100]})  # fmt: skip
    for first, second, both in [
        ("metro=seattle", f"metro={SEATTLE}", {"metro": ["seattle"]}),  # kept as written
        ("metro=Seattle, WA", "metro=seattle", {"metro": ["Seattle, WA"]}),
        ("country=europe", "country=DE", {"country": ["DE"]}),
        ("country=DE", "country=europe", {"country": ["DE"]}),
        ("country=eu", "country=europe", {"country": ["eu"]}),
        ("metro=bay area", f"metro={SAN_FRANCISCO}", {"metro": [SAN_FRANCISCO]}),
        ("remote=remote", "remote=100", {"remote": ["remote"]}),
    ]:
        assert parse_where([first, second], known) == both, (first, second)
    # Without the store's values a region is every member, a word its value.
    assert parse_where(["country=europe", "country=DE"]) == {"country": ["DE"]}
    assert parse_where(["remote=fully remote", "remote=100"]) == {"remote": ["fully remote"]}
    # Truly nothing in common is still refused, naming both as written.
    for first, second in [("country=europe", "country=US"), ("metro=seattle", "metro=bay area")]:
        with pytest.raises(BadFilter, match=f"{first} and {second} cannot both hold"):
            parse_where([first, second], known)


@pytest.mark.parametrize(
    ("clause", "error", "message"),
    [
        ("level", BadFilter, "a filter reads FIELD=VALUE"),
        ("level=", BadFilter, "the filter on level has no value"),
        ("level=a,,b", BadFilter, "an empty value"),
        ('metro="open', BadFilter, "cannot read the value list"),
        ("salary=1", UnknownField, "unknown field 'salary'"),
        ("lvel=senior", UnknownField, "did you mean level?"),
        # Pay compared: "unknown field 'amount_usd>'", as if the field were misspelt.
        (
            "amount_usd>=500000",
            UnknownField,
            "amount_usd is the pay summarized, not a field to filter on; "
            "a comparison takes year, years_experience or remote",
        ),
        ("salary>=1", UnknownField, "unknown field 'salary'; use one of"),
        # Two fields joined by a comma: "role 'year=2024' is not one of ...".
        (
            "role=ml_engineer,year=2024",
            BadFilter,
            r"'year=2024' is a filter of its own, not a role: give each field its own where "
            r"\(role=ml_engineer and year=2024\)",
        ),
    ],
)
def test_malformed_clauses_are_refused(clause: str, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        parse_where([clause], KNOWN)


@pytest.mark.parametrize(
    ("field", "given_value", "stored"),
    [
        ("company", "google", "Google"),
        ("company", "GOOGLE LLC", "Google"),
        ("company", "Facebook", "Meta"),
        ("company", "Meta Platforms, Inc.", "Meta"),
        ("company", "meta company", "Meta Company"),  # a held value wins over an alias
        ("country", "us", "US"),
        # A country or state by its name ("no record has country 'GERMANY'").
        ("country", "germany", "DE"),
        ("country", "United States", "US"),
        ("country", "USA", "US"),
        ("level", "SE", "senior"),
        ("level", "Senior", "senior"),
        # A role as people write it ("role 'ML Engineer' is not one of ...").
        ("role", "ML Engineer", "ml_engineer"),
        ("role", "MLE", "ml_engineer"),
        ("role", "machine learning engineer", "ml_engineer"),
        ("role", "data-scientist", "data_scientist"),
        ("metro", "seattle-tacoma-bellevue, wa", SEATTLE),
        ("year", " 2024 ", 2024),
        ("year", "2024.0", 2024),
    ],
)
def test_values_are_normalized_like_the_data(field: str, given_value: str, stored: Any) -> None:
    resolved, unmatched = resolve({field: [given_value]}, KNOWN)
    assert resolved == {field: [stored]}
    assert unmatched == [] or field in ("level", "role")  # the fixture holds neither


def test_a_region_is_the_countries_of_it_the_store_holds() -> None:
    # "country=europe" was "no record has country 'EUROPE'".
    assert resolve({"country": ["europe"]}, KNOWN) == ({"country": ["DE"]}, [])
    resolved, unmatched = resolve({"country": ["latin america"]}, KNOWN)
    assert resolved == {"country": ["Latin America"]} and unmatched[0].value == "Latin America"


def test_a_state_by_its_name_is_its_code() -> None:
    resolved, _ = resolve({"state": ["new york", "Washington", "wa"]}, KNOWN)
    assert resolved == {"state": ["NY", "WA"]}


@pytest.mark.parametrize("written", ["data scientist", "Data Scientist", "DATA SCIENTIST"])
def test_case_variants_of_a_title_are_all_meant(written: str) -> None:
    # Titles group without regard to case, so a group's link must find every variant.
    known = FakeKnown({"title": ["DATA SCIENTIST", "Data Scientist"]})
    assert resolve({"title": [written]}, known)[0] == {
        "title": ["DATA SCIENTIST", "Data Scientist"]
    }


def test_case_variants_of_other_text_are_meant_unless_one_is_written_exactly() -> None:
    known = FakeKnown({"company": ["Meta", "META"]})
    assert resolve({"company": ["meta"]}, known)[0] == {"company": ["Meta", "META"]}
    assert resolve({"company": ["Meta"]}, known)[0] == {"company": ["Meta"]}


def test_an_unheld_value_is_reported_with_suggestions() -> None:
    _, unmatched = resolve({"company": ["Gogle"], "metro": ["Seattle-Tacoma"]}, KNOWN)
    assert [(u.field, u.value, u.suggestions) for u in unmatched] == [
        ("company", "Gogle", ["Google"]),
        ("metro", "Seattle-Tacoma", [SEATTLE]),
    ]
    assert unmatched[0].sentence() == "no record has company 'Gogle'; did you mean Google?"


@pytest.mark.parametrize(
    ("written", "share"), [("hybrid", 50), ("Remote", 100), ("onsite", 0), ("100", 100)]
)
def test_a_remote_share_is_asked_for_by_its_word_too(written: str, share: int) -> None:
    # remote=hybrid was "remote needs a number"; the survey's answers are words.
    assert resolve({"remote": [written]}, FakeKnown({"remote": [0, 50, 100]})) == (
        {"remote": [share]},
        [],
    )


def test_a_near_miss_of_a_remote_word_says_what_was_meant() -> None:
    # "remote needs 0, 50 or 100 (or in-person, hybrid, remote), not 'hybird'": no word
    # of the one meant, where a role or a level said it.
    with pytest.raises(BadFilter, match=r"not 'hybird' \(did you mean hybrid\?\)$"):
        resolve({"remote": ["hybird"]}, FakeKnown({"remote": [0, 50, 100]}))


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("ZZ", "no country is called 'ZZ' (a country by its ISO code or its name, e.g. DE or"),
        ("Germny", "no country is called 'Germny'; did you mean Germany? (a country by its"),
    ],
)
def test_a_country_that_is_none_is_refused_as_compare_refuses_it(written: str, said: str) -> None:
    # stats said "no records. no record has country 'ZZ'" (and 'GERMNY', upper-cased) where
    # estimate, ladder and compare said there is no such country.
    known = FakeKnown({"country": ["US", "DE"]})
    with pytest.raises(PaygradeError) as refused:
        resolve({"country": [written]}, known)
    assert str(refused.value).startswith(said)
    # A real country no record is of still gets the records' answer, by its code.
    assert resolve({"country": ["Antarctica"]}, known)[1][0].sentence() == (
        "no record has country 'AQ'"
    )


def test_a_state_that_is_none_is_refused_as_a_country_is() -> None:
    # stats said "no record has state 'WASHINGTN'", upper-cased, the state meant unnamed.
    known = FakeKnown({"state": ["WA", "TX"]})
    with pytest.raises(PaygradeError) as refused:
        resolve({"state": ["Washingtn"]}, known)
    assert str(refused.value).startswith(
        "no US state is called 'Washingtn'; did you mean Washington? (a US state by its code"
    )
    assert resolve({"state": ["washington"]}, known)[0] == {"state": ["WA"]}
    # A real state no record is of still gets the records' answer, by its code.
    assert resolve({"state": ["Guam"]}, known)[1][0].sentence() == "no record has state 'GU'"


@pytest.mark.parametrize("written", ["PhD", "Ph.D.", "doctorate"])
def test_a_value_no_source_answers_names_the_value_a_source_files_it_under(written: str) -> None:
    # The Stack Overflow survey has no doctorate answer: Ph.D.s chose "Professional degree".
    known = FakeKnown({"education": ["bachelor", "master", "professional"]})
    _, unmatched = resolve({"education": [written]}, known)
    assert [(u.value, u.suggestions) for u in unmatched] == [("doctorate", ["professional"])]
    assert "Professional degree (JD, MD, Ph.D" in unmatched[0].sentence()
    assert unmatched[0].as_dict()["why"] == unmatched[0].why


def test_every_remote_word_the_product_says_reads_back_as_its_share() -> None:
    from paygrade.normalize.vocab import canonical_value
    from paygrade.records import REMOTE_SAID

    # The estimate page's labels and the error messages name these words: each must work.
    for share, word in REMOTE_SAID.items():
        assert canonical_value("remote", word) == (str(share), None)


def test_every_filed_under_rule_holds_on_the_real_store(real_store: Store) -> None:
    from paygrade.normalize.vocab import held_under
    from paygrade.records import VOCABULARIES

    known = KnownValues(real_store)
    for (name, value), (under, why) in held_under().items():
        assert {value, under} <= set(VOCABULARIES[name]) and why
        # A pointer only for a value no record holds, to one that records do.
        assert value not in known.of(name) and under in known.of(name), (name, value)


def test_a_value_filed_under_one_the_store_lacks_gets_no_such_pointer() -> None:
    _, unmatched = resolve({"education": ["PhD"]}, FakeKnown({"education": ["bachelor"]}))
    assert unmatched[0].why is None and "why" not in unmatched[0].as_dict()


@pytest.mark.parametrize(
    ("written", "stored"),
    [("Seattle", SEATTLE), ("bellevue", SEATTLE), ("Seattle, WA", SEATTLE),
     ("Seattle, Washington", SEATTLE), ("Oakland", SAN_FRANCISCO),
     # Names people use for a metro, as the claims' phrase table has them.
     ("Bay Area", SAN_FRANCISCO), ("SF", SAN_FRANCISCO)],
)  # fmt: skip
def test_a_metro_is_named_by_one_of_its_cities(written: str, stored: str) -> None:
    assert resolve({"metro": [written]}, KNOWN) == ({"metro": [stored]}, [])


@pytest.mark.parametrize(
    ("clause", "stored"),
    [("metro=Bay Area, CA", [SAN_FRANCISCO]), ('metro="SF Bay Area, California"', [SAN_FRANCISCO]),
     ("metro=SF, CA", [SAN_FRANCISCO]), ("metro=Bay Area, CA,Seattle", [SAN_FRANCISCO, SEATTLE])],
)  # fmt: skip
def test_a_name_people_use_may_be_written_with_its_state(clause: str, stored: list[str]) -> None:
    # "Bay Area, CA" had been read as "Bay Area" and "CA": the state, unmatched, offered
    # Bakersfield, Chico and Fresno as if one of them were meant.
    assert resolve(parse_where([clause], KNOWN), KNOWN) == ({"metro": stored}, [])


def test_a_metros_initials_are_offered_first() -> None:
    # "LA" had been offered only Louisiana's metros, spelt nearest by their state.
    known = FakeKnown({"metro": ["Baton Rouge, LA", "Lafayette, LA", LOS_ANGELES]})
    _, unmatched = resolve({"metro": ["LA"]}, known)
    assert unmatched[0].suggestions[0] == LOS_ANGELES and len(unmatched[0].suggestions) <= 3


def test_a_states_name_is_a_metro_only_as_the_city_it_is_named_for_first() -> None:
    # "Wyoming" had been Grand Rapids-Wyoming-Kentwood, MI: it is the state, said so.
    washington = "Washington-Arlington-Alexandria, DC-VA-MD-WV"
    known = FakeKnown({"metro": ["Grand Rapids-Wyoming-Kentwood, MI", washington]})
    _, unmatched = resolve({"metro": ["Wyoming"]}, known)
    assert unmatched[0].why is not None and "give state WY" in unmatched[0].why
    assert resolve({"metro": ["Washington"]}, known) == ({"metro": [washington]}, [])


def test_a_name_people_use_with_another_state_is_not_read_as_it() -> None:
    # One place, said as compare says it (it had been the Bay Area and "TX" refused as a
    # state, the title naming the Bay Area as if asked).
    resolved, unmatched = resolve(parse_where(["metro=Bay Area, TX"], KNOWN), KNOWN)
    told = [u.value for u in unmatched]
    assert resolved["metro"] == ["Bay Area, TX"] and told == ["Bay Area, TX"]


@pytest.mark.parametrize("written", ["Portland", "Seattle, OR", "Seattle, Atlantis"])
def test_a_city_naming_no_metro_or_several_is_not_guessed(written: str) -> None:
    known = FakeKnown(
        {"metro": [SEATTLE, "Portland-Vancouver-Hillsboro, OR-WA", "Portland-South Portland, ME"]}
    )
    resolved, unmatched = resolve({"metro": [written]}, known)
    assert resolved == {"metro": [written]} and [u.value for u in unmatched] == [written]


def test_an_unheld_number_is_offered_the_nearest_held_ones() -> None:
    # Spelled alike, 2030 was "2023 or 2020 or 2013"; a year is near in time, not in spelling.
    known = FakeKnown({"year": [2013, 2020, 2023, 2024, 2025]})
    _, unmatched = resolve({"year": ["2030"]}, known)
    assert unmatched[0].sentence() == "no record has year 2030; did you mean 2025 or 2024 or 2023?"
    _, unmatched = resolve({"year": ["2014"]}, known)
    assert unmatched[0].suggestions == [2013, 2020, 2023]


def test_a_span_of_a_number_field_is_the_values_within_it() -> None:
    # "year=2022-2024" was "year needs a number, not '2022-2024'".
    assert parse_where(["year=2022-2024", "role=ml_engineer"]) == {
        "year": ["2022", "2023", "2024"], "role": ["ml_engineer"]}  # fmt: skip
    known = FakeKnown({"year": [2013, 2023, 2024], "years_experience": [4.5, 5.0, 6.5, 8.0, 9.0]})
    assert parse_where(["year=2020..2030"], known) == {"year": ["2023", "2024"]}
    assert parse_where(["years_experience=5 to 8"], known) == {
        "years_experience": ["5", "6.5", "8"]
    }
    # And within another filter of the field, as any list of values.
    assert parse_where(["year=2013-2024", "year=2024"], known) == {"year": ["2024"]}
    # Given as data (the MCP tools' where), it is read the same.
    assert resolve({"year": ["2023-2030"]}, known)[0] == {"year": [2023, 2024]}
    # A span nothing is held in says so once, as written (its low end asked for).
    _, unmatched = resolve(parse_where(["year=2090-2095"], known), known)
    assert [u.sentence() for u in unmatched] == [
        "no record has year 2090-2095; did you mean 2024 or 2023 or 2013?"]  # fmt: skip
    assert unmatched[0].value == 2090
    for clause, said in [("year=2024-2022", "runs backwards: write 2022-2024"),
                         ("year=2022.5-2024", "year spans whole numbers"),
                         ("role!=manager", "role is text: list the values it may take"),
                         ("role>=manager", "role is text: list the values it may take"),
                         ("year!=2023", "a filter says what to keep: year=LOW-HIGH"),
                         ("year>=soon", "year (after >=) needs a number, not 'soon'"),
                         # Infinite, NaN or past 2**53: a 500 (overflow) or NaN in the JSON.
                         ("year>=1e400", "year (after >=) needs a finite number"),
                         ("year>-1e308", "year (after >) needs a number of at most 15 digits"),
                         ("years_experience=1-" + "9" * 400, "402 characters long: at most 200"),
                         ("years_experience=1-" + "9" * 40, "at most 15 digits"),
                         ("remote<=-10", "remote is never below 0"),
                         # ">=5" was offered for ">5": a filter keeping 5 too.
                         ("years_experience>5", "years_experience>5 leaves 5 out, and a "
                          "filter of a fractional field keeps both ends: write "
                          "years_experience>= the first value to keep (years_experience>=5 "
                          "keeps 5 too)"),
                         ("years_experience<2.5", "years_experience<= the last value"),
                         ("year>2020.5", "write year>=2021, the same"),
                         ("year<2020.5", "write year<=2020, the same")]:  # fmt: skip
        with pytest.raises(BadFilter, match=re.escape(said)):
            parse_where([clause], known)
    # Given as data (the MCP tools'), a span is refused alike: "2024-2022" had been read
    # as 2022-2024, and "2022.5-2024" as 2023-2024.
    for value, said in [("2024-2022", "runs backwards: write 2022-2024"),
                        ("2022.5-2024", "year spans whole numbers")]:  # fmt: skip
        with pytest.raises(BadFilter, match=re.escape(said)):
            resolve({"year": [value]}, known)
    for value, said in [("1e40", "a number of at most 15 digits, not '1e40'"),
                        (float("nan"), "a finite number, not 'nan'")]:  # fmt: skip
        said = f"year needs {said}"
        with pytest.raises(BadFilter, match=re.escape(said)):
            resolve({"year": [value]}, known)


def test_a_number_field_compared_is_the_span_to_its_bound() -> None:
    # "year>=2023" was refused ("give a span, both ends in").
    known = FakeKnown({"year": [2013, 2023, 2024], "years_experience": [4.5, 5.0, 6.5, 8.0]})
    assert parse_where(["year>=2023"], known) == {"year": ["2023", "2024"]}
    assert parse_where(["year > 2023"], known) == {"year": ["2024"]}
    assert parse_where(["year<2023"], known) == {"year": ["2013"]}
    assert parse_where(["year>=1900"], known) == {"year": ["2013", "2023", "2024"]}
    assert parse_where(["years_experience<=5"], known) == {"years_experience": ["4.5", "5"]}
    assert parse_where(["years_experience>=6", "year<=2023"], known) == {
        "years_experience": ["6.5", "8"], "year": ["2013", "2023"]}  # fmt: skip
    # Given as data (the MCP tools' where), a comparison is read the same.
    assert resolve({"year": [">= 2023"]}, known)[0] == {"year": [2023, 2024]}
    assert resolve({"years_experience": ["<=5"], "year": ["<2024"]}, known)[0] == {
        "years_experience": [4.5, 5.0], "year": [2013, 2023]}  # fmt: skip
    # Past what is held: said as written, as a span there is ("year<2013" was "no record
    # has year 1990", the lowest year a filter takes, which nobody wrote).
    for clause, said in [
        ("year>=2030", ">= 2030"),
        ("year<2013", "< 2013"),
        ("year>2030", "> 2030"),
    ]:
        _, unmatched = resolve(parse_where([clause], known), known)
        assert [u.sentence().partition(";")[0] for u in unmatched] == [f"no record has year {said}"]
        assert unmatched[0].as_dict()["written"] == said
    # Given as data (MCP), the same.
    _, unmatched = resolve({"year": ["<= 2012"]}, known)
    assert unmatched[0].sentence().startswith("no record has year <= 2012; did you mean 2013")


def test_suggestions_prefer_whole_words() -> None:
    held = {v.casefold(): [v] for v in ["Meta", "Meta Company", "Metaverse Labs"]}
    assert suggest("meta", held)[:2] == ["Meta", "Meta Company"]


def test_a_name_beginning_held_names_is_met_with_them() -> None:
    # "Moody's" (kept as "Moodys") and "moody" were "no record has company ...", nothing
    # suggested: the held names have the word only as written in the key, and longer.
    known = FakeKnown({"company": ["Moodys Analytics", "Moodys Investors Service", "Moonpig"]})
    for written, value in [("Moody's", "Moodys"), ("moody", "Moody")]:
        _, (unmatched,) = resolve({"company": [written]}, known)
        assert (unmatched.value, unmatched.suggestions) == (
            value,
            ["Moodys Analytics", "Moodys Investors Service"],
        )
    # Three letters begin too many words to mean anything.
    held = {v.casefold(): [v] for v in ["Moodys Analytics"]}
    assert suggest("moo", held) == []


def test_a_misspelt_city_is_met_with_its_metro() -> None:
    # "seatle" suggested nothing: no metro name is spelled near it, one of its cities is.
    _, (unmatched,) = resolve({"metro": ["seatle"]}, KNOWN)
    assert unmatched.sentence() == f"no record has metro 'seatle'; did you mean {SEATTLE}?"
    _, (far,) = resolve({"metro": ["zzyzx"]}, KNOWN)
    assert far.suggestions == []


PRINTABLE = st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"))


@given(st.lists(st.text(PRINTABLE, min_size=1).filter(lambda v: v.strip() == v), min_size=1))
def test_any_values_survive_quoting(values: list[str]) -> None:
    text = ",".join(as_csv_field(v) for v in values)
    assert split_values(text) == values


# -- the real store: every value a group shows can be asked for -----------------------

SAMPLED = 12  # values per field checked through stats() itself; all are checked by resolve()


def _groups(store: Store, field: str) -> dict[Any, int]:
    result = stats(store, [field], include_flagged=True)
    return {g["key"][field]: g["n"] for g in result["groups"] if g["key"][field] is not None}


@pytest.mark.parametrize("field", GROUPABLE_FIELDS)
def test_every_value_stats_shows_filters_back_to_its_group(real_store: Store, field: str) -> None:
    groups = _groups(real_store, field)
    assert groups, field
    known = KnownValues(real_store)
    for value in groups:
        for written in {str(value), as_csv_field(str(value))}:
            where = parse_where([f"{field}={written}"], known)
            resolved, unmatched = resolve(where, known)
            if field in FOLDED:  # the group holds every case variant, and so does its filter
                assert {str(v).casefold() for v in resolved[field]} == {str(value).casefold()}
                assert value in resolved[field]
            else:
                assert resolved == {field: [value]}, (field, written)
            assert unmatched == []
    rng = random.Random(field)
    commas = [v for v in groups if "," in str(v)]
    chosen = set(rng.sample(sorted(groups, key=str), min(SAMPLED, len(groups)))) | set(commas[:20])
    for value in chosen:
        where = parse_where([f"{field}={value}"], known)
        (group,) = stats(real_store, [], where, include_flagged=True)["groups"]
        assert group["n"] == groups[value], (field, value)


def test_a_filter_matching_nothing_says_so(real_store: Store) -> None:
    result = stats(real_store, [], {"company": ["Gogle"]})  # no n=0 row either
    assert result["groups"] == []
    assert result["no_match"]["message"] == "no record has company 'Gogle'; did you mean Google?"
    combination = stats(real_store, ["level"], {"company": ["Google"], "source": ["so_survey"]})
    alone = {  # what each filter left out would match: the other one's records
        field: sum(g["n"] for g in stats(real_store, [], {field: values})["groups"])
        for field, values in (("source", ["so_survey"]), ("company", ["Google"]))
    }
    assert combination["no_match"] == {
        "message": "no record matches all of these filters together "
        f"(without company: {alone['source']:,} records; without source: {alone['company']:,} "
        "records)",
        "unmatched": [],
        "each_left_out": {"company": alone["source"], "source": alone["company"]},
    }


def test_a_list_of_metros_mixing_full_names_and_short_ones_is_read_as_meant() -> None:
    # "metro=seattle,San Francisco-Oakland-Fremont, CA" was three values, "CA" one of them:
    # San Francisco's metro was silently missing from the answer.
    assert parse_where([f"metro=seattle,{SAN_FRANCISCO}"], KNOWN) == {
        "metro": ["seattle", SAN_FRANCISCO]
    }
    assert parse_where([f"metro:{SEATTLE},Boston-Cambridge-Newton, MA-NH"], KNOWN, sep=":") == {
        "metro": [SEATTLE, "Boston-Cambridge-Newton, MA-NH"]
    }
    # A city and its state naming one held metro is one value too.
    where = parse_where([f"metro=Seattle, WA,{SAN_FRANCISCO}"], KNOWN)
    assert where == {"metro": ["Seattle, WA", SAN_FRANCISCO]}
    assert resolve(where, KNOWN) == ({"metro": [SEATTLE, SAN_FRANCISCO]}, [])
    # Pieces that are no held value together stay apart (and are said as unmatched), but
    # a place and its US state are one place, as compare reads it ("seattle, CA").
    assert parse_where(["metro=seattle,CA"], KNOWN) == {"metro": ["seattle, CA"]}
    assert parse_where(["metro=seattle,Canada"], KNOWN) == {"metro": ["seattle", "Canada"]}


def test_a_list_naming_a_value_no_record_holds_is_refused_as_that_value_alone(
    real_store: Store,
) -> None:
    # "company=google,gogle" answered for Google alone, without a word about "gogle".
    asked = {"company": ["google", "gogle"], "pay_component": ["base"]}
    result = stats(real_store, ["company"], asked)
    alone = stats(real_store, ["company"], {**asked, "company": ["gogle"]})
    assert result["groups"] == [] and result["no_match"] == alone["no_match"]
    assert result["no_match"]["unmatched"] == [
        {"field": "company", "value": "Gogle", "suggestions": ["Google"]}
    ]
    assert result["where"]["company"] == ["Google", "Gogle"]  # the question, as asked
    metros = stats(real_store, ["metro"], {"role": ["ml_engineer"], "metro": ["austin", "nowhere"]})
    assert (
        metros["groups"] == [] and "no record has metro 'nowhere'" in metros["no_match"]["message"]
    )
    # The records behind a figure: none listed, the value named.
    listing = records(real_store, asked)
    assert (listing["total"], listing["rows"]) == (0, [])
    assert [u["value"] for u in listing["unmatched"]] == ["Gogle"]


def test_stats_of_a_company_as_filed_are_the_companys(real_store: Store) -> None:
    def n(where: str) -> int:
        known = KnownValues(real_store)
        return sum(g["n"] for g in stats(real_store, [], parse_where([where], known))["groups"])

    assert n("company=Meta Platforms, Inc.") == n("company=Meta") > 0


def test_a_value_is_read_as_its_letters_on_every_field() -> None:
    # Only company had been read so: full-width letters and invisible marks (a copy from
    # a web page) were refused elsewhere, and a byte of another encoding (read as U+FFFD)
    # answered as the company without it.
    known = FakeKnown({"company": ["Google"], "country": ["US"], "year": [2024]})
    assert resolve({"role": ["ｍｌ＿ｅｎｇｉｎｅｅｒ"]}, known)[0] == {"role": ["ml_engineer"]}
    assert resolve({"level": ["\u200bsenior\u200f"]}, known)[0] == {"level": ["senior"]}
    assert resolve({"country": ["ＵＳ"]}, known)[0] == {"country": ["US"]}
    assert resolve({"company": ["Goo\u200bgle"]}, known)[0] == {"company": ["Google"]}
    for value, said in [("Google\ufffd", "holds a byte that is not UTF-8 text"),
                        ("Goo\x00gle", "holds a control character")]:  # fmt: skip
        with pytest.raises(BadFilter, match=re.escape(said)):
            resolve({"company": [value]}, known)


def test_a_long_value_is_cut_in_the_message_every_surface_gives() -> None:
    # The API, the MCP tools and the pages echoed a 10,000-character field whole.
    with pytest.raises(PaygradeError) as refused:
        parse_where(["a" * 10_000 + "=1"])
    assert len(str(refused.value)) < 500
    assert "(10,000 characters)" in str(refused.value)


def test_a_state_named_as_a_metro_says_to_give_the_state() -> None:
    # "metro=California" offered "North Coast Region of California nonmetropolitan area".
    _, unmatched = resolve({"metro": ["California"]}, KNOWN)
    assert [u.sentence() for u in unmatched] == [
        "no record has metro 'California' (a US state, not a metro: metros are US metro "
        "areas; give state CA)"
    ]
