"""``paygrade mcp``: the library's answers as Model Context Protocol tools, over stdio.

The tools are the calls behind the CLI and the JSON API, with typed inputs and
the same validation: ``stats`` returns exactly the JSON of ``paygrade stats
--format json --limit 100`` (``TOOL_GROUPS``, unless its ``limit`` is given), and a bad
field is a tool error with the CLI's message.
Tools read the store's published copy (``store.snapshot``), like the web
server, so they keep answering while ``paygrade ingest`` writes the store, and
answer from new data once it is published.

Example (an MCP client's configuration):
    {"mcpServers": {"paygrade": {"command": "paygrade", "args": ["mcp"]}}}
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Callable, Mapping, Sequence
from importlib.metadata import version
from inspect import cleandoc, signature
from pathlib import Path
from typing import Annotated, Any, Literal

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError, UnexpectedToolError
from mcp.server.mcpserver.tools import Tool
from mcp.server.stdio import stdio_server
from mcp_types import CallToolResult, TextContent, ToolAnnotations
from pydantic import Field, ValidationError

from paygrade.claims import MAX_FIGURES, MAX_TEXT
from paygrade.config import Settings
from paygrade.evidence import MAX_PAGE, MAX_PER_PAGE, PER_PAGE
from paygrade.failures import unforeseen
from paygrade.filters import (
    MAX_VALUE_LENGTH,
    MAX_VALUES,
    UNION_MEMBERS,
    bound_broken,
    choice_refused,
    kind_refused,
    not_given,
    not_taken,
)
from paygrade.formats import json_text
from paygrade.json_keys import KINDS
from paygrade.mcp_cancelling import CallCancelled, cancellable, running_call
from paygrade.mcp_lines import Answering, Lines
from paygrade.normalize.money import names_a_currency
from paygrade.offer_inputs import (
    JSON_NUMBERS,
    KEYS,
    Amount,
    Held,
    Percentages,
    Written,
    with_profile_faults,
)
from paygrade.offers import AMOUNTS, Faults, currency_in_amount
from paygrade.records import (
    GROUPABLE_FIELDS,
    LEVELS,
    MAX_LIMIT,
    PROFILE_HELP,
    REMOTE_WRITTEN,
    ROLES,
    PaygradeError,
    did_you_mean,
    number_wanted,
    shortened,
    text_wanted,
    too_long,
    whole_wanted,
)
from paygrade.store import Store, StoreError, damaged
from paygrade.store.snapshot import PublishedStore, Reader

INSTRUCTIONS = (
    "paygrade answers pay questions for ML engineers and nearby roles from real public "
    "data (surveys, H-1B filings, BLS OEWS). Figures are annual USD percentiles with n; "
    "base and total pay differ. Fields: " + ", ".join(GROUPABLE_FIELDS) + "."
)
# The offer tool's vesting, as `paygrade offer --vesting` says it (``offers.presets``).
VESTING_SAID = (
    "even, even_3yr, amazon, google, front_loaded, airbnb or 10,20,30,40 (or [10, 20, 30, 40])"
)
# The longest text a tool reads (a name, a metro, a filter's value), as the API bounds its
# own: a 200,000-character name had been read and echoed back whole in the error. The
# longest company the store holds has 106 characters.
LONGEST = MAX_VALUE_LENGTH
# A role, a level and a country as every tool takes them: each value the vocabulary has (a
# description of "entry, mid, senior, ..." had left an assistant to guess the rest) and the
# words people type for one (``normalize.vocab_typed``), read by every tool.
ROLE_SAID = f"One of {', '.join(ROLES)}; or as people write one (SWE, DS)"
LEVEL_SAID = f"One of {', '.join(LEVELS)}; or as people write one (Staff Engineer, Sr. Staff)"
COUNTRY_SAID = PROFILE_HELP["country"].removesuffix(".")  # "Germany" is read, as the CLI's
FieldNames = Annotated[
    list[str],
    Field(description='Fields to group by, e.g. ["level"] or ["metro", "level"]'),
]
# A field named with no value asks for nothing: refused, not read as "no record matches".
Values = Annotated[
    list[Annotated[str, Field(max_length=LONGEST)] | int | float],
    Field(min_length=1, max_length=MAX_VALUES),
]
Where = Annotated[
    dict[str, Values],
    Field(
        description="Filters: field -> any of these values; fields are ANDed, e.g. "
        '{"role": ["ml_engineer"], "country": ["US"]}. Values are normalized like the '
        'data ("google" is Google, "SE" is senior); a number field takes a span or a '
        'comparison: {"year": ["2022-2024"]}, {"year": [">=2023"]}.'
    ),
]
READ_ONLY = ToolAnnotations(read_only_hint=True, idempotent_hint=True, open_world_hint=False)
# The groups a stats answer gives an assistant unless it asks for more: grouped by company
# or title the store has 28,000 and 32,000 (3.7 MB of JSON, twice over as text and as
# structured content), past what an assistant's context or its client takes.
TOOL_GROUPS = 100
# A server given no models folder (``Tools(published)``), said as the page says no model, to
# the assistant's user, the operator's part in brackets (it had said "run `paygrade train`
# first", which saves into a folder this server would still not read).
NO_FOLDER = (
    "no model yet: this server reads no models folder "
    "(operator: serve with PAYGRADE_MODELS naming the folder `paygrade train` saves into)"
)
# The fields of an estimate's profile (``estimate.data.FEATURES``, which loads pandas:
# a test holds the two together), each as the API's ``EstimateRequest`` takes it.
PROFILE_NUMBERS = {
    "year": "Default: the newest year of the pay component's records the model learned",
    "years_experience": "0-60",
    "remote": f"the remote share: {REMOTE_WRITTEN}",
}
PROFILE_FIELDS = ("year", "role", "level", "years_experience", "title", "company", "metro",
                  "state", "country", "company_size", "industry", "education",
                  "specialization", "remote")  # fmt: skip
# Given as the API's body takes them: a number as a number ("5" is refused, as the API
# refuses it), text as text (12345 as a title too); remote either, a share or a word.
PROFILE_TEXT_OR_NUMBER = ("remote",)
# A profile's text fields as `paygrade estimate --help` says them, its role and level as
# every tool's.
PROFILE_SAID_OF = {"role": ROLE_SAID, "level": LEVEL_SAID}
PROFILE_SCHEMA = {
    "properties": {
        name: {
            "type": ["number", "string", "null"]
            if name in PROFILE_TEXT_OR_NUMBER
            else ["number", "null"],
            "description": PROFILE_NUMBERS[name],
        }
        if name in PROFILE_NUMBERS
        else {
            "type": ["string", "null"],
            "maxLength": LONGEST,
            "description": PROFILE_SAID_OF.get(name) or PROFILE_HELP[name].removesuffix("."),
        }
        for name in PROFILE_FIELDS
    },
    "additionalProperties": False,  # check_profile refuses any other field
}
PROFILE_SAID = (
    f"Any of: {', '.join(PROFILE_FIELDS)}; e.g. "
    '{"role": "ml_engineer", "level": "senior", "country": "US"}'
)
# The SDK's request handlers for what this server has none of: it advertised the
# capabilities, and answered ``prompts/get`` with code 0 and a traceback on stderr.
NOT_SERVED = ("prompts/", "resources/")
LOG = logging.getLogger("paygrade.mcp")


def answer(result: Any, warnings: Sequence[str] = ()) -> CallToolResult:
    """A library result as a tool result: the CLI's JSON text, and the same as structured
    content (lists are wrapped as ``{"result": [...]}``); each warning a text after it,
    beside the JSON, whose keys are a contract.

    Example:
        >>> answer({"n": 3}).content[0].text
        '{\\n  "n": 3\\n}'
        >>> answer({"n": 3}, ["an older model"]).content[1].text
        'warning: an older model'
    """
    text = json_text(result, default=str).removesuffix("\n")  # never a bare NaN
    plain = json.loads(text)
    structured = plain if isinstance(plain, dict) else {"result": plain}
    said = [TextContent(type="text", text=f"warning: {w}") for w in warnings]
    return CallToolResult(
        content=[TextContent(type="text", text=text), *said], structured_content=structured
    )


class Crash(ToolError):
    """A tool's failure that no check foresaw, said in the CLI's words (``failure_said``);
    the server logs it, in one line."""


def tool_error(exc: Exception) -> ToolError:
    """A library call's failure as a tool error: a question the data cannot answer as
    asked (``PaygradeError``) in the CLI's message; anything else in the CLI's words (it
    had been "Error executing tool stats", the cause only in a traceback of 350 lines on
    stderr), a ``Crash`` unless the store is unreadable.

    Example:
        >>> tool_error(PaygradeError("no store")), tool_error(RuntimeError("a bug"))
        (ToolError('no store'), Crash('internal error (RuntimeError): a bug'))
    """
    if isinstance(exc, PaygradeError):
        return ToolError(str(exc))
    if (unreadable := damaged(exc, "paygrade mcp")) is not None:
        return ToolError(str(unreadable))
    return Crash(failure_said(exc))


def failure_said(exc: Exception) -> str:
    r"""An error no check foresaw, in the words ``paygrade`` says it in
    (``failures.unforeseen``), on one line.

    Example:
        >>> failure_said(RuntimeError("Out of Memory Error:\nfailed to allocate"))
        'internal error (RuntimeError): Out of Memory Error: failed to allocate'
    """
    return shortened(" ".join(unforeseen(exc)[0].split()))


class OneLine(logging.Formatter):
    r"""A log record as one line on stderr, "error: ...": the SDK's handler wrote 100 to
    350 lines of traceback, wrapped at 80 columns, for one failure.

    Example:
        >>> record = logging.makeLogRecord({"msg": "stats: a\nb", "levelname": "ERROR"})
        >>> OneLine().format(record)
        'error: stats: a b'
    """

    def format(self, record: logging.LogRecord) -> str:
        said = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:  # its words, not its trace
            said += f" ({type(record.exc_info[1]).__name__}: {record.exc_info[1]})"
        return f"{record.levelname.lower()}: " + shortened(" ".join(said.split()))


def log_in_one_line() -> None:
    """Every log line of the process on stderr as ``OneLine`` says it, at WARNING and up,
    unless logging was set up already; the SDK's own set-up (a rich handler printing
    tracebacks) then does nothing. stdout is the protocol."""
    handler = logging.StreamHandler()
    handler.setFormatter(OneLine())
    logging.basicConfig(level=logging.WARNING, handlers=[handler])


class Tools:
    """The tool functions, over one published store. Each opens a cursor on the newest
    published copy, makes one library call and closes the cursor."""

    def __init__(self, published: PublishedStore, models: Path | None = None) -> None:
        self.published = published
        self.models = models  # folder of model files (estimate); None: no estimates

    def _call(self, compute: Callable[[Store], Any], *, warned: bool = False) -> CallToolResult:
        """``compute``'s answer on the newest published store; ``warned``: it gives the answer
        and its warnings, as a pair."""
        try:
            current = self.published.reader()
        except PaygradeError as exc:  # no published store yet
            raise ToolError(str(exc)) from None
        running = running_call()  # interrupted if the client cancels the call
        try:
            running.using(current.store.con)
            found = compute(current.store)
            running.check()  # cancelled after its last query: no answer to build
            return answer(*found) if warned else answer(found)
        except ToolError:  # the tool's own refusal (an offer's terms), or a cancel
            raise
        except Exception as exc:
            if running.interrupted:  # its query stopped as the client cancelled the call:
                raise CallCancelled() from None  # no failure to say or log
            raise tool_error(exc) from None
        finally:
            running.using(None)  # closed: nothing to interrupt
            current.store.con.close()

    def stats(
        self,
        by: FieldNames = [],  # noqa: B006 - the SDK validates into a fresh list per call
        where: Where = {},  # noqa: B006
        distinct_rows: bool = False,
        real: bool = False,
        include_flagged: bool = False,
        min_n: Annotated[int, Field(ge=1, le=1_000_000)] = 1,
        limit: Annotated[int, Field(ge=1, le=MAX_LIMIT)] = TOOL_GROUPS,
        local_prices: bool = False,
    ) -> CallToolResult:
        """Percentiles (p10-p90), mean, n, distinct n and the median's 95% CI of annual USD
        pay per group: the JSON of `paygrade stats --format json --limit 100`. `limit`: the
        groups with most records (default 100; `groups_omitted` counts the rest); `real`:
        reference-year dollars (CPI-U); `distinct_rows`: identical rows of a file counted
        once; `include_flagged`: count flagged records too (an implausible figure or a
        filing another source counts); `local_prices`: pay
        at US-average prices (each record divided by its metro's BEA price parity)."""
        from paygrade.formats import asked_by
        from paygrade.stats import warned_stats

        if said := fields_joined(by):
            raise ToolError(said)
        return self._call(
            lambda store: warned_stats(
                store,
                by,
                where,
                distinct_rows=distinct_rows,
                value="amount_usd_real" if real else "amount_usd",
                include_flagged=include_flagged,
                min_n=min_n,
                limit=limit,
                local_prices=local_prices,
                switch=asked_by("--include-flagged", "mcp"),
            ),
            warned=True,
        )

    def check_claims(
        self,
        text: Annotated[
            str,
            Field(
                min_length=1,
                max_length=MAX_TEXT,
                description="An article: text, Markdown or a web page's HTML",
            ),
        ],
    ) -> CallToolResult:
        """Every salary claim in an article (figures, ranges, bounds, changes and
        differences of pay in percent; statistic; subject) checked against the data
        (consistent, above_data, below_data or no_data, with n, p25/p50/p75 and pay
        component), and the article's contradictions: the JSON of `paygrade check-claims
        --format json`; a web page's HTML is checked as its text, given back as
        `checked_text` (claims' start and end count in it)."""
        from paygrade.claims import check_article

        if not text.strip():  # as the API refuses it: it was checked as a text of no claims
            raise ToolError("text: has only spaces")
        # More than MAX_FIGURES salary figures: refused (``TooManyFigures``), as the API does.
        return self._call(lambda store: check_article(store, text, most=MAX_FIGURES))

    def report_outline(self) -> CallToolResult:
        """The report "ML Engineer Salaries by Experience Level and Leading Companies" as
        data without its charts: each section's text and tables (rows with n and
        percentiles, sources, pay component). `paygrade report --out DIR` writes it."""
        from paygrade.report.outline import report_outline

        return self._call(report_outline)

    def local_prices(
        self,
        role: Annotated[str, Field(max_length=LONGEST, description=ROLE_SAID)] = "ml_engineer",
        metros: Annotated[
            list[Annotated[str, Field(max_length=LONGEST)]],
            Field(
                max_length=MAX_VALUES,  # as a filter's values are bounded
                description="OEWS metro names; empty: the leading tech metros",
            ),
        ] = [],  # noqa: B006 - the SDK validates into a fresh list per call
    ) -> CallToolResult:
        """Median pay per metro, nominal and at US-average prices (BEA regional price
        parities), with each metro's rank both ways: `paygrade local-prices --format json`."""
        from paygrade.prices import LEADING_METROS, warned_factor_table

        if blank := [i for i, metro in enumerate(metros) if not metro.strip()]:
            # The filters' "empty value for metro" named no argument of this tool.
            raise ToolError(f"metros.{blank[0]}: is empty: give a metro's name, or no metros")
        chosen = tuple(metros) or LEADING_METROS
        return self._call(
            lambda store: warned_factor_table(store, role=role, metros=chosen, face="mcp"),
            warned=True,
        )

    def compare(
        self,
        role: Annotated[str, Field(max_length=LONGEST, description=ROLE_SAID)],
        metro: Annotated[
            str | None,
            Field(
                max_length=LONGEST, description='An OEWS metro, e.g. "Seattle-Tacoma-Bellevue, WA"'
            ),
        ] = None,
        country: Annotated[str | None, Field(max_length=LONGEST, description=COUNTRY_SAID)] = None,
        level: Annotated[str | None, Field(max_length=LONGEST, description=LEVEL_SAID)] = None,
    ) -> CallToolResult:
        """Surveys, H-1B filings, BLS OEWS and OFLC wage levels side by side for one place
        (a metro or a country, not both) and role: `paygrade compare --format json`."""
        from paygrade.compare import compare

        return self._call(
            lambda store: compare(store, role=role, metro=metro, country=country, level=level)
        )

    def companies(
        self,
        search: Annotated[
            str | None,
            Field(
                max_length=LONGEST, description="Only companies whose name or a raw name has this"
            ),
        ] = None,
        where: Where = {},  # noqa: B006 - the SDK validates into a fresh dict per call
        min_n: Annotated[int, Field(ge=1, le=1_000_000)] = 1,
        limit: Annotated[int, Field(ge=1, le=MAX_LIMIT)] = TOOL_GROUPS,
    ) -> CallToolResult:
        """Companies, most records first: n, distinct rows, sources and the raw employer
        names merged into each: `paygrade companies --format json`; the first `limit` (100
        unless asked: the store has 27,000), as the API's /api/v1/companies; a search that
        finds none says the names spelt nearest, and filters that leave no company say why
        (as `stats` says it), as a warning; so do a `min_n` that leaves none and a list cut
        to `limit`."""
        from paygrade.companies import companies_said

        def compute(store: Store) -> tuple[list[dict[str, Any]], list[str]]:
            rows, said = companies_said(store, where=where, search=search, min_n=min_n, limit=limit)
            return rows, [said] if said else []

        return self._call(compute, warned=True)

    def company(
        self,
        name: Annotated[
            str,
            Field(
                min_length=1,
                max_length=LONGEST,
                description="A company as known or as filed: Google, GOOGLE LLC",
            ),
        ],
    ) -> CallToolResult:
        """One company: n, distinct rows, sources, the filed names merged into it, and pay by
        level, title, metro, US state and year, base pay (filings) and total pay (surveys)
        apart: `paygrade company NAME --format json`, the API's /api/v1/companies/NAME."""
        from paygrade.companies import company_profile

        return self._call(lambda store: company_profile(store, name))

    def sources(self) -> CallToolResult:
        """Every loaded file: source, sha256, rows read / accepted / rejected, licence."""
        from paygrade.quality import loaded_sources

        return self._call(loaded_sources)

    def quality(self) -> CallToolResult:
        """Data quality per record source: records, quarantined rows, exact duplicates, heaped
        values, flagged records (an implausible figure or a filing another source counts: by
        flag, with why, and examples), rows per level,
        and the year and country mix: `paygrade quality --format json`."""
        from paygrade.quality import quality_report

        return self._call(quality_report)

    def records(
        self,
        where: Where = {},  # noqa: B006 - the SDK validates into a fresh dict per call
        page: Annotated[int, Field(ge=1, le=MAX_PAGE)] = 1,
        per_page: Annotated[int, Field(ge=1, le=MAX_PER_PAGE)] = PER_PAGE,
        include_flagged: bool = False,
        distinct_rows: bool = False,
    ) -> CallToolResult:
        """One page of the public records behind a figure, each with its source, file, row
        number and licence; submitted salaries are only counted (`not_listed`).
        `distinct_rows`: identical rows of a file listed once, as `stats` with it counts.
        No record matching is said why, as `stats` says it, as a warning; so is a `page`
        past the last (`pages`)."""
        from paygrade.evidence import none_listed, past_last_page, records
        from paygrade.formats import asked_by

        def compute(store: Store) -> tuple[dict[str, Any], list[str]]:
            found = records(
                store,
                where,
                page=page,
                per_page=per_page,
                include_flagged=include_flagged,
                distinct_rows=distinct_rows,
            )
            said = none_listed(store, found, asked_by("--include-flagged", "mcp"))
            # A page of no rows past the last had come without a word: read as "none match".
            said = said or past_last_page(found)
            return found, [said] if said else []

        return self._call(compute, warned=True)

    def offer(
        self,
        base: Annotated[
            float, Amount("base"), Field(description="Yearly base salary, in currency")
        ],
        bonus_pct: Annotated[
            float | None,
            Held("bonus_pct"),
            Field(description="Target bonus, % of base"),
        ] = None,
        bonus: Annotated[
            float | None,
            Amount("bonus"),
            Field(description="Target bonus, in currency"),
        ] = None,
        sign_on: Annotated[
            float,
            Amount("sign_on"),
            Field(description="Sign-on paid in year 1"),
        ] = 0.0,
        sign_on_year2: Annotated[
            float,
            Amount("sign_on_year2"),
            Field(description="Sign-on paid in year 2"),
        ] = 0.0,
        equity: Annotated[
            float | None,
            Amount("equity"),
            Field(description="Equity grant, total, in currency"),
        ] = None,
        shares: Annotated[
            float | None,
            Amount("shares"),
            Field(description="Or the grant in shares"),
        ] = None,
        price: Annotated[
            float | None,
            Amount("price"),
            Field(description="Share price, with shares"),
        ] = None,
        strike: Annotated[
            float | None,
            Amount("strike"),
            Field(description="Options' strike price a share, with shares and price"),
        ] = None,
        vesting: Annotated[
            Annotated[str, Field(max_length=LONGEST)] | Percentages,
            Written(),
            Field(description=VESTING_SAID),
        ] = "even",
        cliff_months: Annotated[
            int | None, Held("cliff_months"), Field(description="Months before any vest")
        ] = None,
        vest_every: Annotated[
            str | None,
            Field(max_length=LONGEST, description="After the cliff: monthly, quarterly or yearly"),
        ] = None,
        refresher: Annotated[
            float,
            Amount("refresher"),
            Field(description="Refresher grant each year"),
        ] = 0.0,
        growth_pct: Annotated[
            float, Held("growth_pct"), Field(description="Stock growth, % a year")
        ] = 0.0,
        role: Annotated[
            str | None,
            Field(max_length=LONGEST, description=f"For the market comparison. {ROLE_SAID}"),
        ] = None,
        level: Annotated[str | None, Field(max_length=LONGEST, description=LEVEL_SAID)] = None,
        metro: Annotated[
            str | None, Field(max_length=LONGEST, description="An OEWS metro name")
        ] = None,
        country: Annotated[str | None, Field(max_length=LONGEST, description=COUNTRY_SAID)] = None,
        years_experience: Annotated[
            float | None,
            Held("years", library_refuses=True),  # said with the profile's other faults
            Field(description="Peers within a year of it, where the data holds it"),
        ] = None,
        currency: Annotated[
            str,
            Field(
                max_length=LONGEST,
                description="The amounts' currency (ISO 4217, e.g. EUR); peers are USD",
            ),
        ] = "USD",
    ) -> CallToolResult:
        """An offer year by year (base, bonus, stock, options given a strike, one-time
        cash), first-year and annualized totals (base + grant / vesting years + target bonus
        + sign-on / 4) and, with a role, its percentile among market peers: `paygrade offer
        --format json`. An offer placed among too few peers says why in a warning too, as
        the CLI's stderr."""
        from paygrade.formats import market_unplaced
        from paygrade.normalize.money import currency_code
        from paygrade.offers import BadOffer, evaluate, make_offer, offered

        def compute(store: Store) -> tuple[dict[str, Any], list[str]]:
            try:
                terms, profile = offered(  # the offer's fault and the profile's at once
                    lambda: make_offer(
                        base, vesting=vesting, cliff_months=cliff_months, frequency=vest_every,
                        shares=shares, price=price, strike=strike, equity=equity,
                        bonus_pct=bonus_pct, bonus=bonus, sign_on=sign_on,
                        sign_on_year2=sign_on_year2, refresher=refresher, growth_pct=growth_pct,
                        currency=currency_code(currency),
                    ),
                    role, level, metro, country, years_experience, lambda: store,
                )  # fmt: skip
                result = evaluate(terms, store, profile)  # the rate bounds any currency
            except BadOffer as exc:
                raise ToolError(offer_error(exc)) from None
            unplaced = market_unplaced(result)
            return result, [unplaced] if unplaced is not None else []

        return self._call(compute, warned=True)

    def ladder(
        self,
        role: Annotated[str, Field(max_length=LONGEST, description=ROLE_SAID)] = "ml_engineer",
        company: Annotated[
            str | None, Field(max_length=LONGEST, description="Google, Meta, Amazon, ...")
        ] = None,
        country: Annotated[
            str | None,
            Field(
                max_length=LONGEST,
                description=f"{COUNTRY_SAID}. Choose one to compare like with like: without "
                "it pay mixes every country's records (pay differs widely between countries)",
            ),
        ] = None,
        level: Annotated[
            str | None,
            Field(max_length=LONGEST, description=f"Current level, for a path. {LEVEL_SAID}"),
        ] = None,
        years: Annotated[
            float | None,
            Held("years"),
            Field(description="Years of experience"),
        ] = None,
    ) -> CallToolResult:
        """Levels entry to executive with typical years, scope and skills, company levels
        (approximate), pay by level with n, promotion steps and a projected path:
        `paygrade ladder --format json`. Without a country pay mixes every country's records:
        choose a country to compare like with like (`population` says whose pay it is). A
        company's ladder with no level of enough records says why, as a warning."""
        from paygrade.formats import ladder_warnings
        from paygrade.ladder import ladder

        def compute(store: Store) -> tuple[dict[str, Any], list[str]]:
            result = ladder(store, role, company, country, level=level, years=years)
            return result, ladder_warnings(result)  # a fall beyond noise too

        return self._call(compute, warned=True)

    def estimate(
        self,
        profile: Annotated[
            # Any value: each is checked by its field's type (``typed_as_the_api_takes``);
            # checked here first, a true had been "a valid string, integer or number".
            dict[str, Any],
            Field(
                description=PROFILE_SAID,
                json_schema_extra=PROFILE_SCHEMA,
            ),
        ],
        pay_component: Annotated[
            Literal["total", "base"],
            Field(description="total (surveys) or base (H-1B filings, which name companies)"),
        ] = "total",
    ) -> CallToolResult:
        """Median (p50) and calibrated 80% range (p10-p90) of annual USD pay for a profile,
        the factors that move it (each value vs. the data's mix of that field, in %) and how
        many records match: the JSON of `paygrade estimate --format json`, whose `year` is
        the pay year it is for (the one given, else the newest year of the pay component's
        records: base and total differ), whose `coverage` 0.8 is the range's aim and
        `measured_coverage` what it held of the held-out records at training. Fields left out
        are taken from records like the profile, and the range is those people's. Warnings
        follow the JSON as texts: a model trained on older data, a value no record holds,
        a value the model did not learn or a field the pay component's records never hold,
        a given field too few records like the profile match, or like records mostly copies
        of two pays."""
        from paygrade.estimate.modelfile import load_newest
        from paygrade.estimate.profile import check_profile
        from paygrade.estimate.service import warned_estimate

        if "pay_component" in profile:  # "unknown profile field" said not where it goes
            raise ToolError(
                "profile.pay_component: give it as the pay_component argument, beside "
                'profile: {"profile": {...}, "pay_component": "base"}'
            )
        typed_as_the_api_takes(profile)
        try:
            check_profile(profile)  # the asker's to mend, model or none (as the API says)
            if self.models is None:
                raise ToolError(NO_FOLDER)
            model = load_newest(self.models)
        except PaygradeError as exc:
            raise ToolError(str(exc)) from None
        return self._call(
            lambda store: warned_estimate(store, model, profile, pay_component), warned=True
        )


def typed_as_the_api_takes(profile: Mapping[str, Any]) -> None:
    """Refuse a profile value of another type than ``POST /api/v1/estimate`` takes: the
    tool had answered ``"years_experience": "5"`` and a title of 12345, which the API
    refuses, so one profile had two answers.

    Example:
        >>> typed_as_the_api_takes({"years_experience": 5, "remote": "hybrid", "title": None})
        >>> typed_as_the_api_takes({"title": 12345})
        Traceback (most recent call last):
        mcp.server.mcpserver.exceptions.ToolError: profile.title: input should be text, not a number
        >>> typed_as_the_api_takes({"years_experience": True})
        Traceback (most recent call last):
        mcp.server.mcpserver.exceptions.ToolError: profile.years_experience: input should be a \
number, not true or false
        >>> typed_as_the_api_takes({"role": "x" * 201})
        Traceback (most recent call last):
        mcp.server.mcpserver.exceptions.ToolError: profile.role: is 201 characters long: at most 200
        >>> typed_as_the_api_takes({"remote": float("nan")})
        Traceback (most recent call last):
        mcp.server.mcpserver.exceptions.ToolError: profile.remote: input should be a finite \
number, not NaN
    """
    for name, value in profile.items():
        if value is None or name not in PROFILE_FIELDS:
            continue
        number = isinstance(value, int | float) and not isinstance(value, bool)
        text = isinstance(value, str)
        if name in PROFILE_TEXT_OR_NUMBER:
            wanted, fits = "text or a number", number or text
        elif name in PROFILE_NUMBERS:
            wanted, fits = "a number", number
        else:
            wanted, fits = "text", text
        # NaN and Infinity (JSON that Python writes) as the API's body and every other
        # tool say them: "years of experience: ... got nan" had named no argument.
        infinite = number and not math.isfinite(value)
        if (not fits and wanted == "a number") or infinite:  # as the API's body says it
            raise ToolError(f"profile.{name}: {number_wanted(value)}")
        if not fits and wanted == "text":  # as the API's body and every tool say it
            raise ToolError(f"profile.{name}: {text_wanted(value)}")
        if not fits:
            kind = "text" if text else KINDS.get(type(value), "a number")
            raise ToolError(f"profile.{name}: input should be {wanted}, not {kind}")
        if text and (said := too_long(value, LONGEST)) is not None:  # as the API's body says it
            raise ToolError(f"profile.{name}: {said}")


class Server(MCPServer):
    """The SDK's server, stricter about arguments: one a tool does not take is refused (the
    SDK drops it without a word, so ``records`` given ``limit: 2`` answered 50 rows as if
    asked for them), and a value of the wrong type is said in one line per argument
    rather than as pydantic's report with its links. It serves tools only: no prompts or
    resources are offered (the SDK offered them, having none)."""

    def __init__(
        self,
        takes: Mapping[str, Sequence[str]],
        published: PublishedStore | None = None,
        **settings: Any,
    ) -> None:
        log_in_one_line()  # before the SDK sets up its own logging
        super().__init__(**settings)
        self.takes = takes  # tool name -> the arguments it takes
        self.published = published  # an offer's place is checked against it
        self.whole = {tool.name: whole_number_arguments(tool) for tool in settings["tools"]}
        # The SDK registers a handler for every method and offers a capability per
        # handler; it has no public way to drop one.
        handlers = self._lowlevel_server._request_handlers
        for method in [m for m in handlers if m.startswith(NOT_SERVED)]:
            del handlers[method]
        self.served = {method: entry.params_type for method, entry in handlers.items()}

    async def run_stdio_async(self) -> None:
        # The SDK's own loop, its read stream less the lines that are no message: those
        # are answered with JSON-RPC's error (mcp_lines), where the SDK dropped them; and
        # its input ends once the requests read are answered (it cancelled them).
        # Lines reads stdin itself, to see the ids the SDK's parsing loses (mcp_lines);
        # closefd=False: a worker thread may still block on fd 0 when the server is done.
        # surrogateescape: a line that is not UTF-8 is answered so (mcp_lines.not_utf8),
        # not read with its bytes replaced as if it said something else.
        with open(0, encoding="utf-8", errors="surrogateescape", closefd=False) as stdin:
            lines = Lines(stdin)
            async with stdio_server(stdin=lines) as (read_stream, write_stream):
                options = self._lowlevel_server.create_initialization_options()
                answering = Answering(read_stream, write_stream, lines=lines, served=self.served)
                await self._lowlevel_server.run(answering, answering.write, options)
        if answering.given_up:  # a script piping requests in learns some went unanswered
            raise SystemExit(1)

    async def call_tool(self, name: str, arguments: dict[str, Any], context: Any = None) -> Any:
        taken = self.takes.get(name)
        if taken is None:  # the SDK's "Unknown tool: x" was led by no tool's name
            raise ToolError(no_such_tool(name, list(self.takes)))
        # "bonus": null as bonus left out, as the API reads it; "bonsu": null refused below.
        arguments = not_given(arguments, taken)
        if unknown := [a for a in arguments if a not in taken]:
            raise ToolError(not_taken(name, "argument", unknown, taken, _goes(taken)))
        if name in QUERY_TOOLS and (blank := [a for a, v in arguments.items() if _blank(v)]):
            raise ToolError(f"{name}: empty value for {blank[0]}")
        if said := empty_filter(arguments.get("where")):
            raise ToolError(f"{name}: {said}")
        try:
            return await cancellable(
                super().call_tool(name, whole(arguments, self.whole.get(name, ())), context)
            )
        except ToolError as exc:
            if isinstance(exc.__cause__, ValidationError):
                refused = exc.__cause__
                if name == "offer":  # the profile's faults too, not only once those are mended
                    refused = self._with_profile_faults(refused, arguments)
                raise ToolError(invalid_arguments(name, refused)) from None
            cause = exc.__cause__
            if isinstance(exc, UnexpectedToolError) and isinstance(cause, Exception):
                cause = Crash(failure_said(cause))  # a crash outside ``Tools._call``
            if isinstance(cause, Crash):  # the server's keeper learns of it, in one line
                LOG.error("%s: %s", name, cause)
            if isinstance(cause, ToolError):  # ours: led as a rejected argument is,
                raise ToolError(f"{name}: {cause}") from None  # not "Error executing"
            raise

    def _with_profile_faults(
        self, refused: ValidationError, arguments: dict[str, Any]
    ) -> ValidationError:
        """``with_profile_faults``, a place the published store holds no record of said
        too, the store read only for a role's place (and none when none is published yet:
        the offer's faults are said, as before)."""
        read: list[Reader] = []

        def store() -> Store:
            if not read:
                read.append(self.published.reader())  # type: ignore[union-attr]
            return read[0].store

        try:
            return with_profile_faults(refused, arguments, store if self.published else None)
        except StoreError:  # none published yet: the tool says so once the rest is mended
            return with_profile_faults(refused, arguments)
        finally:
            for current in read:
                current.store.con.close()


def no_such_tool(name: str, tools: Sequence[str]) -> str:
    """A call of a tool the server has not, led by the name as every tool error is, with
    the tool spelt nearest and the tools there are.

    Example:
        >>> no_such_tool("stat", ["stats", "compare"])
        'stat: no such tool (did you mean stats?); the tools are stats, compare'
    """
    shown = shortened(json.dumps(name)[1:-1]) or '""'
    return f"{shown}: no such tool{did_you_mean(name, tools)}; the tools are {', '.join(tools)}"


# The tools whose API twins are GET routes: a blank argument is refused as a blank query
# parameter is there (it was answered as not given: ``ladder`` with ``company: ""`` for
# every company). offer, estimate and check_claims follow their routes' JSON bodies: an
# offer's blank metro is none, as the offer form sends it.
QUERY_TOOLS = frozenset(
    {"stats", "compare", "companies", "company", "sources", "quality", "records", "local_prices",
     "ladder"}
)  # fmt: skip


def _blank(value: object) -> bool:
    return isinstance(value, str) and not value.strip()


def fields_joined(by: Sequence[str]) -> str | None:
    """A ``by`` item of fields joined by commas, as `--by metro,level` and the API's
    ``by=metro,level`` write them, told to list each (it was "unknown field 'metro,level'
    (did you mean metro?)", which would drop level); None when there is none.

    Example:
        >>> print(fields_joined(["metro, level"]))
        by.0: 'metro, level' is 2 fields: give each as its own item, ["metro", "level"]
        >>> fields_joined(["metro", "level"]) is None, fields_joined(["metro,salary"]) is None
        (True, True)
    """
    for at, item in enumerate(by):
        parts = [part.strip() for part in item.split(",")]
        if len(parts) > 1 and all(part in GROUPABLE_FIELDS for part in parts):
            listed = json.dumps(parts)
            return f"by.{at}: {item!r} is {len(parts)} fields: give each as its own item, {listed}"
    return None


def empty_filter(where: object) -> str | None:
    """A filter of ``where`` with a blank value, in the CLI's and the API's words (it was
    "empty value for role", said of a tool's blank argument); None when there is none.

    Example:
        >>> empty_filter({"role": [" "]}), empty_filter({"level": ["senior", ""]})
        ('the filter on role has no value', 'the filter on level has an empty value')
        >>> empty_filter({"role": ["ml_engineer"]}) is None
        True
    """
    if not isinstance(where, dict):
        return None  # the validation says what is wrong with it
    for name, values in where.items():
        # An unknown field is refused as one, as the CLI's "rol=" is.
        known = isinstance(values, list) and name in GROUPABLE_FIELDS
        blank = [_blank(v) for v in values] if known else []
        if any(blank):
            return f"the filter on {name} has {'no value' if all(blank) else 'an empty value'}"
    return None


def _goes(taken: Sequence[str]) -> Callable[[str], str] | None:
    """How a tool taking ``where`` or ``profile`` takes a record's field.

    Example:
        >>> _goes(["profile"])("role")
        'give it in profile, {"profile": {"role": ...}}'
    """
    holder = next((h for h in ("where", "profile") if h in taken), None)
    if holder is None:
        return None
    value = "[...]" if holder == "where" else "..."
    return lambda field: f'give it in {holder}, {{"{holder}": {{"{field}": {value}}}}}'


# The tool's name of an argument the library names otherwise (``BadOffer.fields``).
OFFER_ARGUMENTS = KEYS  # the library's inputs the tool names otherwise


def offer_error(exc: PaygradeError) -> str:
    """An offer's error led by the arguments at fault, as a rejected argument is said
    (``give the target bonus ... not both`` named neither argument); ``Server.call_tool``
    puts the tool's name before it, "offer: ".

    Example:
        >>> from paygrade.offers import BadOffer
        >>> offer_error(BadOffer("vesting after the cliff is one of: ...", "frequency"))
        'vest_every: vesting after the cliff is one of: ...'
        >>> offer_error(Faults([BadOffer("a", "level"), BadOffer("b", "years")]))
        'level: a; years_experience: b'
    """
    if isinstance(exc, Faults):  # several faults, each led by its argument
        return "; ".join(offer_error(one) for one in exc.each)
    fields = [OFFER_ARGUMENTS.get(f, f) for f in getattr(exc, "fields", ())]
    return f"{', '.join(fields)}: {exc}" if fields else str(exc)


def invalid_arguments(tool: str, error: ValidationError) -> str:
    """A rejected call's arguments, one clause each: which argument, what was wrong; a
    value that is none of a union's types is one clause naming them all.

    Example:
        >>> from pydantic import TypeAdapter
        >>> try:
        ...     TypeAdapter(dict[str, float]).validate_python({"base": "abc"})
        ... except ValidationError as error:
        ...     invalid_arguments("offer", error)
        "offer: base: input should be a number, not text: 'abc'"
        >>> where = TypeAdapter(dict[str, list[str | int]])
        >>> try:
        ...     where.validate_python({"remote": [True]}, strict=True)
        ... except ValidationError as error:
        ...     invalid_arguments("stats", error)
        'stats: remote.0: input should be a valid string or a valid integer, not true'
        >>> bounded = TypeAdapter(list[Annotated[str, Field(max_length=2)] | int])
        >>> try:
        ...     bounded.validate_python(["abc"], strict=True)
        ... except ValidationError as error:
        ...     invalid_arguments("records", error)
        'records: 0: is 3 characters long: at most 2'
    """
    clauses: dict[str, list[str]] = {}
    given: dict[str, Any] = {}
    problems = error.errors()
    # A value of one of a union's types that breaks that type's bound ("at most 200
    # characters") is said alone: that it is no number too would be beside the point.
    bounded = {tuple(p["loc"][:-1]) for p in problems if _member(p) and not _mistyped(p)}
    for problem in problems:
        loc = [str(part) for part in problem["loc"]]
        if _member(problem):
            if _mistyped(problem) and tuple(problem["loc"][:-1]) in bounded:
                continue
            loc = loc[:-1]  # one member of a union: said with the others
            given[".".join(loc)] = problem["input"]
        said = "is required" if problem["type"] == "missing" else problem["msg"]
        # A bound's own words (``offer_inputs.Held``) without pydantic's "Value error, ".
        said = (
            currency_typed(problem)
            or number_typed(problem)
            or kind_refused(problem)  # a list where one value is wanted, ...
            or bound_broken(problem)
            or choice_refused(problem)  # "'totl' is not one of total, base (did you ...)"
            or said.removeprefix("Value error, ")
        )
        clauses.setdefault(".".join(loc) or "arguments", []).append(said)
    return f"{tool}: " + "; ".join(_clause(at, said, given) for at, said in clauses.items())


def currency_typed(problem: Any) -> str | None:
    """An offer's amount given as text naming its currency, in the CLI's words naming the
    tool's own argument (it was "base: input should be a valid number"); None for any other
    problem.

    Example:
        >>> print(currency_typed({"type": "float_type", "loc": ("base",), "input": "185000USD"}))
        '185000USD' is not an amount: give the currency with the "currency" argument (EUR, GBP, \
...) and the amounts as numbers (85000)
        >>> currency_typed({"type": "float_type", "loc": ("base",), "input": "185k"}) is None
        True
    """
    given, loc = problem.get("input"), tuple(problem.get("loc", ()))
    if len(loc) != 1 or loc[0] not in AMOUNTS or not isinstance(given, str):
        return None
    if not names_a_currency(given):
        return None
    return currency_in_amount(given, 'the "currency" argument', JSON_NUMBERS)


# Pydantic's errors for a value that is no number (or no whole one) where one is taken.
NOT_A_NUMBER = frozenset(
    {"float_type", "float_parsing", "int_type", "int_parsing", "int_from_float", "finite_number"}
)


def number_typed(problem: Any) -> str | None:
    """A tool's number argument given another kind of value, as the API's JSON bodies say
    it (``records.number_wanted``) and a fraction where a whole number is taken as every
    skin says it (``whole_wanted``); None for any other problem. They were pydantic's
    "input should be a valid number" of ``"years": "abc"``, a list and true alike.

    Example:
        >>> number_typed({"type": "float_type", "loc": ("years",), "input": "abc"})
        "input should be a number, not text: 'abc'"
        >>> number_typed({"type": "int_type", "loc": ("page",), "input": 2.5})
        'must be a whole number, got 2.5'
        >>> number_typed({"type": "int_type", "loc": ("remote", "0", "int"), "input": "x"})
    """
    given = problem.get("input")
    if problem.get("type") not in NOT_A_NUMBER or _member(problem):
        return None
    if type(given) is float and math.isfinite(given) and problem["type"].startswith("int"):
        return whole_wanted(given)
    return number_wanted(given)


def _member(problem: Any) -> bool:
    """Whether a problem is of one member of a union (its location ends in the type)."""
    return bool(problem["loc"]) and str(problem["loc"][-1]) in UNION_MEMBERS


def _mistyped(problem: Any) -> bool:
    return str(problem["type"]).endswith("_type")


def _clause(at: str, said: list[str], given: dict[str, Any]) -> str:
    if at in given and len(said) > 1:
        kinds = [s.removeprefix("Input should be ") for s in said]
        text = f"input should be {', '.join(kinds[:-1])} or {kinds[-1]}"
        return f"{at}: {text}, not {_json_said(given[at])}"
    return "; ".join(f"{at}: {s[:1].lower()}{s[1:]}" for s in said)


def _json_said(value: Any) -> str:
    """A refused value as the error says it: an array or an object by its kind (one of
    20,000 companies had been said back whole, 200,000 characters), else as JSON.

    Example:
        >>> _json_said([["Google"] * 20_000]), _json_said(True)
        ('an array', 'true')
    """
    if isinstance(value, list | dict):
        return KINDS[type(value)]
    return shortened(json.dumps(value, default=str))


def whole_number_arguments(tool: Tool) -> tuple[str, ...]:
    """The arguments of ``tool`` that are integers.

    Example:
        >>> def records(page: int = 1, where: str = "") -> None: ...
        >>> whole_number_arguments(strict_tool(records))
        ('page',)
    """
    fields = tool.fn_metadata.arg_model.model_fields
    return tuple(name for name, f in fields.items() if f.annotation in (int, int | None))


def whole(arguments: dict[str, Any], integers: Sequence[str]) -> dict[str, Any]:
    """``arguments`` with a whole number written as a decimal (5.0) where an integer is
    taken, as JSON Schema's integer takes it; strict types refused ``min_n: 5.0``, which
    a client that keeps every number as a double sends. 5.5 is still refused.

    Example:
        >>> whole({"min_n": 5.0, "limit": 2.5, "real": True}, ("min_n", "limit", "real"))
        {'min_n': 5, 'limit': 2.5, 'real': True}
    """
    return {
        name: int(value)
        if name in integers and isinstance(value, float) and value.is_integer()
        else value
        for name, value in arguments.items()
    }


def strict_tool(function: Callable[..., Any]) -> Tool:
    """``function`` as a tool that takes its arguments as typed: pydantic's lax mode
    took "yes" for true, "5" for 5 and true for 1 without a word (``remote: [true]``
    became remote 1); a number is still taken where a decimal is.

    Example:
        >>> def stats(real: bool = False) -> None: ...
        >>> try:
        ...     strict_tool(stats).fn_metadata.arg_model.model_validate({"real": "yes"})
        ... except ValidationError as error:
        ...     invalid_arguments("stats", error)
        'stats: real: input should be a valid boolean'
    """
    # Its docstring without the source's indent (the SDK sent it as written).
    described = cleandoc(function.__doc__ or "")
    tool = Tool.from_function(function, description=described, annotations=READ_ONLY)
    arguments = tool.fn_metadata.arg_model
    arguments.model_config["strict"] = True
    arguments.model_rebuild(force=True)
    tool.parameters["additionalProperties"] = False  # Server.call_tool refuses any other
    return tool


def build_server(settings: Settings) -> MCPServer:
    """The MCP server for the store of ``settings`` (its published copy).

    Example:
        >>> server = build_server(Settings(db=Path("var/paygrade.duckdb")))  # doctest: +SKIP
        >>> server.run("stdio")  # doctest: +SKIP
    """
    tools = Tools(PublishedStore(settings.db), settings.models_dir())
    served = (
        tools.stats,
        tools.compare,
        tools.companies,
        tools.company,
        tools.sources,
        tools.quality,
        tools.records,
        tools.local_prices,
        tools.offer,
        tools.ladder,
        tools.check_claims,
        tools.report_outline,
        tools.estimate,
    )
    server = Server(
        takes={tool.__name__: list(signature(tool).parameters) for tool in served},
        published=tools.published,
        tools=[strict_tool(tool) for tool in served],
        name="paygrade",
        instructions=INSTRUCTIONS,
        version=version("paygrade"),
        log_level="WARNING",  # stdout is the protocol; the SDK logs to stderr
    )
    return server
