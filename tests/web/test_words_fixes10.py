"""Words a new graduate misread on the pages (an audit in real Chromium, /tmp/s63/grad-scratch).

Home and Explore headed their columns "p10", "distinct n" and "median 95% CI", defined
only on /sources; the offer page said "Market percentile 82.0", with no word of what it
counts, named the vesting schedule it used nowhere, and offered the presets (even,
amazon, google, ...) as bare names in a datalist.
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi.testclient import TestClient

from tests.web.html import Page

# What each column means, as a newcomer reads it (stats.COLUMNS_SAID, by design).
KEY = {
    "distinct n": "records counted, identical rows of one file once",
    "p10": "10th percentile: a tenth of the group is paid less",
    "p90": "90th percentile: nine tenths are paid less",
    "median 95% CI": "where the median of all such pay lies, with 95% confidence",
}
# Where /sources says how each is computed.
HOW = ("/sources#percentiles", "/sources#duplicates", "/sources#median-ci")
OFFERS = {
    "base": ["185000", "170000"], "equity": ["400000", "300000"],
    "vesting": ["amazon", "even"], "role": "ml_engineer", "level": "senior",
    "metro": "Seattle-Tacoma-Bellevue, WA",
}  # fmt: skip


def page(client: TestClient, url: str) -> Page:
    got = client.get(url)
    assert got.status_code == 200, got.text[:300]
    return Page(got.text)


def test_home_and_explore_say_what_each_column_means_under_each_table(
    client: TestClient,
) -> None:
    for url in ("/", "/explore?by=level&where=role:ml_engineer"):
        shown = page(client, url)
        tables, keys = shown.by_testid("stats-table"), shown.by_testid("stats-key")
        assert tables and len(keys) == len(tables), url
        key = " ".join(keys[0].text.split())
        for name, meaning in KEY.items():
            assert f"{name}: {meaning}" in key, (url, name)
        assert all(f'href="{how}"' in shown.html for how in HOW), url
        for name, meaning in KEY.items():  # each heading says it on hover too
            assert f'<abbr title="{meaning}">{name}</abbr>' in shown.html, (url, name)


def test_the_key_links_to_where_sources_defines_each_term(client: TestClient) -> None:
    sources = page(client, "/sources")
    held = {e.attrs.get("id") for e in sources.elements}
    assert {how.split("#")[1] for how in HOW} <= held


def test_the_market_percentile_says_what_it_counts(client: TestClient) -> None:
    answer = client.get(f"/offers?{urlencode(OFFERS, doseq=True)}&format=json").json()
    markets = [offer["market"] for offer in answer["result"]["offers"]]
    assert all(market["percentile"] is not None for market in markets)
    said = page(client, f"/offers?{urlencode(OFFERS, doseq=True)}")
    assert [" ".join(e.text.split()) for e in said.by_testid("market-percentile-said")] == [
        f"pays more than {m['percentile']:g}% of the {m['n']:,} peers counted "
        "(a peer paid the same counts as half)"
        for m in markets
    ]


def test_the_offer_table_says_each_vesting_schedule_as_the_cli_does(client: TestClient) -> None:
    said = page(client, f"/offers?{urlencode(OFFERS, doseq=True)}")
    assert len(said.by_testid("offer-vesting")) == 1
    rows = said.table("offers-table").rows
    assert [row for row in rows if row[0] == "Vesting"] == [
        [
            "Vesting",
            "amazon 5/15/40/40%, a 12-month cliff, then quarterly",
            "even 25/25/25/25%, a 12-month cliff, then monthly",
        ]
    ]
    # No offer with stock, no schedule to say (as the CLI says none).
    plain = page(client, "/offers?base=150000&vesting=even")
    assert plain.by_testid("offers-table") and not plain.by_testid("offer-vesting")


def test_the_vesting_presets_are_described_where_they_are_picked(client: TestClient) -> None:
    (said,) = page(client, "/offers").by_testid("vesting-presets-said")
    text = " ".join(said.text.split())
    assert "even: 25/25/25/25%, a 12-month cliff, then monthly: Four even years" in text
    assert "google: 33/33/22/12%, no cliff, monthly: Front-weighted" in text
    assert "amazon: 5/15/40/40%, a 12-month cliff, then quarterly: Back-loaded" in text
