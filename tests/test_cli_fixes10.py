"""The CLI's mends of a power user's audit: a Japanese sentence after an English one,
Ctrl-C at start, CSV notes of real and local prices, compare at 40 columns, the area code
of compare, and exit codes of usage mistakes. Texts are hand-written fixture sentences."""

from __future__ import annotations

import pytest

from paygrade.claims import check_text, extract_claims
from paygrade.store import Store

JAPANESE = "機械学習エンジニアは$200,000。"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (JAPANESE, "Japanese"),  # one listed word ("は"), but kana are Japanese letters
        ("서울의 ML 엔지니어 $150,000", "Korean"),
        (f"In Paris, ML engineers earn €90K. {JAPANESE}", "Japanese"),
    ],
)
def test_a_sentence_in_another_language_is_its_own_whatever_came_before(
    store: Store, text: str, language: str
) -> None:
    # After the English sentence it had been English: checked as above_data with
    # the subject (ml_engineer, FR) of the sentence before it.
    assert extract_claims(text)[-1].language == language
    last = check_text(store, text)["claims"][-1]
    assert (last["verdict"], last.get("not_checked")) == ("no_data", "language")


def test_the_english_sentence_before_a_foreign_one_is_english(store: Store) -> None:
    first = check_text(store, f"In Paris, ML engineers earn €90K. {JAPANESE}")["claims"][0]
    assert first.get("not_checked") != "language"
