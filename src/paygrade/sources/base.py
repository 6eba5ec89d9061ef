"""What a source is: how its file becomes staged rows (records) or a reference table."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from paygrade.sources.reading import FileFacts, stage_csv

# The columns every record source's projection yields, all text, in this order.
# They are the canonical fields before normalization, plus how the amount is
# expressed (``pay_period``) and a source's own reason to quarantine a row.
STAGED_COLUMNS = (
    "year",
    "title",
    "company",
    "city",
    "state",
    "metro",
    "country",
    "role",
    "level",
    "years_experience",
    "company_size",
    "industry",
    "education",
    "specialization",
    "remote",
    "employment_type",
    "pay_component",
    "amount",
    "currency",
    "pay_period",
    "amount_usd",
    "source_reason",
    # A company's own level name ("L5"), where a file gives one (a canonical CSV may):
    # it wins over the one read from the title at a company with a reviewed ladder.
    "company_level",
    # The occupation the row's file names (an H-1B filing's SOC code), where it names one:
    # it decides a title whose words other trades share (rules/role_occupations.csv).
    "occupation",
)

Con = duckdb.DuckDBPyConnection
Stager = Callable[[Con, FileFacts, str, Sequence[str]], list[str]]


def project_columns(mapping: dict[str, str]) -> Callable[[Sequence[str]], str]:
    """A projection from a fixed mapping of staged column -> SQL expression over ``raw``.

    Staged columns the mapping leaves out are NULL.
    """

    def project(_columns: Sequence[str]) -> str:
        return ",\n".join(
            f"CAST({mapping.get(name, 'NULL')} AS VARCHAR) AS {name}" for name in STAGED_COLUMNS
        )

    return project


@dataclass(frozen=True)
class RecordSource:
    """A file of individual pay observations: becomes canonical records."""

    name: str
    description: str
    licence: str
    filename: str | None  # the mirrored file's name (or glob) in the data directory
    project: Callable[[Sequence[str]], str]  # present columns -> SELECT list over ``raw``
    required: tuple[str, ...] = ()
    stage: Stager = field(default=stage_csv)
    # The publisher's encoding for files that are not UTF-8 (else detected).
    encoding: str | None = None
    # Runs after the records are written, in the same transaction (e.g. exchange rates).
    derive: Callable[[Con, int], None] | None = None
    # Columns that say nothing about the observation (a pandas index, a row
    # number): two rows differing only there are copies of one observation.
    not_evidence: tuple[str, ...] = ()
    # What kind of evidence a row is: "survey" (self-reported, total pay), "filing"
    # (an employer's attestation, base pay), "self-report" (a salary submitted to
    # paygrade, base and total) or "import" (a user's own data).
    evidence: str = "import"
    # How a title that names no function ("Manager", "Director") is read:
    # "general" when the file covers every occupation (a bare Manager is other),
    # "tech" when every row is a tech or data job (a bare Manager manages one).
    # See normalize.titles.TITLE_CONTEXTS.
    title_context: str = "general"
    # "snapshot": each file is the whole data set to date (a weekly export), so a newer
    # file replaces the records of the earlier; "periods": each file adds its own
    # rows (a quarter of filings, a year's survey, a user's file). See ingest.py.
    files: str = "periods"
    kind: str = "records"


@dataclass(frozen=True)
class ReferenceSource:
    """Published aggregates (percentiles, wage levels, CPI): a table of their own."""

    name: str
    description: str
    licence: str
    filename: str | None
    # Stages the file and replaces the source's rows in its table; returns rows written.
    load: Callable[[Con, FileFacts, int], tuple[int, int]]
    kind: str = "reference"
    # Whether normalizing record files reads its table (CPI for real dollars, OFLC
    # geography for metros): records normalized before it was loaded are then stale.
    feeds_records: bool = False


Source = RecordSource | ReferenceSource


def mirrored_path(source: Source, data_dir: Path) -> Path | None:
    """The source's mirrored file in ``data_dir`` when it is there.

    ``filename`` may be a glob (a weekly snapshot carries its date); the last
    match in name order wins.
    """
    if source.filename is None:
        return None
    matches = sorted(p for p in data_dir.glob(source.filename) if p.is_file())
    return matches[-1] if matches else None
