"""Settings, built at the edge (CLI, tests, later the web app), never at import."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# This workspace keeps the mirrored data beside the project's root.
DEFAULT_DATA_DIR = Path("../shared/data")


def default_db() -> Path:
    """The store in the user's data folder, so that it does not depend on where one stands.

    Example:
        >>> default_db().name
        'paygrade.duckdb'
    """
    from platformdirs import user_data_path

    return user_data_path("paygrade", appauthor=False) / "paygrade.duckdb"


class Settings(BaseSettings):
    """Where the store and the data live. Environment: ``PAYGRADE_DB``, ``PAYGRADE_DATA_DIR``,
    ``PAYGRADE_MODELS``, ``PAYGRADE_REFERENCE_YEAR``, ``PAYGRADE_BUSY_TIMEOUT`` (seconds).

    Example:
        >>> Settings(db=Path("x.duckdb")).db.name
        'x.duckdb'
    """

    model_config = SettingsConfigDict(env_prefix="PAYGRADE_", extra="ignore")

    db: Path = Field(default_factory=default_db)
    data_dir: Path = Field(default=DEFAULT_DATA_DIR)
    # How long a reading command waits for a writer (an ingest) to finish.
    busy_timeout: float = Field(default=30.0, ge=0, le=3600)
    # The web app: admin endpoints need this token (none set: they are off).
    admin_token: SecretStr | None = Field(default=None)
    # Submissions a client may make per hour (429 beyond).
    submissions_per_hour: int = Field(default=20, ge=1, le=10_000)
    # Answers kept per data version (the web app's cache).
    cache_size: int = Field(default=1024, ge=0, le=1_000_000)

    @field_validator("admin_token")
    @classmethod
    def _strong_token(cls, value: SecretStr | None) -> SecretStr | None:
        # A guessable admin token is worse than none: refuse it rather than serve with it.
        if value is not None and len(value.get_secret_value()) < 24:
            raise ValueError("the admin token must be at least 24 characters")
        return value

    # Where `paygrade train` saves model files (default: a "models" folder beside the store).
    models: Path | None = Field(default=None)

    def models_dir(self) -> Path:
        """The folder of model files.

        Example:
            >>> Settings(db=Path("/data/paygrade.duckdb")).models_dir()
            PosixPath('/data/models')
        """
        return self.models if self.models is not None else self.db.parent / "models"

    # Dollars of this year in amount_usd_real (CPI-U); the latest full CPI year.
    reference_year: int = Field(default=2024, ge=1980, le=2100)

    @field_validator("db", "data_dir", "models")
    @classmethod
    def _expand(cls, value: Path | None) -> Path | None:
        return value.expanduser() if value is not None else None
