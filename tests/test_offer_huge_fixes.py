"""A grant in shares x price past any float (1e200 x 1e200): one line on every face, as
the bound on shares says a smaller number of them; it was an internal error (decimal's
InvalidOperation, rounding to cents past 400 digits): status 70, and a 500 page."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from paygrade.config import Settings
from paygrade.offers import BadOffer, equity_value
from paygrade.web import create_app
from tests.test_cli import run

SAID = "a grant of 1.00e+200 shares is beyond 10,000,000,000 shares: is it a typo?"


def test_the_library_refuses_it_as_the_bound_says_it() -> None:
    with pytest.raises(BadOffer) as refused:
        equity_value(None, 1e200, 1e200)
    assert str(refused.value) == SAID
    # Within the bounds, the amount is as before, in cents.
    assert equity_value(None, 1e10, 1e7) == 1e17
    assert equity_value(None, 1e10, 1e-10) == 1.0


def test_the_cli_says_it_in_one_line(real_db: Path) -> None:
    done = run(
        "--db", real_db, "offer", "--base", "100000", "--shares", "1e200", "--price", "1e200"
    )
    assert (done.returncode, done.stderr, done.stdout) == (1, f"error: {SAID}\n", "")


def test_the_offer_page_answers_it_as_a_bad_offer(web_db: Path) -> None:
    with TestClient(create_app(Settings(db=web_db)), raise_server_exceptions=False) as client:
        page = client.get("/offers", params={"base": 100000, "shares": "1e308", "price": "1e308"})
    assert page.status_code == 422
    assert "a grant of 1.00e+308 shares is beyond 10,000,000,000 shares: is it a typo?" in page.text
