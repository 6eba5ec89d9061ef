"""Compute once, render twice: a page's data object as HTML through its template, or as JSON.

Templates are Jinja2 with autoescaping on, so every value from the data
(titles, company names, filters) reaches the page as text, never as markup.
Errors are pages too for people (HTML) and JSON for programs (``/api``,
``/charts``, ``?format=json``).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from paygrade.charts import years_span
from paygrade.claims.extract import subject_value
from paygrade.claims.years import span_said
from paygrade.evidence import licence_urls, town
from paygrade.formats import (
    counted,
    flagged_said,
    half_up,
    options_line,
    share_said,
    whole_year,
)
from paygrade.holdings import caveat_words
from paygrade.normalize.vocab import aliases, canonical_value
from paygrade.normalize.vocab_typed import TYPED_FIELDS, typed_value
from paygrade.offers import percentile_said, range_said
from paygrade.records import FLAGGED_MEANS
from paygrade.sources import REGISTRY
from paygrade.sources.reading import read_as
from paygrade.stats import (
    CI_SUPPRESSED,
    COLUMNS_SAID,
    SUPPRESSED,
    interval_withheld,
    median_ci_said,
)
from paygrade.store.snapshot import published_at
from paygrade.web.jsonbody import json_bytes, page_json

HERE = Path(__file__).resolve().parent
NAV = (
    ("/", "Home"),
    ("/explore", "Explore"),
    ("/estimate", "Estimate"),
    ("/companies", "Companies"),
    ("/locations", "Locations"),
    ("/offers", "Offer check"),
    ("/ladder", "Career ladder"),
    ("/sources", "Sources"),
    ("/submit", "Submit"),
    ("/claims", "Check an article"),
    ("/report", "Report"),
    ("/docs", "API docs"),
)
# Machine faces: errors there are JSON whatever the client accepts.
JSON_PREFIXES = ("/api/", "/healthz", "/openapi.json", "/charts/")


def money(value: Any) -> str:
    """Example:
    >>> money(152400.0), money(None), money(-35450.0)
    ('$152,400', '', '−$35,450')
    """
    if value is None:
        return ""
    # A typographic minus before the sign: "$-35,450" (a ladder's pay step down) read oddly.
    return f"−${-value:,.0f}" if round(value) < 0 else f"${value:,.0f}"


def ci_said(ci: Iterable[float | None]) -> str:
    """A shown median interval on a page, by the rule the CLI's table and the report follow
    (``stats.median_ci_said``): its ends as ``money`` writes them, apart by a dash a line
    may break after.

    Example:
    >>> ci_said([150000.0, None]), ci_said([None, None])
    (Markup('$150,000 –<wbr> not shown'), 'suppressed (min/max)')
    """
    return median_ci_said(list(ci), money, Markup(" –<wbr> "))


def percent(value: float) -> str:
    """A signed change in percent, its minus the typographic one ``money`` writes (a step
    down read "−$35,450 (-16.6%)", two different minus signs on one line).

    Example:
        >>> percent(-16.6), percent(17.5), percent(0.0)
        ('−16.6%', '+17.5%', '+0%')
    """
    return f"−{-value:g}%" if value < 0 else f"+{value:g}%"


def published(version: str) -> str:
    """A data version as a reader knows it: when it was published (UTC), else its name.

    Example:
        >>> published("paygrade.published-1796218405464209345.duckdb"), published("none")
        ('2026-12-02 13:33 UTC', 'none')
    """
    when = published_at(version)
    return version if when is None else f"{when:%Y-%m-%d %H:%M} UTC"


def money_in(value: Any, currency: str = "USD") -> str:
    """An offer's amount in its currency: dollars as ``money``, any other with its code; in
    whole units rounded half up, as the offer's cents are and ``paygrade offer`` shows them
    (``formats.half_up``: 15,000.50 was shown 15,000); a year's parts go through
    ``whole_year`` first, so that they add up to its total.

    Example:
    >>> money_in(85000.0, "EUR"), money_in(85000.0, "USD"), money_in(None, "EUR")
    ('85,000 EUR', '$85,000', '')
    >>> money_in(15000.5), money_in(84998.5, "EUR")
    ('$15,001', '84,999 EUR')
    """
    if value is None:
        return ""
    whole = half_up(value)
    return money(whole) if currency == "USD" else f"{whole:,.0f} {currency}"


# Characters of a visitor's text (a search, a title typed) a page's <title> keeps: a tab
# shows some 30, and a search may be 200 long.
TITLE_ROOM = 40


def title_cut(value: Any, room: int = TITLE_ROOM) -> str:
    """A visitor's text as a page's title says it: its spaces made one, and past ``room``
    characters cut, "…" in place of the rest.

    Example:
        >>> title_cut("  intel "), title_cut("google " * 20)
        ('intel', 'google google google google google goog…')
    """
    text = " ".join(str(value).split())
    return text if len(text) <= room else text[: room - 1] + "…"


def asked(pairs: Mapping[str, Any]) -> str:
    """A page's question as its title says it, as /records does: "name: value" of each
    value given (none, blank and "" left out), "; " between them, each cut short; a role
    or level as read, as the answer reads it ("Staff Engineer" had titled an answer for
    staff).

    Example:
        >>> asked({"role": "ml_engineer", "company": "", "level": None, "years": "6"})
        'role: ml_engineer; years: 6'
        >>> asked({"role": "DS", "level": "Staff Engineer", "remote": "hybrid"})
        'role: data_scientist; level: staff; remote: hybrid'
    """
    given = [(name, value) for name, value in pairs.items() if str(value or "").strip()]
    said = [(name, chosen(v, name) if name in TYPED_FIELDS else v) for name, v in given]
    return "; ".join(f"{name}: {title_cut(value)}" for name, value in said)


def count(value: Any) -> str:
    """Example:
    >>> count(5181), count(87350.0), count(None)
    ('5,181', '87,350', '')
    """
    if value is None:
        return ""
    return f"{value:,.0f}" if isinstance(value, float) else f"{value:,}"


def data_sources() -> list[dict[str, Any]]:
    """Every registered source whose figures a page can show, with its licence: what the
    footer names. Only the user's own imports (``evidence == "import"``) are left out; a
    source with no file to mirror is still one (BLS OEWS by metro comes in a package).

    Example:
        >>> next(s for s in data_sources() if s["name"] == "aijobs")["licence"]
        'CC0 1.0'
        >>> next(s for s in data_sources() if s["name"] == "oews")["licence"]
        'US government work (public domain); package MIT'
    """
    urls = licence_urls()
    return [
        {"name": s.name, "description": s.description, "licence": s.licence,
         "licence_url": urls.get(s.licence)}
        for s in REGISTRY.values()
        if getattr(s, "evidence", None) != "import"
    ]  # fmt: skip


@cache
def templates() -> Jinja2Templates:
    """The page templates, built once (they hold no per-request state).

    Example:
        >>> templates().env.filters["money"](150000)
        '$150,000'
    """
    found = Jinja2Templates(directory=HERE / "templates")
    # Read once: a template edited (an upgrade in place) under a running server was loaded
    # beside the old code, every page using a new filter a 500 until a restart.
    found.env.auto_reload = False
    found.env.filters.update(
        money=money,
        ci_said=ci_said,  # a median interval's cell: its ends, "not shown" or "suppressed"
        money_in=money_in,
        percent=percent,
        town=town,
        count=count,
        counted=counted,
        # "2 flagged records (each an implausible figure or ...)", as the CLI says it.
        flagged=flagged_said,
        percentile_said=percentile_said,  # "pays more than 82% of the 120 peers counted ..."
        range_said=range_said,  # a market filter's range: "2024", not "2024-2024"
        years=years_span,
        published=published,
        read_as=read_as,
        whole_year=whole_year,  # a year's parts in whole units that add up to its total
        options_line=options_line,  # a grant of options, as the CLI says it under its table
        sentence=sentence,
        share=share_said,  # a share above 0 that rounds to 0.0% is "under 0.1%"
        chosen=chosen,
        # A median interval of a group counting submitted salaries is withheld, not "—"
        # (too few records), as the report and local prices say it.
        withheld=interval_withheld,
        title_cut=title_cut,  # a visitor's text in a page's <title>
        asked=asked,  # a page's question in its <title>: "role: ml_engineer; level: senior"
        left_out_said=left_out_said,  # what local prices left out, as the CLI says it
    )
    found.env.globals.update(
        nav=NAV, data_sources=data_sources(), said=subject_value, years_said=span_said,
        columns_said=COLUMNS_SAID,  # a stats column's meaning: headings' hover text, the key
        ci_suppressed=CI_SUPPRESSED,  # a median interval at the min and max, as all say it
        suppressed=SUPPRESSED,  # a group of too few records, as its chart and the CLI say it
        flagged_means=FLAGGED_MEANS,  # what a flag is (either kind), for a form's option
        caveats=caveat_words(),  # the caveats' words, the report's too (holdings.CAVEATS)
    )  # fmt: skip
    found.env.trim_blocks = found.env.lstrip_blocks = True
    found.env.finalize = shown  # read as each template is compiled: none is yet
    return found


def left_out_said(left: dict[str, Any] | None) -> list[str]:
    """What pricing at local prices left out, in the CLI's words (``prices.left_out_notes``):
    nothing of a reason that left out no record.

    Example:
        >>> left_out_said({"no_metro": 0, "no_price_parity": {}, "priced_at_latest_year": 0})
        []
    """
    from paygrade.prices import left_out_notes  # its sources load only for local prices

    return left_out_notes(left)


def chosen(value: Any, field: str) -> str:
    """The option a select shows for a value sent: its canonical spelling where the field's
    vocabulary reads it (``level=SE`` is senior), else the value as sent (the template adds
    it as an option), so that the form sent again asks what was answered or refused, never
    a blank in its place.

    Example:
        >>> chosen("SE", "level"), chosen("ML Engineer", "role"), chosen("seniorr", "level")
        ('senior', 'ml_engineer', 'seniorr')
        >>> chosen("hybrid", "remote"), chosen("Googel", "company"), chosen(None, "level")
        ('50', 'Googel', '')
        >>> chosen("Staff Engineer", "level"), chosen("SWE", "role")
        ('staff', 'software_engineer')
    """
    text = "" if value is None else str(value)
    if field not in aliases():
        return text
    canonical, _ = canonical_value(field, text)
    return canonical or typed_value(field, text) or text  # "Sr. Staff": principal chosen


def sentence(text: str) -> str:
    """A message as a sentence on a page: its first letter a capital, unless its first word
    is a field's name ("Company_size 'huge' is not one of ...").

    Example:
        >>> sentence("no record matches"), sentence("company_size 'huge' is not one of ...")
        ('No record matches', "company_size 'huge' is not one of ...")
    """
    first = text.split(" ", 1)[0]
    return text if "_" in first else text[:1].upper() + text[1:]


# C0 control characters but tab and line breaks, and DEL: none is text a page may hold.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def shown(value: Any) -> Any:
    r"""A value as a page writes it: a control character (a NUL typed into a search) as
    the replacement character, which is what a browser shows of it; the raw byte in the
    page's HTML is a parse error (``/companies?q=%00`` had written it twice).

    Example:
        >>> shown("a\x00b") == "a\ufffdb", shown(Markup("<b>\x07</b>")) == "<b>\ufffd</b>"
        (True, True)
        >>> type(shown(Markup("\x07"))).__name__, shown(5)
        ('Markup', 5)
    """
    if isinstance(value, str) and _CONTROL.search(value):
        replaced = _CONTROL.sub("\ufffd", value)
        return Markup(replaced) if isinstance(value, Markup) else replaced
    return value


def wants_json(request: Request) -> bool:
    """Whether an answer goes to a program: ``?format=json`` or a machine path.

    Example:
        >>> def asked(path: str, query: bytes = b"") -> Request:
        ...     return Request({"type": "http", "path": path, "query_string": query,
        ...                     "headers": []})
        >>> wants_json(asked("/explore")), wants_json(asked("/explore", b"format=json"))
        (False, True)
        >>> wants_json(asked("/api/v1/stats"))
        True
    """
    path = request.url.path
    return request.query_params.get("format") == "json" or path.startswith(JSON_PREFIXES)


def respond(
    request: Request,
    template: str,
    data: dict[str, Any],
    status_code: int = 200,
    **context: Any,
) -> Response:
    """``data`` as JSON (``?format=json``) or rendered through ``template``.

    ``context`` holds what only the HTML needs and is no data (a form's CSRF token).

    Example:
        >>> respond(request, "home.html", home_page(current, cache))  # doctest: +SKIP
    """
    unread, read = unread_parameters(request)
    if wants_json(request):
        if unread:  # in the object too: a program reading the body alone missed the header
            data = {**data, "ignored": {"parameters": unread, "said": _unread_said(unread, read)}}
        # Written a slice at a time: Explore's every company by metro is 9 MB.
        body = json_bytes(data, page_json)
        answer = Response(body, status_code=status_code, media_type="application/json")
        if unread:
            answer.headers["X-Paygrade-Warning"] = header_text(_unread_said(unread, read))
        return answer
    if unread:
        context["unread"] = _unread_said(unread, read)
    # A form sent back with its errors is titled so: a screen reader says the title first,
    # and the refused page had read as the page answered (WCAG 3.3.1, technique G199).
    context.setdefault("refused", status_code >= 400 and template != "error.html")
    return templates().TemplateResponse(
        request, template, {"data": data, **context}, status_code=status_code
    )


def header_text(text: str) -> str:
    r"""Text for a response header, which is ASCII without control characters: other
    letters escaped (a name the user wrote in them made the answer a 500), and a line
    break or NUL too (a parameter named "x\\n" dropped the connection, the server's log a
    traceback).

    Example:
        >>> header_text("no record has company '中'")
        "no record has company '\\u4e2d'"
        >>> header_text("reads no 'x\n\x00'")
        "reads no 'x\\x0a\\x00'"
    """
    ascii_text = text.encode("ascii", "backslashreplace").decode("ascii")
    return CONTROL.sub(lambda found: f"\\x{ord(found[0]):02x}", ascii_text)


CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # a header holds none


def warn(response: Response, warnings: Iterable[str]) -> None:
    """Each warning as an ``X-Paygrade-Warning`` header of its own, as the stats API, its
    CSV and its chart send them: a warning holds "; " and ", " itself ("no record has
    company 'Gogle'; did you mean Google?"), so no separator joining them could be split.

    Example:
        >>> answer = Response()
        >>> warn(answer, ["left out: 6 records", "no 'x'; did you mean y?"])
        >>> answer.headers.getlist("X-Paygrade-Warning")
        ['left out: 6 records', "no 'x'; did you mean y?"]
    """
    for warning in warnings:
        response.headers.append("X-Paygrade-Warning", header_text(warning))


def unread_parameters(request: Request) -> tuple[list[str], list[str]]:
    """The query parameters of a page's address its route does not read (a typo such as
    ``whre=``, an option of another page), and those it reads. The JSON API refuses them
    (``deps.documented_parameters``); a page answers without them, and says so: links
    and bookmarks carry parameters of their own, but none is dropped without a word.
    """
    dependant = getattr(request.scope.get("route"), "dependant", None)
    if dependant is None:
        return [], []
    read = [*dict.fromkeys(_query_names(dependant))]
    taken = {*read, "format"}  # every page answers ?format=json
    # A route may read more than it declares (Explore's sent form: its fields, by name).
    if also := getattr(getattr(request.scope.get("route"), "endpoint", None), "reads_also", None):
        taken |= set(also(request.query_params))
    asked = [n for n in dict.fromkeys(request.query_params) if not _tags_a_visit(n)]
    return [n for n in asked if n not in taken], read


# Parameters no one types: analytics tags (utm_source, ...) and the click ids ad and social
# sites add to a link they pass on, for whoever counts visits, never for the page.
VISIT_TAGS = re.compile(r"utm_.*|fbclid|gclid|dclid|msclkid")


def _tags_a_visit(name: str) -> bool:
    """Example:
    >>> [_tags_a_visit(n) for n in ("utm_source", "fbclid", "gclid", "years", "xgclid")]
    [True, True, True, False, False]
    """
    return VISIT_TAGS.fullmatch(name) is not None


def _query_names(dependant: Any) -> list[str]:
    """The query parameters a route reads, its dependencies' included."""
    names = [getattr(p, "alias", None) or p.name for p in dependant.query_params]
    for dependency in dependant.dependencies:
        names += _query_names(dependency)
    return names


def _unread_said(unread: list[str], read: list[str]) -> str:
    """Example:
    >>> print(_unread_said(["whre"], ["by", "where"]))
    This page does not read 'whre', so the answer is without it (did you mean where?); \
it reads by, where.
    >>> print(_unread_said(["q", ""], []))
    This page does not read 'q', '', so the answer is without them; it reads no parameter.
    """
    them = "it" if len(unread) == 1 else "them"
    named = ", ".join(f"'{name}'" for name in unread)
    meant = [found for name in unread if (found := nearest_read(name, read))]
    hint = f" (did you mean {' or '.join(dict.fromkeys(meant))}?)" if meant else ""
    reads = f"it reads {', '.join(read)}" if read else "it reads no parameter"
    return f"This page does not read {named}, so the answer is without {them}{hint}; {reads}."


# One field the pages name apart: a link carried from /offers or /ladder (``years``) to
# /estimate (``years_experience``), or back, had lost it. Spelt too far apart for difflib
# (and /estimate's ``year``, the pay year, is spelt nearer ``years``).
SAME_FIELD = {"years": "years_experience", "years_experience": "years", "search": "q"}


def nearest_read(name: str, read: list[str]) -> str | None:
    """The parameter of ``read`` a page's unread ``name`` most likely meant: another page's
    name of the same field, else the one spelt nearest; None for none close.

    Example:
        >>> nearest_read("years", ["role", "years_experience", "year"])
        'years_experience'
        >>> nearest_read("years_experience", ["role", "years"]), nearest_read("yrs", ["years"])
        ('years', 'years')
        >>> nearest_read("foo", ["role", "years"]) is None
        True
    """
    if (same := SAME_FIELD.get(name)) in read:
        return same
    close = difflib.get_close_matches(name, read, n=1)
    return close[0] if close else None


def error_response(
    request: Request,
    status_code: int,
    message: str,
    suggestions: list[dict[str, str]] | None = None,
    *,
    title: str | None = None,
) -> Response:
    """An error as ``{"detail": message}`` for programs, an error page for people (each of
    ``suggestions``, ``{"label", "url"}``, a link where the message says "did you mean").
    ``title``: a page title of its own, for a fault that is the server's to mend (no model
    yet), where the page does not advise changing the question.

    Example:
        >>> error_response(request, 404, "No such company.").status_code  # doctest: +SKIP
        404
    """
    if wants_json(request):
        return JSONResponse({"detail": message}, status_code=status_code)
    data = {
        "status": status_code,
        "title": title or _error_title(status_code),
        "detail": message,
        "servers_fault": title is not None,
    }
    data["suggested"] = suggested(message, suggestions or [])
    return respond(request, "error.html", data, status_code)


def suggested(message: str, suggestions: list[dict[str, str]]) -> dict[str, Any] | None:
    """The message around its "did you mean ...?", for a page to link each suggestion in
    it; None when it has none.

    Example:
        >>> found = suggested("no company 'Gogle'; did you mean Google? (a note)",
        ...                   [{"label": "Google", "url": "/companies/Google"}])
        >>> found["before"], found["after"]
        ("no company 'Gogle'", ' (a note)')
    """
    before, mean, rest = message.partition("; did you mean ")
    if not mean or not suggestions:
        return None
    return {"before": before, "after": rest.partition("?")[2], "suggestions": suggestions}


def _error_title(status_code: int) -> str:
    return {
        403: "Forbidden",
        404: "Not found",
        422: "That question cannot be answered",
        429: "Too many requests",
        503: "The data is not available",
        507: "Not saved",
    }.get(status_code, "Something went wrong")
