"""Place words as a senior engineer weighing offers met them: "Manhattan" read as
Manhattan, KS (3 records) while "Brooklyn" was New York's metro, and a US state by its code
("TX", "WA") offered its alphabetically first metros where its name is answered as a state."""

from __future__ import annotations

import pytest

from paygrade.compare import place
from paygrade.filters import KnownValues, resolve
from paygrade.normalize.places import NoSuchPlace, metros_meant, not_a_metro
from paygrade.store import Store

NYC = "New York-Newark-Jersey City, NY-NJ"
# Hand-written fixture: the held metros a filter is matched against.
HELD = [NYC, "Manhattan, KS", "Los Angeles-Long Beach-Anaheim, CA", "Bellingham, WA"]


def known() -> KnownValues:
    return KnownValues(None, {"metro": {m.casefold(): [m] for m in HELD}})


# ---------------------------------------------------------------- a city of several metros


def test_manhattan_is_not_guessed_to_be_kansas() -> None:
    assert metros_meant("Manhattan", HELD) == [NYC, "Manhattan, KS"]
    typed, (unmatched,) = resolve({"metro": ["manhattan"]}, known())
    assert typed == {"metro": ["manhattan"]}
    assert unmatched.suggestions[:2] == [NYC, "Manhattan, KS"]
    # Brooklyn, which no metro is named for, is still New York's.
    assert resolve({"metro": ["Brooklyn"]}, known())[0] == {"metro": [NYC]}


def test_compare_asks_between_new_york_and_manhattan_ks(real_store: Store) -> None:
    with pytest.raises(NoSuchPlace, match="no metro area is called 'Manhattan'") as said:
        place(real_store, metro="Manhattan")
    assert said.value.suggestions[:2] == [NYC, "Manhattan, KS"]
    # A city the phrase table gives its metro is offered that first: Portland, OR.
    with pytest.raises(NoSuchPlace) as portland:
        place(real_store, metro="Portland")
    assert portland.value.suggestions[0] == "Portland-Vancouver-Hillsboro, OR-WA"


# ---------------------------------------------------------------- a state by its code


def test_a_states_code_as_a_metro_is_said_as_its_name_is() -> None:
    said = "a US state, not a metro: metros are US metro areas; give state WA"
    assert not_a_metro("WA") == said
    (unmatched,) = resolve({"metro": ["WA"]}, known())[1]
    assert (unmatched.why, unmatched.suggestions) == (said, [])
    # Letters a metro's name has ("LA": Los Angeles) still offer that metro first.
    (la,) = resolve({"metro": ["LA"]}, known())[1]
    assert la.why is None and la.suggestions[0] == "Los Angeles-Long Beach-Anaheim, CA"


@pytest.mark.parametrize("written", ["TX", "tx", "Texas"])
def test_compare_names_a_states_busiest_metros_by_its_code_too(
    real_store: Store, written: str
) -> None:
    # "TX" had been "did you mean Abilene, TX or Amarillo, TX or Austin-Round Rock-San Marcos?"
    with pytest.raises(NoSuchPlace, match=f"^{written}: a US state, not a metro: ask for one"):
        place(real_store, metro=written)
    with pytest.raises(NoSuchPlace) as said:
        place(real_store, metro=written)
    assert said.value.suggestions[0] == "Dallas-Fort Worth-Arlington, TX"
