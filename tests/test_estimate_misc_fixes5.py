"""The fifth round's estimator fixes: a metro across states, a name of two places."""

from __future__ import annotations

from pathlib import Path

import pytest

from paygrade.estimate.profile import BadProfile, check_profile
from paygrade.estimate.service import implied
from paygrade.ingest import ingest_file
from paygrade.store import Store
from paygrade.web.pages.estimate import field_at_fault
from tests.conftest import write_file

DC = "Washington-Arlington-Alexandria, DC-VA-MD-WV"

# A hand-written fixture: DC's metro in two states (VA commonest), Seattle's in one.
FIXTURE_METROS = (
    "year,title,metro,state,country,pay_component,amount,currency\n"
    f'2024,Data Scientist,"{DC}",VA,US,base,150000,USD\n'
    f'2024,Data Scientist,"{DC}",VA,US,base,151000,USD\n'
    f'2024,Data Scientist,"{DC}",MD,US,base,152000,USD\n'
    '2024,Data Scientist,"Seattle-Tacoma-Bellevue, WA",WA,US,base,160000,USD\n'
)


def test_a_metro_across_states_implies_its_country_but_no_state(
    store: Store, tmp_path: Path
) -> None:
    ingest_file(store, "csv", write_file(tmp_path, "fixture-metros.csv", FIXTURE_METROS))
    # DC's metro had implied "state = VA (implied by the metro)", its commonest state.
    assert implied(store, {"metro": DC}) == {"metro": DC, "country": "US"}
    seattle = implied(store, {"metro": "Seattle-Tacoma-Bellevue, WA"})
    assert (seattle["state"], seattle["country"]) == ("WA", "US")
    # Any of its states goes with it; one of none of its records is two places.
    assert implied(store, {"metro": DC, "state": "MD"})["state"] == "MD"
    with pytest.raises(BadProfile, match=r"is in state VA/MD, not TX: give one place$"):
        implied(store, {"metro": DC, "state": "TX"})


def test_a_metro_named_as_a_country_and_a_us_state_says_both() -> None:
    # "Georgia" had been refused as the country GE alone.
    said = (
        "Georgia is a country and a US state, not a metro (metros are US metro areas): "
        "give country GE or state GA"
    )
    with pytest.raises(BadProfile) as refused:
        check_profile({"metro": " Georgia "})
    assert str(refused.value) == said
    # The page marks the field its value alone is refused for.
    assert field_at_fault(refused.value, {"metro": "Georgia", "role": "ml_engineer"}) == "metro"
    with pytest.raises(BadProfile, match=r"^Germany is a country, not .*: give country DE$"):
        check_profile({"metro": "Germany"})
