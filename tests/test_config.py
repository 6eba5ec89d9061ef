"""Settings: each field from its argument, else PAYGRADE_<NAME>, else the default; checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from paygrade.config import BadSetting, Secret, Settings


def test_an_argument_wins_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAYGRADE_DB", "/from/env.duckdb")
    monkeypatch.setenv("PAYGRADE_CACHE_SIZE", "7")
    settings = Settings(db=Path("given.duckdb"))
    assert settings.db == Path("given.duckdb")
    assert settings.cache_size == 7  # not given: read from the environment


def test_defaults_when_nothing_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CACHE_SIZE", "SPARK_MASTER", "SPARK_REMOTE", "REFERENCE_YEAR", "ADMIN_TOKEN"):
        monkeypatch.delenv(f"PAYGRADE_{name}", raising=False)
    settings = Settings(db=Path("x.duckdb"))
    assert (settings.cache_size, settings.reference_year) == (1024, 2024)
    assert (settings.spark_master, settings.spark_remote, settings.admin_token) == (
        "local[*]",
        None,
        None,
    )


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("REFERENCE_YEAR", "abc", "bad setting reference_year: 'abc' is not a number (write"),
        ("REFERENCE_YEAR", "1800", "bad setting reference_year: must be between 1980 and 2100"),
        ("BUSY_TIMEOUT", "-1", "bad setting busy_timeout: must be between 0 and 3600"),
        ("SUBMISSIONS_PER_HOUR", "0", "bad setting submissions_per_hour: must be between"),
        ("SPARK_TIMEOUT", "soon", "bad setting spark_timeout: 'soon' is not a number (write"),
        ("PORT", "80000", "bad setting port: must be between 1 and 65535"),
        ("PORT", "http", "bad setting port: 'http' is not a number (write 1200, 1,200 or"),
        # A blank path had made a folder named with spaces where one stood.
        ("DATA_DIR", "   ", "bad setting data_dir: it is blank: give a path, or leave it unset"),
        ("MODELS", " ", "bad setting models: it is blank: give a path, or leave it unset"),
        ("ADMIN_TOKEN", "short", "bad setting admin_token: the admin token must be at least"),
        # Tokens no request can send (HTTP strips a header's end spaces, reads it as
        # Latin-1): a padded or "pässwörd" one was 401 or 403 whatever was sent.
        ("ADMIN_TOKEN", " " * 30, "bad setting admin_token: the admin token must be printable"),
        (
            "ADMIN_TOKEN",
            "x" * 24 + " ",
            "bad setting admin_token: the admin token must be printable",
        ),
        (
            "ADMIN_TOKEN",
            "pässwörd-pässwörd-pässwörd",
            "bad setting admin_token: the admin token must be printable",
        ),
    ],
)
def test_a_bad_environment_value_names_the_setting(
    monkeypatch: pytest.MonkeyPatch, name: str, text: str, message: str
) -> None:
    monkeypatch.setenv(f"PAYGRADE_{name}", text)
    with pytest.raises(BadSetting) as caught:
        Settings(db=Path("x.duckdb"))
    assert str(caught.value).startswith(message)


def test_a_bad_argument_is_checked_too() -> None:
    with pytest.raises(BadSetting, match="cache_size: must be between"):
        Settings(db=Path("x.duckdb"), cache_size=-5)
    with pytest.raises(BadSetting, match="busy_timeout: must be a number"):
        Settings(db=Path("x.duckdb"), busy_timeout="soon")  # type: ignore[arg-type]


def test_the_admin_token_never_shows() -> None:
    token = "t" * 32
    settings = Settings(db=Path("x.duckdb"), admin_token=token)  # type: ignore[arg-type]
    assert isinstance(settings.admin_token, Secret)
    assert settings.admin_token.get_secret_value() == token
    assert token not in repr(settings)


def test_paths_expand_the_home_folder_and_replace_checks_again() -> None:
    settings = Settings(db=Path("~/p.duckdb"))
    assert settings.db == Path.home() / "p.duckdb"
    assert settings.replace(cache_size=3).cache_size == 3
    with pytest.raises(BadSetting):
        settings.replace(reference_year=3000)


@pytest.mark.parametrize(
    ("name", "text", "read"),
    [("PORT", "18,909", 18909), ("PORT", " 18909 ", 18909), ("BUSY_TIMEOUT", "2.5", 2.5)],
)
def test_an_environment_number_is_read_as_the_cli_reads_an_option(
    monkeypatch: pytest.MonkeyPatch, name: str, text: str, read: float
) -> None:
    # PAYGRADE_PORT=18,909 was "must be a whole number" where `--port 18,909` is taken.
    monkeypatch.setenv(f"PAYGRADE_{name}", text)
    assert getattr(Settings(db=Path("x.duckdb")), name.lower()) == read


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        # Python's int read "1_8909" (served on 18909); the CLI refuses it, as the docs say.
        ("PORT", "1_8909", "'1_8909' is not a number (write 1200, 1,200 or 12.5; a dot marks"),
        # It was "must be between 0 and 3600", where `--years nan` is not a finite number.
        ("BUSY_TIMEOUT", "nan", "'nan' is not a finite number"),
        ("COSTLY_WAIT", "inf", "'inf' is not a finite number"),
        ("PORT", "8000.5", "must be a whole number, got 8000.5"),
    ],
)
def test_an_environment_number_is_refused_as_the_cli_refuses_an_option(
    monkeypatch: pytest.MonkeyPatch, name: str, text: str, message: str
) -> None:
    monkeypatch.setenv(f"PAYGRADE_{name}", text)
    with pytest.raises(BadSetting) as caught:
        Settings(db=Path("x.duckdb"))
    assert str(caught.value).startswith(f"bad setting {name.lower()}: {message}")
