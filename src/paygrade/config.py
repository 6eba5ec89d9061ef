"""Settings, built at the edge (CLI, tests, later the web app), never at import."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DB = Path("var/paygrade.duckdb")
# This workspace keeps the mirrored data beside the project's root.
DEFAULT_DATA_DIR = Path("../shared/data")


class Settings(BaseSettings):
    """Where the store and the data live. Environment: ``PAYGRADE_DB``, ``PAYGRADE_DATA_DIR``.

    Example:
        >>> Settings(db=Path("x.duckdb")).db.name
        'x.duckdb'
    """

    model_config = SettingsConfigDict(env_prefix="PAYGRADE_", extra="ignore")

    db: Path = Field(default=DEFAULT_DB)
    data_dir: Path = Field(default=DEFAULT_DATA_DIR)
    # Dollars of this year in amount_usd_real (CPI-U); the latest full CPI year.
    reference_year: int = Field(default=2024, ge=1980, le=2100)

    @field_validator("db", "data_dir")
    @classmethod
    def _expand(cls, value: Path) -> Path:
        return value.expanduser()
